import fc from 'fast-check';
import { jsonChunks, mapEach, streamedArray } from '../../src/report/json-stream.js';

const text = (value: unknown) => [...jsonChunks(value)].join('');
const stringified = (value: unknown) => (JSON.stringify(value, null, 2) as string | undefined) ?? '';

/** Any value JSON.stringify takes, with what it leaves out or turns into null: undefined, functions, NaN, line breaks and lone surrogates in strings and keys. */
const { value: anyValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(null, true, false, undefined, () => 1, Number.NaN, -0, 1e21),
    fc.double(),
    fc.string({ unit: 'binary' }),
    fc.constantFrom('line\nbreak', '\u2028', 'a\u00e9\u2026\u2212', '\ud83d\ude00', '\ud800', '"quoted"\\'),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string({ unit: 'binary', maxLength: 4 }), fc.constantFrom('__proto__', '0', '10', 'key\n')), tie('value'), { maxKeys: 5 }),
  ),
}));

/**
 * The same value with some of its arrays (each picked by the next boolean) made streamed arrays:
 * their items are then produced one by one and written whole.
 */
function streamSome(value: unknown, picks: boolean[]): unknown {
  let next = 0;
  const pick = () => picks.length > 0 && picks[next++ % picks.length];
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return pick() ? streamedArray(mapEach(node, (item) => item)) : node.map(walk);
    if (typeof node === 'object' && node !== null) return Object.fromEntries(Object.keys(node).map((key) => [key, walk((node as Record<string, unknown>)[key])]));
    return node;
  };
  return walk(value);
}

describe('JSON written as chunks', () => {
  it('is, for any value and any of its arrays streamed, the text JSON.stringify(value, null, 2) gives', () => {
    fc.assert(
      fc.property(anyValue, fc.array(fc.boolean(), { maxLength: 8 }), (value, picks) => {
        expect(text(streamSome(value, picks))).toBe(stringified(value));
      }),
      { numRuns: 500 },
    );
  });

  it('writes empty streamed arrays and objects as JSON.stringify does, and leaves out or nulls what it leaves out or nulls', () => {
    const cases: [unknown, unknown][] = [
      [streamedArray([]), []],
      [{ a: streamedArray([]), b: {} }, { a: [], b: {} }],
      [{ skipped: undefined, f: () => 1, list: streamedArray([undefined, () => 1, Number.NaN]), after: undefined }, { skipped: undefined, f: () => 1, list: [undefined, () => 1, Number.NaN], after: undefined }],
      [[1, [{ deep: streamedArray([{ x: [1, { y: 'z\nw' }] }, []]) }], 'end'], [1, [{ deep: [{ x: [1, { y: 'z\nw' }] }, []] }], 'end']],
      [{ when: new Date(0), list: streamedArray([new Date(1)]) }, { when: new Date(0), list: [new Date(1)] }],
    ];
    for (const [streamed, plain] of cases) expect(text(streamed)).toBe(stringified(plain));
  });

  it('makes the items of a streamed array as the chunks reach them, a batch at a time', () => {
    const made: number[] = [];
    const items = Array.from({ length: 1000 }, (_, n) => n);
    const chunks = jsonChunks({ head: 'h', items: streamedArray(mapEach(items, (n) => (made.push(n), { n }))) });
    let count = 0;
    for (const chunk of chunks) {
      count++;
      if (chunk.includes('"n": 0')) expect(made.length).toBeLessThanOrEqual(256);
    }
    expect(made).toEqual(items);
    expect(count).toBeGreaterThan(4);
  });

  it.each([0, 1, 255, 256, 257, 513])('writes a streamed array of %d items at any depth as JSON.stringify does', (length) => {
    const items = Array.from({ length }, (_, n) => (n % 7 === 0 ? undefined : { n, text: `line\n${n}`, list: [n, [n]] }));
    for (let depth = 0; depth < 6; depth++) {
      let streamed: unknown = streamedArray(items);
      let plain: unknown = items;
      for (let level = 0; level < depth; level++) {
        streamed = level % 2 ? [streamed] : { key: streamed };
        plain = level % 2 ? [plain] : { key: plain };
      }
      expect(text(streamed)).toBe(stringified(plain));
    }
  });
});
