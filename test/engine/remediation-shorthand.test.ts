import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/engine/load-rules.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const rule = {
  id: 'ACME-TAG-001',
  name: 'VmOwnerTag',
  title: 'VMs name their owner in a tag',
  severity: 'low',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  assert: { required: ['tags'], properties: { tags: { required: ['owner'] } } },
  message: 'VM {name} has no owner tag.',
  description: 'Every VM names its owner in a tag.',
  remediation: 'Tag the VM with the team that owns it.',
};

describe('remediation written as a plain string', () => {
  const tmp = useTempDir();
  let folders = 0;
  function folderWith(definition: object): string {
    const dir = tmp.path(`rules-${++folders}`);
    mkdirSync(join(dir, 'ops'), { recursive: true });
    writeFileSync(join(dir, 'ops', 'ACME-TAG-001.json'), JSON.stringify(definition));
    return dir;
  }

  it('is read as its summary, so every report sees the usual object', () => {
    const [loaded] = loadRules({ directories: [folderWith(rule)], builtin: false });
    expect(loaded.remediation).toEqual({ summary: 'Tag the VM with the team that owns it.' });
  });

  it('is shown as the fix by rules show', async () => {
    const result = await runCli('rules', 'show', 'ACME-TAG-001', '--rules', folderWith(rule));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Fix: Tag the VM with the team that owns it.');
  });

  it.each([
    ['too short a string', 'Tag it.', /at \/remediation: must NOT have fewer than 10 characters/],
    ['neither a string nor an object', 42, /at \/remediation: expected object/],
    ['an object without a summary', { cli: 'az tag update' }, /at \/remediation\/summary: missing required property "summary"/],
  ])('%s is an error naming /remediation', async (_, remediation, expected) => {
    const result = await runCli('rules', 'validate', folderWith({ ...rule, remediation }));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
  });
});
