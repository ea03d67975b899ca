import type { ShardHeader, ShardSet } from '../estate.js';
import { nameShards, shortFingerprint } from '../text/shards.js';

type ShardFile = { file: string; shard: ShardHeader };

const collectionOf = (shard: ShardHeader) => `${shard.count}|${shard.scope}`;

/**
 * Judges the sharded snapshots of one scan as one collection. When they come from several (another
 * scope fingerprint or another N), the one most of them belong to is judged and the others are
 * named as foreign: either way the set is incomplete, since no collection is known to be whole.
 */
export function judgeShards(files: readonly ShardFile[]): ShardSet | undefined {
  if (files.length === 0) return undefined;
  const collections = new Map<string, ShardFile[]>();
  for (const entry of files) {
    const key = collectionOf(entry.shard);
    if (!collections.has(key)) collections.set(key, []);
    collections.get(key)!.push(entry);
  }
  // Ties go to the collection named first: the order of --snapshot decides, never chance.
  const judged = [...collections.values()].reduce((best, next) => (new Set(next.map((e) => e.shard.index)).size > new Set(best.map((e) => e.shard.index)).size ? next : best));
  const { count, scope } = judged[0].shard;
  const byIndex = new Map<number, string[]>();
  for (const { file, shard } of judged) byIndex.set(shard.index, [...(byIndex.get(shard.index) ?? []), file]);
  const present = [...byIndex.entries()].sort(([a], [b]) => a - b).map(([index, [file]]) => ({ index, file }));
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !byIndex.has(index));
  const duplicated = present.filter(({ index }) => byIndex.get(index)!.length > 1).map(({ index }) => ({ index, files: byIndex.get(index)! }));
  const foreign = files.filter((entry) => collectionOf(entry.shard) !== collectionOf(judged[0].shard));
  const scopeSubscriptions = judged.find((entry) => entry.shard.scopeSubscriptions !== undefined)?.shard.scopeSubscriptions;
  const problem = describeProblem(count, scope, missing, duplicated, foreign);
  return {
    count,
    scope,
    ...(scopeSubscriptions !== undefined ? { scopeSubscriptions } : {}),
    present,
    missing,
    duplicated,
    foreign,
    complete: problem === undefined,
    ...(problem !== undefined ? { problem } : {}),
  };
}

function describeProblem(count: number, scope: string, missing: readonly number[], duplicated: ShardSet['duplicated'], foreign: readonly ShardFile[]): string | undefined {
  const parts: string[] = [];
  if (missing.length > 0) parts.push(`missing ${nameShards(missing, count)}`);
  for (const { index, files } of duplicated) parts.push(`${nameShards([index], count)} is in ${files.length} snapshots (${files.join(', ')}): give each shard once`);
  for (const { file, shard } of foreign) {
    const other = shard.count !== count ? `${shard.count} shards, not ${count}` : `scope ${shortFingerprint(shard.scope)}, not ${shortFingerprint(scope)}`;
    parts.push(`${file} is ${nameShards([shard.index], shard.count)} of another collection (${other}): scan the shards of one collection together`);
  }
  return parts.length > 0 ? parts.join('; ') : undefined;
}
