import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { Log, Notification } from 'sarif';
import { SEVERITIES, type Severity } from '../../src/engine/rule.js';
import { isUserError } from '../../src/errors.js';
import { readBaseline } from '../../src/gate/baseline.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { githubSarif, type GithubSarifOptions } from '../../src/report/sarif-github.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { writeReportFiles } from '../../src/report/write-reports.js';
import type { GatedFinding, ScanResult } from '../../src/scan.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { scanDemoAudit } from '../helpers/demo-audit.js';
import { oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

const subscription = (n: number) => `${String(n).padStart(8, '0')}-aaaa-4bbb-8ccc-${String(n).padStart(12, '0')}`;

/**
 * The demo audit's findings copied into `subscriptions` subscriptions, `perSubscription` each,
 * with the severities turning over so that every one is somewhere (and no fixed findings).
 */
function estateOf(base: ScanResult, subscriptions: number, perSubscription: number): ScanResult {
  const findings: GatedFinding[] = [];
  for (let s = 0; s < subscriptions; s++) {
    const id = subscription(s);
    for (let i = 0; i < perSubscription; i++) {
      const template = base.findings[i % base.findings.length];
      const resourceId = `${template.resourceId.replace(/^\/subscriptions\/[^/]+/i, `/subscriptions/${id}`)}-${i}`;
      findings.push({
        ...template,
        subscriptionId: id,
        resourceId,
        severity: SEVERITIES[(s + i) % SEVERITIES.length],
        fingerprint: createHash('sha256').update(`${template.ruleId} ${resourceId}`).digest('hex'),
      });
    }
  }
  return { ...base, findings, absent: [], scopes: Array.from({ length: subscriptions }, (_, s) => ({ subscriptionId: subscription(s) })) };
}

function logOf(result: ScanResult, options: GithubSarifOptions): Log {
  return JSON.parse([...githubSarif(result, options).chunks()].join('')) as Log;
}

const categoryOf = (run: Log['runs'][number]) => run.automationDetails!.id!.slice(0, run.automationDetails!.id!.lastIndexOf('/'));
const leftOutNotice = (run: Log['runs'][number]): Notification | undefined =>
  run.invocations![0].toolExecutionNotifications!.find((notification) => notification.descriptor?.id === 'AIS-SARIF-LEFT-OUT');
const rank = (severity: unknown) => SEVERITIES.indexOf(severity as Severity);

let demo: ScanResult;
beforeAll(() => {
  demo = scanDemoAudit();
});

describe('the SARIF for GitHub, with the limits made small', () => {
  const limits = { resultsPerRun: 7, runsPerFile: 4 };
  let result: ScanResult;
  let log: Log;
  beforeAll(() => {
    result = estateOf(demo, 6, 9);
    log = logOf(result, { category: 'nightly', limits, completeIn: ['aiscan.full.sarif', 'aiscan.json'] });
  });

  it('keeps to every limit: runs per file, results per run, one category per run', () => {
    expect(log.runs.length).toBeLessThanOrEqual(limits.runsPerFile);
    for (const run of log.runs) expect(run.results!.length).toBeLessThanOrEqual(limits.resultsPerRun);
    const categories = log.runs.map(categoryOf);
    expect(new Set(categories).size).toBe(categories.length);
    for (const run of log.runs) {
      expect(run.automationDetails!.id).toBe(`${categoryOf(run)}/${result.startedAt}`);
      expect(categoryOf(run)).toMatch(/^nightly\/(?:[0-9a-f-]{36}|group-\d\d)$/);
      for (const finding of run.results!) expect(finding.locations!.length).toBeLessThanOrEqual(1);
    }
  });

  it('is valid SARIF whose indexes point at the rules and artifacts of their own run', () => {
    expect(oasisSchemaErrors(log)).toEqual([]);
    for (const run of log.runs) {
      for (const finding of run.results!) {
        expect(run.tool.driver.rules![finding.ruleIndex!].id).toBe(finding.ruleId);
        const location = finding.locations![0].physicalLocation!.artifactLocation!;
        if (location.index !== undefined) expect(run.artifacts![location.index].location!.uri).toBe(location.uri);
      }
    }
  });

  it('leaves out the least important results, and only those', () => {
    const kept = log.runs.flatMap((run) => run.results!.map((finding) => rank(finding.properties!.severity)));
    expect(kept.length).toBe(limits.resultsPerRun * log.runs.length);
    // Within each run nothing left out is more severe than what was kept.
    for (const run of log.runs) {
      const notice = leftOutNotice(run)!;
      const leftHere = (notice.properties!.thisRun as { bySeverity: Record<Severity, number> }).bySeverity;
      const leastKept = Math.max(...run.results!.map((finding) => rank(finding.properties!.severity)));
      for (const severity of SEVERITIES) if (leftHere[severity] > 0) expect(rank(severity)).toBeGreaterThanOrEqual(leastKept);
    }
  });

  it('says in every run what was left out of the file and of that run, and where everything is', () => {
    const total = result.findings.length + result.absent.length;
    const written = log.runs.reduce((sum, run) => sum + run.results!.length, 0);
    let ofRuns = 0;
    for (const run of log.runs) {
      const notice = leftOutNotice(run)!;
      expect(notice.level).toBe('warning');
      expect(notice.message.text).toContain(`Left out to fit GitHub code scanning's limits: ${total - written} of ${total} results`);
      expect(notice.message.text).toContain('Every result is in aiscan.full.sarif and aiscan.json.');
      const properties = notice.properties as { total: number; written: number; leftOut: number; leftOutBySeverity: Record<string, number>; thisRun: { category: string; leftOut: number } };
      expect(properties).toMatchObject({ total, written, leftOut: total - written });
      expect(Object.values(properties.leftOutBySeverity).reduce((a, b) => a + b, 0)).toBe(total - written);
      expect(properties.thisRun.category).toBe(categoryOf(run));
      expect(run.properties).toMatchObject({ sarifFor: 'github', resultsLeftOut: properties.thisRun.leftOut, resultsLeftOutOfFile: total - written });
      ofRuns += properties.thisRun.leftOut;
    }
    expect(ofRuns).toBe(total - written);
  });

  it("keeps the scan's own notices (gaps, the gate's) in the first run only", () => {
    const full = JSON.parse(renderSarif(result)) as Log;
    const scanWide = full.runs[0].invocations![0].toolExecutionNotifications!.map((notification) => notification.descriptor!.id);
    expect(scanWide.length).toBeGreaterThan(0);
    const ids = (run: Log['runs'][number]) => run.invocations![0].toolExecutionNotifications!.map((notification) => notification.descriptor!.id);
    expect(ids(log.runs[0]).filter((id) => id !== 'AIS-SARIF-LEFT-OUT')).toEqual(scanWide);
    for (const run of log.runs.slice(1)) expect(ids(run)).toEqual(['AIS-SARIF-LEFT-OUT']);
  });

  it('is the same text for the same scan', () => {
    expect([...githubSarif(result, { category: 'nightly', limits }).chunks()].join('')).toBe([...githubSarif(result, { category: 'nightly', limits }).chunks()].join(''));
  });
});

describe('the SARIF for GitHub when everything fits', () => {
  it('has every result, one run per subscription, and no notice of anything left out', () => {
    const result = estateOf(demo, 3, 4);
    const { summary, chunks } = githubSarif(result);
    const log = JSON.parse([...chunks()].join('')) as Log;
    expect(log.runs.map(categoryOf)).toEqual([0, 1, 2].map((s) => `aiscan/${subscription(s)}`));
    expect(log.runs.map((run) => run.results!.length)).toEqual([4, 4, 4]);
    expect(log.runs.every((run) => leftOutNotice(run) === undefined)).toBe(true);
    expect(summary).toMatchObject({ total: 12, written: 12, leftOut: 0, runs: 3 });
    expect(renderMarkdown(result, { githubSarif: summary })).toBe(renderMarkdown(result));
    expect(renderTerminal(result, [], { githubSarif: summary })).toContain("SARIF for GitHub: all 12 results in 3 runs");
  });

  it("writes fixed findings of the baseline in their subscription's run", () => {
    expect(demo.absent.length).toBeGreaterThan(0);
    const log = logOf(demo, {});
    const fixed = log.runs.flatMap((run) => run.results!.filter((finding) => finding.baselineState === 'absent').map((finding) => [categoryOf(run), finding.properties!.resourceId as string]));
    expect(fixed).toHaveLength(demo.absent.length);
    for (const [category, resourceId] of fixed) expect(resourceId.toLowerCase()).toContain(category.split('/')[1]);
  });
});

describe('the SARIF for GitHub over the size limit', () => {
  it('drops the least important results of the whole file until it fits, and says so', () => {
    const result = estateOf(demo, 4, 40);
    const gzipBytes = 60_000;
    const { summary, chunks } = githubSarif(result, { limits: { gzipBytes } });
    const text = [...chunks()].join('');
    expect(gzipSync(text).length).toBeLessThanOrEqual(gzipBytes);
    expect(summary.leftOut).toBeGreaterThan(0);
    expect(summary.gzipBytes).toBeLessThanOrEqual(gzipBytes);
    const log = JSON.parse(text) as Log;
    const kept = log.runs.flatMap((run) => run.results!.map((finding) => rank(finding.properties!.severity)));
    const worstKept = Math.max(...kept);
    for (const severity of SEVERITIES) if (summary.leftOutBySeverity[severity] > 0) expect(rank(severity)).toBeGreaterThanOrEqual(worstKept);
  });
});

describe('a SARIF for GitHub that cannot fit', () => {
  it('is a one-line error naming the limit, not a file GitHub would refuse', () => {
    let error: unknown;
    try {
      githubSarif(demo, { limits: { gzipBytes: 5_000 } });
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toMatch(/^--sarif-for github: even without results the SARIF is \d+ kB gzipped, over GitHub's limit of 5 kB \(\d+ rules\); write the full SARIF \(--sarif-for full\)[^\n]*$/);
  });
});

describe('rules in the SARIF for GitHub', () => {
  it('carry as many tags as code scanning shows; the full SARIF keeps them all', () => {
    const tags = Array.from({ length: 15 }, (_, i) => `tag-${i}`);
    const result = { ...demo, rules: demo.rules.map((rule) => ({ ...rule, tags })) };
    for (const rule of logOf(result, {}).runs[0].tool.driver.rules!) expect((rule.properties!.tags as string[]).length).toBe(10);
    expect(((JSON.parse(renderSarif(result)) as Log).runs[0].tool.driver.rules![0].properties!.tags as string[]).length).toBe(17);
  });

  it('are only those a run names when there are more than a run may hold', () => {
    // With GitHub's limits that is never more than the rules limit: a run holds 5,000 results, and may name 25,000 rules.
    const log = logOf(demo, { limits: { rulesPerRun: 3 } });
    expect(demo.rules.length).toBeGreaterThan(3);
    for (const run of log.runs) {
      const ids = run.tool.driver.rules!.map((rule) => rule.id);
      expect(new Set(ids)).toEqual(new Set(run.results!.map((finding) => finding.ruleId)));
      for (const finding of run.results!) if (finding.ruleIndex !== undefined) expect(ids[finding.ruleIndex]).toBe(finding.ruleId);
    }
  });
});

describe('reports written with sarifFor: github', () => {
  const tmp = useTempDir('aiscan-github-sarif-');

  it('writes the SARIF for GitHub as aiscan.sarif and the full one beside it, the same as --sarif-for full writes', () => {
    const result = estateOf(demo, 5, 6);
    const written = writeReportFiles(result, ['sarif', 'json', 'md', 'html'], tmp.path('github'), { sarifFor: 'github', githubLimits: { resultsPerRun: 4, runsPerFile: 3 } });
    expect(written.files.map((file) => file.slice(tmp.path('github').length + 1))).toEqual(['aiscan.sarif', 'aiscan.full.sarif', 'aiscan.json', 'aiscan.md', 'aiscan.html']);
    writeReportFiles(result, ['sarif'], tmp.path('full'), {});
    expect(readFileSync(tmp.path('github', 'aiscan.full.sarif'), 'utf8')).toBe(readFileSync(tmp.path('full', 'aiscan.sarif'), 'utf8'));

    const summary = written.githubSarif!;
    expect(summary).toMatchObject({ total: 30, written: 12, leftOut: 18, runs: 3, completeIn: ['aiscan.full.sarif', 'aiscan.json'] });
    const markdown = readFileSync(tmp.path('github', 'aiscan.md'), 'utf8');
    expect(markdown).toContain('## Left out of the SARIF for GitHub code scanning');
    expect(markdown).toContain('**18 of 30 results are not in aiscan.sarif**');
    expect(markdown).toContain('Every result is in `aiscan.full.sarif` and `aiscan.json`.');
    expect(markdown).toMatch(/\| `aiscan\/group-01` \| `00000000-aaaa[^|]*\| \d+ \| \d+ \|/);
    const terminal = renderTerminal(result, written.files, { githubSarif: summary });
    expect(terminal).toMatch(/^SARIF for GitHub: 12 of 30 results in 3 runs \(\d+\.\d MB gzipped\); 18 left out to fit code scanning's limits \(.*\), the least important first; every result is in aiscan\.full\.sarif and aiscan\.json$/m);
    expect(terminal).toMatch(/^ {2}aiscan\/group-01: \d+ of \d+ left out$/m);

    // The JSON and HTML reports keep every result, and say what the Security tab does not show.
    const json = JSON.parse(readFileSync(tmp.path('github', 'aiscan.json'), 'utf8'));
    expect(json.findings).toHaveLength(30);
    expect(json.githubSarif).toMatchObject({ total: 30, written: 12, leftOut: 18 });
    const page = readFileSync(tmp.path('github', 'aiscan.html'), 'utf8');
    expect(page).toContain('<h2>Left out of the SARIF for GitHub code scanning</h2>');
    expect(page).toContain('<strong>18 of 30 results are not in aiscan.sarif</strong>');
    expect(page).toContain('<code>aiscan/group-01</code>');
  });

  it('is refused as a baseline when it left results out, in one line naming the full SARIF', () => {
    const cut = tmp.write('cut.sarif', [...githubSarif(estateOf(demo, 2, 6), { limits: { resultsPerRun: 2 } }).chunks()].join(''));
    let error: unknown;
    try {
      readBaseline(cut);
    } catch (caught) {
      error = caught;
    }
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toBe(`--baseline ${cut}: this SARIF was written with --sarif-for github and leaves out 8 results; give the full SARIF written beside it (aiscan.full.sarif)`);
  });

  it('is a baseline like the full SARIF when it left nothing out', () => {
    const whole = tmp.write('whole.sarif', [...githubSarif(demo).chunks()].join(''));
    const full = tmp.write('full.sarif', renderSarif(demo));
    const fingerprints = (file: string) => readBaseline(file).findings.map((finding) => finding.fingerprint).sort();
    expect(fingerprints(whole)).toEqual(fingerprints(full));
  });
});

describe('aiscan scan --sarif-for', () => {
  const tmp = useTempDir('aiscan-sarif-for-');

  it('github writes aiscan.sarif per subscription and aiscan.full.sarif, and says so in the summary', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('github'), '--fail-on', 'none', '--sarif-for', 'github');
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^SARIF for GitHub: all \d+ results in 2 runs \(\d+\.\d MB gzipped\), within code scanning's limits$/m);
    const log = JSON.parse(readFileSync(tmp.path('github', 'aiscan.sarif'), 'utf8')) as Log;
    expect(log.runs.map(categoryOf)).toEqual(['aiscan/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26', 'aiscan/c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95']);
    expect((JSON.parse(readFileSync(tmp.path('github', 'aiscan.full.sarif'), 'utf8')) as Log).runs).toHaveLength(1);
  });

  it('takes its value from aiscan.config.json, and the flag wins', async () => {
    const config = tmp.write('aiscan.config.json', JSON.stringify({ reports: { sarifFor: 'github' } }));
    await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', tmp.path('from-config'), '--fail-on', 'none', '--quiet');
    expect((JSON.parse(readFileSync(tmp.path('from-config', 'aiscan.sarif'), 'utf8')) as Log).runs).toHaveLength(2);
    const run = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--sarif-for', 'full', '--out', tmp.path('flag'), '--fail-on', 'none');
    expect((JSON.parse(readFileSync(tmp.path('flag', 'aiscan.sarif'), 'utf8')) as Log).runs).toHaveLength(1);
    expect(run.stdout).not.toContain('SARIF for GitHub');
  });

  it('refuses a value it does not know, in one line', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('bad'), '--sarif-for', 'gitlab');
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('sarif-for');
    const config = tmp.write('bad.config.json', JSON.stringify({ reports: { sarifFor: 'gitlab' } }));
    const fromConfig = await runCli('scan', ...SAMPLE_ARGS, '--config', config, '--out', tmp.path('bad'));
    expect(fromConfig.code).toBe(2);
    expect(fromConfig.stderr).toMatch(/^aiscan: [^\n]*bad\.config\.json[^\n]*\/reports\/sarifFor[^\n]*\n$/);
  });
});
