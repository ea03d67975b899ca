import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { idKey } from '../../src/ids.js';
import { PRODUCTION, RESEARCH, SAMPLE_FILES, writesAndSecretReads } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { ForeignServer } from '../emulator/foreign-server.js';
import { useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { useTempDir } from '../helpers/temp.js';

interface JsonReport {
  exitCode: number;
  findings: { ruleId: string; resourceId: string; failingPaths: string[]; location: { file: string; startLine: number } }[];
  coverageGaps: { subscriptionId: string; resourceType: string; status: string }[];
  notEvaluated: { ruleId: string; subscriptionId: string }[];
  rules: { id: string; counts: { pass: number; fail: number; notApplicable: number; notEvaluated: number } }[];
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const findingKeys = (report: JsonReport) => report.findings.map((f) => `${f.ruleId} ${idKey(f.resourceId)} ${f.failingPaths.join(',')}`).sort();
const sample = resourcesOfSnapshots(SAMPLE_FILES);

describe('aiscan scan --subscription … --arm-endpoint … --auth cli', () => {
  const env = useLiveCliEnvironment();
  const tmp = useTempDir();
  const live = (...extra: string[]) => ['--auth', 'cli', '--format', 'sarif', 'json', '--fail-on', 'none', '--quiet', ...extra];

  it('finds exactly what a scan of the same estate from snapshot files finds', async () => {
    const emulator = await env.emulator({ resources: sample, pageSize: 5 });
    const online = await runCli('scan', '--subscription', RESEARCH, '--subscription', PRODUCTION, '--arm-endpoint', emulator.url, '--out', tmp.path('live'), ...live());
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('offline'), '--format', 'json', '--fail-on', 'none', '--quiet');
    expect([online.code, online.stderr]).toEqual([0, '']);
    const liveReport = readJson<JsonReport>(tmp.path('live', 'aiscan.json'));
    const offlineReport = readJson<JsonReport>(tmp.path('offline', 'aiscan.json'));
    expect(liveReport.findings.length).toBeGreaterThan(10);
    expect(findingKeys(liveReport)).toEqual(findingKeys(offlineReport));
    // The resource SKUs read per region give the same capacity findings as the sample's (a region and a zone restricted in production).
    expect(findingKeys(liveReport).filter((key) => key.startsWith('AIS-CAP-'))).toHaveLength(2);
    // The PIM schedule instances listed at each subscription give the same privileged-access findings: a permanent Owner, an Owner eligibility without an end.
    expect(findingKeys(liveReport).filter((key) => key.startsWith('AIS-RBAC-006') || key.startsWith('AIS-RBAC-007'))).toHaveLength(2);
    // The Azure ML usages and quotas read per region holding ML compute give the sample's Azure ML quota findings: a cluster beyond its family's quota, a workspace cap below one node, a family 87.5% used.
    expect(findingKeys(liveReport).filter((key) => /^AIS-QUOTA-00[567]/.test(key))).toHaveLength(3);
    expect(liveReport.coverageGaps).toEqual([]);
    expect(writesAndSecretReads(emulator)).toEqual([]);
    expect(env.az.calls().filter((call) => call.startsWith('account get-access-token'))).toHaveLength(1);
  });

  it('writes SARIF that passes the OASIS schema, every result pointing into the collected snapshot', async () => {
    const emulator = await env.emulator({ resources: sample });
    const out = tmp.path('sarif');
    await runCli('scan', '--subscription', RESEARCH, '--subscription', PRODUCTION, '--arm-endpoint', emulator.url, '--out', out, ...live());
    const sarif = readJson<{ runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }>(join(out, 'aiscan.sarif'));
    expect(oasisSchemaErrors(sarif)).toEqual([]);
    expect(multitoolViolations(join(out, 'aiscan.sarif')).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
    const snapshotLines = readFileSync(join(out, 'estate.json'), 'utf8').split('\n');
    const results = sarif.runs[0].results;
    expect(results.length).toBeGreaterThan(10);
    for (const result of results) {
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(/estate\.json$/);
      expect(region.startLine).toBeLessThanOrEqual(snapshotLines.length);
    }
    // Each finding's region holds the same JSON text in the collected snapshot as in the sample files.
    await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('sarif-offline'), '--format', 'json', '--fail-on', 'none', '--quiet');
    const lineOf = (finding: JsonReport['findings'][number]) => readFileSync(finding.location.file, 'utf8').split('\n')[finding.location.startLine - 1].trim();
    const regionText = (report: JsonReport) => new Map(report.findings.map((f) => [`${f.ruleId} ${idKey(f.resourceId)}`, lineOf(f)]));
    const liveReport = readJson<JsonReport>(join(out, 'aiscan.json'));
    expect(liveReport.findings.every((finding) => finding.location.file === join(out, 'estate.json'))).toBe(true);
    expect(regionText(liveReport)).toEqual(regionText(readJson<JsonReport>(tmp.path('sarif-offline', 'aiscan.json'))));
  });

  it('reports a denied subscription as a coverage gap: exit 3, its rules not evaluated, nothing there passed', async () => {
    const emulator = await env.emulator({ resources: sample, deniedSubscriptions: [PRODUCTION] });
    const out = tmp.path('denied');
    const result = await runCli('scan', '--subscription', RESEARCH, '--subscription', PRODUCTION, '--arm-endpoint', emulator.url, '--out', out, ...live());
    expect(result.code).toBe(3);
    const report = readJson<JsonReport>(join(out, 'aiscan.json'));
    expect(report.coverageGaps).toEqual([expect.objectContaining({ subscriptionId: PRODUCTION, resourceType: '*', status: 'denied' })]);
    expect(report.notEvaluated.filter((entry) => entry.subscriptionId === PRODUCTION).length).toBe(report.rules.length);
    expect(report.findings.every((finding) => !finding.resourceId.includes(PRODUCTION))).toBe(true);
    const sarif = readJson<{ runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { message: { text: string } }[] }[] }[] }>(join(out, 'aiscan.sarif'));
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.map((n) => n.message.text).join('\n')).toContain(PRODUCTION);
    expect(oasisSchemaErrors(sarif)).toEqual([]);
  });

  it('says on stderr how many requests the collection took, and how many were retries', async () => {
    const emulator = await env.emulator({ resources: sample });
    emulator.faults.add({ match: (r) => r.method === 'POST', respond: { kind: 'throttle', retryAfter: '1', retryAfterMs: 20 }, times: 3 });
    const out = tmp.path('retries');
    const result = await runCli('scan', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--auth', 'cli', '--format', 'json', '--fail-on', 'none', '--out', out);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`aiscan: read 1 subscription(s) into ${join(out, 'estate.json')}: ${emulator.requests.length} requests, 3 retries after 60 ms of waiting\n`);
  });

  it('a nextLink to another host is a coverage gap (exit 3), and that host is never contacted', async () => {
    const emulator = await env.emulator({ resources: sample });
    const foreign = await ForeignServer.start(env.certificate);
    try {
      emulator.faults.add({ match: /virtualMachines$/i, respond: { kind: 'reply', status: 200, body: { value: [], nextLink: `${foreign.url}/vms?$skiptoken=sig` } } });
      const out = tmp.path('foreign');
      const result = await runCli('scan', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, ...live('--out', out));
      expect(result.code).toBe(3);
      const report = readJson<JsonReport & { coverageGaps: { message?: string }[] }>(join(out, 'aiscan.json'));
      expect(report.coverageGaps).toContainEqual(
        expect.objectContaining({ resourceType: 'Microsoft.Compute/virtualMachines', status: 'failed', message: expect.stringContaining(`refused to follow a link to ${foreign.url}`) }),
      );
      expect(foreign.contacted).toBe(false);
    } finally {
      await foreign.close();
    }
  });

  it('fails on a malformed rule before reading anything from Azure', async () => {
    const emulator = await env.emulator({ resources: sample });
    mkdirSync(tmp.path('bad-rules'));
    writeFileSync(tmp.path('bad-rules', 'bad-rule.json'), '{"id": "X-1"}');
    const result = await runCli('scan', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--rules', tmp.path('bad-rules'), '--out', tmp.path('bad'), ...live());
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aiscan: .*bad-rule\.json/);
    expect(emulator.requests).toEqual([]);
  });

  it('refuses --snapshot together with a live scope', async () => {
    const result = await runCli('scan', ...SAMPLE_ARGS, '--subscription', RESEARCH);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aiscan: scan: give either --snapshot FILE or a live scope .*\n$/);
  });
});
