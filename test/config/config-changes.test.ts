import { describeConfigChanges } from '../../src/config/config-changes.js';
import { resolveScanSettings } from '../../src/config/settings.js';
import { selectRules } from '../../src/config/select-rules.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import { useTempDir } from '../helpers/temp.js';

describe('what the configuration changed about the built-in checks', () => {
  const tmp = useTempDir('aiscan-config-changes-');
  let builtin: CompiledRule[];
  beforeAll(() => {
    builtin = loadRules();
  });

  it('marks the shipped rules as built in, and no one else’s', () => {
    expect(builtin.length).toBeGreaterThan(0);
    expect(builtin.every((rule) => rule.builtin)).toBe(true);
    const userRules = loadRules({ builtin: false, directories: ['test/hardening/corpus/rules/catastrophic-pattern'] });
    expect(userRules.map((rule) => rule.builtin)).toEqual([undefined]);
  });

  it('lists disabled and lowered built-in rules and changed parameters; a raised severity or an untouched rule is not listed', () => {
    const selection = { exclude: ['AIS-GOV-001'], severity: { 'AIS-AKS-001': 'low', 'AIS-AKS-009': 'critical' } as const, source: 'team.json' };
    const { rules: selected } = selectRules(builtin, selection);
    const changes = describeConfigChanges({
      loaded: builtin,
      selected,
      parameters: { 'AIS-QUOTA-001': { maxUtilisationPercent: 80 }, 'AIS-QUOTA-002': {}, 'AIS-AKS-001': { taintPattern: '^.*$' } },
      configFile: 'team.json',
    });
    expect(changes.map(({ kind, ruleId, from, to }) => ({ kind, ruleId, from, to }))).toEqual([
      { kind: 'severity-lowered', ruleId: 'AIS-AKS-001', from: 'high', to: 'low' },
      { kind: 'parameter-changed', ruleId: 'AIS-AKS-001', from: JSON.stringify(builtin.find((r) => r.id === 'AIS-AKS-001')!.parameters!.taintPattern.default), to: '"^.*$"' },
      { kind: 'rule-disabled', ruleId: 'AIS-GOV-001', from: undefined, to: undefined },
    ]);
    expect(changes.every((change) => change.source === 'team.json' && change.text.includes('team.json'))).toBe(true);
  });

  it('says who left the built-in rules out: the flag, or the config file and the setting', () => {
    const config = tmp.write('no-builtin.json', JSON.stringify({ rules: { builtin: false, folders: [] } }));
    expect(resolveScanSettings({ builtinRules: false }).builtinRulesOffBy).toBe('--no-builtin-rules');
    expect(resolveScanSettings({ config }).builtinRulesOffBy).toBe(`rules.builtin in ${config}`);
    expect(resolveScanSettings({ config, builtinRules: true }).builtinRulesOffBy).toBeUndefined();
    const changes = describeConfigChanges({ loaded: [], selected: [], builtinRulesOffBy: '--no-builtin-rules' });
    expect(changes).toEqual([expect.objectContaining({ kind: 'builtin-rules-off', text: expect.stringContaining('--no-builtin-rules') })]);
  });

  it('lists every scope that narrows what is checked', () => {
    const changes = describeConfigChanges({ loaded: builtin, selected: builtin, scopes: { include: ['/subscriptions/s'], exclude: ['/subscriptions/s/resourceGroups/sandbox'] }, configFile: 'c.json' });
    expect(changes.map(({ kind, to }) => [kind, to])).toEqual([
      ['scope-included', '/subscriptions/s'],
      ['scope-excluded', '/subscriptions/s/resourceGroups/sandbox'],
    ]);
  });
});
