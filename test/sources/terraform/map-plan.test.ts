import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { scan, type GatedFinding } from '../../../src/scan.js';
import { loadInputs } from '../../../src/sources/inputs/load-inputs.js';
import { mapPlan } from '../../../src/sources/terraform/map-plan.js';
import { readPlan } from '../../../src/sources/terraform/plan-file.js';
import type { Log } from 'sarif';
import { renderSarif } from '../../../src/report/sarif.js';
import { multitoolViolations, oasisSchemaErrors } from '../../helpers/sarif-validation.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * A Terraform plan mapped onto ARM resources. The plan here is HAND-WRITTEN in the documented
 * `terraform show -json` format 1.2 (Terraform cannot run on this machine): an AKS cluster to be
 * created, a GPU pool whose cluster id is known only after apply, a GPU VM and its NIC (ids
 * unknown, joined through `configuration` references), a data source and a deleted resource.
 */
const GPU = 'Standard_NC24ads_A100_v4';
const RG = 'rg-gpu';

const change = (address: string, type: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>, actions = ['create']) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.').pop(),
  provider_name: 'registry.terraform.io/hashicorp/azurerm',
  change: { actions, before: null, after, after_unknown: afterUnknown, before_sensitive: false, after_sensitive: {} },
});

const PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.5',
  planned_values: { root_module: { resources: [] } },
  resource_changes: [
    change(
      'azurerm_kubernetes_cluster.main',
      'azurerm_kubernetes_cluster',
      {
        name: 'aks-gpu',
        location: 'swedencentral',
        resource_group_name: RG,
        dns_prefix: 'aksgpu',
        local_account_disabled: false,
        role_based_access_control_enabled: true,
        oidc_issuer_enabled: true,
        workload_identity_enabled: true,
        default_node_pool: [{ name: 'system', vm_size: 'Standard_D4s_v5', node_count: 3, only_critical_addons_enabled: true }],
        identity: [{ type: 'SystemAssigned', identity_ids: null }],
        tags: { owner: 'ml-platform' },
      },
      { id: true, default_node_pool: [{}], identity: [{ principal_id: true, tenant_id: true }] },
    ),
    change(
      'azurerm_kubernetes_cluster_node_pool.gpu',
      'azurerm_kubernetes_cluster_node_pool',
      { name: 'gpu', vm_size: GPU, node_count: 1, mode: 'User', auto_scaling_enabled: false, node_public_ip_enabled: false, node_taints: [] },
      { id: true, kubernetes_cluster_id: true, node_taints: [] },
    ),
    change(
      'azurerm_network_interface.gpu',
      'azurerm_network_interface',
      { name: 'vm-gpu-nic', location: 'swedencentral', resource_group_name: RG, accelerated_networking_enabled: false, ip_configuration: [{ name: 'ipconfig1', private_ip_address_allocation: 'Dynamic' }] },
      { id: true, ip_configuration: [{ subnet_id: true }] },
    ),
    change(
      'azurerm_linux_virtual_machine.gpu',
      'azurerm_linux_virtual_machine',
      { name: 'vm-gpu', location: 'swedencentral', resource_group_name: RG, size: GPU, admin_username: 'azureuser', disable_password_authentication: true },
      { id: true, network_interface_ids: true, identity: true },
    ),
    { ...change('data.azurerm_client_config.current', 'azurerm_client_config', {}, {}, ['read']), mode: 'data' },
    change('azurerm_public_ip.old', 'azurerm_public_ip', {}, {}, ['delete']),
    change('azurerm_dns_zone.zone', 'azurerm_dns_zone', { name: 'example.com', resource_group_name: RG }, { id: true }),
  ],
  configuration: {
    root_module: {
      resources: [
        { address: 'azurerm_kubernetes_cluster_node_pool.gpu', mode: 'managed', type: 'azurerm_kubernetes_cluster_node_pool', name: 'gpu', expressions: { kubernetes_cluster_id: { references: ['azurerm_kubernetes_cluster.main.id', 'azurerm_kubernetes_cluster.main'] } } },
        { address: 'azurerm_linux_virtual_machine.gpu', mode: 'managed', type: 'azurerm_linux_virtual_machine', name: 'gpu', expressions: { network_interface_ids: { references: ['azurerm_network_interface.gpu.id', 'azurerm_network_interface.gpu'] } } },
      ],
    },
  },
};

