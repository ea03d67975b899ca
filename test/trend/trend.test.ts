import type { RunRecord, SuppressionGroup, TrackedFinding } from '../../src/trend/read-run.js';
import { computeTrend, orderRuns, rechecked, type Trend } from '../../src/trend/trend.js';

const SUB_A = '11111111-1111-1111-1111-111111111111';
const SUB_B = '22222222-2222-2222-2222-222222222222';
const OPTIONS = { top: 20, expiringWithinDays: 30 };

/** A finding of subscription A unless said otherwise. */
function finding(ruleId: string, more: Partial<TrackedFinding> = {}): TrackedFinding {
  const subscriptionId = more.subscriptionId ?? SUB_A;
  return { ruleId, severity: 'high', resourceId: `/subscriptions/${subscriptionId}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${ruleId.toLowerCase()}`, subscriptionId, suppressed: false, ...more };
}

/** A run record as read-run.ts makes it, with only what a test says. */
function run(startedAt: string, findings: Record<string, TrackedFinding>, more: Partial<RunRecord> = {}): RunRecord {
  return {
    file: `runs/${startedAt.slice(0, 10)}.sarif`,
    startedAt: new Date(startedAt).toISOString(),
    findings: new Map(Object.entries(findings)),
    fixedByScan: new Set(),
    unverified: new Map(),
    gaps: { everywhere: false, subscriptions: new Set() },
    suppressions: [],
    baseline: 'previous/aiscan.sarif',
    ...more,
  };
}

const A = finding('AIS-A-001', { severity: 'critical' });
const B = finding('AIS-B-001', { severity: 'medium' });
const C = finding('AIS-C-001', { severity: 'low', subscriptionId: SUB_B });

function trendOf(...runs: RunRecord[]): Trend {
  return computeTrend(runs, OPTIONS);
}

describe('new and fixed per run', () => {
  it('counts a finding new in the run it first appears in, fixed in the first run that re-checked it and lacks it', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: A, b: B }), run('2026-11-02T02:00:00Z', { a: A, c: C }), run('2026-11-03T02:00:00Z', { c: C }));
    expect(trend.runs.map((p) => [p.new, p.fixed])).toEqual([
      [undefined, undefined],
      [1, 1],
      [0, 1],
    ]);
    expect(trend.runs.map((p) => p.open)).toEqual([
      { critical: 1, high: 0, medium: 1, low: 0, info: 0 },
      { critical: 1, high: 0, medium: 0, low: 1, info: 0 },
      { critical: 0, high: 0, medium: 0, low: 1, info: 0 },
    ]);
    expect(trend.fixed.map((f) => [f.fingerprint, f.fixedAt])).toEqual([
      ['b', '2026-11-02T02:00:00.000Z'],
      ['a', '2026-11-03T02:00:00.000Z'],
    ]);
  });

  it('counts suppressed findings apart from the open ones, and an expired suppression as open', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: { ...A, suppressed: true }, b: B }));
    expect(trend.runs[0]).toMatchObject({ open: { critical: 0, medium: 1 }, suppressed: 1 });
  });

  it('a finding that comes back after a fix is new again, and each fix is counted', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: A }), run('2026-11-02T02:00:00Z', {}), run('2026-11-03T02:00:00Z', { a: A }), run('2026-11-05T02:00:00Z', {}));
    expect(trend.runs.map((p) => [p.new, p.fixed])).toEqual([
      [undefined, undefined],
      [0, 1],
      [1, 0],
      [0, 1],
    ]);
    expect(trend.fixed.map((f) => f.days)).toEqual([1, 2]);
  });
});

