import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Log } from 'sarif';
import { resolveScanSettings } from '../../src/config/settings.js';
import { SEVERITIES, type Severity } from '../../src/engine/rule.js';
import { GITHUB_CODE_SCANNING } from '../../src/report/sarif-github-plan.js';
import { writeReportFiles } from '../../src/report/write-reports.js';
import { scan, scanOptionsFromSettings } from '../../src/scan.js';
import { generateSnapshot, writeSnapshot } from '../../support/large-estate/estate.js';
import { runCli } from '../helpers/cli.js';
import { oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

const RESOURCES = 100_000;
const MINUTES = 60_000;

/** Every limit GitHub documents for an upload, checked on the file as written. */
function expectWithinGithubLimits(file: string): Log {
  const bytes = readFileSync(file);
  const gzipped = gzipSync(bytes).length;
  expect(gzipped).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.gzipBytes);
  expect(gzipped).toBeLessThanOrEqual(10 * 1024 * 1024);
  const log = JSON.parse(bytes.toString('utf8')) as Log;
  expect(log.runs.length).toBeGreaterThan(0);
  expect(log.runs.length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.runsPerFile);
  const categories = new Set<string>();
  for (const run of log.runs) {
    const id = run.automationDetails!.id!;
    const category = id.slice(0, id.lastIndexOf('/'));
    // Code scanning rejects two runs of one tool in one category.
    const key = `${run.tool.driver.name}\n${category}`;
    expect(categories.has(key)).toBe(false);
    categories.add(key);
    expect(category).toMatch(/^aiscan\/[a-z0-9_/-]+$/);
    expect(run.results!.length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.resultsKeptPerRun);
    expect(run.results!.length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.resultsPerRun);
    expect(run.tool.driver.rules!.length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.rulesPerRun);
    expect(run.tool.extensions ?? []).toHaveLength(0);
    for (const rule of run.tool.driver.rules!) expect(((rule.properties?.tags as string[] | undefined) ?? []).length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.tagsKeptPerRule);
    for (const result of run.results!) {
      expect(result.locations!.length).toBeGreaterThanOrEqual(1);
      expect(result.locations!.length).toBeLessThanOrEqual(GITHUB_CODE_SCANNING.locationsKeptPerResult);
      expect(result.codeFlows).toBeUndefined();
    }
  }
  return log;
}

describe(`the SARIF for GitHub of a generated ${RESOURCES.toLocaleString('en')}-resource estate`, () => {
  const tmp = useTempDir('aiscan-github-100k-');
  let estate: string;
  let stdout: string;
  let log: Log;

  beforeAll(async () => {
    estate = tmp.path('estate.json');
    writeSnapshot(estate, generateSnapshot(RESOURCES));
    const run = await runCli('scan', '--snapshot', estate, '--out', tmp.path('reports'), '--fail-on', 'none', '--sarif-for', 'github');
    expect(run.stderr).toBe('');
    stdout = run.stdout;
    log = JSON.parse(readFileSync(tmp.path('reports', 'aiscan.sarif'), 'utf8')) as Log;
  }, 5 * MINUTES);

  it('keeps to every limit GitHub code scanning documents', () => {
    expectWithinGithubLimits(tmp.path('reports', 'aiscan.sarif'));
  });

  it('holds every result of the full SARIF, one category per subscription while they fit', () => {
    const full = JSON.parse(readFileSync(tmp.path('reports', 'aiscan.full.sarif'), 'utf8')) as Log;
    const prints = (runs: Log['runs']) => runs.flatMap((run) => run.results!.map((result) => result.partialFingerprints!['aiscanFinding/v1'])).sort();
    expect(prints(log.runs)).toEqual(prints(full.runs));
    expect(full.runs).toHaveLength(1);
    // 20 subscriptions and the management group's role assignments: one category fewer than keys, the two smallest together.
    expect(log.runs).toHaveLength(GITHUB_CODE_SCANNING.runsPerFile);
    expect(log.runs.filter((run) => /\/group-\d+\//.test(run.automationDetails!.id!))).toHaveLength(1);
    expect(stdout).toMatch(new RegExp(`^SARIF for GitHub: all ${prints(full.runs).length} results in 20 runs \\(\\d+\\.\\d MB gzipped\\), within code scanning's limits$`, 'm'));
  });

  it('is valid under the OASIS SARIF 2.1.0 schema', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
  });

  it('with tighter limits, leaves out the least important results and says exactly what, in the SARIF, the summary and aiscan.md', () => {
    const result = scan({ ...scanOptionsFromSettings(resolveScanSettings({ failOn: 'none' })), snapshots: [estate] });
    // A quarter of the file GitHub would take: the size, not the runs, is what binds.
    const limits = { gzipBytes: 1_500_000, runsPerFile: 8 };
    const written = writeReportFiles(result, ['sarif', 'json', 'md'], tmp.path('tight'), { sarifFor: 'github', githubLimits: limits });
    const summary = written.githubSarif!;
    const tight = expectWithinGithubLimits(tmp.path('tight', 'aiscan.sarif'));
    expect(gzipSync(readFileSync(tmp.path('tight', 'aiscan.sarif'))).length).toBeLessThanOrEqual(limits.gzipBytes);
    expect(tight.runs.length).toBeLessThanOrEqual(limits.runsPerFile);

    const kept = tight.runs.flatMap((run) => run.results!);
    expect(summary.total).toBe(result.findings.length);
    expect(summary.written).toBe(kept.length);
    expect(summary.leftOut).toBe(summary.total - kept.length);
    expect(summary.leftOut).toBeGreaterThan(0);
    // What is left out is never more severe than what is kept.
    const worstKept = Math.max(...kept.map((entry) => SEVERITIES.indexOf(entry.properties!.severity as Severity)));
    for (const severity of SEVERITIES) if (summary.leftOutBySeverity[severity] > 0) expect(SEVERITIES.indexOf(severity)).toBeGreaterThanOrEqual(worstKept);

    for (const run of tight.runs) {
      const notice = run.invocations![0].toolExecutionNotifications!.find((notification) => notification.descriptor?.id === 'AIS-SARIF-LEFT-OUT')!;
      expect(notice.message.text).toContain(`${summary.leftOut} of ${summary.total} results`);
      expect(notice.message.text).toContain('Every result is in aiscan.full.sarif and aiscan.json.');
    }
    const markdown = readFileSync(tmp.path('tight', 'aiscan.md'), 'utf8');
    expect(markdown).toContain(`**${summary.leftOut} of ${summary.total} results are not in aiscan.sarif**`);
  }, 5 * MINUTES);
});