/** The configuration the plan above was planned from, HAND-WRITTEN to match it. */
const MAIN_TF = `resource "azurerm_kubernetes_cluster" "main" {
  name                   = "aks-gpu"
  location               = "swedencentral"
  resource_group_name    = "${RG}"
  dns_prefix             = "aksgpu"
  local_account_disabled = false
  oidc_issuer_enabled       = true
  workload_identity_enabled = true

  default_node_pool {
    name                         = "system"
    vm_size                      = "Standard_D4s_v5"
    node_count                   = 3
    only_critical_addons_enabled = true
  }

  identity {
    type = "SystemAssigned"
  }

  tags = {
    owner = "ml-platform"
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = "gpu"
  kubernetes_cluster_id = azurerm_kubernetes_cluster.main.id
  vm_size               = "${GPU}"
  node_count            = 1
  mode                  = "User"
  node_taints = []
}

resource "azurerm_network_interface" "gpu" {
  name                           = "vm-gpu-nic"
  location                       = "swedencentral"
  resource_group_name            = "${RG}"
  accelerated_networking_enabled = false

  ip_configuration {
    name                          = "ipconfig1"
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_linux_virtual_machine" "gpu" {
  name                  = "vm-gpu"
  location              = "swedencentral"
  resource_group_name   = "${RG}"
  size                  = "${GPU}"
  admin_username        = "azureuser"
  network_interface_ids = [azurerm_network_interface.gpu.id]
}
`;

