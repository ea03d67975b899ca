import { describe, expect, it } from '@jest/globals';
import { pythonLiteralAsJson } from '../../src/json/python-literal.js';

/**
 * Each `az` value below is what azure-cli made of the text (its comment regex, jsmin 3.0.1, then
 * json.loads or ast.literal_eval, then json.dumps as it sends parameters), recorded with CPython
 * 3.11.7; the test does not run Python.
 */
function read(text: string): unknown {
  const reading = pythonLiteralAsJson(text);
  if (!('json' in reading)) throw new Error(`not read: ${reading.error}`);
  return JSON.parse(reading.json);
}

describe('pythonLiteralAsJson: what az reads, read to the same values', () => {
  it.each<[string, string, unknown]>([
    ['single-quoted keys and strings, trailing commas', `{"a": 'b', 'c': [1, 2,],}`, { a: 'b', c: [1, 2] }],
    ['True, False and None', "{'t': True, 'f': False, 'n': None}", { t: true, f: false, n: null }],
    ['tuples as arrays, parentheses around one value', "{'tuple': (1, 2), 'empty': (), 'one': (1,), 'grouped': (3), 'key': 1}", { tuple: [1, 2], empty: [], one: [1], grouped: 3, key: 1 }],
    [
      "Python's escapes, an unknown one keeping its backslash",
      "{'s': 'it\\'s \\\"q\\\" \\x41 \\u00e9 \\U0001F600 \\101 \\0 \\a\\b\\f\\n\\r\\t\\v \\d \\8'}",
      { s: 'it\'s "q" A é 😀 A \u0000 \u0007\b\f\n\r\t\u000b \\d \\8' },
    ],
    [
      'integers and floats as Python writes them',
      '[0, 00, 1_000, 0x1F, 0X_ff, 0o17, 0b101, 1.5, .5, 5., 1e3, 1E-2, 07.5, -1, + 2, -0x10, -0, 123456789012345678901]',
      [0, 0, 1000, 31, 255, 15, 5, 1.5, 0.5, 5, 1000, 0.01, 7.5, -1, 2, -16, 0, 123456789012345678901],
    ],
    ['// and /* */ comments, which az strips', "// c\n{'a': /* x */ 1} // end\n", { a: 1 }],
    ['strings written next to each other, joined', "{'k': ('abc'\n 'def'), 'm': 'x' u\"y\", 'n': 'p' /* c */ 'q'}", { k: 'abcdef', m: 'xy', n: 'pq' }],
    ['a trailing comma after the whole value: a tuple', "{'a': 1},", [{ a: 1 }]],
    ['a control character between tokens, which jsmin reads as a space', "{'a':\u0001 1}", { a: 1 }],
    ['a key given twice: the last value', "{'a': 1, 'a': 2}", { a: 2 }],
    ['non-ASCII text and a raw tab inside a string', "{'é': 'ü\tx'}", { é: 'ü\tx' }],
  ])('%s', (_what, text, az) => {
    expect(read(text)).toEqual(az);
  });

  it('writes the JSON with every line where it was, so that lines found in it are the file’s', () => {
    const text = "{\n  # no\n}".replace('# no', "'a': [1,\n        2],  // two\n  'b': True");
    const reading = pythonLiteralAsJson(text);
    if (!('json' in reading)) throw new Error(reading.error);
    const lines = reading.json.split('\n');
    expect(lines).toHaveLength(text.split('\n').length);
    expect(lines[1]).toMatch(/^\s*"a": \[1,$/);
    expect(lines[2].trim()).toBe('2],');
    expect(lines[3].trim()).toBe('"b": true');
  });

  it('reads 200 nested lists, as CPython does', () => {
    expect(JSON.stringify(read(`${'['.repeat(200)}${']'.repeat(200)}`))).toBe(`${'['.repeat(200)}${']'.repeat(200)}`);
  });

  it('keeps a __proto__ key as data, as JSON.parse does', () => {
    const value = read("{'__proto__': {'polluted': True}}") as Record<string, unknown>;
    expect(Object.getOwnPropertyNames(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe('pythonLiteralAsJson: refused, so that the caller stops rather than guess', () => {
  it.each<[string, string]>([
    ['a # comment: jsmin reads its text as code', "{'a': 1}  # c"],
    ['a raw string', "{'a': r'x'}"],
    ['a byte string', "{'a': b'x'}"],
    ['a triple-quoted string', "{'a': '''x'''}"],
    ['a set', '{1, 2}'],
    ['a key that is not a string (az writes 1 as "1")', "{1: 'a'}"],
    ['a complex number', "{'a': 1j}"],
    ['a float too large for JSON (az sends Infinity)', "{'a': 1e400}"],
    ['a \\N{…} escape', "{'a': '\\N{BULLET}'}"],
    ['the escape \\/, which Python keeps and ARM reads as /', "{'a': '\\/'}"],
    ['a line continuation inside a string', "{'a': 'x\\\ny'}"],
    ['white space jsmin removes inside a number: 1 .5 is 1.5 to az', "{'a': 1 .5}"],
    ['1e -5 is 1e-05 to az', "{'a': 1e -5}"],
    ['. 5 is 0.5 to az', "{'a': . 5}"],
    ['a sign before parentheses', "{'a': -(1)}"],
    ['201 nested lists (CPython 3.11 stops there; others may not)', `${'['.repeat(201)}${']'.repeat(201)}`],
  ])('%s', (_what, text) => {
    const reading = pythonLiteralAsJson(text);
    expect(reading).toMatchObject({ refused: true });
  });
});

describe('pythonLiteralAsJson with hashComments, to tell what a file is', () => {
  it('reads # comments to the end of the line, as Python does, where az would not be followed', () => {
    const text = "# generated\n{'a': 1,  # the first\n 'b': 2}";
    expect(pythonLiteralAsJson(text)).toMatchObject({ refused: true, offset: 0 });
    const reading = pythonLiteralAsJson(text, { hashComments: true });
    expect('json' in reading && JSON.parse(reading.json)).toEqual({ a: 1, b: 2 });
  });
});

describe('pythonLiteralAsJson: what Python cannot read either, a syntax error with where', () => {
  it.each<[string, string, number]>([
    ['JSON literals, which are names to Python', "{'a': true}", 6],
    ['a missing comma', "{'a': 1 'b': 2}", 8],
    ['a line break inside a string', "{'a': 'x\ny'}", 8],
    ['leading zeros in an integer', "{'a': 07}", 6],
    ['** inside a dict', "{'a': 1, **{'b': 2}}", 9],
    ['mismatched brackets', "{'a': [1, 2}", 11],
    ['a sign on True', "{'a': -True}", 7],
    ['two values', "{'a': 1}{'b': 2}", 8],
    ['0x without digits', "{'a': 0x}", 6],
    ['an unclosed comment', "{'a': 1 /* open", 8],
    ['nothing', '', 0],
  ])('%s', (_what, text, offset) => {
    expect(pythonLiteralAsJson(text)).toMatchObject({ refused: false, offset });
  });
});