describe('a finding a run did not re-check is not fixed', () => {
  it('when the run lists it as not re-checked (AIS-BASELINE-UNVERIFIED): kept, marked, and not new when it comes back', () => {
    const trend = trendOf(
      run('2026-11-01T02:00:00Z', { a: A, c: C }),
      run('2026-11-02T02:00:00Z', { a: A }, { unverified: new Map([['c', undefined]]) }),
      run('2026-11-03T02:00:00Z', { a: A, c: C }),
    );
    expect(trend.runs.map((p) => [p.new, p.fixed, p.unverified])).toEqual([
      [undefined, undefined, 0],
      [0, 0, 1],
      [0, 0, 0],
    ]);
    expect(trend.fixed).toEqual([]);
  });

  it('when a coverage gap covers its subscription, or the run has a gap everywhere', () => {
    const bySubscription = trendOf(run('2026-11-01T02:00:00Z', { a: A, c: C }), run('2026-11-02T02:00:00Z', {}, { gaps: { everywhere: false, subscriptions: new Set([SUB_B]) } }));
    expect(bySubscription.runs[1]).toMatchObject({ fixed: 1, unverified: 1, incomplete: true });
    expect(bySubscription.fixed.map((f) => f.fingerprint)).toEqual(['a']);

    const everywhere = trendOf(run('2026-11-01T02:00:00Z', { a: A, c: C }), run('2026-11-02T02:00:00Z', {}, { gaps: { everywhere: true, subscriptions: new Set() } }));
    expect(everywhere.runs[1]).toMatchObject({ fixed: 0, unverified: 2 });
  });

  it('when its rule did not run; a finding without a subscription is hidden by any gap', () => {
    const run1 = run('2026-11-01T02:00:00Z', {});
    expect(rechecked({ ...run1, rules: new Set(['AIS-B-001']) }, 'a', A)).toBe(false);
    expect(rechecked({ ...run1, rules: new Set(['AIS-A-001']) }, 'a', A)).toBe(true);
    const tenantWide = finding('AIS-T-001', { subscriptionId: undefined, resourceId: '/providers/Microsoft.Management/managementGroups/mg' });
    delete tenantWide.subscriptionId;
    expect(rechecked({ ...run1, gaps: { everywhere: false, subscriptions: new Set([SUB_B]) } }, 't', tenantWide)).toBe(false);
    expect(rechecked(run1, 't', tenantWide)).toBe(true);
  });

  it('unless the scan itself lists it as fixed (baselineState absent): that is the scan saying it re-checked it', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: A, c: C }), run('2026-11-02T02:00:00Z', {}, { fixedByScan: new Set(['c']), gaps: { everywhere: false, subscriptions: new Set([SUB_B]) } }));
    expect(trend.fixed.map((f) => f.fingerprint).sort()).toEqual(['a', 'c']);
  });

  it('a not re-checked finding is fixed later, once a run re-checks it, and its time to fix runs from when it was first seen', () => {
    const trend = trendOf(
      run('2026-11-01T02:00:00Z', {}),
      run('2026-11-02T02:00:00Z', { c: C }),
      run('2026-11-03T02:00:00Z', {}, { gaps: { everywhere: true, subscriptions: new Set() } }),
      run('2026-11-05T02:00:00Z', {}),
    );
    expect(trend.runs.map((p) => p.fixed)).toEqual([undefined, 0, 0, 1]);
    expect(trend.fixed[0]).toMatchObject({ fingerprint: 'c', days: 3, firstSeen: { at: '2026-11-02T02:00:00.000Z', exact: true } });
  });

  it('takes the record a run carries for a finding it could not re-check, and knows one that was not in the run before', () => {
    const carried = { ...C, firstDetectedAt: '2026-10-01T00:00:00.000Z' };
    const trend = trendOf(run('2026-11-01T02:00:00Z', {}, { unverified: new Map([['c', carried]]) }), run('2026-11-02T02:00:00Z', {}));
    expect(trend.runs.map((p) => p.unverified)).toEqual([1, 0]);
    expect(trend.fixed).toEqual([expect.objectContaining({ fingerprint: 'c', finding: carried, firstSeen: { at: carried.firstDetectedAt, exact: true } })]);
  });
});

