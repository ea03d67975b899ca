import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runCli, SAMPLE_ARGS } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * `aiscan scan PATH…` on templates, through the command line: what is read is summarised, where
 * templates deploy comes from the flags (checked before anything is read), and a template is
 * scanned with a snapshot as what exists.
 */
const TEMPLATES = resolve('test', 'fixtures', 'templates');
const VMSS = join(TEMPLATES, 'carml-vmss');

describe('aiscan scan with templates', () => {
  const tmp = useTempDir('aiscan-scan-templates-');

  test('the summary says what was read, by kind; every deployment lands in the reports under the ids the flags give', async () => {
    const out = tmp.path('flags');
    const run = await runCli('scan', VMSS, '--subscription-id', '11111111-2222-3333-4444-555555555555', '--resource-group', 'rg-gpu', '--location', 'swedencentral', '--out', out, '--format', 'json', '--fail-on', 'none');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Read 1 ARM template, 2 ARM parameter files; skipped 0 files');
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8'));
    expect(report.inputs).toEqual([join(VMSS, 'deploy.json'), join(VMSS, 'linux.parameters.json'), join(VMSS, 'windows.parameters.json')]);
    expect(report.scopes).toEqual([{ subscriptionId: '11111111-2222-3333-4444-555555555555' }]);
    expect(report.inputSummary.read).toEqual([
      { kind: 'arm-template', label: 'ARM template', count: 1 },
      { kind: 'arm-parameters', label: 'ARM parameter file', count: 2 },
    ]);
  });

  test.each([
    [['--subscription-id', 'sub-1'], '--subscription-id: "sub-1" is not a subscription id (a GUID)'],
    [['--resource-group', 'rg/../x'], '--resource-group: "rg/../x" is not a resource group name (1-90 letters, digits, - _ . ( ))'],
    [['--location', 'West Europe'], '--location: "West Europe" is not an Azure region name (such as swedencentral)'],
    [['--bicep-timeout', '0'], '--bicep-timeout: 0 is not a number of seconds between 0 and 3600'],
  ])('%j is refused in one line before anything is read', async (flags, message) => {
    const run = await runCli('scan', VMSS, ...flags, '--out', tmp.path('refused'));
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`aiscan: ${message}\n`);
  });

  test('--parameters needs a template to go with', async () => {
    const run = await runCli('scan', ...SAMPLE_ARGS, '--parameters', join(VMSS, 'linux.parameters.json'), '--out', tmp.path('no-template'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--parameters: give the templates to scan as paths');
  });

  test('a folder with nothing aiscan scans is an error that says what was found, not a clean scan', async () => {
    const run = await runCli('scan', resolve('docs'), '--out', tmp.path('nothing'));
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aiscan: scan: nothing to scan in .*docs: no estate file, template, Bicep file, Terraform plan or Kubernetes manifest \(\d+ skipped, \d+ ignored\)\n$/);
  });

  test('a Terraform folder without a plan says how to make one; with a plan its .tf files are read for locations', async () => {
    const noPlan = await runCli('scan', resolve('test', 'fixtures', 'terraform', 'quickstart-ml-workspace'), '--out', tmp.path('no-plan'));
    expect(noPlan.code).toBe(2);
    expect(noPlan.stderr).toMatch(/only 6 Terraform files \(0 skipped, 0 ignored\); Terraform is scanned through its plan: terraform plan -out tfplan && terraform show -json tfplan > plan.json\n$/);
    const withPlan = await runCli('scan', resolve('test', 'fixtures', 'terraform', 'pennywise-vmss-lb'), '--out', tmp.path('with-plan'), '--format', 'json', '--fail-on', 'none');
    expect(withPlan.stdout).toContain('Read 3 Terraform files, 1 Terraform plan; skipped 0 files');
  });

  test("a template scanned with a snapshot: the snapshot's findings are found once, the template's are added", async () => {
    const out = tmp.path('with-snapshot');
    const run = await runCli('scan', VMSS, ...SAMPLE_ARGS, '--out', out, '--format', 'json', '--fail-on', 'none');
    expect(run.code).toBe(0);
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8'));
    const alone = JSON.parse(readFileSync(join(await snapshotOnly(), 'aiscan.json'), 'utf8'));
    const templateFindings = report.findings.filter((finding: { location: { file: string } }) => finding.location.file.startsWith(VMSS));
    expect(report.findings.length).toBe(alone.findings.length + templateFindings.length);
  });

  test("a new GPU pool is checked against the subscription's real remaining quota, which only the snapshot knows", async () => {
    const template = tmp.write(
      'gpu-pool.json',
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          {
            type: 'Microsoft.ContainerService/managedClusters/agentPools',
            apiVersion: '2024-05-01',
            name: 'aks-research-gpu/a100burst',
            properties: { mode: 'User', vmSize: 'Standard_NC24ads_A100_v4', count: 0, enableAutoScaling: true, minCount: 0, maxCount: 200, nodeTaints: ['sku=gpu:NoSchedule'] },
          },
        ],
      }),
    );
    const flags = ['--subscription-id', '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26', '--resource-group', 'rg-aks-research', '--format', 'json', '--fail-on', 'none'];
    const quotaFindings = async (out: string, ...more: string[]) => {
      const run = await runCli('scan', template, ...flags, ...more, '--out', out);
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8'));
      return report.findings.filter((finding: { ruleId: string; location: { file: string } }) => finding.ruleId === 'AIS-QUOTA-003' && finding.location.file === template).map((finding: { resourceName: string; location: { file: string } }) => [finding.resourceName, finding.location.file]);
    };
    expect(await quotaFindings(tmp.path('pool-alone'))).toEqual([]);
    expect(await quotaFindings(tmp.path('pool-with-estate'), '--snapshot', SAMPLE_ARGS[1])).toEqual([['a100burst', template]]);
  });

  test('a parameter file that goes with no template is listed in the job summary and the SARIF, not dropped silently', async () => {
    const folder = tmp.path('orphan');
    mkdirSync(folder);
    for (const name of ['multiplesecurityrules.json', 'multiplesecurityrules.parameters.json']) copyFileSync(join(TEMPLATES, 'docs-copy-security-rules', name), join(folder, name));
    copyFileSync(join(VMSS, 'deploy.json'), join(folder, 'vmss.json'));
    copyFileSync(join(VMSS, 'linux.parameters.json'), join(folder, 'vmss.parameters.json'));
    const orphan = join(folder, 'orphan.parameters.json');
    copyFileSync(join(VMSS, 'windows.parameters.json'), orphan);
    const out = tmp.path('orphan-reports');
    const run = await runCli('scan', folder, '--out', out, '--format', 'md,sarif', '--fail-on', 'none');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`skipped ${orphan}: no template found for it`);
    const markdown = readFileSync(join(out, 'aiscan.md'), 'utf8');
    expect(markdown).toContain('Read 2 ARM templates, 2 ARM parameter files; skipped 1 file.');
    expect(markdown).toContain(`| \`${orphan}\` | no template found for it`);
    const sarif = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8'));
    const notes = sarif.runs[0].invocations[0].toolExecutionNotifications.filter((n: { descriptor: { id: string } }) => n.descriptor.id === 'AIS-INPUT-SKIPPED');
    expect(notes.map((n: { properties: { file: string } }) => n.properties.file)).toEqual([orphan]);
  });

  async function snapshotOnly(): Promise<string> {
    const out = tmp.path('snapshot-only');
    await runCli('scan', ...SAMPLE_ARGS, '--out', out, '--format', 'json', '--fail-on', 'none');
    return out;
  }
});
