import { statSync, type Stats } from 'node:fs';
import type { ArrayElements } from './json-split.js';

/**
 * Where each element of a file's large arrays starts and ends, recorded while reading it in parts
 * (see indexed-json.ts), so that locating values later reads and walks only the elements asked
 * about, not the whole file again. It describes the file as it was read: its size and
 * modification time then say which version that was.
 */
export interface ElementIndex {
  arrays: ArrayElements[];
  size: number;
  mtimeMs: number;
}

/** `index`, if `file` still has the size and modification time it had when read; undefined when it changed since, or is gone. */
export function currentIndex(file: string, index: ElementIndex | undefined): ElementIndex | undefined {
  if (!index) return undefined;
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  return stats.size === index.size && stats.mtimeMs === index.mtimeMs ? index : undefined;
}
