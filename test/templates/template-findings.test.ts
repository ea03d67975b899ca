import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'jsonc-parser';
import type { Log, Notification, Result } from 'sarif';
import { runCli } from '../helpers/cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { lineOf, objectLineOf } from '../helpers/template-lines.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * The real templates of test/fixtures/templates scanned through the CLI: each finding asserted as
 * (rule, resource name, file, line), the line found in the template's text by what is written
 * there (never copied from aiscan's output). Parameter values the fixtures lack are written
 * here, by hand, into parameter files in a temporary folder and given with --parameters: the
 * fixture folders stay byte for byte what their repositories hold.
 */

const DIR = join('test', 'fixtures', 'templates');
const fixture = (...path: string[]) => join(DIR, ...path);
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A password only a parameter file can give: a secure parameter without one is unknown, and so is every rule on its resource. */
const NOT_A_SECRET = 'aiscan-fixture-not-a-secret-1!';

interface Located {
  ruleId: string;
  resource: string;
  file: string;
  line: number;
}

interface Scan {
  /** The folder the reports were written to. */
  out: string;
  code: number;
  stdout: string;
  stderr: string;
  log: Log;
  results: Result[];
  located: Located[];
}

const byPlace = (a: Located, b: Located) =>
  a.file.localeCompare(b.file) || a.line - b.line || a.ruleId.localeCompare(b.ruleId) || a.resource.localeCompare(b.resource);

function locatedOf(result: Result): Located {
  const physical = result.locations![0].physicalLocation!;
  return {
    ruleId: result.ruleId!,
    resource: String(result.properties!.resourceId).split('/').pop()!,
    file: physical.artifactLocation!.uri!,
    line: physical.region!.startLine!,
  };
}

/** The value a fixture's parameter file gives a parameter. */
function parameterValue(file: string, name: string): unknown {
  return (parse(readFileSync(file, 'utf8')) as { parameters: Record<string, { value: unknown }> }).parameters[name].value;
}

describe('findings on the real template fixtures, at file and line', () => {
  const tmp = useTempDir('aiscan-template-findings-');
  const sarifFiles: string[] = [];
  let runs = 0;

  /** A parameter file, hand-written here, with `values`. */
  function parameters(name: string, values: Record<string, unknown>): string {
    const body = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }])),
    };
    return tmp.write(`${name}.parameters.handwritten.json`, `${JSON.stringify(body, null, 2)}\n`);
  }

  async function scan(...args: string[]): Promise<Scan> {
    const out = tmp.path(`run-${runs++}`);
    const run = await runCli('scan', ...args, '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none');
    let log = { version: '2.1.0', runs: [{ tool: { driver: { name: 'none' } }, results: [] }] } as unknown as Log;
    try {
      log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
      sarifFiles.push(join(out, 'aiscan.sarif'));
    } catch {
      // No report: the caller's expectation on `code` and `stderr` says why.
    }
    const results = log.runs[0].results ?? [];
    return { ...run, out, log, results, located: results.map(locatedOf).sort(byPlace) };
  }

  const expected = (...located: Located[]) => [...located].sort(byPlace);
  const notifications = (log: Log, id: string): Notification[] =>
    (log.runs[0].invocations?.[0]?.toolExecutionNotifications ?? []).filter((notification) => notification.descriptor?.id === id);

  describe('aks-baseline-cluster-stamp (hand-written ARM with comments, nested deployments, reference())', () => {
    const template = fixture('aks-baseline-cluster-stamp', 'cluster-stamp.json');
    let result: Scan;
    beforeAll(async () => {
      result = await scan(fixture('aks-baseline-cluster-stamp'));
    });

    it('finds Azure RBAC off on the line of the expression that sets it', () => {
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Read 1 ARM parameter file, 1 ARM template');
      const cluster = '"type": "Microsoft.ContainerService/managedClusters"';
      expect(result.located).toEqual([
        { ruleId: 'AIS-AKS-006', resource: expect.stringMatching(/^aks-[a-z0-9]{13}$/), file: template, line: lineOf(template, `"enableAzureRBAC": "[variables('isUsingAzureRBACasKubernetesRBAC')]"`, cluster) },
      ]);
    });

    it("evaluates the role assignments of a nested deployment whose principalId is reference(): their rules read the role, the scope and principalType, not the principal", () => {
      const expression = "reference(resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', variables('clusterControlPlaneIdentityName')))";
      expect(notifications(result.log, 'AIS-UNKNOWN-VALUE').filter((notification) => notification.properties?.expression === expression)).toEqual([]);
      const json = JSON.parse(readFileSync(join(result.out, 'aiscan.json'), 'utf8')) as { rules: { id: string; counts: { notEvaluated: number; notApplicable: number } }[] };
      const rbac = json.rules.filter((rule) => /^AIS-RBAC-00[123]$/.test(rule.id));
      expect(rbac.map((rule) => [rule.id, rule.counts.notEvaluated])).toEqual(rbac.map((rule) => [rule.id, 0]));
      expect(rbac.every((rule) => rule.counts.notApplicable > 0)).toBe(true);
    });

    it('lists the same undecided rules in the JSON report', () => {
      const json = JSON.parse(readFileSync(join(result.out, 'aiscan.json'), 'utf8')) as { undecided: { ruleId: string; expression: string; location: { file: string; startLine: number } }[] };
      expect(json.undecided.length).toBe(notifications(result.log, 'AIS-UNKNOWN-VALUE').length);
      for (const entry of json.undecided) expect(entry.location.file).toBe(template);
    });
  });

  describe('aks-construction (Bicep 0.4 output: all of properties one expression; three parameter files)', () => {
    const template = fixture('aks-construction', 'main.json');
    const nameIn = (file: string) => `aks-${String(parameterValue(fixture('aks-construction', file), 'resourceName'))}`;

    it('evaluates the template once per parameter file, and only the files that keep local accounts fail, each its own finding', async () => {
      const result = await scan(fixture('aks-construction'));
      expect(result.stdout).toContain('Read 3 ARM parameter files, 1 ARM template');
      const properties = lineOf(template, `"properties": "[if(and(parameters('DefenderForContainers'), parameters('omsagent'))`, '"type": "Microsoft.ContainerService/managedClusters"');
      expect(result.located).toEqual(
        expected(
          { ruleId: 'AIS-AKS-007', resource: nameIn('simple-simple.json'), file: template, line: properties },
          { ruleId: 'AIS-AKS-007', resource: nameIn('the-cheapest-cluster.json'), file: template, line: properties },
        ),
      );
      // AksDeploy-Basic turns on AAD and disables local accounts: its cluster passes.
      expect(result.located.map((entry) => entry.resource)).not.toContain(nameIn('AksDeploy-Basic.parameters.json'));
      const fingerprints = result.results.map((entry) => entry.partialFingerprints!['aiscanFinding/v1']);
      expect(new Set(fingerprints).size).toBe(2);
    });
  });

  describe('avm-managed-cluster (languageVersion 2.0, symbolic names, agent pools in a copied nested deployment)', () => {
    const template = fixture('avm-managed-cluster', 'main.json');
    const cluster = '"managedCluster": {';
    const agentPool = '"type": "Microsoft.ContainerService/managedClusters/agentPools"';

    it('places cluster findings on the symbolic-name resource and pool findings inside the nested deployment', async () => {
      const result = await scan(fixture('avm-managed-cluster'));
      expect(result.code).toBe(0);
      const name = String(parameterValue(fixture('avm-managed-cluster', 'main.parameters.handwritten.json'), 'name'));
      expect(result.located).toEqual(
        expected(
          { ruleId: 'AIS-GOV-001', resource: name, file: template, line: lineOf(template, `"tags": "[parameters('tags')]"`, cluster) },
          { ruleId: 'AIS-AKS-007', resource: name, file: template, line: lineOf(template, `"disableLocalAccounts": "[parameters('disableLocalAccounts')]"`, cluster) },
          { ruleId: 'AIS-AKS-010', resource: 'gpuspot', file: template, line: lineOf(template, `"enableNodePublicIP": "[parameters('enableNodePublicIP')]"`, agentPool) },
          { ruleId: 'AIS-AKS-001', resource: 'gpuspot', file: template, line: lineOf(template, `"nodeTaints": "[parameters('nodeTaints')]"`, agentPool) },
          // The same Spot pool states Delete but no Spot taint: the declaration is not what AKS runs.
          { ruleId: 'AIS-AKS-011', resource: 'gpuspot', file: template, line: lineOf(template, `"nodeTaints": "[parameters('nodeTaints')]"`, agentPool) },
        ),
      );
    });

    it('gives each copy of a resource loop its own finding, on the same line, the message naming the copy', async () => {
      const values = parse(readFileSync(fixture('avm-managed-cluster', 'main.parameters.handwritten.json'), 'utf8')) as { parameters: Record<string, { value: unknown }> };
      const given = Object.fromEntries(Object.entries(values.parameters).map(([key, { value }]) => [key, value]));
      const file = parameters('avm-managed-cluster-role-assignments', {
        ...given,
        roleAssignments: [
          { roleDefinitionIdOrName: 'Owner', principalId: '11111111-1111-1111-1111-111111111111', principalType: 'User' },
          { roleDefinitionIdOrName: 'Azure Kubernetes Service RBAC Cluster Admin', principalId: '22222222-2222-2222-2222-222222222222', principalType: 'User' },
        ],
      });
      const result = await scan(template, '--parameters', file);
      const line = lineOf(template, '"roleDefinitionId": "[coalesce(variables(\'formattedRoleAssignments\'), createArray())[copyIndex()].roleDefinitionId]"', '"managedCluster_roleAssignments": {');
      const copies = result.results.filter((entry) => entry.ruleId === 'AIS-RBAC-001');
      expect(copies.map(locatedOf)).toEqual([
        { ruleId: 'AIS-RBAC-001', resource: expect.stringMatching(GUID), file: template, line },
        { ruleId: 'AIS-RBAC-001', resource: expect.stringMatching(GUID), file: template, line },
      ]);
      const messages = copies.map((entry) => entry.message.text!).sort();
      expect(messages[0]).toMatch(/^User 11111111-1111-1111-1111-111111111111 .* \(copy 0 of loop "managedCluster_roleAssignments"\)$/);
      expect(messages[1]).toMatch(/^User 22222222-2222-2222-2222-222222222222 .* \(copy 1 of loop "managedCluster_roleAssignments"\)$/);
      expect(new Set(copies.map((entry) => entry.partialFingerprints!['aiscanFinding/v1'])).size).toBe(2);
    });
  });

  it('avm-ml-workspace: the identity of a symbolic-name workspace, on the expression that sets it', async () => {
    const template = fixture('avm-ml-workspace', 'main.json');
    const result = await scan(template, '--parameters', parameters('avm-ml-workspace', { name: 'mlw-aiscan-fixture', sku: 'Basic' }));
    expect(result.located).toEqual([{ ruleId: 'AIS-ID-003', resource: 'mlw-aiscan-fixture', file: template, line: lineOf(template, `"identity": "[variables('identity')]"`, '"workspace": {') }]);
  });

  it('carml-managed-cluster (a template with comments): local accounts kept, on the properties object that does not set disableLocalAccounts', async () => {
    const template = fixture('carml-managed-cluster', 'deploy.json');
    const result = await scan(fixture('carml-managed-cluster'));
    const name = String(parameterValue(fixture('carml-managed-cluster', 'parameters.json'), 'aksClusterName'));
    expect(result.located).toEqual([{ ruleId: 'AIS-AKS-007', resource: name, file: template, line: lineOf(template, '"properties": {', '"type": "Microsoft.ContainerService/managedClusters"') }]);
  });

  it('carml-ml-workspace-amlcompute: public network access, on the expression that chooses it', async () => {
    const template = fixture('carml-ml-workspace-amlcompute', 'deploy.json');
    const result = await scan(fixture('carml-ml-workspace-amlcompute'));
    const name = String(parameterValue(fixture('carml-ml-workspace-amlcompute', 'parameters.json'), 'name'));
    expect(result.located).toEqual([
      { ruleId: 'AIS-ML-001', resource: name, file: template, line: lineOf(template, `"publicNetworkAccess": "[if(not(empty(parameters('publicNetworkAccess')))`, '"type": "Microsoft.MachineLearningServices/workspaces"') },
    ]);
  });

  it('dsvm-azureml-gpu: a literal identity on its own line, and a missing property on the object that lacks it', async () => {
    const template = fixture('dsvm-azureml-gpu', 'CreateAzureMLWSWithDsvm.json');
    const result = await scan(template, '--parameters', parameters('dsvm-azureml-workspace', { name: 'mlw-dsvm' }));
    const workspace = '"type": "Microsoft.MachineLearningServices/workspaces"';
    expect(result.located).toEqual(
      expected(
        { ruleId: 'AIS-ID-003', resource: 'mlw-dsvm', file: template, line: lineOf(template, '"identity": {', workspace) },
        { ruleId: 'AIS-ML-001', resource: 'mlw-dsvm', file: template, line: lineOf(template, '"properties": {', workspace) },
      ),
    );
  });

  // Microsoft's own ARM tutorials write resourceId('Microsoft.Compute/virtualMachines/', name), and ARM deploys it.
  it('dsvm-azureml-gpu: the copied GPU VMs, NICs and role assignments of CreateUbuntuDSVMWithMSI.json, one finding per copy', async () => {
    const template = fixture('dsvm-azureml-gpu', 'CreateUbuntuDSVMWithMSI.json');
    const result = await scan(template, '--parameters', parameters('dsvm-ubuntu', { adminUsername: 'dsvmadmin', adminPassword: NOT_A_SECRET, vmName: 'dsvm', numberOfInstances: 2 }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const nics = result.results.filter((entry) => entry.ruleId === 'AIS-NET-003');
    expect(nics.map((entry) => entry.message.text).sort()).toEqual([expect.stringMatching(/\(copy 0 of loop "nicLoop"\)$/), expect.stringMatching(/\(copy 1 of loop "nicLoop"\)$/)]);
    expect(new Set(nics.map((entry) => locatedOf(entry).line)).size).toBe(1);
  });

  it('dsvm-fastai-gpu-vm: literal tags, a missing identity on the declaration, and a literal public IP on the NIC', async () => {
    const template = fixture('dsvm-fastai-gpu-vm', 'azuredeployLinux.json');
    const result = await scan(template, '--parameters', parameters('dsvm-fastai', { adminUsername: 'dsvmadmin', adminPassword: NOT_A_SECRET, vmName: 'fastai-gpu' }));
    const vm = '"type": "Microsoft.Compute/virtualMachines"';
    expect(result.located).toEqual(
      expected(
        { ruleId: 'AIS-GOV-001', resource: 'fastai-gpu', file: template, line: lineOf(template, '"tags": {', vm) },
        { ruleId: 'AIS-ID-002', resource: 'fastai-gpu', file: template, line: objectLineOf(template, vm) },
        { ruleId: 'AIS-NET-003', resource: 'fastai-gpu', file: template, line: lineOf(template, '"publicIPAddress": {', '"type": "Microsoft.Network/networkInterfaces"') },
      ),
    );
  });

  it('dsvm-fastai-gpu-vm without its password: no rule reads the password, so every rule decides as with one', async () => {
    const template = fixture('dsvm-fastai-gpu-vm', 'azuredeployLinux.json');
    const withPassword = await scan(template, '--parameters', parameters('dsvm-fastai-password', { adminUsername: 'dsvmadmin', vmName: 'fastai-gpu', adminPassword: NOT_A_SECRET }));
    const without = await scan(template, '--parameters', parameters('dsvm-fastai-no-password', { adminUsername: 'dsvmadmin', vmName: 'fastai-gpu' }));
    expect(without.located.length).toBeGreaterThan(0);
    expect(without.located).toEqual(withPassword.located);
    expect(notifications(without.log, 'AIS-UNKNOWN-VALUE')).toEqual([]);
  });

  it('dsvm-vmss-gpu-lowpri: a GPU scale set without tags or identity, on its declaration', async () => {
    const template = fixture('dsvm-vmss-gpu-lowpri', 'dsvm-vmss-lowpri.json');
    const result = await scan(template, '--parameters', parameters('dsvm-vmss', { vmssName: 'dsvmss', adminUsername: 'dsvmadmin', adminPassword: NOT_A_SECRET }));
    const declaration = objectLineOf(template, '"type": "Microsoft.Compute/virtualMachineScaleSets"');
    expect(result.located).toEqual(
      expected({ ruleId: 'AIS-GOV-001', resource: 'dsvmss', file: template, line: declaration }, { ruleId: 'AIS-ID-002', resource: 'dsvmss', file: template, line: declaration }),
    );
  });

  it('bicep-vm-nvidia-gpu: the same findings from the classic and the symbolic-name compilation, each on its own declaration', async () => {
    const values = parameters('bicep-vm-nvidia-gpu', { localAdminPassword: NOT_A_SECRET });
    const classic = fixture('bicep-vm-nvidia-gpu', 'main.json');
    const symbolic = fixture('bicep-vm-nvidia-gpu', 'main.symbolicnames.json');
    const both = await Promise.all([scan(classic, '--parameters', values), scan(symbolic, '--parameters', values)]);
    const classicLine = objectLineOf(classic, '"type": "Microsoft.Compute/virtualMachines"');
    const symbolicLine = lineOf(symbolic, '"vm": {');
    expect(symbolicLine).toBe(objectLineOf(symbolic, '"type": "Microsoft.Compute/virtualMachines"'));
    expect(both[0].located).toEqual(expected({ ruleId: 'AIS-GOV-001', resource: 'bicep-demo-vm', file: classic, line: classicLine }, { ruleId: 'AIS-ID-002', resource: 'bicep-demo-vm', file: classic, line: classicLine }));
    expect(both[1].located).toEqual(expected({ ruleId: 'AIS-GOV-001', resource: 'bicep-demo-vm', file: symbolic, line: symbolicLine }, { ruleId: 'AIS-ID-002', resource: 'bicep-demo-vm', file: symbolic, line: symbolicLine }));
    expect(both[1].results.map((entry) => entry.locations![0].logicalLocations![0].name)).toEqual(['vm', 'vm']);
  });

  describe('carml-vmss: the parameter file changes the outcome', () => {
    const template = fixture('carml-vmss', 'deploy.json');

    it('linux and windows: non-GPU scale sets, nothing to find; the Key Vault reference of windows decides nothing, as no rule applies to a non-GPU scale set', async () => {
      const linux = await scan(template, '--parameters', fixture('carml-vmss', 'linux.parameters.json'));
      const windows = await scan(template, '--parameters', fixture('carml-vmss', 'windows.parameters.json'));
      expect([linux.code, windows.code]).toEqual([0, 0]);
      expect([...linux.located, ...windows.located]).toEqual([]);
      expect(notifications(linux.log, 'AIS-UNKNOWN-VALUE')).toEqual([]);
      expect(notifications(windows.log, 'AIS-UNKNOWN-VALUE')).toEqual([]);
    });

    it('windows with a GPU size: its Key Vault reference leaves the GPU scale set rules that read it not evaluated, at the line that uses it', async () => {
      // The real windows parameter file (its Key Vault reference kept), with only the size changed: written here.
      const real = parse(readFileSync(fixture('carml-vmss', 'windows.parameters.json'), 'utf8')) as { parameters: Record<string, unknown> };
      const gpuParameters = tmp.write('carml-vmss-windows-gpu.parameters.handwritten.json', JSON.stringify({ ...real, parameters: { ...real.parameters, instanceSize: { value: 'Standard_NC24ads_A100_v4' } } }, null, 2));
      const windows = await scan(template, '--parameters', gpuParameters);
      expect(windows.code).toBe(0);
      const unknown = notifications(windows.log, 'AIS-UNKNOWN-VALUE');
      expect(unknown.length).toBeGreaterThan(0);
      const line = lineOf(template, `"adminUsername": "[parameters('adminUsername')]"`, '"type": "Microsoft.Compute/virtualMachineScaleSets"');
      for (const notification of unknown) {
        expect(notification.properties!.expression).toMatch(/Key Vault reference of parameter adminUsername/);
        expect(notification.locations![0].physicalLocation).toMatchObject({ artifactLocation: { uri: template }, region: { startLine: line } });
      }
    });
  });

  // A Kubernetes-extensibility resource (`"import": "kubernetes"`, type apps/Deployment@v1) is no Azure resource: passed over, with a warning.
  it('bicep-aks-extensibility: the cluster deployed beside Kubernetes extensibility resources is scanned', async () => {
    const template = fixture('bicep-aks-extensibility', 'main.json');
    const result = await scan(template, '--parameters', parameters('bicep-aks-extensibility', { baseName: 'aksext', dnsPrefix: 'aksext', linuxAdminUsername: 'azureuser', sshRSAPublicKey: 'ssh-rsa AAAAB3NzaC1yc2E' }));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.results.map((entry) => entry.properties!.resourceType)).toContain('Microsoft.ContainerService/managedClusters');
  });

  it('every SARIF written is valid under the OASIS schema and has no error or warning from Microsoft\'s validator', () => {
    expect(sarifFiles.length).toBeGreaterThanOrEqual(12);
    for (const file of sarifFiles) {
      expect(oasisSchemaErrors(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
      expect({ file, violations: multitoolViolations(file).filter((v) => v.level === 'error' || v.level === 'warning') }).toEqual({ file, violations: [] });
    }
  });
});
