import { existsSync, readFileSync, readdirSync } from 'node:fs';
import type { Log } from 'sarif';
import { run } from '../../src/cli.js';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

const gpuVm = (enableAcceleratedNetworking: boolean) => [
  {
    id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1',
    name: 'vm1',
    type: 'Microsoft.Compute/virtualMachines',
    location: 'eastus',
    // Compliant with every rule but the one under test (AIS-NET-001): identity (AIS-ID-002), ownership tags (AIS-GOV-001).
    tags: { owner: 'alice@contoso.example', team: 'research', costCenter: 'CC-1' },
    identity: { type: 'SystemAssigned', principalId: '22222222-2222-2222-2222-222222222222', tenantId: '33333333-3333-3333-3333-333333333333' },
    properties: {
      hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' },
      networkProfile: { networkInterfaces: [{ id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1' }] },
    },
  },
  {
    id: '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1',
    name: 'nic1',
    type: 'Microsoft.Network/networkInterfaces',
    location: 'eastus',
    properties: { enableAcceleratedNetworking },
  },
];

describe('aiscan scan', () => {
  const tmp = useTempDir();

  it('scans the sample estate, writes SARIF, JSON and Markdown, and prints a summary', async () => {
    const out = tmp.path('sample');
    const result = await runCli('scan', ...SAMPLE_ARGS, '--out', out, '--fail-on', 'none');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['aiscan.json', 'aiscan.md', 'aiscan.sarif']);
    expect(result.stdout).toMatch(/^PASS \(fail-on none\): \d+ findings below the threshold/);
    expect(result.stdout).toContain('Reports:');
    const json = JSON.parse(readFileSync(`${out}/aiscan.json`, 'utf8'));
    expect(json.totals.fail).toBe(json.findings.length);
    expect(Object.keys(json.areas)).toEqual(expect.arrayContaining(['aks', 'network', 'rbac', 'identity', 'quota']));
    expect(readFileSync(`${out}/aiscan.md`, 'utf8')).toMatch(/^# aiscan report/);
  });

  it('exits 1 when a finding reaches --fail-on (default high)', async () => {
    const file = tmp.write('bad.json', JSON.stringify(gpuVm(false)));
    const result = await runCli('scan', '--snapshot', file, '--out', tmp.path('bad'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^FAIL: 1 finding, at least one at or above "high"/);
  });

  it('exits 0 for the same finding with --fail-on critical', async () => {
    const file = tmp.write('bad2.json', JSON.stringify(gpuVm(false)));
    expect((await runCli('scan', '--snapshot', file, '--out', tmp.path('bad2'), '--fail-on', 'critical')).code).toBe(0);
  });

  it('exits 0 on a compliant estate', async () => {
    const file = tmp.write('good.json', JSON.stringify(gpuVm(true)));
    const result = await runCli('scan', '--snapshot', file, '--out', tmp.path('good'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^PASS: no findings/);
  });

  it('exits 3 when the snapshot records a coverage gap and nothing else failed, and says what was not read', async () => {
    const snapshot = {
      format: 'aiscan-snapshot',
      version: 1,
      collectedAt: '2026-11-20T02:00:00Z',
      scopes: [{ subscriptionId: '11111111-1111-1111-1111-111111111111' }],
      coverage: [
        { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceType: 'Microsoft.Network/networkInterfaces', status: 'read', count: 1 },
        { subscriptionId: '11111111-1111-1111-1111-111111111111', resourceType: 'Microsoft.Compute/virtualMachines', status: 'denied', message: 'AuthorizationFailed' },
      ],
      resources: gpuVm(false).slice(1),
    };
    const file = tmp.write('gap.json', JSON.stringify(snapshot));
    const out = tmp.path('gap');
    const result = await runCli('scan', '--snapshot', file, '--out', out);
    expect(result.code).toBe(3);
    expect(result.stdout).toContain('INCOMPLETE');
    expect(result.stdout).toMatch(/Microsoft\.Compute\/virtualMachines: denied \(AuthorizationFailed\)/);
    const json = JSON.parse(readFileSync(`${out}/aiscan.json`, 'utf8'));
    const net = json.rules.find((r: { id: string }) => r.id === 'AIS-NET-001');
    expect(net.counts).toMatchObject({ pass: 0, fail: 0, notEvaluated: 1 });
    const sarif = JSON.parse(readFileSync(`${out}/aiscan.sarif`, 'utf8')) as Log;
    expect(sarif.runs[0].invocations![0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].invocations![0].toolExecutionNotifications![0].message.text).toMatch(/Not read: Microsoft\.Compute\/virtualMachines/);
    expect(readFileSync(`${out}/aiscan.md`, 'utf8')).toContain('## Coverage gaps');
  });

  it('writes only the formats asked for', async () => {
    const out = tmp.path('only-sarif');
    await runCli('scan', ...SAMPLE_ARGS, '--out', out, '--format', 'sarif', '--quiet', '--fail-on', 'none');
    expect(readdirSync(out)).toEqual(['aiscan.sarif']);
  });

  it('prints nothing with --quiet', async () => {
    const result = await runCli('scan', ...SAMPLE_ARGS, '--out', tmp.path('quiet'), '--quiet', '--fail-on', 'none');
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('usage errors: one line, exit 2', () => {
  const tmp = useTempDir();

  it.each([
    [['scan', '--snapshot', 'x.json', '--fail-on', 'severe'], /Invalid values:.*fail-on/s],
    [['scan', '--snapshots', 'x.json'], /Unknown argument: snapshots/],
    [['scna'], /Unknown argument: scna|Did you mean scan/],
    [[], /Name a command/],
  ])('aiscan %j', async (argv, expected) => {
    const result = await runCli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(expected);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('says which value after --snapshot is a template, plan or manifest, to be given as a path', async () => {
    const inputs = {
      'an ARM template': 'test/fixtures/templates/carml-vmss/deploy.json',
      'a Bicep file': 'test/fixtures/bicep/nested-resources/main.bicep',
      'a Terraform plan': 'test/fixtures/terraform/handwritten-quickstart-ml-workspace/plan.json',
      'a Kubernetes manifest': 'test/fixtures/kubernetes/terraform-azurerm-aks/samples-tf-mnist-demo.yaml',
    };
    for (const [kind, file] of Object.entries(inputs)) {
      const result = await runCli('scan', '--snapshot', SAMPLE_ARGS[1], file, '--out', tmp.path('not-estates'), '-q');
      expect([kind, result.code, result.stderr]).toEqual([kind, 2, `aiscan: --snapshot ${file}: this is ${kind}, not an estate file; give it as a path (aiscan scan ${file} …). Each value after --snapshot, up to the next option, is read as an estate file\n`]);
    }
    // An estate file that is wrong keeps its own error, and a template given as a path is scanned.
    const broken = tmp.write('broken.json', '{"resources": [');
    expect((await runCli('scan', '--snapshot', SAMPLE_ARGS[1], broken, '-q')).stderr).toBe(`aiscan: ${broken}:1:16: invalid JSON: close bracket expected (an estate file must be valid JSON)\n`);
    const parameters = 'test/fixtures/templates/carml-vmss/linux.parameters.json';
    expect(await runCli('scan', inputs['an ARM template'], '--parameters', parameters, '--snapshot', SAMPLE_ARGS[1], '--out', tmp.path('as-path'), '--fail-on', 'none', '-q')).toMatchObject({ code: 0, stderr: '' });
  });

  it('does not leave a report behind when the scan fails', async () => {
    const out = 'reports-that-must-not-exist';
    await runCli('scan', '--snapshot', 'missing.json', '--out', out);
    expect(existsSync(out)).toBe(false);
  });
});

describe('an internal error (a defect in aiscan, not in the input)', () => {
  const tmp = useTempDir();

  it('exits 4, distinct from a usage error, with one line that asks for a report and no stack unless --verbose', async () => {
    let stderr = '';
    const failingTerminal = {
      stdout: () => {
        throw new TypeError('summary.render is not a function');
      },
      stderr: (text: string) => (stderr += text),
    };
    const code = await run(['scan', ...SAMPLE_ARGS, '--out', tmp.path('internal'), '--fail-on', 'none'], failingTerminal);
    expect(code).toBe(4);
    expect(stderr).toBe('aiscan: internal error: summary.render is not a function (run with --verbose for details); please report it\n');
  });

  it('never prints a token an error quotes, in its message or its --verbose stack', async () => {
    let stderr = '';
    const leaking = {
      stdout: () => {
        throw new Error('request failed: Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJhdWQiOiJhcm0ifQ.c2lnbmF0dXJl');
      },
      stderr: (text: string) => (stderr += text),
    };
    const code = await run(['scan', ...SAMPLE_ARGS, '--out', tmp.path('leaking'), '--fail-on', 'none', '--verbose'], leaking);
    expect(code).toBe(4);
    expect(stderr).toContain('Bearer [redacted by aiscan]');
    expect(stderr).not.toMatch(/eyJhbGci|c2lnbmF0dXJl/);
  });
});

describe('--help', () => {
  it.each([[['--help']], [['scan', '--help']], [['rules', '--help']], [['rules', 'list', '--help']], [['rules', 'show', '--help']], [['rules', 'validate', '--help']]])(
    'aiscan %j prints usage and exits 0',
    async (argv) => {
      const result = await runCli(...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/aiscan/);
      expect(result.stdout).toMatch(/--help/);
    },
  );
});
