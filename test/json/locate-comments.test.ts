import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { JsonPath } from '../../src/estate.js';
import { readIndexedJson } from '../../src/json/indexed-json.js';
import { locateJsonPaths } from '../../src/json/json-offsets.js';
import { FileLocator } from '../../src/json/locate.js';
import { useTempDir } from '../helpers/temp.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const region = (text: string, path: JsonPath) => {
  const { snippet, ...rest } = new FileLocator(text).region(path);
  return { ...rest, snippet };
};

describe('locating values in a template with comments', () => {
  it('finds properties after line comments, whole-line and trailing', () => {
    const text = ['{', '  // the first', '  "a": 1, // trailing, with a comma', '  // "b": "commented out",', '  "b": {"c": 2}', '}'].join('\n');
    expect(region(text, ['a'])).toEqual({ startLine: 3, startColumn: 3, endLine: 3, endColumn: 9, path: ['a'], snippet: '"a": 1' });
    expect(region(text, ['b', 'c'])).toEqual({ startLine: 5, startColumn: 9, endLine: 5, endColumn: 15, path: ['b', 'c'], snippet: '"c": 2' });
  });

  it('finds properties after block comments, on one line and over several, before keys, colons and values', () => {
    const text = '{ /* one */ "a" /* x */ : /* y */ 1 /* z */, /* multi\nline\r\n  comment */ "b": {"c": /**/ true/***/}}';
    expect(region(text, ['a'])).toMatchObject({ startLine: 1, startColumn: 13, endLine: 1, endColumn: 36, path: ['a'] });
    expect(region(text, ['b'])).toMatchObject({ startLine: 3, startColumn: 14, path: ['b'], snippet: '"b": {"c": /**/ true/***/}' });
    expect(region(text, ['b', 'c'])).toMatchObject({ startLine: 3, startColumn: 20, endLine: 3, endColumn: 34, path: ['b', 'c'], snippet: '"c": /**/ true' });
  });

  it('counts elements of an array with comments between them', () => {
    const text = ['[', '  1, // first', '  /* second: */ {"x": 2},', '  // third, "quoted", [bracketed]', '  3 /* last */', ']'].join('\n');
    expect(region(text, [1, 'x'])).toMatchObject({ startLine: 3, startColumn: 18, path: [1, 'x'], snippet: '"x": 2' });
    expect(region(text, [2])).toMatchObject({ startLine: 5, startColumn: 3, endLine: 5, endColumn: 4, path: [2], snippet: '3' });
  });

  it('is not misled by a comment holding quotes and braces, before a key or inside a value it skips', () => {
    const text = ['{', '  // say "hi { and [', '  "k": 1,', '  "skipped": {"a": [1, /* ] } " */ 2], // }"', '    "b": 3},', '  /* "{" */ "m": 4', '}'].join('\n');
    expect(region(text, ['k'])).toMatchObject({ startLine: 3, startColumn: 3, path: ['k'], snippet: '"k": 1' });
    expect(region(text, ['m'])).toMatchObject({ startLine: 6, startColumn: 13, path: ['m'], snippet: '"m": 4' });
    expect(region(text, ['skipped', 'b'])).toMatchObject({ startLine: 5, startColumn: 5, path: ['skipped', 'b'] });
  });

  it('reads comment markers inside strings as string content', () => {
    const text = '{"url": "https://example.com/*x", "/*": "//", "k": "*/", "last": 1}';
    expect(region(text, ['/*'])).toMatchObject({ startLine: 1, startColumn: 35, path: ['/*'], snippet: '"/*": "//"' });
    expect(region(text, ['k'])).toMatchObject({ startLine: 1, startColumn: 47, path: ['k'], snippet: '"k": "*/"' });
    expect(region(text, ['last'])).toMatchObject({ startLine: 1, startColumn: 58, path: ['last'], snippet: '"last": 1' });
  });

  it('counts columns in UTF-16 code units across comments holding non-ASCII text', () => {
    const text = '{ /* ünï — 😀 */ "k": 1, // ü\n  /* 😀\n 😀 */ "m": "é" }';
    expect(region(text, ['k'])).toMatchObject({ startLine: 1, startColumn: 18, endLine: 1, endColumn: 24, path: ['k'] });
    expect(region(text, ['m'])).toMatchObject({ startLine: 3, startColumn: 8, endLine: 3, endColumn: 16, path: ['m'] });
  });

  it('ends a number or a literal where a comment starts, with no space between', () => {
    const text = '{"a": 12// twelve\n, "b": true/* yes */, "c": 3}';
    expect(region(text, ['a'])).toMatchObject({ startLine: 1, startColumn: 2, endLine: 1, endColumn: 9, snippet: '"a": 12' });
    expect(region(text, ['b'])).toMatchObject({ startLine: 2, startColumn: 3, endLine: 2, endColumn: 12, snippet: '"b": true' });
    expect(region(text, ['c'])).toMatchObject({ startLine: 2, startColumn: 23, path: ['c'] });
  });

  it('degrades on an unterminated block comment or a lone slash, as on other malformed text: no throw, no endless loop', () => {
    const cases = ['{"a": 1, /* never closed\n "b": 2}', '{"a": {"b": [1, /* open', '{"a": /', '{"a": 1 / "b": 2}', '[1, / 2]', '/* only', '//', '{"a": {"x": 1 /'];
    for (const text of cases) {
      const spans = locateJsonPaths(Buffer.from(text), [['a'], ['b'], ['a', 'b', 1], [1]]);
      for (const span of spans) {
        expect(span.end.offset).toBeLessThanOrEqual(text.length);
        expect(span.start.offset).toBeLessThanOrEqual(span.end.offset);
      }
    }
    expect(region('{"a": 1, /* never closed\n "b": 2}', ['b'])).toMatchObject({ path: [], startLine: 1, startColumn: 1, endLine: 2, endColumn: 9 });
    expect(region('{"a": 1, /* never closed\n "b": 2}', ['a'])).toMatchObject({ path: ['a'], snippet: '"a": 1' });
  });

  it('places a property of the real cluster-stamp.json template on its line, past its comments', () => {
    const file = 'test/fixtures/templates/aks-baseline-cluster-stamp/cluster-stamp.json';
    const text = readFileSync(file, 'utf8');
    const resources = (parseTree(text)!.children!.find((property) => property.children![0].value === 'resources')!.children![1]).children!;
    const vault = resources.findIndex((resource) => findNodeAtLocation(resource, ['type'])?.value === 'Microsoft.KeyVault/vaults');
    // Line 185: `"accessPolicies": [], // Azure RBAC is used instead`; line 192: `"bypass": "AzureServices", // Required for AppGW communication`.
    expect(new FileLocator(text).region(['resources', vault, 'properties', 'sku', 'name'])).toMatchObject({ startLine: 188, startColumn: 21, snippet: '"name": "standard"' });
    expect(new FileLocator(text).region(['resources', vault, 'properties', 'networkAcls', 'defaultAction'])).toMatchObject({ startLine: 193, startColumn: 21, snippet: '"defaultAction": "Deny"' });
    expect(new FileLocator(text).region(['resources', vault, 'properties', 'enableRbacAuthorization'])).toMatchObject({ startLine: 197, startColumn: 17 });
  });

  it('gives the same region as jsonc-parser for every value of every fixture template with comments', () => {
    const files = [
      'aks-baseline-cluster-stamp/cluster-stamp.json',
      'carml-managed-cluster/parameters.json',
      'carml-managed-cluster/deploy.json',
      'carml-role-assignments/deploy.json',
      'carml-vmss/windows.parameters.json',
      'carml-vmss/deploy.json',
    ];
    for (const name of files) {
      const text = readFileSync(`test/fixtures/templates/${name}`, 'utf8');
      const root = parseTree(text, [], { disallowComments: false })!;
      const paths = pathsOf(root);
      const regions = new FileLocator(text).regions(paths);
      paths.forEach((path, i) => expect({ name, ...startAndEnd(regions[i]) }).toEqual({ name, ...reference(text, root, path) }));
    }
  });

  it('gives the same region as jsonc-parser for any value printed with comments anywhere whitespace may be', () => {
    const comment = fc.oneof(
      fc.constant(''),
      fc.constant(' '),
      fc.string({ unit: 'binary' }).map((body) => `/*${body.replace(/\*\//g, '')}*/`),
      fc.string({ unit: 'binary' }).map((body) => `//${body.replace(/[\r\n]/g, '')}\n`),
      fc.constantFrom('\n// "{[\n', '/* } ] " */', '/*\n*/', '/**/', '//\r\n'),
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' }) as fc.Arbitrary<Json>, fc.array(comment, { minLength: 1, maxLength: 20 }), (value, comments) => {
        let next = 0;
        const gap = () => comments[next++ % comments.length];
        const text = gap() + printWith(value, gap) + gap();
        const root = parseTree(text, [], { disallowComments: false })!;
        const paths = pathsOf(root);
        const regions = new FileLocator(text).regions(paths);
        paths.forEach((path, i) => expect(startAndEnd(regions[i])).toEqual(reference(text, root, path)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('a strict JSON file read in parts', () => {
  const tmp = useTempDir('aiscan-json-comments-');

  it('is still refused with a comment between the elements of its array: comments are for templates only', () => {
    const file = tmp.write('estate.json', '{"resources": [\n  {"id": "/a"}, // no\n  {"id": "/b"}\n]}');
    expect(() => readIndexedJson(file, 'an estate file', new Set(['resources']))).toThrow(/2:17: invalid JSON/);
  });
});

/** JSON as JSON.stringify prints it, with `gap()` between every two tokens. */
function printWith(value: Json, gap: () => string): string {
  if (Array.isArray(value)) return `[${gap()}${value.map((entry) => printWith(entry, gap) + gap()).join(`,${gap()}`)}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([key, entry]) => `${JSON.stringify(key)}${gap()}:${gap()}${printWith(entry, gap)}${gap()}`);
    return `{${gap()}${members.join(`,${gap()}`)}}`;
  }
  return JSON.stringify(value);
}

/** Every path to a value in a parse tree (the last of a repeated key only, as JSON.parse keeps). */
function pathsOf(node: Node, prefix: JsonPath = [], into: JsonPath[] = []): JsonPath[] {
  into.push(prefix);
  if (node.type === 'array') node.children!.forEach((entry, index) => pathsOf(entry, [...prefix, index], into));
  if (node.type === 'object') {
    const seen = new Set<string>();
    for (const property of [...node.children!].reverse()) {
      const key = property.children![0].value as string;
      if (seen.has(key)) continue;
      seen.add(key);
      pathsOf(property.children![1], [...prefix, key], into);
    }
  }
  return into;
}

function startAndEnd({ startLine, startColumn, endLine, endColumn, path }: ReturnType<FileLocator['region']>) {
  return { startLine, startColumn, endLine, endColumn, path };
}

/** jsonc-parser's node at `path`, widened to its property, as a region; lines counted at LF, columns in UTF-16 code units. */
function reference(text: string, root: Node, path: JsonPath) {
  const found = path.length === 0 ? root : findLast(root, path);
  const node = found.parent?.type === 'property' ? found.parent : found;
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const start = position(node.offset);
  const end = position(node.offset + node.length);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, path };
}

/** findNodeAtLocation takes a repeated key's first value; JSON.parse, and the locator, its last. */
function findLast(root: Node, path: JsonPath): Node {
  let node = root;
  for (const segment of path) {
    if (typeof segment === 'number') node = node.children![segment];
    else node = node.children!.filter((property) => property.children![0].value === segment).pop()!.children![1];
  }
  return node;
}
