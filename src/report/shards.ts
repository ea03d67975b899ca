import type { Notification } from 'sarif';
import { withoutEmbeddedLinks } from '../engine/message.js';
import type { ShardSet } from '../estate.js';
import { nameShards, shortFingerprint } from '../text/shards.js';

/** How many of 1..N are here, each at least once. */
export const shardsPresent = (shards: ShardSet) => shards.present.length;

/** For the verdict: what is wrong with the shard set, in a few words naming the shards. */
export function shardVerdict(shards: ShardSet): string | undefined {
  if (shards.complete) return undefined;
  const parts: string[] = [];
  if (shards.missing.length > 0) parts.push(`missing ${nameShards(shards.missing, shards.count)}`);
  if (shards.duplicated.length > 0) parts.push(`${nameShards(shards.duplicated.map((entry) => entry.index), shards.count)} given more than once`);
  if (shards.foreign.length > 0) parts.push(`${shards.foreign.length} snapshot(s) of another sharded collection`);
  return parts.join(', ');
}

/** One line every report shows when sharded snapshots were scanned: whether the set is whole, and if not, exactly why. */
export function shardSummary(shards: ShardSet): string {
  const subscriptions = shards.scopeSubscriptions !== undefined ? `${shards.scopeSubscriptions} subscription(s) in scope, ` : '';
  const of = `${subscriptions}scope ${shortFingerprint(shards.scope)}`;
  if (shards.complete) return `all ${shards.count} shard(s) present (${of})`;
  const unread = shards.missing.length > 0 ? '; the subscriptions of a missing shard were not read, and no finding, pass or gap is reported for them' : '';
  return `INCOMPLETE: ${shardsPresent(shards)} of ${shards.count} shard(s) present (${of}): ${shards.problem}${unread}`;
}

export interface ShardRow {
  shard: string;
  files: string[];
  state: 'present' | 'missing' | 'duplicated' | 'foreign';
}

/**
 * One row per shard 1..N, then the snapshots of other collections, for the tables of the Markdown
 * and HTML reports; at most `max`, the rows that make the set incomplete first when they must be cut.
 */
export function shardRows(shards: ShardSet, max: number): { rows: ShardRow[]; more: number } {
  const files = new Map(shards.present.map(({ index, file }) => [index, [file]]));
  for (const { index, files: all } of shards.duplicated) files.set(index, all);
  const rows: ShardRow[] = Array.from({ length: shards.count }, (_, i) => {
    const held = files.get(i + 1) ?? [];
    return { shard: `${i + 1}/${shards.count}`, files: held, state: held.length === 0 ? 'missing' : held.length > 1 ? 'duplicated' : 'present' };
  });
  for (const { file, shard } of shards.foreign) rows.push({ shard: `${shard.index}/${shard.count} of ${shortFingerprint(shard.scope)}`, files: [file], state: 'foreign' });
  if (rows.length <= max) return { rows, more: 0 };
  const ordered = [...rows.filter((row) => row.state !== 'present'), ...rows.filter((row) => row.state === 'present')];
  return { rows: ordered.slice(0, max), more: rows.length - max };
}

/** SARIF's place for a coverage gap: an incomplete shard set is one, for every subscription of the shards not scanned. */
export function shardNotifications(shards: ShardSet | undefined): Notification[] {
  if (!shards || shards.complete) return [];
  return [
    {
      level: 'error',
      message: { text: withoutEmbeddedLinks(`Sharded collection ${shardSummary(shards)}.`) },
      descriptor: { id: 'AIS-SHARDS-INCOMPLETE' },
      properties: { count: shards.count, scope: shards.scope, missing: shards.missing, duplicated: shards.duplicated, foreign: shards.foreign.map(({ file, shard }) => ({ file, ...shard })) },
    },
  ];
}
