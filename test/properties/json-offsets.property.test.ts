import fc from 'fast-check';
import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import type { JsonPath } from '../../src/estate.js';
import { readIndexedJson } from '../../src/json/indexed-json.js';
import { FileLocator, locateInFile } from '../../src/json/locate.js';
import { useTempDir } from '../helpers/temp.js';

/** The arrays estate files keep their resources in (see sources/estate-file.ts). */
const RESOURCE_ARRAYS = new Set(['resources', 'value', 'data']);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path into a value: its own, and each property's and element's, and each of those extended by a name that is not there. */
function pathsOf(value: Json, prefix: JsonPath = [], into: JsonPath[] = []): JsonPath[] {
  into.push(prefix, [...prefix, 'missing-key']);
  if (Array.isArray(value)) value.forEach((entry, index) => pathsOf(entry, [...prefix, index], into));
  else if (value !== null && typeof value === 'object') for (const [key, entry] of Object.entries(value)) pathsOf(entry, [...prefix, key], into);
  return into;
}

/** The old way, as the reference: jsonc-parser's tree, then the nearest enclosing node, widened to its property. */
function reference(text: string, path: JsonPath) {
  const root = parseTree(text, [], { disallowComments: true })!;
  let found: Node | undefined;
  let foundPath = [...path];
  for (;;) {
    found = findNodeAtLocation(root, foundPath);
    if (found || foundPath.length === 0) break;
    foundPath = foundPath.slice(0, -1);
  }
  const node = found!.parent?.type === 'property' ? found!.parent : found!;
  const position = (offset: number) => {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
  };
  const start = position(node.offset);
  const end = position(node.offset + node.length);
  return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, path: foundPath };
}

const layout = fc.constantFrom<(value: unknown) => string>(
  (value) => JSON.stringify(value),
  (value) => JSON.stringify(value, null, 2),
  (value) => JSON.stringify(value, null, '\t'),
  (value) => JSON.stringify(value, null, 1).replace(/\n/g, '\r\n'),
);
const anyJson = fc.jsonValue({ maxDepth: 5, stringUnit: 'binary' }) as fc.Arbitrary<Json>;

describe('locating a JSON path in a file (one forward pass over the bytes)', () => {
  it('gives the same region as a full parse tree for every path, present or missing, in any layout and any Unicode', () => {
    fc.assert(
      fc.property(anyJson, layout, (value, print) => {
        const text = print(value);
        const paths = pathsOf(value);
        const regions = new FileLocator(text).regions(paths);
        paths.forEach((path, i) => {
          const { snippet, ...region } = regions[i];
          expect(region).toEqual(reference(text, path));
          expect(typeof snippet).toBe('string');
        });
      }),
      { numRuns: 150 },
    );
  });

  it('points at the last of two duplicate keys, the one JSON.parse keeps', () => {
    const text = '{\n  "a": { "b": 1 },\n  "a": { "c": 2 }\n}';
    const locator = new FileLocator(text);
    expect(locator.region(['a', 'b'])).toMatchObject({ startLine: 3, path: ['a'] });
    expect(locator.region(['a', 'c'])).toMatchObject({ startLine: 3, startColumn: 10, path: ['a', 'c'] });
  });

  it('skips 100,000 levels of nesting without overflowing the stack', () => {
    const depth = 100_000;
    const text = `{"deep": ${'['.repeat(depth)}${']'.repeat(depth)}, "after": 1}`;
    expect(new FileLocator(text).region(['after'])).toMatchObject({ startLine: 1, startColumn: 2 * depth + 12, path: ['after'] });
  });
});

describe('reading an estate file in parts', () => {
  const tmp = useTempDir('aiscan-props-');
  let counter = 0;
  const shape = fc.constantFrom(
    (elements: Json[], _extra: Record<string, Json>) => elements as Json,
    (elements: Json[], extra: Record<string, Json>) => ({ ...extra, resources: elements }),
    (elements: Json[], extra: Record<string, Json>) => ({ value: elements, ...extra }),
    (elements: Json[], extra: Record<string, Json>) => ({ data: elements, ...extra, nextLink: null }),
  );
  const extras = fc.dictionary(fc.string(), anyJson, { maxKeys: 4 });

  // Files are read in windows; tiny windows put their edges everywhere: inside keys, strings, numbers, characters.
  const window = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(undefined));

  it('gives exactly what JSON.parse gives, with or without a byte-order mark, whatever the window', () => {
    fc.assert(
      fc.property(fc.array(anyJson, { maxLength: 12 }), extras, shape, layout, fc.boolean(), window, (elements, extra, build, print, bom, bytes) => {
        const text = print(build(elements, extra));
        const file = tmp.write(`doc-${counter++}.json`, (bom ? '\ufeff' : '') + text);
        const parsed = JSON.parse(text) as unknown;
        const read = readIndexedJson(file, 'an estate file', RESOURCE_ARRAYS, bytes);
        expect(read.value).toEqual(parsed);
        // ... and read in parts, not the ordinary way, whenever there are resources to split:
        const arrays = Array.isArray(parsed) ? [parsed] : [...RESOURCE_ARRAYS].map((key) => (parsed as Record<string, unknown>)[key]);
        if (arrays.some((array) => Array.isArray(array) && array.length > 0)) expect(read.index).toBeDefined();
      }),
      { numRuns: 300 },
    );
  });

  it('fails exactly when JSON.parse fails, for any cut of a document', () => {
    fc.assert(
      fc.property(fc.array(anyJson, { minLength: 1, maxLength: 6 }), shape, layout, fc.nat(), window, (elements, build, print, cut, bytes) => {
        const text = print(build(elements, {}));
        const truncated = text.slice(0, cut % text.length);
        const file = tmp.write(`cut-${counter++}.json`, truncated);
        let expected: unknown;
        try {
          expected = JSON.parse(truncated);
        } catch {
          expect(() => readIndexedJson(file, 'an estate file', RESOURCE_ARRAYS, bytes)).toThrow(/must be valid JSON/);
          return;
        }
        expect(readIndexedJson(file, 'an estate file', RESOURCE_ARRAYS, bytes).value).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('locates values from the element offsets recorded when reading exactly as a walk of the whole file does', () => {
    fc.assert(
      fc.property(fc.array(anyJson, { minLength: 1, maxLength: 8 }), shape, layout, window, (elements, build, print, bytes) => {
        const document = build(elements, { note: 'é ✓' });
        const text = print(document);
        const file = tmp.write(`located-${counter++}.json`, text);
        const recorded = readIndexedJson(file, 'an estate file', RESOURCE_ARRAYS, bytes).index;
        expect(recorded).toBeDefined();
        const prefix: JsonPath = Array.isArray(document) ? [] : [Object.keys(document as object).find((k) => ['resources', 'value', 'data'].includes(k))!];
        const paths = elements.flatMap((element, index) => pathsOf(element, [...prefix, index]));
        expect(locateInFile(file, paths, recorded)).toEqual(new FileLocator(text).regions(paths));
      }),
      { numRuns: 150 },
    );
  });
});

