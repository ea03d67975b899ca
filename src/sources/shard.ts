import { createHash } from 'node:crypto';
import type { ShardHeader } from '../estate.js';
import { UserError } from '../errors.js';

/** Shard `index` (1 to `count`) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** More shards than any runner farm would start, and small enough that `1/N` is read exactly. */
export const MAX_SHARDS = 10_000;

/** Why `index` of `count` is not a shard, or undefined. */
export function shardProblem(index: number, count: number): string | undefined {
  if (!Number.isInteger(count) || count < 1 || count > MAX_SHARDS) return `the number of shards must be a whole number from 1 to ${MAX_SHARDS}, got ${count}`;
  if (!Number.isInteger(index) || index < 1 || index > count) return `shard ${index} of ${count} does not exist: shards are numbered 1 to ${count}`;
  return undefined;
}

/** `--shard K/N`, with K from 1 to N; anything else is a one-line error naming the flag. */
export function parseShard(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(text);
  if (!match) throw new UserError(`${flag}: ${JSON.stringify(text)} is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)`);
  const shard = { index: Number(match[1]), count: Number(match[2]) };
  const problem = shardProblem(shard.index, shard.count);
  if (problem) throw new UserError(`${flag} ${text}: ${problem}`);
  return shard;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

/**
 * The shard (1 to `count`) a subscription belongs to: the first 8 bytes of the SHA-256 of its
 * lower-cased id, as an unsigned big-endian integer, modulo `count`, plus 1. It depends on the id
 * alone, so a subscription stays in its shard whatever else is in scope, on every runner.
 */
export function shardOf(subscriptionId: string, count: number): number {
  return Number(digest(subscriptionId.toLowerCase()).readBigUInt64BE(0) % BigInt(count)) + 1;
}

/** Names the scope by its subscriptions (not by the flags that chose them): ids lower-cased, each once, sorted, one a line, hashed. */
export function scopeFingerprint(subscriptionIds: readonly string[]): string {
  const ids = [...new Set(subscriptionIds.map((id) => id.toLowerCase()))].sort();
  return `sha256:${digest(ids.join('\n')).toString('hex')}`;
}

/** The subscriptions of the resolved scope that are this shard's (in the scope's order), and the header its snapshot carries. */
export function selectShard(shard: Shard, subscriptionIds: readonly string[]): { subscriptionIds: string[]; header: ShardHeader } {
  return {
    subscriptionIds: subscriptionIds.filter((id) => shardOf(id, shard.count) === shard.index),
    header: { index: shard.index, count: shard.count, scope: scopeFingerprint(subscriptionIds), scopeSubscriptions: subscriptionIds.length },
  };
}
