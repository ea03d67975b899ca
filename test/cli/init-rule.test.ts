import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

describe('aiscan init --rule: a starter rule and its tests that pass out of the box', () => {
  const tmp = useTempDir();

  it.each([
    ['a VM', 'Microsoft.Compute/virtualMachines'],
    ['a child resource (an Azure ML compute)', 'Microsoft.MachineLearningServices/workspaces/computes'],
    ['an AKS agent pool, which keeps its tags in properties', 'Microsoft.ContainerService/managedClusters/agentPools'],
    ['a role assignment', 'Microsoft.Authorization/roleAssignments'],
  ])('for %s: written, then valid, then its three cases pass', async (_, type) => {
    const dir = tmp.path(type.replace(/\W/g, '-'));
    const written = await runCli('init', '--rule', 'ACME-SEC-001', '--type', type, '--dir', dir);
    expect(written).toMatchObject({ code: 0, stderr: '' });
    expect(written.stdout).toContain(`Wrote ${join(dir, 'custom', 'ACME-SEC-001.json')} and ${join(dir, 'custom', 'ACME-SEC-001.test.json')}`);
    expect(readdirSync(join(dir, 'custom')).sort()).toEqual(['ACME-SEC-001.json', 'ACME-SEC-001.test.json']);
    expect(await runCli('rules', 'validate', dir)).toMatchObject({ code: 0, stdout: expect.stringContaining('1 rule file valid') });
    const tested = await runCli('rules', 'test', dir);
    expect(tested.stdout).toMatch(/^ok +ACME-SEC-001 .*\(3 cases\)$/m);
    expect(tested.code).toBe(0);
  });

  it('writes a rule a scan runs beside the built-in pack, under the area asked for', async () => {
    const dir = tmp.path('scanned');
    expect((await runCli('init', '--rule', 'ACME-VM-002', '--type', 'Microsoft.Compute/virtualMachines', '--area', 'ownership', '--dir', dir, '-q')).code).toBe(0);
    expect(existsSync(join(dir, 'ownership', 'ACME-VM-002.json'))).toBe(true);
    const listed = await runCli('rules', 'list', '--rules', dir);
    expect(listed.stdout).toMatch(/^ownership \(1\)\n {2}ACME-VM-002 +medium +Production virtualMachines name their owner in a tag$/m);
    expect((await runCli('scan', ...SAMPLE_ARGS, '--rules', dir, '--out', tmp.path('out'), '--fail-on', 'none', '-q')).code).toBe(0);
  });

  it('fails on its own when the user breaks the rule, so the tests are real', async () => {
    const dir = tmp.path('edited');
    await runCli('init', '--rule', 'ACME-VM-003', '--type', 'Microsoft.Compute/virtualMachines', '--dir', dir, '-q');
    const file = join(dir, 'custom', 'ACME-VM-003.json');
    const rule = JSON.parse(readFileSync(file, 'utf8'));
    rule.parameters.ownerTag.default = 'team';
    writeFileSync(file, JSON.stringify(rule));
    const tested = await runCli('rules', 'test', dir);
    expect(tested.code).toBe(1);
    expect(tested.stdout).toContain('x valid[0] production resource with an owner');
  });

  it('never overwrites without --force', async () => {
    const dir = tmp.path('existing');
    await runCli('init', '--rule', 'ACME-VM-004', '--type', 'Microsoft.Compute/virtualMachines', '--dir', dir, '-q');
    const file = join(dir, 'custom', 'ACME-VM-004.test.json');
    writeFileSync(file, '{"valid": []}');
    const again = await runCli('init', '--rule', 'ACME-VM-004', '--type', 'Microsoft.Compute/virtualMachines', '--dir', dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(`aiscan: init: ${join(dir, 'custom', 'ACME-VM-004.json')} and ${file} already exist; edit them, or run with --force to replace both`);
    expect(readFileSync(file, 'utf8')).toBe('{"valid": []}');
    expect((await runCli('init', '--rule', 'ACME-VM-004', '--type', 'Microsoft.Compute/virtualMachines', '--dir', dir, '--force', '-q')).code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain('"invalid"');
  });

  it.each([
    [['--rule', 'my rule', '--type', 'Microsoft.Compute/virtualMachines'], /--rule "my rule": a rule id is upper-case words joined by dashes/],
    [['--rule', 'ACME-VM-005'], /init --rule: name the resource type the rule applies to with --type/],
    [['--rule', 'ACME-VM-005', '--type', 'virtualMachines'], /--type "virtualMachines": not an ARM resource type/],
    [['--rule', 'ACME-VM-005', '--type', 'Microsoft.Compute/virtualMachines', '--area', '../elsewhere'], /--area "\.\.\/elsewhere": an area is a folder name/],
    [['--rule', 'ACME-VM-005', '--type', 'Microsoft.Compute/virtualMachines', '--area', 'conditions'], /--area conditions: that folder holds named conditions/],
    [['--rule', 'AIS-NET-001', '--type', 'Microsoft.Compute/virtualMachines'], /--rule AIS-NET-001: a built-in rule has that id; give yours a prefix of your own, such as ACME-NET-001/],
    [['my.json', '--rule', 'ACME-VM-005', '--type', 'Microsoft.Compute/virtualMachines'], /init --rule writes a rule and its tests, not my\.json/],
    [['--type', 'Microsoft.Compute/virtualMachines'], /init: --type goes with --rule <id>/],
  ])('aiscan init %j: one line, exit 2, nothing written', async (args, expected) => {
    const dir = tmp.path(`refused-${Math.random().toString(36).slice(2)}`);
    const result = await runCli('init', ...args, ...(args.includes('--type') && args.includes('--rule') ? ['--dir', dir] : []));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(existsSync(dir)).toBe(false);
  });
});
