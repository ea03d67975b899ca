import { statSync, type Stats } from 'node:fs';
import { resolve } from 'node:path';
import type { ArrayElements } from './json-split.js';

/**
 * Where each resource of a large estate file starts, remembered from reading it (see
 * estate-json.ts) so that locating findings later reads and walks only the resources that have
 * findings, not the whole file again. Kept for the last few files read; an entry is used only if
 * the file still has the size and modification time it had when read.
 */
export interface ElementIndex {
  arrays: ArrayElements[];
  size: number;
  mtimeMs: number;
}

const REMEMBERED = 32;
const indexes = new Map<string, ElementIndex>();

export function rememberElements(file: string, stats: Pick<Stats, 'size' | 'mtimeMs'>, arrays: ArrayElements[]): void {
  const key = resolve(file);
  indexes.delete(key);
  if (arrays.length === 0) return;
  indexes.set(key, { arrays, size: stats.size, mtimeMs: stats.mtimeMs });
  if (indexes.size > REMEMBERED) indexes.delete(indexes.keys().next().value!);
}

export function forgetElements(file: string): void {
  indexes.delete(resolve(file));
}

/** The index of `file`, if it was read and has not changed since. */
export function elementsOf(file: string): ElementIndex | undefined {
  const index = indexes.get(resolve(file));
  if (!index) return undefined;
  let stats: Stats;
  try {
    stats = statSync(file);
  } catch {
    return undefined;
  }
  return stats.size === index.size && stats.mtimeMs === index.mtimeMs ? index : undefined;
}