describe('time to fix', () => {
  it('runs from firstDetectedAt to the start of the first run where the finding is confirmed fixed', () => {
    const trend = trendOf(
      run('2026-11-10T02:00:00Z', { a: { ...A, firstDetectedAt: '2026-11-01T02:00:00.000Z' }, b: { ...B, firstDetectedAt: '2026-11-07T02:00:00.000Z' } }),
      run('2026-11-11T02:00:00Z', { b: { ...B, firstDetectedAt: '2026-11-07T02:00:00.000Z' } }),
      run('2026-11-12T02:00:00Z', {}),
    );
    expect(trend.fixed.map((f) => [f.fingerprint, f.days, f.firstSeen.exact])).toEqual([
      ['a', 10, true],
      ['b', 5, true],
    ]);
    expect(trend.timeToFix).toEqual({ count: 2, meanDays: 7.5, medianDays: 7.5, lowerBounds: 0 });
  });

  it('without firstDetectedAt, runs from the first run that shows the finding: a lower bound when that is the first run given', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: A }), run('2026-11-02T02:00:00Z', { a: A, b: B }), run('2026-11-05T02:00:00Z', {}));
    expect(trend.fixed.map((f) => [f.fingerprint, f.days, f.firstSeen])).toEqual([
      ['a', 4, { at: '2026-11-01T02:00:00.000Z', exact: false }],
      ['b', 3, { at: '2026-11-02T02:00:00.000Z', exact: true }],
    ]);
    expect(trend.timeToFix).toEqual({ count: 2, meanDays: 3.5, medianDays: 3.5, lowerBounds: 1 });
  });

  it('a finding that appears after a run that could not read its subscription may be older: a lower bound too', () => {
    const trend = trendOf(
      run('2026-11-01T02:00:00Z', {}, { gaps: { everywhere: false, subscriptions: new Set([SUB_A]) } }),
      run('2026-11-02T02:00:00Z', { a: A }),
      run('2026-11-03T02:00:00Z', {}),
    );
    expect(trend.fixed[0].firstSeen).toEqual({ at: '2026-11-02T02:00:00.000Z', exact: false });
  });

  it('takes the window over a firstDetectedAt that is later than the window shows (a scan run without its baseline starts the date over)', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', { a: A }), run('2026-11-02T02:00:00Z', { a: { ...A, firstDetectedAt: '2026-11-02T02:00:00.000Z' } }), run('2026-11-04T02:00:00Z', {}));
    expect(trend.fixed[0]).toMatchObject({ days: 3, firstSeen: { at: '2026-11-01T02:00:00.000Z', exact: false } });
  });

  it('a firstDetectedAt that is the start of a scan without a baseline says nothing: that scan dates every finding to itself', () => {
    const night1 = '2026-11-01T02:00:00.000Z';
    const dated = { ...A, firstDetectedAt: night1 };
    const withoutBaseline = trendOf(run(night1, { a: dated }, { baseline: undefined }), run('2026-11-02T02:00:00Z', { a: dated }), run('2026-11-03T02:00:00Z', {}));
    expect(withoutBaseline.fixed[0].firstSeen).toEqual({ at: night1, exact: false });
    const withBaseline = trendOf(run(night1, { a: dated }), run('2026-11-02T02:00:00Z', { a: dated }), run('2026-11-03T02:00:00Z', {}));
    expect(withBaseline.fixed[0].firstSeen).toEqual({ at: night1, exact: true });
  });

  it('the median of an odd count is the middle one; none fixed is no number', () => {
    const trend = trendOf(
      run('2026-11-01T02:00:00Z', { a: { ...A, firstDetectedAt: '2026-10-31T02:00:00Z' }, b: { ...B, firstDetectedAt: '2026-10-29T02:00:00Z' }, c: { ...C, firstDetectedAt: '2026-10-22T02:00:00Z' } }),
      run('2026-11-02T02:00:00Z', {}),
    );
    expect(trend.timeToFix).toMatchObject({ count: 3, meanDays: (2 + 4 + 11) / 3, medianDays: 4 });
    expect(trendOf(run('2026-11-01T02:00:00Z', { a: A })).timeToFix).toEqual({ count: 0, lowerBounds: 0 });
  });
});

