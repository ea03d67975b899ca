import { copyFileSync, readFileSync } from 'node:fs';
import { idKey } from '../../src/ids.js';
import { scopeFingerprint, shardOf } from '../../src/sources/shard.js';
import { PRODUCTION, RESEARCH, SAMPLE_FILES, type Snapshot } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { syntheticEstate, syntheticSubscriptionId } from '../../support/emulator/synthetic-estate.js';
import type { ArmEmulator } from '../../support/emulator/arm-emulator.js';
import { useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { runCli, type CliRun } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

interface JsonReport {
  exitCode: number;
  verdict: string;
  findings: { ruleId: string; resourceId: string }[];
  coverageGaps: unknown[];
  shards?: { complete: boolean; count: number; scope: string; missing: number[]; present: { index: number; file: string }[]; problem?: string };
}

const SYNTHETIC = Array.from({ length: 6 }, (_, i) => syntheticSubscriptionId(i + 1));
const ALL = [RESEARCH, PRODUCTION, ...SYNTHETIC];
const resources = [...resourcesOfSnapshots(SAMPLE_FILES), ...syntheticEstate({ subscriptions: SYNTHETIC.length, resourcesPerSubscription: 15 })];
const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const findingKeys = (report: JsonReport) => report.findings.map((f) => `${f.ruleId} ${idKey(f.resourceId)}`).sort();

const env = useLiveCliEnvironment();
const tmp = useTempDir('aiscan-shards-');
let emulator: ArmEmulator;
const collect = (...args: string[]) => runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli', '--all-subscriptions', ...args);
const scan = (out: string, files: string[], ...args: string[]) => runCli('scan', ...files.flatMap((file) => ['--snapshot', file]), '--out', tmp.path(out), '--format', 'json', 'md', 'html', 'sarif', ...args);
const shardFile = (k: number) => tmp.path(`shard-${k}.json`);

beforeAll(async () => {
  emulator = await env.emulator({ resources });
  // The scope this test relies on: 8 subscriptions, none of the 3 shards empty.
  expect(new Set(ALL.map((id) => shardOf(id, 3)))).toEqual(new Set([1, 2, 3]));
  const whole = await collect('--snapshot-out', tmp.path('whole.json'), '--quiet');
  expect(whole).toMatchObject({ code: 0, stderr: '' });
  for (const k of [1, 2, 3]) expect(await collect('--shard', `${k}/3`, '--snapshot-out', shardFile(k), '--quiet')).toMatchObject({ code: 0, stderr: '' });
});
beforeEach(() => emulator.requests.splice(0));

describe('aiscan collect --shard K/N', () => {
  it('writes the subscriptions the hash assigns to shard K, every subscription in exactly one shard, and says which shard of what it is', () => {
    const snapshots = [1, 2, 3].map((k) => readJson<Snapshot & { shard: unknown }>(shardFile(k)));
    snapshots.forEach((snapshot, i) => {
      expect(snapshot.shard).toEqual({ index: i + 1, count: 3, scope: scopeFingerprint(ALL), scopeSubscriptions: ALL.length });
      expect(snapshot.scopes.map((scope) => shardOf(scope.subscriptionId, 3))).toEqual(snapshot.scopes.map(() => i + 1));
    });
    expect(snapshots.flatMap((snapshot) => snapshot.scopes.map((scope) => scope.subscriptionId)).sort()).toEqual([...ALL].sort());
    expect(readJson<Record<string, unknown>>(tmp.path('whole.json')).shard).toBeUndefined();
  });

  it('reads only its own subscriptions, and tells the user it is one part of the scope', async () => {
    const result = await collect('--shard', '2/3', '--snapshot-out', tmp.path('again-2.json'));
    expect(result.code).toBe(0);
    expect(result.stdout.split('\n')[1]).toBe(`Shard 2/3 of 8 subscription(s) in scope, ${scopeFingerprint(ALL).slice(0, 19)}…: scan it together with the snapshots of the other 2 shard(s) (aiscan scan --snapshot FILE…)`);
    const read = new Set(emulator.requests.map((r) => /^\/subscriptions\/([^/]+)\//i.exec(r.path)?.[1]?.toLowerCase()).filter(Boolean));
    expect([...read].sort()).toEqual(ALL.filter((id) => shardOf(id, 3) === 2).sort());
  });

  it('writes a snapshot of a shard that holds no subscription, which counts as that shard', async () => {
    const empty = shardOf(RESEARCH, 2) === 1 ? 2 : 1;
    const files = [tmp.path('one-empty.json'), tmp.path('one-full.json')];
    const results = [
      await runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli', '--subscription', RESEARCH, '--shard', `${empty}/2`, '--snapshot-out', files[0]),
      await runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli', '--subscription', RESEARCH, '--shard', `${3 - empty}/2`, '--snapshot-out', files[1], '--quiet'),
    ];
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results[0].stdout).toMatch(/^Wrote .*: 0 resources from 0 subscription\(s\), 0 requests, 0 retries\n/);
    expect(readJson<Snapshot>(files[0])).toMatchObject({ scopes: [], coverage: [], resources: [], shard: { index: empty, count: 2 } });
    const report = await scan('one', files, '--fail-on', 'none', '--quiet');
    expect(report.code).toBe(0);
    expect(readJson<JsonReport>(tmp.path('one', 'aiscan.json')).shards).toMatchObject({ complete: true, count: 2 });
  });
});

describe('aiscan scan --snapshot shard-*.json', () => {
  it('finds exactly what a scan of an unsharded collection finds, with the same exit code, and says every shard is there', async () => {
    for (const failOn of ['none', 'high']) {
      const whole = await scan(`whole-${failOn}`, [tmp.path('whole.json')], '--fail-on', failOn);
      const sharded = await scan(`sharded-${failOn}`, [1, 2, 3].map(shardFile), '--fail-on', failOn);
      expect([sharded.code, sharded.stderr]).toEqual([whole.code, '']);
      expect(whole.code).toBe(failOn === 'none' ? 0 : 1);
      const [wholeReport, shardedReport] = [readJson<JsonReport>(tmp.path(`whole-${failOn}`, 'aiscan.json')), readJson<JsonReport>(tmp.path(`sharded-${failOn}`, 'aiscan.json'))];
      expect(wholeReport.findings.length).toBeGreaterThan(20);
      expect(findingKeys(shardedReport)).toEqual(findingKeys(wholeReport));
      expect(shardedReport.coverageGaps).toEqual([]);
      expect(shardedReport.verdict).toBe(wholeReport.verdict);
      expect(shardedReport.shards).toMatchObject({ complete: true, count: 3, missing: [], scope: scopeFingerprint(ALL) });
      expect(wholeReport.shards).toBeUndefined();
      expect(sharded.stdout).toContain(`\nShards: all 3 shard(s) present (8 subscription(s) in scope, scope ${scopeFingerprint(ALL).slice(0, 19)}…)\n`);
      expect(whole.stdout).not.toContain('Shards:');
    }
  });

  it('reports a missing shard as a coverage gap: exit 3, the shard named in the verdict, the terminal, and every report', async () => {
    const result = await scan('missing', [shardFile(1), shardFile(3)], '--fail-on', 'none');
    expect(result.code).toBe(3);
    const [verdict] = result.stdout.split('\n');
    expect(verdict).toMatch(/^PASS \(fail-on none\): \d+ findings below the threshold; INCOMPLETE: missing shard 2\/3$/);
    expect(result.stdout).toContain(
      `\nShards: INCOMPLETE: 2 of 3 shard(s) present (8 subscription(s) in scope, scope ${scopeFingerprint(ALL).slice(0, 19)}…): missing shard 2/3; the subscriptions of a missing shard were not read, and no finding, pass or gap is reported for them\n`,
    );
    const report = readJson<JsonReport>(tmp.path('missing', 'aiscan.json'));
    expect(report).toMatchObject({ exitCode: 3, verdict, shards: { complete: false, count: 3, missing: [2], problem: 'missing shard 2/3' } });
    expect(report.shards!.present.map((p) => p.index)).toEqual([1, 3]);
    // Nothing of shard 2's subscriptions is reported: they were not read.
    const shard2 = ALL.filter((id) => shardOf(id, 3) === 2).map((id) => id.toLowerCase());
    expect(report.findings.filter((f) => shard2.some((id) => f.resourceId.toLowerCase().startsWith(`/subscriptions/${id}`)))).toEqual([]);
    const markdown = readFileSync(tmp.path('missing', 'aiscan.md'), 'utf8');
    expect(markdown).toContain('## Shards');
    expect(markdown).toContain('\n| 2/3 | — | **missing: not read, not scanned** |\n');
    const html = readFileSync(tmp.path('missing', 'aiscan.html'), 'utf8');
    expect(html).toContain('<h2>Coverage gaps</h2>');
    expect(html).toContain('missing: not read, not scanned');
    const sarif = readJson<{ runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: { descriptor: { id: string }; message: { text: string } }[] }[] }[] }>(
      tmp.path('missing', 'aiscan.sarif'),
    );
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications.find((n) => n.descriptor.id === 'AIS-SHARDS-INCOMPLETE')?.message.text).toContain('missing shard 2/3');
  });

  it('keeps exit 1 when a finding fails the gate, and still says the set is incomplete', async () => {
    const result = await scan('missing-high', [shardFile(1), shardFile(3)], '--fail-on', 'high', '--quiet');
    expect(result.code).toBe(1);
    expect(readJson<JsonReport>(tmp.path('missing-high', 'aiscan.json')).verdict).toMatch(/^FAIL: .*; INCOMPLETE: missing shard 2\/3$/);
  });

  it('never takes a shard given twice, or a shard of another collection, for a whole set', async () => {
    copyFileSync(shardFile(1), tmp.path('shard-1-again.json'));
    const twice = await scan('twice', [shardFile(1), tmp.path('shard-1-again.json'), shardFile(2), shardFile(3)], '--fail-on', 'none', '--quiet');
    expect(twice.code).toBe(3);
    expect(readJson<JsonReport>(tmp.path('twice', 'aiscan.json')).shards?.problem).toBe(
      `shard 1/3 is in 2 snapshots (${shardFile(1)}, ${tmp.path('shard-1-again.json')}): give each shard once`,
    );

    // Shard 2 of a split in four, and shard 2 of another scope (two subscriptions), in place of the missing shard 2/3.
    expect((await collect('--shard', '2/4', '--snapshot-out', tmp.path('four-2.json'), '--quiet')).code).toBe(0);
    const narrow = await runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli', '--subscription', `${RESEARCH},${PRODUCTION}`, '--shard', '2/3', '--snapshot-out', tmp.path('narrow-2.json'), '--quiet');
    expect(narrow.code).toBe(0);
    for (const [name, other] of [
      ['four', tmp.path('four-2.json')],
      ['narrow', tmp.path('narrow-2.json')],
    ]) {
      const mixed = await scan(name, [shardFile(1), other, shardFile(3)], '--fail-on', 'none');
      expect(mixed.code).toBe(3);
      const shards = readJson<JsonReport>(tmp.path(name, 'aiscan.json')).shards!;
      expect(shards).toMatchObject({ complete: false, count: 3, missing: [2] });
      expect(shards.problem).toContain(`missing shard 2/3; ${other} is shard 2/`);
      expect(shards.problem).toContain('of another collection');
    }
  });
});

