import { readFileSync } from 'node:fs';
import type { Log, Result } from 'sarif';
import { lastNightsEstate } from '../../support/demo-audit.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const GPUH100 = /agentPools\/gpuh100$/;
const ETH0 = /networkInterfaces\/nic-vm-h100-train01-eth0$/;

function sarifAt(file: string): Result[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as Log).runs[0].results!;
}

function resultFor(results: Result[], ruleId: string, resource: RegExp): Result | undefined {
  return results.find((r) => r.ruleId === ruleId && resource.test(String(r.properties!.resourceId)));
}

describe('a CI gate with a baseline', () => {
  const tmp = useTempDir('aiscan-gate-');
  let today: string;
  let lastNight: string;

  beforeAll(async () => {
    today = tmp.path('today', 'aiscan.sarif');
    lastNight = tmp.path('last-night', 'aiscan.sarif');
    expect((await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('today'), '--fail-on', 'none', '-q')).code).toBe(0);
    const previous = lastNightsEstate(tmp.path('estate-last-night'));
    expect((await runCli('scan', ...previous.flatMap((f) => ['-s', f]), '--out', tmp.path('last-night'), '--fail-on', 'none', '-q')).code).toBe(0);
  });

  it('gates nothing on a second scan with the first as baseline', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('second'), '--baseline', today, '--new-only', '--fail-on', 'low', '-f', 'sarif', 'md');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/0 new, \d+ unchanged, 0 updated, 0 fixed \(only new findings gate\)/);
    const results = sarifAt(tmp.path('second', 'aiscan.sarif'));
    expect(new Set(results.map((r) => r.baselineState))).toEqual(new Set(['unchanged']));
  });

  it('gates a new violation, and only that one', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('new'), '--baseline', lastNight, '--new-only', '-f', 'sarif', 'json');
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toMatch(/^FAIL: 1 finding at or above "high" fails the gate/);
    const results = sarifAt(tmp.path('new', 'aiscan.sarif'));
    expect(resultFor(results, 'AIS-AKS-001', GPUH100)).toMatchObject({ baselineState: 'new', properties: { gating: true } });
    const gating = results.filter((r) => r.properties?.gating);
    expect(gating).toHaveLength(1);
  });

  it('lists a fixed finding as absent', async () => {
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('fixed'), '--baseline', lastNight, '-f', 'sarif', 'md', '-q');
    const absent = resultFor(sarifAt(tmp.path('fixed', 'aiscan.sarif')), 'AIS-NET-001', ETH0);
    expect(absent).toMatchObject({ baselineState: 'absent', kind: 'pass', level: 'none' });
    expect(absent!.locations![0].physicalLocation!.artifactLocation!.uri).toMatch(/subscription-research\.json$/);
    expect(readFileSync(tmp.path('fixed', 'aiscan.md'), 'utf8')).toMatch(/\*\*1 fixed\*\*/);
  });

  it('does not call findings fixed in a subscription it did not scan', async () => {
    const run = await runCli('scan', '-s', 'examples/estate/subscription-production.json', '--out', tmp.path('partial'), '--baseline', today, '-f', 'sarif');
    expect(run.stdout).toMatch(/0 fixed, \d+ not re-checked/);
    const log = JSON.parse(readFileSync(tmp.path('partial', 'aiscan.sarif'), 'utf8')) as Log;
    expect(log.runs[0].results!.filter((r) => r.baselineState === 'absent')).toEqual([]);
    expect(log.runs[0].invocations![0].toolExecutionNotifications!.map((n) => n.descriptor!.id)).toContain('AIS-BASELINE-UNVERIFIED');
  });

  it('carries the date each finding was first detected from baseline to baseline', async () => {
    const first = JSON.parse(readFileSync(today, 'utf8')) as Log;
    const firstStart = first.runs[0].invocations![0].startTimeUtc!;
    expect(new Set(first.runs[0].results!.map((r) => r.properties!.firstDetectedAt))).toEqual(new Set([firstStart]));

    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('carried'), '--baseline', today, '-f', 'sarif', '-q');
    const second = JSON.parse(readFileSync(tmp.path('carried', 'aiscan.sarif'), 'utf8')) as Log;
    expect(second.runs[0].invocations![0].startTimeUtc).not.toBe(firstStart);
    expect(new Set(second.runs[0].results!.map((r) => r.properties!.firstDetectedAt))).toEqual(new Set([firstStart]));

    // Against last night, the one new finding was first detected by this scan; the others keep last night's date.
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('dated'), '--baseline', lastNight, '-f', 'sarif', '-q');
    const dated = JSON.parse(readFileSync(tmp.path('dated', 'aiscan.sarif'), 'utf8')) as Log;
    const lastNightStart = (JSON.parse(readFileSync(lastNight, 'utf8')) as Log).runs[0].invocations![0].startTimeUtc;
    const results = dated.runs[0].results!;
    expect(resultFor(results, 'AIS-AKS-001', GPUH100)!.properties!.firstDetectedAt).toBe(dated.runs[0].invocations![0].startTimeUtc);
    expect(results.filter((r) => r.baselineState === 'unchanged').every((r) => r.properties!.firstDetectedAt === lastNightStart)).toBe(true);
    expect(resultFor(results, 'AIS-NET-001', ETH0)).toMatchObject({ baselineState: 'absent', properties: { firstDetectedAt: lastNightStart } });
  });

  it('keeps the findings of a subscription it could not re-check for the next baseline: not new then, and still dated', async () => {
    // Tonight reads only production: research's findings are unverified, and carried in the SARIF.
    await runCli('scan', '-s', 'examples/estate/subscription-production.json', '--out', tmp.path('gap-night'), '--baseline', today, '-f', 'sarif', '-q');
    const gapNight = JSON.parse(readFileSync(tmp.path('gap-night', 'aiscan.sarif'), 'utf8')) as Log;
    const unverified = gapNight.runs[0].invocations![0].toolExecutionNotifications!.find((n) => n.descriptor!.id === 'AIS-BASELINE-UNVERIFIED')!;
    const carried = unverified.properties!.results as Result[];
    expect(carried.length).toBe((unverified.properties!.fingerprints as string[]).length);
    expect(carried.length).toBeGreaterThan(0);

    // The night after reads both again: nothing is new, and research's findings keep their first date.
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('after-gap'), '--baseline', tmp.path('gap-night', 'aiscan.sarif'), '--new-only', '--fail-on', 'low', '-f', 'sarif');
    expect(run.stdout).toMatch(/ 0 new, /);
    expect(run.code).toBe(0);
    const firstStart = (JSON.parse(readFileSync(today, 'utf8')) as Log).runs[0].invocations![0].startTimeUtc;
    const after = sarifAt(tmp.path('after-gap', 'aiscan.sarif'));
    for (const result of carried) {
      const again = after.find((r) => r.partialFingerprints!['aiscanFinding/v1'] === result.partialFingerprints!['aiscanFinding/v1'])!;
      expect(again).toMatchObject({ baselineState: 'unchanged', properties: { firstDetectedAt: firstStart } });
    }
  });

  it('refuses as a baseline the SARIF for GitHub that names unverified findings without carrying them', async () => {
    await runCli('scan', '-s', 'examples/estate/subscription-production.json', '--out', tmp.path('gap-github'), '--baseline', today, '--sarif-for', 'github', '-f', 'sarif', '-q');
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('from-github'), '--baseline', tmp.path('gap-github', 'aiscan.sarif'), '-f', 'sarif');
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--baseline .*aiscan\.sarif: this SARIF was written with --sarif-for github and leaves out \d+ results; give the full SARIF written beside it \(aiscan\.full\.sarif\)/);
    const viaFull = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('from-full'), '--baseline', tmp.path('gap-github', 'aiscan.full.sarif'), '--new-only', '--fail-on', 'low', '-f', 'sarif', '-q');
    expect(viaFull.code).toBe(0);
  });
});