describe('ordering', () => {
  it('orders runs by start time, whatever order the files were given in', () => {
    const runs = [run('2026-11-03T02:00:00Z', {}), run('2026-11-01T02:00:00Z', { a: A }), run('2026-11-02T02:00:00Z', { a: A, b: B })];
    expect(orderRuns(runs).map((r) => r.startedAt.slice(0, 10))).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    expect(computeTrend(runs, OPTIONS).runs.map((p) => [p.new, p.fixed])).toEqual([
      [undefined, undefined],
      [1, 0],
      [0, 2],
    ]);
  });

  it('refuses two runs with the same start time, naming both files', () => {
    const first = { ...run('2026-11-01T02:00:00Z', {}), file: 'one/aiscan.sarif' };
    const second = { ...run('2026-11-01T02:00:00.000Z', {}), file: 'two/aiscan.sarif' };
    expect(() => computeTrend([first, run('2026-11-02T02:00:00Z', {}), second], OPTIONS)).toThrow(
      'trend: one/aiscan.sarif and two/aiscan.sarif have the same start time (2026-11-01T02:00:00.000Z): the same scan given twice? Give each night\'s SARIF once',
    );
  });

  it('one run is a trend of one point: no new or fixed, but its oldest open findings and suppressions', () => {
    const trend = trendOf(run('2026-11-21T02:00:00Z', { a: { ...A, firstDetectedAt: '2026-09-01T00:00:00Z' }, b: B }));
    expect(trend.runs).toHaveLength(1);
    expect(trend.runs[0].new).toBeUndefined();
    expect(trend.oldestOpen.map((o) => [o.fingerprint, o.ageDays, o.firstSeen.exact])).toEqual([
      ['a', 81, true],
      ['b', 0, false],
    ]);
  });
});

describe('the oldest open findings of the latest run', () => {
  it('oldest first, then worst first; suppressed ones left out; not re-checked ones kept and marked; at most --top', () => {
    const old = '2026-10-01T00:00:00.000Z';
    const latest = run(
      '2026-11-02T02:00:00Z',
      { a: { ...A, firstDetectedAt: old }, b: { ...B, firstDetectedAt: old }, s: { ...finding('AIS-S-001'), suppressed: true, firstDetectedAt: '2026-01-01T00:00:00Z' } },
      { messages: new Map([['a', 'A is wrong']]), gaps: { everywhere: false, subscriptions: new Set([SUB_B]) } },
    );
    const trend = computeTrend([run('2026-11-01T02:00:00Z', { c: { ...C, firstDetectedAt: '2026-10-15T00:00:00Z' } }), latest], { ...OPTIONS, top: 2 });
    expect(trend.openCount).toBe(3);
    expect(trend.oldestOpen.map((o) => [o.fingerprint, o.unverified, o.message])).toEqual([
      ['a', false, 'A is wrong'],
      ['b', false, undefined],
    ]);
    const all = computeTrend([run('2026-11-01T02:00:00Z', { c: { ...C, firstDetectedAt: '2026-10-15T00:00:00Z' } }), latest], OPTIONS);
    expect(all.oldestOpen[2]).toMatchObject({ fingerprint: 'c', unverified: true, ageDays: 18 });
  });
});

describe('suppressions ending soon', () => {
  const group = (expires: string, more: Partial<SuppressionGroup> = {}): SuppressionGroup => ({ status: 'accepted', justification: `until ${expires}`, expires, findings: 1, ...more });
  // 2026-11-21 02:00 UTC: a suppression that expires 2026-12-20 ends 2026-12-21 00:00, 29 days and 22 hours later: 30 days, as the scan counts.
  const latest = (suppressions: SuppressionGroup[]) => run('2026-11-21T02:00:00Z', {}, { suppressions });

  it('lists those ending within the window, soonest first, the edge included, one day past it not', () => {
    const trend = trendOf(latest([group('2026-12-21'), group('2026-12-20'), group('2026-11-21'), group('2027-06-01')]));
    expect(trend.expiring.map((s) => [s.expires, s.daysLeft, s.expired])).toEqual([
      ['2026-11-21', 1, false],
      ['2026-12-20', 30, false],
    ]);
    expect(computeTrend([latest([group('2026-12-21')])], { ...OPTIONS, expiringWithinDays: 31 }).expiring).toHaveLength(1);
    expect(computeTrend([latest([group('2026-11-21')])], { ...OPTIONS, expiringWithinDays: 0 }).expiring).toHaveLength(0);
  });

  it('lists expired ones that still appear, first', () => {
    const trend = trendOf(latest([group('2026-12-01'), group('2026-10-31', { status: 'rejected', findings: 3 })]));
    expect(trend.expiring.map((s) => [s.expires, s.expired, s.findings, s.daysLeft])).toEqual([
      ['2026-10-31', true, 3, -20],
      ['2026-12-01', false, 1, 11],
    ]);
  });

  it('only the latest run counts', () => {
    const trend = trendOf(run('2026-11-01T02:00:00Z', {}, { suppressions: [group('2026-11-05')] }), latest([]));
    expect(trend.expiring).toEqual([]);
  });
});
