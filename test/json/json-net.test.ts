import { describe, expect, it } from '@jest/globals';
import { jsonNetAsJson } from '../../src/json/json-net.js';

/**
 * Each value below is what Newtonsoft.Json 13.0 made of the text as Azure PowerShell reads a
 * template (JsonTextReader, JsonSerializer with DateParseHandling.None, deserialized to a JObject
 * and written out), recorded outside this repository; the test does not run .NET.
 */
function read(text: string): unknown {
  const reading = jsonNetAsJson(text);
  if (!('json' in reading)) throw new Error(`not read: ${reading.error}`);
  return JSON.parse(reading.json);
}

describe('jsonNetAsJson: what Azure PowerShell reads, read to the same values', () => {
  it.each<[string, string, unknown]>([
    ['names without quotes, single quotes, comments and trailing commas', "{a: 'b', $c_1: [1, 2,], /* x */ 'd': {e: null,},}", { a: 'b', $c_1: [1, 2], d: { e: null } }],
    [
      'hexadecimal, octal, and numbers JSON does not write',
      '{"n": [0, 00, 017, 0x1F, 0X1f, -01, .5, 5., 1.e5, 1e3, 1E-2, -0, 0x7FFFFFFFFFFFFFFF]}',
      { n: [0, 0, 15, 31, 31, -1, 0.5, 5, 100000, 1000, 0.01, 0, 9223372036854775807] },
    ],
    ['escapes, \\\' and \\/ among them', `{"s": 'it\\'s \\"q\\" \\/ \\u00e9 \\uD83D\\uDE00 \\b\\f\\n\\r\\t'}`, { s: 'it\'s "q" / é 😀 \b\f\n\r\t' }],
    ['NUL and Unicode white space between tokens', '\u0000{\u00a0"a"\u3000:\u2028 1\u000b}', { a: 1 }],
    ['a raw line break, tab and NUL inside a string', '{"a": "x\ny\tz\u0000"}', { a: 'x\ny\tz\u0000' }],
    ['what follows the object, which is not read', '{"a": 1} <<<<<<< HEAD\n{', { a: 1 }],
    ['a text that ends after a value: the objects and arrays still open are closed', '{"a": {"b": [1, 2', { a: { b: [1, 2] } }],
    ['a name given twice: the last value', '{a: 1, a: 2}', { a: 2 }],
    ['a byte order mark and comments before the object', '\ufeff// c\n/* x */{"a": 1}', { a: 1 }],
  ])('%s', (_what, text, value) => {
    expect(read(text)).toEqual(value);
  });

  it('reads integers beyond 64 bits whole, as JSON.NET does (a BigInteger)', () => {
    const reading = jsonNetAsJson('{"a": 123456789012345678901234567890}');
    expect(reading).toEqual({ json: '{"a": 123456789012345678901234567890}' });
  });

  it('writes the JSON with every line where it was, so that lines found in it are the file’s', () => {
    const text = "{\n  a: [1, // one\n     2],\n  'b': 'x\ny',\n  c: true\n} trailing\ntext";
    const reading = jsonNetAsJson(text);
    if (!('json' in reading)) throw new Error(reading.error);
    const lines = reading.json.split('\n');
    expect(lines).toHaveLength(text.split('\n').length);
    expect(lines[1]).toMatch(/^\s*"a": \[1,\s*$/);
    expect(lines[2].trim()).toBe('2],');
    // A string over two lines is written on its first; the line break after it keeps the next line in place.
    expect(lines[3].trim()).toBe('"b": "x\\ny"');
    expect(lines[5].trim()).toBe('"c": true');
    expect(lines[6].trim()).toBe('}');
    expect(lines[7].trim()).toBe('');
  });
});

describe('jsonNetAsJson: what JSON.NET reads but gives no JSON for is refused', () => {
  it.each<[string, string, string]>([
    ['NaN', '{"a": NaN}', 'NaN, which JSON.NET writes to ARM as a string'],
    ['-Infinity', '{"a": -Infinity}', '-Infinity, which JSON.NET writes to ARM as a string'],
    ['undefined', '{"a": undefined}', 'undefined'],
    ['an empty array item (undefined)', '{"a": [1,,2]}', 'an empty value (a comma where a value should be), which JSON.NET reads as undefined'],
    ['a constructor (read as a date)', '{"a": new Date(1)}', 'a constructor (new …), which JSON.NET reads as a date or an object of its own'],
    ['a hexadecimal integer beyond 63 bits (read as -1)', '{"a": 0xFFFFFFFFFFFFFFFF}', 'the integer 0xFFFFFFFFFFFFFFFF, beyond 63 bits, which JSON.NET wraps round to a negative number'],
    ['a float too large (written as "Infinity")', '{"a": 1e400}', 'the number 1e400, too large for JSON (JSON.NET writes it as the string Infinity)'],
    ['half a surrogate pair (replaced by U+FFFD)', '{"a": "\\uD800"}', 'a \\u escape of half a surrogate pair, which JSON.NET replaces'],
    [
      'a // comment holding */ inside an array (sent to ARM as /* */, where it ends early)',
      '{"a": [1, // */ 2\n]}',
      'a // comment holding */ inside an array, which Azure PowerShell sends to ARM as a /* */ comment that ends early',
    ],
  ])('%s', (_what, text, error) => {
    expect(jsonNetAsJson(text)).toMatchObject({ refused: true, error });
  });

  it('gives null for each refused value where lenient, to tell what a file is', () => {
    const reading = jsonNetAsJson("{$schema: 'x', a: NaN, b: [1,,2]}", { lenient: true });
    if (!('json' in reading)) throw new Error(reading.error);
    expect(JSON.parse(reading.json)).toEqual({ $schema: 'x', a: null, b: [1, null, 2] });
  });
});

describe('jsonNetAsJson: what JSON.NET cannot read is a syntax error', () => {
  it.each<[string, string]>([
    ['1_000', '{"a": 1_000}'],
    ['True', '{"a": True}'],
    ['08 (no octal digit)', '{"a": 08}'],
    ['-0x10', '{"a": -0x10}'],
    ['the escape \\x', '{"a": "\\x41"}'],
    ['a comment between a name and its colon', '{"a" /* c */: 1}'],
    ['an array at the top (a template is an object)', '[1]'],
    ['the end after a comma', '{"a": 1,'],
    ['the end after {', '{'],
    ['a comment that is not closed', '{"a": 1 /* x'],
    ['truex', '{"a": truex}'],
    ['a.b without quotes', '{a.b: 1}'],
    ['65 nested arrays (JSON.NET reads 64)', `{"a": ${'['.repeat(64)}${']'.repeat(64)}}`],
    ['NaN before a syntax error: no deployment either', '{"a": NaN, "b" 1}'],
  ])('%s', (_what, text) => {
    expect(jsonNetAsJson(text)).toMatchObject({ refused: false });
  });

  it('reads 64 nested arrays, as JSON.NET does', () => {
    expect('json' in jsonNetAsJson(`{"a": ${'['.repeat(63)}${']'.repeat(63)}}`)).toBe(true);
  });
});