describe('a Terraform plan as ARM resources', () => {
  const tmp = useTempDir('aiscan-terraform-');
  let file = '';
  beforeAll(() => {
    file = tmp.write('plan.json', JSON.stringify(PLAN, null, 2));
  });
  const lineOf = (needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;

  test('ids known only after apply are built as Azure builds them, and references join through the configuration', () => {
    const { resources, unmapped } = mapPlan(readPlan(readFileSync(file, 'utf8'), file), file);
    const cluster = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.ContainerService/managedClusters/aks-gpu`;
    const nic = `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/${RG}/providers/Microsoft.Network/networkInterfaces/vm-gpu-nic`;
    expect(resources.map((r) => r.resource.id)).toEqual([cluster, `${cluster}/agentPools/gpu`, nic, expect.stringMatching(/virtualMachines\/vm-gpu$/)]);
    expect(resources[3].resource.properties).toEqual({ hardwareProfile: { vmSize: GPU }, networkProfile: { networkInterfaces: [{ id: nic }] }, osProfile: { linuxConfiguration: { disablePasswordAuthentication: true } } });
    // only_critical_addons_enabled is the taint AKS puts on such a system pool.
    expect(resources[0].resource.properties).toMatchObject({ agentPoolProfiles: [{ mode: 'System', name: 'system', nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'] }], disableLocalAccounts: false });
    expect(resources[2].unknown).toEqual([{ path: ['properties', 'ipConfigurations', 0, 'properties', 'subnet'], expression: 'azurerm_network_interface.gpu.ip_configuration.0.subnet_id', reason: 'known only after terraform apply' }]);
    expect(resources[0].origin.declared?.as).toBe('azurerm_kubernetes_cluster.main');
    // Data sources and deletions deploy nothing; a type without a mapping is counted, never dropped silently.
    expect([...unmapped]).toEqual([['azurerm_dns_zone', 1]]);
  });

  test('every rule runs on the mapped resources, each finding on the attribute in the plan that decides it', async () => {
    const inputs = await loadInputs([file]);
    expect(inputs.summary.read).toEqual([{ kind: 'terraform-plan', label: 'Terraform plan', count: 1 }]);
    expect(inputs.warnings).toEqual([`${file}: resources of Terraform types aiscan has no mapping for are not scanned: azurerm_dns_zone (1)`]);
    const result = scan({ deployments: inputs.deployments });
    const where = (finding: GatedFinding) => [finding.ruleId, finding.resourceName, finding.region.startLine];
    const found = result.findings.map(where);
    expect(found).toContainEqual(['AIS-AKS-001', 'gpu', lineOf('"node_taints": []')]);
    expect(found).toContainEqual(['AIS-AKS-007', 'aks-gpu', lineOf('"local_account_disabled": false')]);
    expect(found).toContainEqual(['AIS-NET-001', 'vm-gpu-nic', lineOf('"accelerated_networking_enabled": false')]);
    // The system pool carries the CriticalAddonsOnly taint: the isolation rule passes on it.
    expect(found.filter(([rule]) => rule === 'AIS-AKS-003')).toEqual([]);
  });

  test('with the .tf files beside the plan, each finding is on the line of the attribute that decides it, else of the resource block', async () => {
    const folder = tmp.path('with-tf');
    mkdirSync(join(folder, 'modules', 'gpu'), { recursive: true });
    const plan = join(folder, 'plan.json');
    writeFileSync(plan, JSON.stringify(PLAN, null, 2));
    const tf = join(folder, 'main.tf');
    writeFileSync(tf, MAIN_TF);
    const inputs = await loadInputs([plan]);
    const result = scan({ deployments: inputs.deployments });
    const tfLine = (needle: string) => MAIN_TF.split('\n').findIndex((line) => line.includes(needle)) + 1;
    const found = result.findings.map((finding) => [finding.ruleId, finding.resourceName, finding.location.file, finding.region.startLine]);
    expect(found).toContainEqual(['AIS-AKS-001', 'gpu', tf, tfLine('node_taints')]);
    expect(found).toContainEqual(['AIS-AKS-007', 'aks-gpu', tf, tfLine('local_account_disabled')]);
    expect(found).toContainEqual(['AIS-NET-001', 'vm-gpu-nic', tf, tfLine('accelerated_networking_enabled')]);
    // No tags are written on the VM: the finding is on its block.
    expect(found).toContainEqual(['AIS-GOV-001', 'vm-gpu', tf, tfLine('resource "azurerm_linux_virtual_machine" "gpu"')]);
    // The plan says the VM's identity is known only after apply: the identity rule is not evaluated, and says where.
    expect(result.undecided.map((entry) => [entry.ruleId, entry.expression, entry.location.file, entry.region.startLine])).toEqual([
      ['AIS-ID-002', 'azurerm_linux_virtual_machine.gpu.identity.0.type', tf, tfLine('resource "azurerm_linux_virtual_machine" "gpu"')],
    ]);
    expect(result.findings.find((f) => f.ruleId === 'AIS-AKS-001')?.region.snippet).toBe('node_taints = []');
    // The SARIF a PR gate uploads: valid, the .tf file its artifact, the address its logical location.
    const sarifFile = join(folder, 'aiscan.sarif');
    writeFileSync(sarifFile, renderSarif(result, { sourceRoot: folder }));
    const log = JSON.parse(readFileSync(sarifFile, 'utf8')) as Log;
    expect(oasisSchemaErrors(log)).toEqual([]);
    expect(multitoolViolations(sarifFile).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
    expect(log.runs[0].artifacts!.map((artifact) => artifact.location!.uri)).toEqual(['main.tf']);
    const pool = log.runs[0].results!.find((r) => r.ruleId === 'AIS-AKS-001')!;
    expect(pool.locations![0].logicalLocations![0]).toMatchObject({ name: 'azurerm_kubernetes_cluster_node_pool.gpu', fullyQualifiedName: expect.stringMatching(/managedClusters\/aks-gpu\/agentPools\/gpu$/) });
  });

  test("a module's resource is found in the module's source folder; a source outside the repository is never read", async () => {
    const folder = tmp.path('with-module');
    mkdirSync(join(folder, 'modules', 'gpu'), { recursive: true });
    const pool = (address: string) => change(address, 'azurerm_kubernetes_cluster_node_pool', { name: 'gpu', vm_size: GPU, node_count: 1, node_taints: [] }, { id: true, kubernetes_cluster_id: true });
    const plan = {
      ...PLAN,
      resource_changes: [pool('module.gpu.azurerm_kubernetes_cluster_node_pool.this["a100"]'), pool('module.outside.azurerm_kubernetes_cluster_node_pool.this')],
      configuration: { root_module: { module_calls: { gpu: { source: './modules/gpu', module: { resources: [] } }, outside: { source: '../elsewhere', module: { resources: [] } } } } },
    };
    const planFile = join(folder, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan, null, 2));
    const moduleTf = join(folder, 'modules', 'gpu', 'main.tf');
    writeFileSync(moduleTf, 'resource "azurerm_kubernetes_cluster_node_pool" "this" {\n  for_each = var.pools\n  vm_size  = each.value.size\n  node_taints = []\n}\n');
    // A folder beside the plan's, outside it: a plan may not send aiscan there, although it holds the block.
    mkdirSync(tmp.path('elsewhere'), { recursive: true });
    writeFileSync(tmp.path('elsewhere', 'main.tf'), 'resource "azurerm_kubernetes_cluster_node_pool" "this" {\n  node_taints = []\n}\n');
    const inputs = await loadInputs([planFile]);
    const [inModule, outside] = inputs.deployments[0].resources;
    expect([inModule.origin.file, inModule.origin.declared?.line, inModule.origin.declared?.as, inModule.origin.declared?.module]).toEqual([moduleTf, 1, 'module.gpu.azurerm_kubernetes_cluster_node_pool.this["a100"]', 'module.gpu']);
    const finding = scan({ deployments: inputs.deployments }).findings.find((f) => f.ruleId === 'AIS-AKS-001' && f.location.file === moduleTf)!;
    expect(finding.message).toMatch(/\(declared in module\.gpu\)$/);
    expect(finding.region.startLine).toBe(4);
    expect([outside.origin.file, outside.origin.declared?.line]).toEqual([planFile, undefined]);
  });

  test('a registry module is found where terraform init installed it (.terraform/modules/modules.json)', async () => {
    const folder = tmp.path('with-registry-module');
    const installed = join(folder, '.terraform', 'modules', 'aks.pools');
    mkdirSync(installed, { recursive: true });
    writeFileSync(
      join(folder, '.terraform', 'modules', 'modules.json'),
      JSON.stringify({ Modules: [{ Key: '', Source: '', Dir: '.' }, { Key: 'aks', Source: 'registry.terraform.io/Azure/aks/azurerm', Version: '9.1.0', Dir: '.terraform/modules/aks' }, { Key: 'aks.pools', Source: './pools', Dir: '.terraform/modules/aks.pools' }] }),
    );
    const poolsTf = join(installed, 'main.tf');
    writeFileSync(poolsTf, '# pools\nresource "azurerm_kubernetes_cluster_node_pool" "gpu" {\n  vm_size     = "x"\n  node_taints = []\n}\n');
    const address = 'module.aks.module.pools.azurerm_kubernetes_cluster_node_pool.gpu';
    const plan = {
      ...PLAN,
      resource_changes: [change(address, 'azurerm_kubernetes_cluster_node_pool', { name: 'gpu', vm_size: GPU, node_taints: [] }, { id: true, kubernetes_cluster_id: true })],
      configuration: { root_module: { module_calls: { aks: { source: 'Azure/aks/azurerm', module: { module_calls: { pools: { source: './pools', module: {} } } } } } } },
    };
    const planFile = join(folder, 'plan.json');
    writeFileSync(planFile, JSON.stringify(plan));
    const [pool] = (await loadInputs([planFile])).deployments[0].resources;
    expect([pool.origin.file, pool.origin.declared?.line, pool.origin.declared?.module]).toEqual([poolsTf, 2, 'module.aks.module.pools']);
  });

  test('fingerprints follow the Terraform address, not the id built for a resource still to be created', async () => {
    const fingerprints = async (subscriptionId: string) => {
      const inputs = await loadInputs([file], { target: { subscriptionId } });
      return scan({ deployments: inputs.deployments }).findings.map((finding) => [finding.ruleId, finding.resourceName, finding.fingerprint]);
    };
    const one = await fingerprints('11111111-1111-1111-1111-111111111111');
    expect(one.length).toBeGreaterThan(3);
    expect(await fingerprints('22222222-2222-2222-2222-222222222222')).toEqual(one);
    // The system pool and the cluster it is part of are told apart.
    expect(new Set(one.map(([, , fingerprint]) => fingerprint)).size).toBe(one.length);
  });

  test('a plan of another format is one line naming the file and the version', () => {
    expect(() => readPlan(JSON.stringify({ ...PLAN, format_version: '2.0' }), 'plan.json')).toThrow(
      new UserError('plan.json: at /format_version: the plan\'s format is "2.0"; aiscan reads format 1.x, which terraform show -json writes from Terraform 1.1 on'),
    );
  });
});
