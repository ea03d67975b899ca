import { readFileSync } from 'node:fs';
import { parse } from 'jsonc-parser';
import { starterConfig } from '../../src/commands/init.js';
import { loadConfig } from '../../src/config/config.js';
import { SARIF_TARGETS } from '../../src/config/sarif-targets.js';
import { SEVERITIES } from '../../src/engine/rule.js';
import { FAIL_ON_CHOICES } from '../../src/gate/exit-code.js';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { useTempDir } from '../helpers/temp.js';

const configSchema = JSON.parse(readFileSync('schemas/config.schema.json', 'utf8'));

describe('the config schema stays in step with the code', () => {
  it('lists exactly the report formats aiscan can write', () => {
    expect(configSchema.properties.reports.properties.formats.items.enum).toEqual(Object.keys(REPORT_FORMATS));
  });

  it('lists exactly the --sarif-for choices', () => {
    expect(configSchema.properties.reports.properties.sarifFor.enum).toEqual([...SARIF_TARGETS]);
  });

  it('lists exactly the --fail-on choices and the severities', () => {
    expect(configSchema.properties.gate.properties.failOn.enum).toEqual([...FAIL_ON_CHOICES]);
    expect(configSchema.definitions.severity.enum).toEqual([...SEVERITIES]);
  });

  it('accepts the same rule ids as the rule schema', () => {
    const ruleSchema = JSON.parse(readFileSync('rules/rule.schema.json', 'utf8'));
    expect(configSchema.properties.rules.properties.parameters.propertyNames.pattern).toBe(ruleSchema.properties.id.pattern);
  });
});

describe('the starter file aiscan init writes', () => {
  const tmp = useTempDir('aiscan-starter-');
  const text = starterConfig(['aks', 'rbac'], 'AIS-AKS-001', new Date('2026-01-01T00:00:00Z'));

  it('is valid, loads, and sets what most teams change first', () => {
    const file = tmp.write('aiscan.config.json', text);
    const { config } = loadConfig({ file });
    expect(config.gate).toEqual({ failOn: 'high', newOnly: false });
    expect(config.reports!.formats).toEqual(['sarif', 'json', 'md', 'html']);
  });

  it('still loads with every commented-out example switched on', () => {
    const uncommented = text.replace(/^(\s*)\/\/ +(?=["{}])/gm, '$1');
    const file = tmp.write('uncommented.json', uncommented);
    const errors: unknown[] = [];
    parse(uncommented, errors as never, { allowTrailingComma: true });
    expect(errors).toEqual([]);
    const { config, suppressions } = loadConfig({ file });
    expect(config.rules!.severity).toEqual({ 'AIS-AKS-001': 'medium' });
    expect(suppressions[0]).toMatchObject({ rule: 'AIS-AKS-001', expires: '2026-04-01' });
  });
});
