import { createHash } from 'node:crypto';
import { parseShard, scopeFingerprint, selectShard, shardOf } from '../../src/sources/shard.js';
import { judgeShards } from '../../src/sources/shard-set.js';
import type { ShardHeader } from '../../src/estate.js';

/** 10,000 subscription ids, as random as Azure's (v4 GUIDs), from a fixed seed so that the test is the same every run. */
function generatedIds(n: number): string[] {
  let state = 0x2545f491;
  const next = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0), state);
  const hex = (width: number) => Array.from({ length: width }, () => (next() >>> 28).toString(16)).join('');
  return Array.from({ length: n }, () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`);
}

const ids = generatedIds(10_000);

describe('which shard a subscription is in', () => {
  it('is the first 8 bytes of the SHA-256 of the lower-cased id, modulo N, plus 1: as docs/live-scans.md says, so it can be checked by hand', () => {
    for (const id of ids.slice(0, 50)) {
      const expected = Number(createHash('sha256').update(id.toLowerCase()).digest().readBigUInt64BE(0) % 7n) + 1;
      expect(shardOf(id, 7)).toBe(expected);
    }
    // Pinned, so that a change of the hash (which would move every subscription between the shards of a running audit) fails here.
    expect([1, 2, 3, 4].map((n) => shardOf('3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26', n))).toEqual([1, 2, 2, 4]);
  });

  it('depends on the id alone: its case, and what else is in scope, change nothing', () => {
    const [id] = ids;
    expect(shardOf(id.toUpperCase(), 4)).toBe(shardOf(id, 4));
    const k = shardOf(id, 4);
    for (const scope of [ids.slice(0, 10), ids.slice(0, 1000), [...ids.slice(5000, 5100), id]]) {
      expect(selectShard({ index: k, count: 4 }, scope).subscriptionIds).toContain(id);
    }
  });

  // χ² with N − 1 degrees of freedom that a fair split exceeds once in 1,000 runs.
  it.each([
    [2, 10.83],
    [4, 16.27],
    [7, 22.46],
    [16, 37.7],
  ])('puts every one of 10,000 subscriptions in exactly one of %i shards, as evenly as chance would (χ² below %d), each within 15%% of an equal share', (count, critical) => {
    const shards = Array.from({ length: count }, (_, i) => selectShard({ index: i + 1, count }, ids).subscriptionIds);
    expect(shards.flat().sort()).toEqual([...ids].sort());
    const share = ids.length / count;
    expect(shards.reduce((sum, shard) => sum + (shard.length - share) ** 2 / share, 0)).toBeLessThan(critical);
    for (const shard of shards) expect(Math.abs(shard.length - share)).toBeLessThan(share * 0.15);
  });

  it('keeps the order of the scope within a shard', () => {
    const { subscriptionIds } = selectShard({ index: 2, count: 3 }, ids.slice(0, 100));
    expect(subscriptionIds).toEqual(ids.slice(0, 100).filter((id) => subscriptionIds.includes(id)));
  });
});

describe('the scope fingerprint every shard records', () => {
  it('is the same whatever the order, case and repeats of the ids, and differs when a subscription is added', () => {
    const scope = ids.slice(0, 20);
    expect(scopeFingerprint(scope)).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(scopeFingerprint([...scope].reverse().map((id) => id.toUpperCase()))).toBe(scopeFingerprint(scope));
    expect(scopeFingerprint([...scope, scope[3]])).toBe(scopeFingerprint(scope));
    expect(scopeFingerprint(ids.slice(0, 21))).not.toBe(scopeFingerprint(scope));
  });

  it('is in the header of each shard, with N, K and the size of the whole scope', () => {
    const scope = ids.slice(0, 20);
    const { header } = selectShard({ index: 3, count: 4 }, scope);
    expect(header).toEqual({ index: 3, count: 4, scope: scopeFingerprint(scope), scopeSubscriptions: 20 });
  });
});

describe('--shard K/N', () => {
  it.each([
    ['1/4', { index: 1, count: 4 }],
    ['4/4', { index: 4, count: 4 }],
    ['1/1', { index: 1, count: 1 }],
    [' 2 / 3 ', { index: 2, count: 3 }],
  ])('%j is shard K of N, counted from 1', (text, shard) => {
    expect(parseShard(text)).toEqual(shard);
  });

  it.each([
    ['0/4', '--shard 0/4: shard 0 of 4 does not exist: shards are numbered 1 to 4'],
    ['5/4', '--shard 5/4: shard 5 of 4 does not exist: shards are numbered 1 to 4'],
    ['1/0', '--shard 1/0: the number of shards must be a whole number from 1 to 10000, got 0'],
    ['1/20000', '--shard 1/20000: the number of shards must be a whole number from 1 to 10000, got 20000'],
    ['a/b', '--shard: "a/b" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
    ['', '--shard: "" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
    ['2', '--shard: "2" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
    ['-1/4', '--shard: "-1/4" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
    ['1.5/4', '--shard: "1.5/4" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
  ])('%j is refused in one line that says what K/N is', (text, message) => {
    expect(() => parseShard(text)).toThrow(message);
  });
});

describe('whether sharded snapshots make up a whole collection', () => {
  const scope = scopeFingerprint(ids.slice(0, 30));
  const other = scopeFingerprint(ids.slice(0, 31));
  const shard = (index: number, count = 3, fingerprint = scope): ShardHeader => ({ index, count, scope: fingerprint, scopeSubscriptions: 30 });
  const files = (...entries: [string, ShardHeader][]) => entries.map(([file, header]) => ({ file, shard: header }));

  it('says nothing when no snapshot is a shard', () => {
    expect(judgeShards([])).toBeUndefined();
  });

  it('is complete with shards 1 to N of one scope, each once, in any order', () => {
    expect(judgeShards(files(['c.json', shard(3)], ['a.json', shard(1)], ['b.json', shard(2)]))).toEqual({
      count: 3,
      scope,
      scopeSubscriptions: 30,
      present: [
        { index: 1, file: 'a.json' },
        { index: 2, file: 'b.json' },
        { index: 3, file: 'c.json' },
      ],
      missing: [],
      duplicated: [],
      foreign: [],
      complete: true,
    });
  });

  it('names the missing shards', () => {
    expect(judgeShards(files(['a.json', shard(1)], ['c.json', shard(3)]))).toMatchObject({ complete: false, missing: [2], problem: 'missing shard 2/3' });
    expect(judgeShards(files(['b.json', shard(2, 4)]))).toMatchObject({ complete: false, missing: [1, 3, 4], problem: 'missing shards 1/4, 3/4 and 4/4' });
  });

  it('refuses a shard given twice, even as the same content', () => {
    const set = judgeShards(files(['a.json', shard(1)], ['a-again.json', shard(1)], ['b.json', shard(2)], ['c.json', shard(3)]));
    expect(set).toMatchObject({ complete: false, missing: [], duplicated: [{ index: 1, files: ['a.json', 'a-again.json'] }] });
    expect(set!.problem).toBe('shard 1/3 is in 2 snapshots (a.json, a-again.json): give each shard once');
  });

  it('never takes shards of another scope or another N for the missing ones, and judges the collection most of them belong to', () => {
    const otherScope = judgeShards(files(['a.json', shard(1)], ['b.json', shard(2, 3, other)], ['c.json', shard(3)]));
    expect(otherScope).toMatchObject({ complete: false, scope, missing: [2], foreign: [{ file: 'b.json' }] });
    expect(otherScope!.problem).toBe(
      `missing shard 2/3; b.json is shard 2/3 of another collection (scope ${other.slice(0, 19)}…, not ${scope.slice(0, 19)}…): scan the shards of one collection together`,
    );
    const otherCount = judgeShards(files(['x.json', shard(1, 2)], ['a.json', shard(1)], ['b.json', shard(2)], ['c.json', shard(3)]));
    expect(otherCount).toMatchObject({ complete: false, count: 3, missing: [], foreign: [{ file: 'x.json', shard: shard(1, 2) }] });
    expect(otherCount!.problem).toBe('x.json is shard 1/2 of another collection (2 shards, not 3): scan the shards of one collection together');
  });
});
