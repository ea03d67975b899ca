import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILTIN_RULES_DIR } from '../../src/engine/load-rules.js';
import { renderJson } from '../../src/report/json.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan, type ScanOptions } from '../../src/scan.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Issue 10 rewrote the built-in rules with `fields` and named conditions. `rules-before/` holds
 * every rule file as it was before (nested `required`/`properties` written out by hand); the
 * rewritten pack must find exactly what it found on the sample estate, down to the SARIF bytes
 * (the failing paths, and with them the lines results point at).
 *
 * Where a rule changes on purpose later, delete its file from rules-before/: this test then
 * compares the rest.
 *
 * What the rewrite changed on purpose, and why the sample estate cannot tell:
 * - AIS-NET-003 / AIS-NET-004 say "publicIPAddress(Configuration) absent" with `false`, which is
 *   absent or null. Before, a value that was not an object (AIS-NET-004), or an object without an
 *   `id` (AIS-NET-003), passed; ARM never returns one, and now it fails (tested below).
 * - AIS-RBAC-001 uses the gpuScope condition, which requires `facts.scope`; before, a role
 *   assignment without it was in scope. The facts layer gives every role assignment a scope.
 * - AIS-QUOTA-003/004 require `facts.scaleOut` in `assert`, AIS-RBAC-005 no longer requires
 *   `facts` there: their `when` requires both already, so no resource `assert` sees differs.
 */
const BEFORE = join('test', 'engine', 'fields-rewrite', 'rules-before');
const SAMPLE_ESTATE = readdirSync(join('examples', 'estate'))
  .filter((file) => file.endsWith('.json'))
  .map((file) => join('examples', 'estate', file));

const ruleIdsBefore = new Set(
  readdirSync(BEFORE, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.json'))
    .map((file) => file.replace(/^.*\//, '').replace(/\.json$/, '')),
);

/** One scan, the same clock and options both times; only the rule folder differs. */
function scanWith(rulesFolder: string) {
  const options: ScanOptions = {
    snapshots: SAMPLE_ESTATE,
    directories: [rulesFolder],
    builtin: false,
    builtinRulesOffBy: 'the test',
    failOn: 'none',
    recordOutcomes: true,
    ruleSelection: { include: [...ruleIdsBefore] },
    now: () => new Date('2025-01-01T00:00:00Z'),
  };
  return scan(options);
}

/**
 * The pack's files of the rules rules-before/ holds, copied byte for byte (the pack's conditions are
 * loaded with any rule folder): rules
 * added to the pack since (the Kubernetes area) are then not "disabled" in one scan and absent
 * from the other.
 */
function packAsItWas(): string {
  const folder = mkdtempSync(join(tmpdir(), 'aiscan-rules-rewritten-'));
  for (const file of readdirSync(BUILTIN_RULES_DIR, { recursive: true, encoding: 'utf8' })) {
    const id = file.replace(/^.*\//, '').replace(/\.json$/, '');
    if (ruleIdsBefore.has(id)) cpSync(join(BUILTIN_RULES_DIR, file), join(folder, file), { recursive: true });
  }
  return folder;
}

describe('the built-in rules rewritten with fields and conditions', () => {
  const before = scanWith(BEFORE);
  const pack = packAsItWas();
  const after = scanWith(pack);
  afterAll(() => rmSync(pack, { recursive: true, force: true }));

  it('still holds every rule it held before', () => {
    expect(after.rules.map((rule) => rule.id).sort()).toEqual([...ruleIdsBefore].sort());
  });

  it('finds the same findings on the sample estate, at the same paths and lines', () => {
    expect(after.findings.length).toBeGreaterThan(0);
    expect(after.findings).toEqual(before.findings);
  });

  it('has the same outcome for every rule and resource, passes and not-applicable included', () => {
    expect(after.outcomes).toEqual(before.outcomes);
    expect(after.counts).toEqual(before.counts);
    expect(after.notEvaluated).toEqual(before.notEvaluated);
  });

  it('writes byte-identical SARIF and JSON reports', () => {
    expect(renderSarif(after)).toBe(renderSarif(before));
    expect(renderJson(after)).toBe(renderJson(before));
  });
});

describe('what the rewrite changed on purpose: "absent" is absent or null, nothing else', () => {
  const tmp = useTempDir();
  const SUBSCRIPTION = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-gpu/providers';
  const nicId = `${SUBSCRIPTION}/Microsoft.Network/networkInterfaces/nic-a10`;
  const estate = (publicIPAddress: unknown) => [
    {
      id: `${SUBSCRIPTION}/Microsoft.Compute/virtualMachines/vm-a10`,
      name: 'vm-a10',
      type: 'Microsoft.Compute/virtualMachines',
      location: 'eastus',
      properties: { hardwareProfile: { vmSize: 'Standard_NV36ads_A10_v5' }, networkProfile: { networkInterfaces: [{ id: nicId }] } },
    },
    {
      id: nicId,
      name: 'nic-a10',
      type: 'Microsoft.Network/networkInterfaces',
      location: 'eastus',
      properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAddress: '10.20.1.5', publicIPAddress } }] },
    },
  ];
  const net003 = (rulesFolder: string, publicIPAddress: unknown) => {
    const file = join(tmp.path(), `estate-${JSON.stringify(publicIPAddress).length}.json`);
    writeFileSync(file, JSON.stringify(estate(publicIPAddress)));
    const result = scan({ snapshots: [file], directories: [rulesFolder], builtin: false, failOn: 'none', ruleSelection: { include: ['AIS-NET-003'] } });
    return { ...result.counts['AIS-NET-003'], paths: result.findings.map((finding) => finding.failingPaths) };
  };

  it.each([
    ['a reference to a public IP', 'fail', 'fail', { id: `${SUBSCRIPTION}/Microsoft.Network/publicIPAddresses/pip` }],
    ['null', 'pass', 'pass', null],
    ['an object without an id', 'pass', 'fail', {}],
  ])('AIS-NET-003 with publicIPAddress %s: %s before, %s after', (_, before, after, publicIPAddress) => {
    const outcome = (counts: { pass: number; fail: number }) => (counts.fail > 0 ? 'fail' : counts.pass > 0 ? 'pass' : 'neither');
    expect(outcome(net003(BEFORE, publicIPAddress))).toBe(before);
    const now = net003(BUILTIN_RULES_DIR, publicIPAddress);
    expect(outcome(now)).toBe(after);
    if (after === 'fail') expect(now.paths).toEqual([['properties.ipConfigurations[0].properties.publicIPAddress']]);
  });
});
