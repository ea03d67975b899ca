import fc from 'fast-check';
import type { JsonPath } from '../../src/estate.js';
import { splitDocument, type SplitTargets } from '../../src/json/json-split.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** SARIF's layout: the results of each run. */
const RESULTS_OF_RUNS: SplitTargets = new Map([['runs', new Map([['results', true as const]])]]);

const anyJson = fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }) as fc.Arbitrary<Json>;
const extras = fc.dictionary(fc.string(), anyJson, { maxKeys: 3 });
/** A run: an object with or without results, its other members before and after them; or something else entirely. */
const run = fc.oneof(
  fc.tuple(extras, fc.array(anyJson, { maxLength: 5 }), extras).map(([before, results, after]) => ({ ...before, results, ...after }) as Json),
  extras.map((members) => members as Json),
  anyJson,
);
const document = fc.tuple(extras, fc.oneof(fc.array(run, { maxLength: 4 }), anyJson), extras).map(([before, runs, after]) => ({ ...before, runs, ...after }) as Json);
const layout = fc.constantFrom<(value: unknown) => string>(
  (value) => JSON.stringify(value),
  (value) => JSON.stringify(value, null, 2),
  (value) => JSON.stringify(value, null, 1).replace(/\n/g, '\r\n'),
);
// Tiny windows put their edges everywhere: inside keys, strings, numbers, characters.
const window = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(undefined));

const reader = (bytes: Buffer) => (into: Buffer, position: number) => bytes.copy(into, 0, position, Math.min(bytes.length, position + into.length));

/** The skeleton with each split array's elements put back at its path. */
function reassembled(skeleton: string, elements: ReadonlyMap<string, unknown[]>): unknown {
  const value = JSON.parse(skeleton) as Json;
  for (const [key, values] of elements) {
    const path = JSON.parse(key) as JsonPath;
    const holder = path.slice(0, -1).reduce<Json>((at, step) => (at as Record<string, Json>)[step], value) as Record<string, Json>;
    const array = holder[path[path.length - 1]] as Json[];
    expect(array).toEqual([]);
    array.push(...(values as Json[]));
  }
  return value;
}

describe('splitting arrays nested in the objects of a top-level array (SARIF runs[].results)', () => {
  it('gives back exactly what JSON.parse gives, kept or handed over one element at a time, whatever the window', () => {
    fc.assert(
      fc.property(document, layout, window, fc.boolean(), (value, print, windowBytes, bom) => {
        const text = print(value);
        const bytes = Buffer.from((bom ? '\ufeff' : '') + text);
        const parsed = JSON.parse(text) as unknown;

        const kept = splitDocument(reader(bytes), bytes.length, RESULTS_OF_RUNS, { windowBytes });
        expect(kept).toBeDefined();
        expect(reassembled(kept!.skeleton, new Map(kept!.arrays.map((array, index) => [JSON.stringify(array.path), kept!.values[index]])))).toEqual(parsed);

        const handedOver = new Map<string, unknown[]>();
        const streamed = splitDocument(reader(bytes), bytes.length, RESULTS_OF_RUNS, {
          windowBytes,
          onElement: (path, index, element) => {
            const elements = handedOver.get(JSON.stringify(path)) ?? [];
            expect(index).toBe(elements.length);
            handedOver.set(JSON.stringify(path), [...elements, element]);
          },
        });
        expect(streamed).toBeDefined();
        expect(streamed!.values.every((values) => values.length === 0)).toBe(true);
        for (const array of streamed!.arrays) if (!handedOver.has(JSON.stringify(array.path))) handedOver.set(JSON.stringify(array.path), []);
        expect(reassembled(streamed!.skeleton, handedOver)).toEqual(parsed);
        // Each run's results, and nothing else, were split.
        const runs = (parsed as { runs: unknown }).runs;
        const withResults = Array.isArray(runs) ? runs.flatMap((entry, index) => (Array.isArray((entry as { results?: unknown } | null)?.results) ? [['runs', index, 'results']] : [])) : [];
        expect(streamed!.arrays.map((array) => array.path)).toEqual(withResults);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the later of two arrays under one name, as JSON.parse does, and refuses to when the earlier one was handed over', () => {
    const text = '{"runs":[{"results":[1,2],"results":[3]}],"runs":[{"results":[4]}]}';
    const bytes = Buffer.from(text);
    const kept = splitDocument(reader(bytes), bytes.length, RESULTS_OF_RUNS, { windowBytes: 4 });
    expect(kept!.arrays.map((array) => array.path)).toEqual([['runs', 0, 'results']]);
    expect(kept!.values).toEqual([[4]]);
    expect(splitDocument(reader(bytes), bytes.length, RESULTS_OF_RUNS, { onElement: () => undefined })).toBeUndefined();
  });

  it('never gives a whole document for a cut one, whatever the window', () => {
    fc.assert(
      fc.property(document, layout, fc.nat(), window, (value, print, cut, windowBytes) => {
        const text = print(value);
        const bytes = Buffer.from(text.slice(0, cut % text.length));
        let valid = true;
        try {
          JSON.parse(bytes.toString());
        } catch {
          valid = false;
        }
        const split = splitDocument(reader(bytes), bytes.length, RESULTS_OF_RUNS, { windowBytes, onElement: () => undefined });
        // The caller parses the skeleton: what is not split there is in it.
        const skeletonParses = () => {
          try {
            JSON.parse(split!.skeleton);
            return true;
          } catch {
            return false;
          }
        };
        if (!valid) expect(split === undefined || !skeletonParses()).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
