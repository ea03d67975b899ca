import { getHeapStatistics } from 'node:v8';
import { collectIfLarge, setCliV8Flags } from '../src/heap.js';

/**
 * The CLI collects garbage itself once a large scan lets its estate go (src/heap.ts), so that the
 * reports' garbage does not pile on top of it.
 */
describe('collecting a large heap when its data has just become garbage', () => {
  const MB = 2 ** 20;
  const usedMb = () => getHeapStatistics().used_heap_size / MB;
  /** About `mb` megabytes of data, kept by the caller. */
  const makeData = (mb: number): string[][] =>
    Array.from({ length: mb }, (_, i) => Array.from({ length: 4096 }, (_, n) => `${i}:${n}:${'x'.repeat(200)}`));

  it('collects a heap above the size given once the CLI flags are set, and leaves a smaller one alone', () => {
    setCliV8Flags();
    collectIfLarge(0);
    const start = usedMb();
    let data: string[][] | undefined = makeData(64);
    // While the data is still referenced, a full collection moves it to the old generation. Once
    // dropped, only another full collection frees it: V8 may scavenge the young generation on
    // its own at any time, but starts a full one only after more allocation than follows here.
    collectIfLarge(0);
    const full = usedMb();
    expect(data).toHaveLength(64);
    expect(full).toBeGreaterThan(start + 48);
    data = undefined;
    collectIfLarge((full + 256) * MB); // above what the heap holds: nothing collected
    expect(usedMb()).toBeGreaterThan(start + 48);
    collectIfLarge((start + 16) * MB);
    expect(usedMb()).toBeLessThan(start + 16);
  });
});
