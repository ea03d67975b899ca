import { readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, expectCorrectScan, expectOneLineError, scanInChild } from './harness.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Inputs too big to commit, or that could hang or exhaust the stack: generated here, each scanned
 * by the CLI in a process of its own that is killed if it runs too long. A hang fails the test
 * instead of stalling the suite.
 */

const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-gpu`;
const TIMEOUT = 60_000;
const MB = 1 << 20;

function vm(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: `${GROUP}/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'eastus',
    properties: {
      hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' },
      networkProfile: { networkInterfaces: [{ id: `${GROUP}/providers/Microsoft.Network/networkInterfaces/nic-${name}` }] },
    },
    ...extra,
  };
}

function nic(name: string): Record<string, unknown> {
  return { id: `${GROUP}/providers/Microsoft.Network/networkInterfaces/nic-${name}`, name: `nic-${name}`, type: 'Microsoft.Network/networkInterfaces', location: 'eastus', properties: { enableAcceleratedNetworking: false } };
}

function snapshot(resources: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { format: 'aiscan-snapshot', version: 1, collectedAt: '2026-11-20T02:00:00Z', scopes: [{ subscriptionId: SUBSCRIPTION }], coverage: [], resources, ...extra };
}

function nested(depth: number, leaf: string): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}

describe('generated hostile inputs, each in its own process', () => {
  const tmp = useTempDir('aiscan-generated-');
  let run = 0;
  const out = () => tmp.path(`out-${run++}`);
  const write = (name: string, content: string | Buffer | object) =>
    tmp.write(name, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content, null, 2));

  it('scans a resource holding 10 MB strings, against a backtracking-prone rule pattern, in bounded time and output', () => {
    const huge = 'a'.repeat(10 * MB) + '!';
    const file = write('ten-megabytes.json', snapshot([vm('vm-huge', { tags: { owner: huge }, properties: { description: huge, hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } } }), nic('vm-huge')]));
    const outcome = scanInChild(['--snapshot', file, '--rules', join(CORPUS, 'rules', 'catastrophic-pattern'), '--fail-on', 'none'], out(), TIMEOUT);
    const log = expectCorrectScan(outcome);
    const finding = (log.runs[0].results ?? []).find((r) => r.ruleId === 'AIS-TST-001');
    expect(finding?.message.text).toMatch(/^VM vm-huge has owner a{1000}…\.$/);
    expect(statSync(join(outcome.out, 'aiscan.sarif')).size).toBeLessThan(2 * MB);
  });

  it('matches `(a+)+$`, `^(a|aa)+$` and `^(?=a)(a+)+$` against 50,000 a’s and a "!" in linear time', () => {
    const aaa = `${'a'.repeat(50_000)}!`;
    const file = write('aaa.json', [vm('vm-a', { tags: { owner: aaa, [aaa]: 'x' } }), nic('vm-a')]);
    for (const rules of ['catastrophic-pattern', 'catastrophic-pattern-properties', 'catastrophic-lookahead']) {
      expectCorrectScan(scanInChild(['--snapshot', file, '--rules', join(CORPUS, 'rules', rules), '--fail-on', 'none'], out(), TIMEOUT));
    }
  });

  it('scans resources nested 10,000 levels deep, also against a recursive schema', () => {
    const deep = nested(10_000, '{"password":"x"}');
    const text = JSON.stringify(snapshot([vm('vm-deep', { properties: 'DEEP' }), nic('vm-deep')])).replace('"DEEP"', deep);
    const file = write('deep-resource.json', text);
    expectCorrectScan(scanInChild(['--snapshot', file, '--fail-on', 'none', '--format', 'sarif', 'json', 'md', 'html', 'junit'], out(), TIMEOUT));
    const recursive = scanInChild(['--snapshot', file, '--rules', join(CORPUS, 'rules', 'recursive-ref'), '--fail-on', 'none'], out(), TIMEOUT);
    if (recursive.code === 2) expectOneLineError(recursive, file, /at \/resources\/0: .*vm-deep is nested too deeply to evaluate/);
    else expectCorrectScan(recursive);
  });

  it('rejects a document of 100,000 nested arrays at the first element, in one line', () => {
    const file = write('deep-document.json', '['.repeat(100_000) + ']'.repeat(100_000));
    expectOneLineError(scanInChild(['--snapshot', file], out(), TIMEOUT), file, /at \/0: expected object/);
  });

  it('says where a truncated 20,000-level nesting ends, in one line', () => {
    const file = write('deep-truncated.json', '{"resources":' + '{"a":'.repeat(20_000));
    expectOneLineError(scanInChild(['--snapshot', file], out(), TIMEOUT), file, /:1:\d+: invalid JSON/);
  });

  it('keeps the first of 50,000 resources sharing one id, and names the rest in one line', () => {
    const resources = Array.from({ length: 50_000 }, (_, i) => ({ ...vm('vm-dup'), id: (i % 2 ? vm('vm-dup').id as string : (vm('vm-dup').id as string).toUpperCase()), name: `vm-dup-${i}` }));
    const file = write('duplicates.json', snapshot([...resources, nic('vm-dup')]));
    const outcome = scanInChild(['--snapshot', file, '--fail-on', 'none', '--format', 'json'], out(), TIMEOUT);
    expect(outcome.code).toBe(0);
    const report = JSON.parse(readFileSync(join(outcome.out, 'aiscan.json'), 'utf8')) as { warnings: string[]; resourceCount: number };
    expect(report.resourceCount).toBe(2);
    expect(report.warnings).toEqual([
      expect.stringMatching(/: at \/resources\/0: "[^"]+VM-DUP" is scanned, and 49999 other resources with the same id \(ids compare ignoring ASCII case, as in Azure\) are not: "[^"]+vm-dup" at .*duplicates\.json at \/resources\/1, .*, and 49994 more$/),
    ]);
  });

  it('scans a snapshot with 200,000 coverage entries and a cluster with 100,000 agent pools', () => {
    const coverage = Array.from({ length: 200_000 }, (_, i) => ({ subscriptionId: SUBSCRIPTION, resourceType: `Microsoft.Test/type${i}`, status: 'read' }));
    const pools = Array.from({ length: 100_000 }, (_, i) => ({ name: `pool${i}`, vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', count: 1 }));
    const cluster = { id: `${GROUP}/providers/Microsoft.ContainerService/managedClusters/aks-many`, type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { agentPoolProfiles: pools } };
    const file = write('wide.json', snapshot([cluster], { coverage }));
    expectCorrectScan(scanInChild(['--snapshot', file, '--fail-on', 'none', '--format', 'sarif'], out(), TIMEOUT));
  });

  it('scans a resource with a 1 MB id and one with 200,000 properties', () => {
    const longId = `${GROUP}/providers/Microsoft.Compute/virtualMachines/${'v'.repeat(MB)}`;
    const wide = Object.fromEntries(Array.from({ length: 200_000 }, (_, i) => [`key${i}`, i]));
    const file = write('long-and-wide.json', [vm('vm-long', { id: longId }), vm('vm-wide', { tags: wide }), nic('vm-wide')]);
    expectCorrectScan(scanInChild(['--snapshot', file, '--fail-on', 'none'], out(), TIMEOUT));
  });

  it('rejects a rule whose schema nests 10,000 levels, naming the rule file', () => {
    const folder = tmp.path('deep-rule', 'custom');
    mkdirSync(folder, { recursive: true });
    const rule = JSON.parse(readFileSync(join(CORPUS, 'rules', 'catastrophic-pattern', 'custom', 'AIS-TST-001.json'), 'utf8')) as Record<string, unknown>;
    const file = join(folder, 'AIS-TST-001.json');
    writeFileSync(file, JSON.stringify({ ...rule, assert: 'DEEP' }).replace('"DEEP"', '{"not":'.repeat(10_000) + '{}' + '}'.repeat(10_000)));
    expectOneLineError(scanInChild(['--snapshot', 'examples/estate/subscription-research.json', '--rules', tmp.path('deep-rule')], out(), TIMEOUT), file, /at \/assert: the schema nests too deeply to load \(10001 levels\)/);
  });

  it('refuses a device instead of reading it forever', () => {
    expectOneLineError(scanInChild(['--snapshot', '/dev/zero'], out(), TIMEOUT), '/dev/zero', /cannot read an estate file: it is a device, not a file/);
  });

  it('refuses a folder given as an estate file', () => {
    expectOneLineError(scanInChild(['--snapshot', CORPUS], out(), TIMEOUT), CORPUS, /cannot read an estate file: it is a folder, not a file/);
  });

  // A glob's `**` on JavaScript's backtracking RegExp took exponential time: 22 of them against a
  // resource id with 80 a's and no final b. Globs now run on RE2 (re2js), linear in the id.
  const ids = [vm(`vm-${'a'.repeat(40)}`, { id: `${GROUP}-${'a'.repeat(40)}/providers/Microsoft.Compute/virtualMachines/vm-${'a'.repeat(40)}` })];

  it('a suppression glob with many ** does not hang the scan', () => {
    const file = write('aaa-ids.json', ids);
    const outcome = scanInChild(['--snapshot', file, '--suppressions', join(CORPUS, 'suppressions', 'catastrophic-glob.json')], out(), 15_000);
    expectCorrectScan(outcome);
  });

  it('a scope glob with many ** does not hang the scan', () => {
    const file = write('aaa-ids-2.json', ids);
    const outcome = scanInChild(['--snapshot', file, '--config', join(CORPUS, 'configs', 'scope-catastrophic-glob.json')], out(), 15_000);
    expectCorrectScan(outcome);
  });

  // jsonc-parser recurses once per nesting level: config/validated-file.ts refuses such depth before parsing.
  it('a configuration file nested 10,000 levels deep is one line naming the file', () => {
    const file = write('deep-config.json', `{"rules": {"parameters": {"AIS-AKS-001": ${nested(10_000, '1')}}}}`);
    expectOneLineError(
      scanInChild(['--snapshot', 'examples/estate/subscription-research.json', '--config', file], out(), TIMEOUT),
      file,
      /:1:\d+: a config file is nested too deeply to read \(more than 1000 levels/,
    );
  });
});
