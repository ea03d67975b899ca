import { getHeapStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * How the CLI's heap is run. A scan holds the whole estate in memory, and its peak memory is what
 * the heap holds when V8 next collects: V8 collects when the heap has grown by a set share of what
 * survived the last full collection.
 *
 * - Set before anything large is allocated (bin/aiscan.ts) and, in the bundled CLI, before its code
 *   is compiled (support/bundle/cli-launcher.ts): V8 accepts a code cache only under the flags it
 *   was made with.
 * - By default V8 lets the heap grow to up to four times what survived, so a large estate's garbage
 *   could almost double the peak. Growing by at most 40% keeps the peak near the live data. On the
 *   bench's 100,000-resource estate (about 360 MB live at the end of the evaluation), peak RSS is
 *   500 to 515 MB at 40% (ten runs); 25% saved 35 MB for 8% more CPU time, and 60 or 100% added
 *   50 to 80 MB for no time that showed above the noise (`/usr/bin/time`, runs interleaved). When
 *   420 MB were live (facts objects held as dictionaries), 40% gave 540 to 710 MB from run to run.
 * - `gc` is exposed for collectIfLarge, not to the CLI's code.
 */
export function setCliV8Flags(): void {
  setFlagsFromString('--heap-growing-percent=40');
  setFlagsFromString('--expose-gc');
}

/** Below this, a collection is not worth its time: a small scan's garbage is small. */
const LARGE_HEAP_BYTES = 256 * 1024 * 1024;

/**
 * Collects now when the heap holds more than `largeBytes`: for the moment a large structure has
 * just become garbage.
 * When the estate is let go after a scan of 100,000 resources, V8 would otherwise let the reports'
 * garbage (their text alone is 170 MB) pile on top of it, up to the limit it set while the estate
 * was alive. Does nothing where `gc` is not exposed (setCliV8Flags was not called).
 */
export function collectIfLarge(largeBytes = LARGE_HEAP_BYTES): void {
  if (getHeapStatistics().used_heap_size < largeBytes) return;
  const gc = runInNewContext('typeof gc === "function" ? gc : undefined') as (() => void) | undefined;
  gc?.();
}
