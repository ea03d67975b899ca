import { join } from 'node:path';
import { ruleSelector } from '../../src/config/select-rules.js';
import { scan } from '../../src/scan.js';
import { writeRule } from '../engine/rule-files.js';
import { useTempDir } from '../helpers/temp.js';
import { expectCorrectScan, expectOneLineError, scanInProcess } from './harness.js';

/**
 * Names that are also members of Object.prototype, wherever estate, rule and config data become
 * keys: rule folders (areas), rule ids, parameter names, tag names, config keys. Each is data like
 * any other name: nothing disappears, nothing is read from Object.prototype, nothing is written to it.
 */

const NAMES = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';

/** A GPU VM; without `tags` when none are given. */
function vm(name: string, tags?: Record<string, unknown>) {
  return {
    id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
    name,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'eastus',
    ...(tags ? { tags } : {}),
    properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } },
  };
}

/** A JSON object whose only key is `name`, as JSON.parse makes it (an own key even for `__proto__`). */
function keyed(name: string, value: unknown): Record<string, unknown> {
  return JSON.parse(`{${JSON.stringify(name)}: ${JSON.stringify(value)}}`) as Record<string, unknown>;
}

describe('names that Object.prototype also has', () => {
  const tmp = useTempDir('aiscan-prototype-names-');
  let n = 0;
  const out = () => tmp.path(`out-${n++}`);

  it.each(NAMES)('a rule folder named %s is an area like any other', (name) => {
    const root = tmp.path(`areas-${n++}`);
    writeRule(join(root, name));
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([vm('vm1')]));
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = scan({ snapshots: [estate], directories: [root], builtin: false, failOn: 'none' });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    expect(result.rules.map((rule) => [rule.id, rule.area])).toEqual([['AIS-TST-001', name]]);
    expect(result.findings.map((finding) => finding.area)).toEqual([name]);
    expect(result.rules.filter(ruleSelector(`area:${name}`)).map((rule) => rule.id)).toEqual(['AIS-TST-001']);
    expect(result.rules.filter(ruleSelector('area:other'))).toEqual([]);
  });

  it.each(NAMES)('a rule id %s is refused in one line: ids have the form AIS-AREA-001', async (name) => {
    const folder = writeRule(tmp.path(`ids-${n++}`), { id: name }, 'rule.json');
    const outcome = await scanInProcess(['--snapshot', tmp.write(`estate-${n++}.json`, JSON.stringify([vm('vm1', {})])), '--rules', folder], out());
    expectOneLineError(outcome, 'rule.json', /at \/id: .*is not in the expected form|at \/id: must match pattern/);
  });

  it.each(NAMES.filter((name) => name !== '__proto__'))('a parameter named %s takes its value from the config file', async (name) => {
    const folder = writeRule(tmp.path(`parameters-${n++}`), {
      parameters: keyed(name, { description: 'the team tag a VM needs', default: 'ml' }),
      assert: { properties: { tags: { required: ['team'], properties: { team: { const: { $param: name } } } } } },
    });
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([vm('vm1', { team: 'ml' }), vm('vm2', { team: 'data' })]));
    const config = tmp.write(`config-${n++}.json`, JSON.stringify({ rules: { builtin: false, parameters: { 'AIS-TST-001': keyed(name, 'data') } } }));
    const outcome = await scanInProcess(['--snapshot', estate, '--rules', folder, '--config', config, '--fail-on', 'none'], out());
    const log = expectCorrectScan(outcome);
    // The config's value (data), not the rule's default (ml): vm1 breaks the rule, vm2 does not.
    expect((log.runs[0].results ?? []).map((r) => r.properties!.resourceId)).toEqual([vm('vm1').id]);
  });

  it('a parameter named __proto__ is refused in one line: parameter names start with a lower-case letter', async () => {
    const folder = writeRule(tmp.path(`parameters-${n++}`), { parameters: keyed('__proto__', { description: 'x', default: 1 }) });
    const outcome = await scanInProcess(['--snapshot', tmp.write(`estate-${n++}.json`, JSON.stringify([vm('vm1', {})])), '--rules', folder], out());
    expectOneLineError(outcome, 'AIS-TST-001.json', /at \/parameters\/__proto__: the name "__proto__" must match pattern/);
  });

  it.each(NAMES)('a tag named %s is a tag a rule can require, and its absence is a finding', async (name) => {
    const folder = writeRule(tmp.path(`tags-${n++}`), { assert: { required: ['tags'], properties: { tags: { required: [name] } } } });
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([vm('tagged', keyed(name, 'x')), vm('untagged', {})]));
    const outcome = await scanInProcess(['--snapshot', estate, '--rules', folder, '--no-builtin-rules', '--fail-on', 'none'], out());
    const log = expectCorrectScan(outcome);
    expect((log.runs[0].results ?? []).map((r) => r.properties!.resourceId)).toEqual([vm('untagged', {}).id]);
  });

  it.each(NAMES)('a config key %s is refused in one line naming the file and the key', async (name) => {
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([vm('vm1')]));
    for (const [config, says] of [
      [keyed(name, true), `at /${name}: unexpected property "${name}"`],
      [{ rules: keyed(name, true) }, `at /rules/${name}: unexpected property "${name}"`],
      [{ rules: { severity: keyed(name, 'low') } }, name === '__proto__' ? 'at /rules/severity/__proto__: "__proto__" is not in the expected form' : `at /rules/severity/${name}: "${name}" matches no rule`],
      [{ rules: { parameters: { 'AIS-AKS-001': keyed(name, 1) } } }, `has no parameter "${name}"`],
    ] as const) {
      const file = tmp.write(`config-${n++}.json`, JSON.stringify(config));
      const outcome = await scanInProcess(['--snapshot', estate, '--config', file], out());
      expectOneLineError(outcome, says.startsWith('unknown') ? 'AIS-AKS-001' : file);
      expect(outcome.stderr).toContain(says);
    }
  });

  it('leaves Object.prototype as it was after all of the above', () => {
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain('polluted');
  });
});
