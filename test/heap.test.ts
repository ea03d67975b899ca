import { getHeapStatistics } from 'node:v8';
import { collectIfLarge, setCliV8Flags } from '../src/heap.js';

/**
 * The CLI collects garbage itself once a large scan lets its estate go (src/heap.ts), so that the
 * reports' garbage does not pile on top of it.
 */
describe('collecting a large heap when its data has just become garbage', () => {
  const usedMb = () => getHeapStatistics().used_heap_size / 2 ** 20;
  /** Garbage of about `mb` megabytes, made and dropped. */
  function makeGarbage(mb: number): void {
    let junk: string[][] | undefined = [];
    for (let i = 0; i < mb; i++) junk.push(Array.from({ length: 4096 }, (_, n) => `${i}:${n}:${'x'.repeat(200)}`));
    junk = undefined;
  }

  it('collects a heap above the size given once the CLI flags are set, and leaves a smaller one alone', () => {
    setCliV8Flags();
    const start = usedMb();
    makeGarbage(64);
    const full = usedMb();
    expect(full).toBeGreaterThan(start + 48);
    collectIfLarge((full + 256) * 2 ** 20); // above what the heap holds: nothing collected
    expect(usedMb()).toBeGreaterThan(start + 48);
    collectIfLarge((start + 16) * 2 ** 20);
    expect(usedMb()).toBeLessThan(start + 16);
  });
});