describe('suppressions in a CI gate', () => {
  const tmp = useTempDir('aiscan-suppress-');
  const pool = '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26/resourcegroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-gpu/agentPools/gpuh100';

  function suppressions(entries: object[]): string {
    return tmp.write(`suppressions-${Math.random().toString(36).slice(2)}.json`, JSON.stringify({ suppressions: entries }, null, 2));
  }

  it('keeps a suppressed finding in SARIF, marked accepted, and does not gate on it', async () => {
    const file = suppressions([{ rule: '*', resource: '/subscriptions/**', justification: 'Everything accepted for the test', expires: '2999-12-31', owner: 'sec' }]);
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('all'), '--suppressions', file, '-f', 'sarif');
    expect(run.code).toBe(0);
    const result = resultFor(sarifAt(tmp.path('all', 'aiscan.sarif')), 'AIS-AKS-001', GPUH100)!;
    expect(result.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'Everything accepted for the test', properties: expect.objectContaining({ expires: '2999-12-31', owner: 'sec' }) },
    ]);
  });

  it('gates again when the suppression has expired, and the report says it expired', async () => {
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('base'), '--fail-on', 'none', '-f', 'sarif', '-q');
    const file = suppressions([{ rule: 'AIS-AKS-001', resource: pool, justification: 'Waiting for the new image', expires: '2001-02-03' }]);
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('expired'), '--suppressions', file, '--baseline', tmp.path('base', 'aiscan.sarif'), '--new-only', '-f', 'sarif', 'md');
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/1 expired/);
    const result = resultFor(sarifAt(tmp.path('expired', 'aiscan.sarif')), 'AIS-AKS-001', GPUH100)!;
    expect(result).toMatchObject({ baselineState: 'unchanged', properties: { gating: true }, suppressions: [{ kind: 'external', status: 'rejected' }] });
    const markdown = readFileSync(tmp.path('expired', 'aiscan.md'), 'utf8');
    expect(markdown).toContain('**Expired**');
    expect(markdown).toContain('2001-02-03 (1 finding(s))');
  });

  it('reports a suppression that matches nothing as stale, without failing the build', async () => {
    const file = suppressions([{ rule: 'AIS-AKS-001', resource: '/subscriptions/*/resourceGroups/rg-gone/**', justification: 'Old lab', expires: '2999-01-01' }]);
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('stale'), '--suppressions', file, '--fail-on', 'none', '-f', 'sarif', 'md');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/1 stale/);
    expect(readFileSync(tmp.path('stale', 'aiscan.md'), 'utf8')).toContain('**Stale**');
    const log = JSON.parse(readFileSync(tmp.path('stale', 'aiscan.sarif'), 'utf8')) as Log;
    expect(log.runs[0].invocations![0].toolExecutionNotifications!.map((n) => n.descriptor!.id)).toContain('AIS-SUPPRESSION-STALE');
  });

  it('writes findings that suppressions accept into the JUnit file as skipped, with the reason', async () => {
    const file = suppressions([{ rule: 'AIS-AKS-001', resource: pool, justification: 'Pool drains next week', expires: '2999-01-01' }]);
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('junit'), '--suppressions', file, '--fail-on', 'none', '-f', 'junit', '-q');
    const xml = readFileSync(tmp.path('junit', 'aiscan.junit.xml'), 'utf8');
    expect(xml).toContain('<skipped message="suppressed until 2999-01-01: Pool drains next week"/>');
  });
});
