import { SEVERITIES, type Severity } from '../../src/engine/rule.js';
import {
  byImportance,
  GITHUB_CODE_SCANNING,
  GITHUB_SARIF_LIMITS,
  isWritten,
  keepMostImportant,
  NO_SUBSCRIPTION,
  planRuns,
  type PlanItem,
  type PlannedRun,
  type Standing,
} from '../../src/report/sarif-github-plan.js';

const SUB_A = 'aaaaaaaa-0000-4000-8000-000000000001';
const SUB_B = 'bbbbbbbb-0000-4000-8000-000000000002';
const SUB_C = 'cccccccc-0000-4000-8000-000000000003';
const SUB_D = 'dddddddd-0000-4000-8000-000000000004';

let serial = 0;
function item(key: string, overrides: Partial<PlanItem> = {}): PlanItem {
  serial++;
  return { key, area: 'compute', ruleId: 'AIS-VM-001', severity: 'medium', standing: 'open', fingerprint: `f${String(serial).padStart(6, '0')}`, ...overrides };
}
const many = (n: number, key: string, overrides: Partial<PlanItem> = {}) => Array.from({ length: n }, () => item(key, overrides));
const summaryOf = (runs: PlannedRun[]) => runs.map((run) => ({ name: run.name, kept: run.kept.length, leftOut: run.leftOut.length }));

describe("GitHub's limits", () => {
  it('are the documented ones, and the defaults keep to what GitHub keeps rather than what it accepts', () => {
    expect(GITHUB_CODE_SCANNING).toMatchObject({ runsPerFile: 20, resultsPerRun: 25_000, resultsKeptPerRun: 5_000, rulesPerRun: 25_000, locationsPerResult: 1_000, tagsPerRule: 20, tagsKeptPerRule: 10 });
    expect(GITHUB_CODE_SCANNING.gzipBytes).toBeLessThanOrEqual(10 * 1024 * 1024);
    expect(GITHUB_SARIF_LIMITS).toEqual({ resultsPerRun: 5_000, runsPerFile: 20, gzipBytes: 10_000_000, rulesPerRun: 25_000, tagsPerRule: 10 });
  });
});

describe('one run per subscription, while there are few enough', () => {
  it('names each run after its subscription, in id order, the results in no subscription last', () => {
    const items = [...many(2, SUB_B), item(NO_SUBSCRIPTION), ...many(3, SUB_A)];
    const runs = planRuns(items, [SUB_A, SUB_B], { resultsPerRun: 10, runsPerFile: 5 });
    expect(runs.map((run) => [run.name, run.keys, run.kept])).toEqual([
      [SUB_A, [SUB_A], [3, 4, 5]],
      [SUB_B, [SUB_B], [0, 1]],
      ['no-subscription', [NO_SUBSCRIPTION], [2]],
    ]);
  });

  it('writes a run for a subscription scanned without results, so GitHub closes what it no longer has', () => {
    const runs = planRuns(many(2, SUB_A), [SUB_A, SUB_C], { resultsPerRun: 10, runsPerFile: 5 });
    expect(summaryOf(runs)).toEqual([
      { name: SUB_A, kept: 2, leftOut: 0 },
      { name: SUB_C, kept: 0, leftOut: 0 },
    ]);
    expect(runs.every(isWritten)).toBe(true);
  });

  it('has one run even for a scan of nothing (code scanning takes no file without one)', () => {
    expect(summaryOf(planRuns([], [], { resultsPerRun: 10, runsPerFile: 5 }))).toEqual([{ name: 'no-subscription', kept: 0, leftOut: 0 }]);
  });

  it('is one key for a subscription id in any case (Azure ids ignore case)', () => {
    const runs = planRuns([item(SUB_A.toUpperCase()), item(SUB_A)], [SUB_A.toUpperCase()], { resultsPerRun: 10, runsPerFile: 5 });
    expect(summaryOf(runs)).toEqual([{ name: SUB_A, kept: 2, leftOut: 0 }]);
  });

  it('is the same layout whatever order the scopes are given in', () => {
    const items = [...many(3, SUB_C), ...many(2, SUB_A), ...many(4, SUB_B)];
    const one = planRuns(items, [SUB_C, SUB_A, SUB_B], { resultsPerRun: 3, runsPerFile: 5 });
    const two = planRuns(items, [SUB_B, SUB_C, SUB_A], { resultsPerRun: 3, runsPerFile: 5 });
    expect(two).toEqual(one);
  });
});

