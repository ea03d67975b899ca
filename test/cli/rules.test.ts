import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const userRule = {
  id: 'ACME-GPU-001',
  name: 'GpuVmRequiresCostCenterTag',
  title: 'GPU VMs carry a cost-center tag',
  severity: 'high',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  when: { properties: { facts: { properties: { gpu: { properties: { isGpu: { const: true } }, required: ['isGpu'] } }, required: ['gpu'] } } },
  assert: { required: ['tags'], properties: { tags: { required: [{ $param: 'tagName' }] } } },
  parameters: { tagName: { description: 'The tag every GPU VM needs', default: 'acme-cost-center' } },
  message: 'GPU VM {name} has no {parameters.tagName} tag.',
  description: 'ACME charges GPU time back to the team that owns the VM.',
  remediation: { summary: 'Tag the VM with its cost center.', cli: 'az tag update --resource-id <id> --operation merge --tags acme-cost-center=<cc>' },
};

function writeRule(dir: string, area: string, rule: object, file = `${(rule as { id: string }).id}.json`): string {
  mkdirSync(join(dir, area), { recursive: true });
  const path = join(dir, area, file);
  writeFileSync(path, typeof rule === 'string' ? rule : JSON.stringify(rule, null, 2));
  return path;
}

describe('user rule folders', () => {
  const tmp = useTempDir();

  it('picks up a rule from --rules and reports its findings in SARIF', async () => {
    const rules = tmp.path('acme-rules');
    writeRule(rules, 'finance', userRule);
    const out = tmp.path('out');
    const result = await runCli('scan', ...SAMPLE_ARGS, '--rules', rules, '--out', out, '--fail-on', 'none', '--quiet');
    expect(result.code).toBe(0);
    const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
    const descriptor = log.runs[0].tool.driver.rules!.find((r) => r.id === 'ACME-GPU-001');
    expect(descriptor).toMatchObject({ name: 'GpuVmRequiresCostCenterTag', properties: { area: 'finance' } });
    const results = log.runs[0].results!.filter((r) => r.ruleId === 'ACME-GPU-001');
    expect(results.length).toBeGreaterThan(0);
    for (const r of results) {
      expect(r.message.text).toMatch(/^GPU VM .+ has no acme-cost-center tag\.$/);
      expect(r.locations![0].physicalLocation!.region!.startLine).toBeGreaterThan(0);
    }
  });

  it('lists user rules beside the built-in ones, grouped by area', async () => {
    const rules = tmp.path('acme-list');
    writeRule(rules, 'finance', userRule);
    const result = await runCli('rules', 'list', '--rules', rules);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^finance \(1\)\n  ACME-GPU-001\s+high\s+GPU VMs carry a cost-center tag$/m);
    expect(result.stdout).toMatch(/^network \(\d+\)$/m);
  });

  it('shows one rule with its parameters and fix', async () => {
    const result = await runCli('rules', 'show', 'AIS-NET-001');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('GpuVmNicAcceleratedNetworking');
    expect(result.stdout).toContain('az network nic update');
  });

  it('validates a folder of good rules', async () => {
    const rules = tmp.path('acme-valid');
    writeRule(rules, 'finance', userRule);
    expect(await runCli('rules', 'validate', rules)).toMatchObject({ code: 0, stdout: expect.stringContaining('1 rule file valid') });
  });
});

describe('malformed rule files: file, JSON pointer and reason on one line, exit 2', () => {
  const tmp = useTempDir();
  const cases: [string, object | string, RegExp][] = [
    ['invalid JSON', '{"id": "X-1",', /:1:14: invalid JSON/],
    ['a missing required key', { ...userRule, message: undefined }, /at \/message: missing required property "message"/],
    ['an unknown key', { ...userRule, severty: 'high' }, /at \/severty: unexpected property "severty"/],
    ['a bad severity', { ...userRule, severity: 'urgent' }, /at \/severity: expected one of "critical", "high", "medium", "low", "info"/],
    ['an id that is not stable-looking', { ...userRule, id: 'my rule' }, /at \/id: must match pattern/],
    ['an unknown JSON Schema keyword in assert', { ...userRule, assert: { requird: ['tags'] } }, /at \/assert: not a valid JSON Schema: strict mode: unknown keyword: "requird"/],
    ['a parameter that is not declared', { ...userRule, parameters: undefined }, /at \/assert\/properties\/tags\/required\/0: parameter "tagName" is not declared/],
  ];

  it.each(cases)('%s', async (_, rule, expected) => {
    const rules = tmp.path(`bad-${_.replace(/\W+/g, '-')}`);
    const file = writeRule(rules, 'finance', rule as object, 'ACME-GPU-001.json');
    for (const argv of [['rules', 'validate', rules], ['scan', ...SAMPLE_ARGS, '--rules', rules, '--out', tmp.path('o')]]) {
      const result = await runCli(...argv);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toContain(file.replace(process.cwd() + '/', ''));
      expect(result.stderr).toMatch(expected);
    }
  });

  it('a rule id used twice names both files', async () => {
    const rules = tmp.path('dupes');
    writeRule(rules, 'a', userRule);
    writeRule(rules, 'b', { ...userRule, name: 'Other' });
    const result = await runCli('rules', 'validate', rules);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/b\/ACME-GPU-001\.json: rule id ACME-GPU-001 .* already used by .*a\/ACME-GPU-001\.json/);
  });

  it('a rule file not named after its id: tests, pages and messages find a rule by its file name', async () => {
    const rules = tmp.path('misnamed');
    writeRule(rules, 'finance', userRule, 'ACME-GPU-009.json');
    const result = await runCli('rules', 'validate', rules);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/finance\/ACME-GPU-009\.json: at \/id: a rule's file is named after its id: rename the file ACME-GPU-001\.json/);
  });

  it('a --rules folder that does not exist', async () => {
    const result = await runCli('rules', 'list', '--rules', tmp.path('nowhere'));
    expect(result).toMatchObject({ code: 2, stderr: expect.stringMatching(/--rules .*nowhere: cannot read the folder \(ENOENT\)/) });
  });
});
