import { readFileSync, writeFileSync } from 'node:fs';
import { lastNightsEstate, SAMPLE_ESTATE } from '../../support/demo-audit.js';
import { FINGERPRINT_KEY } from '../../src/gate/baseline.js';
import { FindingPool, readRun, readRuns, type RunRecord } from '../../src/trend/read-run.js';
import { computeTrend } from '../../src/trend/trend.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const RESEARCH = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const DAY_MS = 86_400_000;

/** YYYY-MM-DD, `days` from now (the scans below run on the real clock). */
function dayFromNow(days: number): string {
  return new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10);
}

/** The research subscription (all the sample's findings) on a night its reader was denied: nothing read, the whole subscription a gap. */
function deniedResearch(file: string): string {
  const snapshot = JSON.parse(readFileSync(SAMPLE_ESTATE[0], 'utf8'));
  snapshot.coverage = [{ subscriptionId: RESEARCH, resourceType: '*', status: 'denied', message: 'AuthorizationFailed' }];
  snapshot.resources = [];
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

async function scan(out: string, snapshots: readonly string[], ...more: string[]): Promise<string> {
  const result = await runCli('scan', ...snapshots.flatMap((file) => ['--snapshot', file]), '--out', out, '--format', 'sarif', '--fail-on', 'none', '--quiet', ...more);
  expect(result).toMatchObject({ stderr: '' });
  return `${out}/aiscan.sarif`;
}

/**
 * Three nights of the sample estate through the CLI, each with the night before as its baseline:
 * night 2 fixes a NIC and loses a GPU taint (demo-audit.ts), night 3 cannot read the research subscription.
 */
describe('reading the SARIF aiscan scan writes', () => {
  const tmp = useTempDir('aiscan-trend-read-');
  let nights: string[];
  let records: RunRecord[];

  beforeAll(async () => {
    const suppressions = tmp.write(
      'aiscan.suppressions.json',
      JSON.stringify({
        suppressions: [
          { rule: 'AIS-QUOTA-*', resource: '/subscriptions/*/providers/Microsoft.Compute/locations/*/usages/*', justification: 'Quota increase requested', expires: dayFromNow(10), owner: 'gpu-platform' },
          { rule: 'AIS-AKS-007', resource: '/subscriptions/**', justification: 'Break-glass account', expires: dayFromNow(-3) },
        ],
      }),
    );
    const night1 = await scan(tmp.path('night1'), lastNightsEstate(tmp.path('estate1')), '--suppressions', suppressions);
    const night2 = await scan(tmp.path('night2'), SAMPLE_ESTATE, '--baseline', night1, '--suppressions', suppressions);
    const night3 = await scan(tmp.path('night3'), [deniedResearch(tmp.path('research-denied.json')), SAMPLE_ESTATE[1]], '--baseline', night2, '--suppressions', suppressions);
    nights = [night1, night2, night3];
    records = nights.map((file) => readRun(file));
  });

  it('keeps each open finding by fingerprint, with its rule, severity, resource, subscription and suppression', () => {
    const log = JSON.parse(readFileSync(nights[0], 'utf8'));
    const results = log.runs[0].results;
    expect(records[0].findings.size).toBe(results.length);
    const first = results[0];
    expect(records[0].findings.get(first.partialFingerprints[FINGERPRINT_KEY])).toEqual({
      ruleId: first.ruleId,
      severity: first.properties.severity,
      resourceId: first.properties.resourceId,
      subscriptionId: first.properties.subscriptionId.toLowerCase(),
      firstDetectedAt: log.runs[0].invocations[0].startTimeUtc,
      suppressed: false,
    });
    expect(records[0].startedAt).toBe(log.runs[0].invocations[0].startTimeUtc);
    expect(records[0].baseline).toBeUndefined();
    expect(records[0].messages?.get(first.partialFingerprints[FINGERPRINT_KEY])).toBe(first.message.text);
    expect(records[0].rules?.has(first.ruleId)).toBe(true);
  });

  it("reads what the scan says against its baseline: fixed (absent) results are not open, and dates carry over", () => {
    const [night1, night2] = records;
    expect(night2.baseline).toBe(nights[0]);
    expect(night2.fixedByScan.size).toBe(1);
    const [fixed] = night2.fixedByScan;
    expect(night1.findings.get(fixed)?.ruleId).toBe('AIS-NET-001');
    expect(night2.findings.has(fixed)).toBe(false);
    const unchanged = [...night2.findings].find(([fingerprint]) => night1.findings.has(fingerprint))!;
    expect(unchanged[1].firstDetectedAt).toBe(night1.startedAt);
  });

  it('reads the findings a scan could not re-check, whole, and its coverage gaps', () => {
    const night3 = records[2];
    expect(night3.gaps).toEqual({ everywhere: false, subscriptions: new Set([RESEARCH]) });
    expect([...night3.findings.values()].filter((finding) => finding.subscriptionId === RESEARCH)).toEqual([]);
    const research = [...records[1].findings].filter(([, finding]) => finding.subscriptionId === RESEARCH);
    expect(research.length).toBeGreaterThan(0);
    expect([...night3.unverified.keys()].sort()).toEqual(research.map(([fingerprint]) => fingerprint).sort());
    for (const [fingerprint, finding] of research) expect(night3.unverified.get(fingerprint)).toMatchObject({ ruleId: finding.ruleId, resourceId: finding.resourceId, firstDetectedAt: finding.firstDetectedAt });
  });

  it('shares one record between nights for a finding that did not change', () => {
    const [night1, night2] = readRuns(nights.slice(0, 2));
    const kept = [...night2.findings].filter(([fingerprint]) => night1.findings.has(fingerprint));
    expect(kept.length).toBeGreaterThan(0);
    for (const [fingerprint, finding] of kept) expect(finding).toBe(night1.findings.get(fingerprint));
  });

  it('keeps a record apart for a finding that differs in anything the trend reads', () => {
    const pool = new FindingPool();
    const finding = { ...[...records[0].findings.values()][0] };
    const first = pool.intern(finding);
    expect(pool.intern({ ...finding })).toBe(first);
    const changes = [{ severity: finding.severity === 'low' ? 'high' : 'low' }, { suppressed: !finding.suppressed }, { firstDetectedAt: '2020-01-01T00:00:00.000Z' }, { subscriptionId: 'another' }, { ruleId: 'AIS-OTHER-001' }, { resourceId: `${finding.resourceId}/other` }] as const;
    const changed = changes.map((change) => pool.intern({ ...finding, ...change }));
    changed.forEach((record, i) => {
      expect(record).not.toBe(first);
      expect(record).toEqual({ ...finding, ...changes[i] });
    });
    const { firstDetectedAt, subscriptionId, ...undated } = finding;
    expect([firstDetectedAt, subscriptionId]).not.toContain(undefined);
    expect(pool.intern(undated)).toEqual(undated);
    expect(pool.intern(undated)).not.toBe(first);
  });

  it('groups dated suppressions, in force and expired, with how many findings each accepted', () => {
    const quota = records[1].suppressions.find((s) => s.justification === 'Quota increase requested')!;
    expect(quota).toMatchObject({ status: 'accepted', expires: dayFromNow(10), owner: 'gpu-platform', source: expect.stringContaining('aiscan.suppressions.json') });
    expect(quota.findings).toBe([...records[1].findings.values()].filter((f) => f.ruleId.startsWith('AIS-QUOTA-') && f.suppressed).length);
    // An expired one is `rejected`, and its justification says "Expired on …:" in front: the record keeps the justification as written.
    expect(records[1].suppressions.find((s) => s.status === 'rejected')).toMatchObject({ justification: 'Break-glass account', expires: dayFromNow(-3) });
  });

  it('the three nights make a trend: one new and one fixed on night 2; research not re-checked on night 3, not fixed', () => {
    const trend = computeTrend(readRuns([...nights].reverse()), { top: 20, expiringWithinDays: 30 });
    expect(trend.runs.map((point) => point.file)).toEqual(nights);
    expect(trend.runs.map((point) => [point.new, point.fixed])).toEqual([
      [undefined, undefined],
      [1, 1],
      [0, 0],
    ]);
    expect(trend.runs[2].unverified).toBe(records[2].unverified.size);
    expect(trend.fixed).toEqual([expect.objectContaining({ finding: expect.objectContaining({ ruleId: 'AIS-NET-001' }), fixedAt: records[1].startedAt })]);
    // Night 1 had no baseline, so the date it gave every finding is only when the window starts.
    expect(trend.fixed[0].firstSeen).toEqual({ at: records[0].startedAt, exact: false });
    // Night 3 read no finding a suppression accepts; night 2 did.
    expect(trend.expiring).toEqual([]);
    const twoNights = computeTrend(readRuns(nights.slice(0, 2)), { top: 20, expiringWithinDays: 30 });
    expect(twoNights.expiring.map((s) => [s.justification, s.expired])).toEqual([
      ['Break-glass account', true],
      ['Quota increase requested', false],
    ]);
    // Only the latest run keeps messages.
    const kept = readRuns(nights);
    expect(kept.map((record) => record.messages !== undefined)).toEqual([false, false, true]);
  });

  it('reads SARIF written before aiscan dated findings', () => {
    const log = JSON.parse(readFileSync(nights[1], 'utf8'));
    for (const result of log.runs[0].results) delete result.properties.firstDetectedAt;
    const record = readRun(tmp.write('undated.sarif', JSON.stringify(log)));
    expect(record.findings.size).toBe(records[1].findings.size);
    expect([...record.findings.values()].every((finding) => finding.firstDetectedAt === undefined)).toBe(true);
  });

  it('reads every run of a SARIF for GitHub that left nothing out', async () => {
    const file = await scan(tmp.path('github'), SAMPLE_ESTATE, '--sarif-for', 'github');
    const log = JSON.parse(readFileSync(file, 'utf8'));
    expect(log.runs.length).toBeGreaterThan(1);
    const record = readRun(file);
    expect(record.findings.size).toBe(log.runs.reduce((sum: number, run: any) => sum + run.results.length, 0));
  });

  describe('refuses, in one line naming the file and the reason', () => {
    const written = (name: string, edit: (log: any) => void) => {
      const log = JSON.parse(readFileSync(nights[1], 'utf8'));
      edit(log);
      return tmp.write(name, JSON.stringify(log));
    };

    it('a file that is not JSON, or not SARIF', () => {
      const broken = tmp.write('broken.sarif', '{"version": "2.1.0", "runs": [');
      expect(() => readRun(broken)).toThrow(new RegExp(`^${broken}:1:\\d+: invalid JSON: .* \\(a SARIF file must be valid JSON\\)$`));
      const notSarif = tmp.write('not-sarif.sarif', '{"version": "2.1.0"}');
      expect(() => readRun(notSarif)).toThrow(`trend: ${notSarif}: at /runs: missing required property "runs"; expected a SARIF file written by aiscan scan`);
    });

    it('a value of the wrong type, at its JSON pointer', () => {
      const file = written('wrong-type.sarif', (log) => (log.runs[0].results[3].properties.severity = 7));
      expect(() => readRun(file)).toThrow(`trend: ${file}: at /runs/0/results/3/properties/severity: expected string; expected a SARIF file written by aiscan scan`);
      const time = written('wrong-time.sarif', (log) => (log.runs[0].invocations[0].startTimeUtc = 'last night'));
      expect(() => readRun(time)).toThrow(`trend: ${time}: at /runs/0/invocations/0/startTimeUtc: must match format "date-time"; expected a SARIF file written by aiscan scan`);
      const gap = written('wrong-gap.sarif', (log) =>
        log.runs[0].invocations[0].toolExecutionNotifications.push({ descriptor: { id: 'AIS-COVERAGE-GAP' }, message: { text: 'x' }, properties: { subscriptionId: 5 } }),
      );
      expect(() => readRun(gap)).toThrow(new RegExp(`^trend: ${gap}: at /runs/0/invocations/0/toolExecutionNotifications/\\d+/properties/subscriptionId: expected string;`));
    });

    it('a SARIF without a start time', () => {
      const file = written('no-start.sarif', (log) => delete log.runs[0].invocations[0].startTimeUtc);
      expect(() => readRun(file)).toThrow(`trend: ${file}: at /runs/0/invocations/0/startTimeUtc: missing; the trend orders runs by when each scan started; expected a SARIF file written by aiscan scan`);
    });

    it('a SARIF another tool wrote', () => {
      const file = written('codeql.sarif', (log) => {
        log.runs[0].tool.driver.name = 'CodeQL';
        log.runs[0].results = [{ ruleId: 'js/xss', message: { text: 'x' } }];
      });
      expect(() => readRun(file)).toThrow(`trend: ${file}: at /runs/0/tool/driver/name: written by "CodeQL", not by aiscan; expected a SARIF file written by aiscan scan`);
    });

    it('a SARIF for GitHub that left results or notifications out, pointing to the full SARIF', () => {
      const results = written('github-cut.sarif', (log) => (log.runs[0].properties = { sarifFor: 'github', resultsLeftOutOfFile: 12 }));
      expect(() => readRun(results)).toThrow(
        `trend: ${results}: this SARIF was written with --sarif-for github and leaves out 12 results; give the full SARIF written beside it (aiscan.full.sarif)`,
      );
      const notifications = written('github-notifications.sarif', (log) =>
        log.runs[0].invocations[0].toolExecutionNotifications.push({ descriptor: { id: 'AIS-NOTIFICATIONS-LEFT-OUT' }, message: { text: 'x' }, properties: { leftOut: 40 } }),
      );
      expect(() => readRun(notifications)).toThrow(
        `trend: ${notifications}: this SARIF was written with --sarif-for github and leaves out 40 notifications (coverage gaps among them); give the full SARIF written beside it (aiscan.full.sarif)`,
      );
    });
  });
});