describe('errors a user can cause with --shard: one line, exit 2, nothing sent', () => {
  const expectOneLineError = (result: CliRun, message: string) => {
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`aiscan: ${message}\n`);
    expect(emulator.requests).toEqual([]);
  };

  it.each([
    ['0/4', '--shard 0/4: shard 0 of 4 does not exist: shards are numbered 1 to 4'],
    ['5/4', '--shard 5/4: shard 5 of 4 does not exist: shards are numbered 1 to 4'],
    ['1/0', '--shard 1/0: the number of shards must be a whole number from 1 to 10000, got 0'],
    ['a/b', '--shard: "a/b" is not K/N (shard K of N, counted from 1: 1/4, 2/4, 3/4 and 4/4 split the scope in four)'],
  ])('aiscan collect --shard %s', async (value, message) => {
    expectOneLineError(await collect('--shard', value, '--out', tmp.path('refused')), message);
  });

  it('refuses a cluster that is in no shard', async () => {
    expectOneLineError(
      await collect('--shard', '1/2', '--kubeconfig', tmp.path('no-such-kubeconfig'), '--out', tmp.path('refused')),
      "--shard: a cluster named with --aks ID or --kubeconfig is in no shard; collect it apart, or use --aks without an id to read the clusters of each shard's subscriptions",
    );
  });

  it('is a flag of collect only: a live scan reads every shard of its scope', async () => {
    const result = await runCli('scan', '--arm-endpoint', emulator.url, '--auth', 'cli', '--all-subscriptions', '--shard', '1/2');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aiscan: Unknown argument: shard\n$/);
  });
});