describe('a subscription over the per-run limit', () => {
  it('is split by rule area while runs are to spare, the most over first', () => {
    const items = [...many(4, SUB_A, { area: 'rbac' }), ...many(3, SUB_A, { area: 'aks' }), ...many(2, SUB_B)];
    const runs = planRuns(items, [SUB_A, SUB_B], { resultsPerRun: 5, runsPerFile: 3 });
    expect(runs.map((run) => [run.name, run.area, run.kept.length, run.leftOut.length])).toEqual([
      [`${SUB_A}/aks`, 'aks', 3, 0],
      [`${SUB_A}/rbac`, 'rbac', 4, 0],
      [SUB_B, undefined, 2, 0],
    ]);
  });

  it('keeps its most important results when there are not runs enough to split it', () => {
    const items = [
      ...many(3, SUB_A, { area: 'rbac', severity: 'low' }),
      item(SUB_A, { area: 'aks', severity: 'critical' }),
      item(SUB_A, { area: 'net', severity: 'high' }),
      ...many(2, SUB_B),
    ];
    const runs = planRuns(items, [SUB_A, SUB_B], { resultsPerRun: 3, runsPerFile: 3 });
    expect(summaryOf(runs)).toEqual([
      { name: SUB_A, kept: 3, leftOut: 2 },
      { name: SUB_B, kept: 2, leftOut: 0 },
    ]);
    expect(runs[0].kept.map((index) => items[index].severity)).toEqual(['low', 'critical', 'high']);
  });

  it('keeps the most important results of an area still over the limit', () => {
    const items = [...many(4, SUB_A, { area: 'rbac', severity: 'low' }), item(SUB_A, { area: 'rbac', severity: 'high' }), item(SUB_A, { area: 'aks' })];
    const runs = planRuns(items, [SUB_A], { resultsPerRun: 3, runsPerFile: 4 });
    expect(summaryOf(runs)).toEqual([
      { name: `${SUB_A}/aks`, kept: 1, leftOut: 0 },
      { name: `${SUB_A}/rbac`, kept: 3, leftOut: 2 },
    ]);
    expect(runs[1].kept.map((index) => items[index].severity)).toContain('high');
  });
});

describe('more subscriptions than runs', () => {
  it('deals the keys into the runs, largest first, each to the emptiest; the largest keep their own category', () => {
    const items = [...many(5, SUB_A), ...many(1, SUB_B), ...many(4, SUB_C), ...many(2, SUB_D), item(NO_SUBSCRIPTION)];
    const runs = planRuns(items, [SUB_A, SUB_B, SUB_C, SUB_D], { resultsPerRun: 10, runsPerFile: 3 });
    // Sizes 5, 4, 2, 1, 1: 5, 4 and 2 each open a run, then both 1s go where the 2 is.
    expect(runs.map((run) => [run.name, run.keys, run.kept.length])).toEqual([
      [SUB_A, [SUB_A], 5],
      ['group-01', [SUB_B, SUB_D, NO_SUBSCRIPTION], 4],
      [SUB_C, [SUB_C], 4],
    ]);
  });

  it('deals them so the runs are about as full as each other', () => {
    const sizes = [9, 8, 7, 6, 5, 4, 3, 2, 1];
    const items = sizes.flatMap((size, i) => many(size, `0000000${i}-0000-4000-8000-000000000000`));
    const runs = planRuns(items, [], { resultsPerRun: 100, runsPerFile: 3 });
    // 9, 8 and 7 open the runs; 6, 5 and 4 go to the emptiest (13 each); 3, 2 and 1 likewise.
    expect(runs.map((run) => run.kept.length)).toEqual([16, 15, 14]);
  });

  it('cuts a merged run that is over the limit, the most important results kept', () => {
    const items = [...many(3, SUB_A, { severity: 'low' }), ...many(3, SUB_B, { severity: 'critical' }), ...many(3, SUB_C, { severity: 'info' })];
    const runs = planRuns(items, [SUB_A, SUB_B, SUB_C], { resultsPerRun: 4, runsPerFile: 2 });
    const group = runs.find((run) => run.name === 'group-01')!;
    expect(group.kept.length).toBe(4);
    expect(group.leftOut.length).toBe(2);
    expect(group.leftOut.every((index) => items[index].severity === 'info' || items[index].severity === 'low')).toBe(true);
  });
});

describe('the order of importance', () => {
  const standingItem = (severity: Severity, standing: Standing, ruleId = 'AIS-A', fingerprint = 'x') => item(SUB_A, { severity, standing, ruleId, fingerprint });

  it('is open before fixed, then by severity, then failing the gate, new, open, accepted, then rule and fingerprint', () => {
    const ordered = [
      standingItem('critical', 'open'),
      standingItem('high', 'gating'),
      standingItem('high', 'new'),
      standingItem('high', 'open', 'AIS-A'),
      standingItem('high', 'open', 'AIS-B', 'a'),
      standingItem('high', 'open', 'AIS-B', 'b'),
      standingItem('high', 'suppressed'),
      standingItem('info', 'gating'),
      standingItem('critical', 'fixed'),
      standingItem('low', 'fixed'),
    ];
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(byImportance)).toEqual(ordered);
  });

  it('decides what a size cut drops across the whole file', () => {
    const items = [...many(3, SUB_A, { severity: 'low' }), ...many(3, SUB_B, { severity: 'high' })];
    const runs = keepMostImportant(planRuns(items, [SUB_A, SUB_B], { resultsPerRun: 10, runsPerFile: 5 }), items, 4);
    expect(summaryOf(runs)).toEqual([
      { name: SUB_A, kept: 1, leftOut: 2 },
      { name: SUB_B, kept: 3, leftOut: 0 },
    ]);
    // A run whose every result was left out is not written: GitHub keeps its last analysis rather than closing it all as fixed.
    const none = keepMostImportant(runs, items, 3);
    expect(summaryOf(none)[0]).toEqual({ name: SUB_A, kept: 0, leftOut: 3 });
    expect(none.map(isWritten)).toEqual([false, true]);
  });
});

describe('categories made from what the estate holds', () => {
  it('are made of [a-z0-9_-] and /, unique, whatever the subscription ids and areas are', () => {
    const hostile = ['../../etc', 'A/B', 'no-subscription', 'group-01', 'h_0123456789abcdef', ' ', '\u202Eevil', 'x'.repeat(500), `${SUB_A}/../${SUB_B}`];
    const items = hostile.map((key) => item(key));
    const runs = planRuns(items, [], { resultsPerRun: 10, runsPerFile: 20 });
    expect(runs).toHaveLength(hostile.length);
    for (const run of runs) expect(run.name).toMatch(/^(?:[0-9a-f-]{36}|no-subscription|group-\d+|h_[0-9a-f]{16})$/);
    expect(new Set(runs.map((run) => run.name)).size).toBe(runs.length);
    expect(runs.map((run) => run.name)).not.toContain('no-subscription');

    const areas = ['RBAC', 'rbac/../x', 'a b', 'ok-area'];
    const split = planRuns(
      areas.flatMap((area) => many(2, SUB_A, { area })),
      [SUB_A],
      { resultsPerRun: 3, runsPerFile: 10 },
    );
    for (const run of split) expect(run.name).toMatch(new RegExp(`^${SUB_A}/(?:[a-z0-9-]+|h_[0-9a-f]{16})$`));
    expect(split.map((run) => run.area)).toEqual(['a b', 'ok-area', 'rbac', 'rbac/../x']);
  });
});

describe('whatever the results', () => {
  /** A small deterministic generator: the same cases on every run. */
  function random(seed: number): () => number {
    let state = seed;
    return () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32);
  }

  it('every result is kept or left out exactly once, and no run or file limit is exceeded', () => {
    const next = random(42);
    const keys = [SUB_A, SUB_B, SUB_C, SUB_D, NO_SUBSCRIPTION, ...Array.from({ length: 30 }, (_, i) => `0000${String(i).padStart(4, '0')}-0000-4000-8000-000000000000`)];
    for (let round = 0; round < 200; round++) {
      const limits = { resultsPerRun: 1 + Math.floor(next() * 12), runsPerFile: 1 + Math.floor(next() * 8) };
      const items = Array.from({ length: Math.floor(next() * 80) }, () =>
        item(keys[Math.floor(next() * keys.length)], {
          area: ['aks', 'rbac', 'ml', 'net'][Math.floor(next() * 4)],
          severity: SEVERITIES[Math.floor(next() * SEVERITIES.length)],
          standing: (['gating', 'new', 'open', 'suppressed', 'fixed'] as const)[Math.floor(next() * 5)],
        }),
      );
      const scopes = keys.filter(() => next() < 0.2);
      const planned = planRuns(items, scopes, limits);
      // Nothing is left out of a run that has room for it.
      for (const run of planned) if (run.leftOut.length > 0) expect(run.kept.length).toBe(limits.resultsPerRun);
      const runs = next() < 0.5 ? keepMostImportant(planned, items, Math.floor(next() * items.length)) : planned;
      expect(runs.length).toBeLessThanOrEqual(limits.runsPerFile);
      expect(new Set(runs.map((run) => run.name)).size).toBe(runs.length);
      for (const run of runs) expect(run.kept.length).toBeLessThanOrEqual(limits.resultsPerRun);
      const placed = runs.flatMap((run) => [...run.kept, ...run.leftOut]).sort((a, b) => a - b);
      expect(placed).toEqual(items.map((_, index) => index));
    }
  });
});
