import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { runCli } from '../helpers/cli.js';
import { lineOf } from '../helpers/template-lines.js';
import { useTempDir } from '../helpers/temp.js';
import { mlCapacityResources } from '../../src/sources/azure/ml-usages.js';

/**
 * Every built-in rule on an ARM type a Terraform type maps onto, failing and passing on a
 * Terraform plan, at file and line. The plans are the hand-written ones of
 * test/fixtures/terraform/handwritten-* (SOURCES.md, "Hand-written plans"): each the plan of a
 * real configuration, copied byte for byte, plus one hand-written .tf file adding GPU resources.
 * Each scan goes through the CLI in-process; each finding is asserted as (rule, resource name,
 * .tf file, line), the line found in the .tf text by what is written there, never copied from
 * aiscan's output. A rule passes where its pass count says so and the resource written to pass
 * it has no finding.
 *
 * Not covered, and why:
 * - AIS-AKS-008 (managedNamespaces): no Terraform type maps onto it.
 * - AIS-RBAC-003 failing: it fails on principalType `Unknown` or none; azurerm accepts only User,
 *   Group and ServicePrincipal, and one not written is known only after apply (not evaluated,
 *   never failed). Its passing side is covered.
 * - AIS-QUOTA-003/004 read vCPU usages, which no plan holds: they are scanned here with a small
 *   usages snapshot written by hand in this file (USAGES), given with --snapshot.
 * - AIS-CAP-001/002 read the resource SKUs of a region, which no plan holds either: USAGES holds
 *   the SKUs of the plans' regions too. AIS-CAP-002 is about resources in availability zones, and
 *   no hand-written plan places GPU compute in zones: on these plans it is not applicable, and its
 *   failing and passing sides are covered by rules/capacity/AIS-CAP-002.test.json only.
 * - AIS-QUOTA-005 reads the Azure ML usages of a region, which no plan holds: USAGES holds them for
 *   eastus (ML_USAGES). AIS-QUOTA-006 reads a workspace's Azure ML quotas, matched by the
 *   workspace's id, which a plan knows only after apply: it is covered by
 *   rules/quota/AIS-QUOTA-006.test.json (built from the published examples) and the sample estate.
 * - AIS-RBAC-006 reads the PIM schedule of a role assignment, which no plan holds: a privileged
 *   assignment to a user at a GPU scope is not evaluated (never passed), and the rule is covered by
 *   rules/rbac/AIS-RBAC-006.test.json and the sample estate.
 */

const DIR = join('test', 'fixtures', 'terraform');
const SPOT = join(DIR, 'handwritten-azurerm-example-aks-spot-node-pool');
const POOLS = join(DIR, 'handwritten-infracost-aks-node-pools');
const ML = join(DIR, 'handwritten-quickstart-ml-workspace');

const SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const usage = (location: string, name: string, localizedValue: string, currentValue: number, limit: number) => ({
  id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/locations/${location}/usages/${name}`,
  type: 'Microsoft.Compute/locations/usages',
  name,
  location,
  properties: { currentValue, limit, name: { value: name, localizedValue }, unit: 'Count' },
});
/**
 * vCPU usages of the subscription the plans deploy to (aiscan's placeholder subscription, as no
 * --subscription-id is given), hand-written: room for the spot example's GPU pool (4 × 24 vCPUs
 * of NCADS_A100_v4 in swedencentral) and the private scale set (+1 × 24 in eastus), not for the
 * unbounded ND96asr_v4 pool (+39 × 96) or the open scale set (+8 × 24).
 */
/**
 * A GPU size of a region's resource SKUs, as a snapshot keeps it, hand-written: the plans deploy to
 * eastus and swedencentral, where the subscription may deploy every GPU size they use but the
 * ND96asr_v4 of the unbounded pool (a Location restriction, as `az vm list-skus --all` shows it).
 */
const gpuSku = (location: string, name: string, family: string, vCPUs: number, gpus: number, restrictions: unknown[] = []) => ({
  id: `/subscriptions/${SUBSCRIPTION}/providers/Microsoft.Compute/locations/${location}/skus/${name}`,
  type: 'Microsoft.Compute/locations/skus',
  name,
  location,
  properties: {
    resourceType: 'virtualMachines',
    locations: [location],
    capabilities: [
      { name: 'vCPUs', value: String(vCPUs) },
      { name: 'vCPUsAvailable', value: String(vCPUs) },
      { name: 'GPUs', value: String(gpus) },
    ],
    locationInfo: [{ location, zones: ['1', '2', '3'] }],
    name,
    family,
    restrictions,
  },
});
const SKUS = [
  gpuSku('swedencentral', 'Standard_NC24ads_A100_v4', 'StandardNCADSA100v4Family', 24, 1),
  gpuSku('eastus', 'Standard_NC24ads_A100_v4', 'StandardNCADSA100v4Family', 24, 1),
  gpuSku('eastus', 'Standard_NC6s_v3', 'standardNCSv3Family', 6, 1),
  gpuSku('eastus', 'Standard_ND96asr_v4', 'standardNDASv4_A100Family', 96, 8, [
    { type: 'Location', values: ['eastus'], restrictionInfo: { locations: ['eastus'] }, reasonCode: 'NotAvailableForSubscription' },
  ]),
];
/**
 * Azure ML usages of the same subscription in eastus, shaped like the published Usage/list.json
 * (azure-rest-api-specs machinelearningservices 2024-10-01, commit 3ecc2097), hand-written: room in
 * the dedicated quota for the private cluster (2 × 24 vCPUs of NCADS_A100_v4), not in the
 * low-priority regional total for the open one (2 × 24, with 20 left).
 */
const mlUsage = (type: string, name: string, currentValue: number, limit: number, key?: string) => ({
  id: `/subscriptions/${SUBSCRIPTION}/usages${key ? `/${key}` : ''}`,
  type: `Microsoft.MachineLearningServices/${type}`,
  currentValue,
  limit,
  name: { localizedValue: name, value: name },
  unit: 'Count',
});
const ML_USAGES = mlCapacityResources(SUBSCRIPTION, 'eastus', 'usages', [
  mlUsage('dedicatedCores/usages', 'Total Cluster Dedicated Regional vCPUs', 48, 200),
  mlUsage('vmFamily/usages', 'Standard NCADSA100v4 Family Cluster Dedicated vCPUs', 24, 96, 'Standard_NCADSA100v4_Family_Cluster_Dedicated_vCPUs'),
  mlUsage('lowPriorityCores/usages', 'Total Cluster LowPriority Regional vCPUs', 80, 100),
  mlUsage('vmFamily/usages', 'Standard NCADSA100v4 Family Cluster LowPriority vCPUs', 80, -1, 'Standard_NCADSA100v4_Family_Cluster_LowPriority_vCPUs'),
]);
const USAGES = {
  format: 'aiscan-snapshot',
  version: 1,
  tool: { name: 'aiscan', version: '0.1.0' },
  collectedAt: '2026-12-05T13:00:00Z',
  tenantId: '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13',
  scopes: [{ subscriptionId: SUBSCRIPTION, displayName: 'plan-target', tenantId: '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13' }],
  coverage: [
    { subscriptionId: SUBSCRIPTION, resourceType: 'Microsoft.Compute/locations/usages', status: 'read', count: 5 },
    { subscriptionId: SUBSCRIPTION, resourceType: 'Microsoft.Compute/locations/skus', status: 'read', count: SKUS.length },
    { subscriptionId: SUBSCRIPTION, resourceType: 'Microsoft.MachineLearningServices/locations/usages', status: 'read', count: ML_USAGES.length },
  ],
  resources: [
    usage('swedencentral', 'cores', 'Total Regional vCPUs', 40, 350),
    usage('swedencentral', 'StandardNCADSA100v4Family', 'Standard NCADS_A100_v4 Family vCPUs', 0, 96),
    usage('eastus', 'cores', 'Total Regional vCPUs', 120, 600),
    usage('eastus', 'standardNDASv4_A100Family', 'Standard NDASv4_A100 Family vCPUs', 96, 192),
    usage('eastus', 'StandardNCADSA100v4Family', 'Standard NCADS_A100_v4 Family vCPUs', 48, 96),
    ...SKUS,
    ...ML_USAGES,
  ],
};

interface Located {
  ruleId: string;
  resource: string;
  file: string;
  line: number;
}

interface RuleCounts {
  pass: number;
  fail: number;
  notApplicable: number;
  notEvaluated: number;
}

interface Undecided {
  ruleId: string;
  resourceName: string;
  expression: string;
  location: { file: string; startLine: number };
}

interface Scan {
  code: number;
  stdout: string;
  stderr: string;
  located: Located[];
  counts: Record<string, RuleCounts>;
  undecided: Undecided[];
  warnings: string[];
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

const expected = (...located: Located[]) => [...located].sort(byPlace);

/** The name aiscan gives a resource whose name is known only after apply (docs/terraform.md). */
const unknownName = (address: string) => `aiscan-unknown-name-${address}`;

describe('every built-in rule on a mapped Terraform type, failing and passing on a hand-written plan, at file and line', () => {
  const tmp = useTempDir('aiscan-terraform-rules-');
  const everyScan: { id: string; counts: RuleCounts }[][] = [];
  let runs = 0;
  let usages = '';

  beforeAll(() => {
    usages = tmp.write('usages.snapshot.handwritten.json', `${JSON.stringify(USAGES, null, 2)}\n`);
  });

  async function scan(folder: string): Promise<Scan> {
    const out = tmp.path(`run-${runs++}`);
    const run = await runCli('scan', folder, '--snapshot', usages, '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none');
    const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
    const json = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as {
      rules: { id: string; counts: RuleCounts }[];
      undecided: Undecided[];
      warnings: string[];
    };
    everyScan.push(json.rules);
    return {
      ...run,
      located: (log.runs[0].results ?? []).map(locatedOf).sort(byPlace),
      counts: Object.fromEntries(json.rules.map((rule) => [rule.id, rule.counts])),
      undecided: json.undecided,
      warnings: json.warnings,
    };
  }

  /** Each rule's pass count is the number of resources written to pass it, and none of them has a finding of it. */
  function expectPasses(result: Scan, passes: Record<string, string[]>): void {
    expect(Object.fromEntries(Object.keys(passes).map((rule) => [rule, result.counts[rule]?.pass]))).toEqual(
      Object.fromEntries(Object.entries(passes).map(([rule, resources]) => [rule, resources.length])),
    );
    const failedOnPassing = result.located.filter((finding) => passes[finding.ruleId]?.includes(finding.resource));
    expect(failedOnPassing).toEqual([]);
  }

  describe('handwritten-azurerm-example-aks-spot-node-pool (azurerm 4.x names): a hardened GPU cluster, a legacy cluster, the example with a production Spot GPU pool added', () => {
    const main = join(SPOT, 'main.tf');
    const gpu = join(SPOT, 'hand_written_gpu.tf');
    const example = 'resource "azurerm_kubernetes_cluster" "example"';
    const legacy = 'resource "azurerm_kubernetes_cluster" "legacy"';
    const exampleGpuSpot = 'resource "azurerm_kubernetes_cluster_node_pool" "example_gpu_spot"';
    let result: Scan;
    beforeAll(async () => {
      result = await scan(SPOT);
    });

    it('reads the plan with its .tf files and the usages', () => {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Read 4 Terraform files, 1 Terraform plan');
    });

    it('fails the cluster rules on the example and the legacy cluster, on the attribute written or the resource line', () => {
      expect(result.located).toEqual(
        expected(
          // The example's System pool has no CriticalAddonsOnly taint although the cluster has a User (Spot) pool: its default_node_pool block.
          { ruleId: 'AIS-AKS-003', resource: 'default', file: main, line: lineOf(main, 'default_node_pool {', example) },
          // Nothing about Entra ID or local accounts is written on the example: the resource line.
          { ruleId: 'AIS-AKS-005', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-AKS-006', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-AKS-007', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-AKS-004', resource: 'aiscan-legacy-k8s', file: gpu, line: lineOf(gpu, 'role_based_access_control_enabled = false', legacy) },
          { ruleId: 'AIS-AKS-005', resource: 'aiscan-legacy-k8s', file: gpu, line: lineOf(gpu, legacy) },
          { ruleId: 'AIS-AKS-006', resource: 'aiscan-legacy-k8s', file: gpu, line: lineOf(gpu, legacy) },
          { ruleId: 'AIS-AKS-007', resource: 'aiscan-legacy-k8s', file: gpu, line: lineOf(gpu, legacy) },
          // A service principal and no identity block.
          { ruleId: 'AIS-ID-001', resource: 'aiscan-legacy-k8s', file: gpu, line: lineOf(gpu, legacy) },
          // The example's cluster has a GPU pool now (prodspot, Spot, tagged environment = "production"): it is a production GPU cluster with
          // Spot capacity alone, and asks for workload identity, monitoring and owner tags, none written on the example (the resource line).
          { ruleId: 'AIS-AKS-012', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-ID-005', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-MON-001', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          { ruleId: 'AIS-GOV-001', resource: 'aiscan-k8s', file: main, line: lineOf(main, example) },
          // prodspot writes neither the Spot taint (only sku=gpu:NoSchedule) nor eviction_policy: the resource line, eviction_policy being absent.
          { ruleId: 'AIS-AKS-011', resource: 'prodspot', file: gpu, line: lineOf(gpu, exampleGpuSpot) },
        ),
      );
      expect(result.undecided).toEqual([]);
    });

    it('passes every AKS rule on the hardened GPU cluster and its GPU pools (one regular, one Spot), and the cluster and pool rules the example meets', () => {
      expectPasses(result, {
        'AIS-AKS-001': ['gpu', 'gpuspot', 'prodspot'],
        'AIS-AKS-002': ['gpu', 'gpuspot', 'prodspot'],
        'AIS-AKS-003': ['system'],
        'AIS-AKS-004': ['aiscan-gpu-k8s', 'aiscan-k8s'],
        'AIS-AKS-005': ['aiscan-gpu-k8s'],
        'AIS-AKS-006': ['aiscan-gpu-k8s'],
        'AIS-AKS-007': ['aiscan-gpu-k8s'],
        'AIS-AKS-009': ['gpu'],
        'AIS-AKS-010': ['gpu', 'gpuspot', 'prodspot'],
        // gpuspot writes the Spot taint and eviction_policy = "Delete"; the production cluster it belongs to keeps a regular GPU pool (gpu).
        'AIS-AKS-011': ['gpuspot'],
        'AIS-AKS-012': ['aiscan-gpu-k8s'],
        'AIS-ID-001': ['aiscan-gpu-k8s', 'aiscan-k8s'],
        'AIS-ID-005': ['aiscan-gpu-k8s'],
        'AIS-GOV-001': ['aiscan-gpu-k8s'],
        'AIS-MON-001': ['aiscan-gpu-k8s'],
        'AIS-QUOTA-003': ['gpu'],
      });
    });
  });

  describe('handwritten-infracost-aks-node-pools (azurerm 3.x names): GPU pools written the way the rules forbid, on infracost cluster', () => {
    const infracost = join(POOLS, 'kubernetes_cluster_node_pool_test.tf');
    const pools = join(POOLS, 'hand_written_gpu_pools.tf');
    const cluster = 'resource "azurerm_kubernetes_cluster" "example"';
    const gpuSystem = 'resource "azurerm_kubernetes_cluster_node_pool" "gpu_system"';
    const gpuUnbounded = 'resource "azurerm_kubernetes_cluster_node_pool" "gpu_unbounded"';
    let result: Scan;
    beforeAll(async () => {
      result = await scan(POOLS);
    });

    it('reads the plan with its .tf files', () => {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Read 2 Terraform files, 1 Terraform plan');
    });

    it('fails each GPU pool rule on the attribute written (3.x names: enable_node_public_ip), else the resource line, and the GPU cluster rules on the cluster', () => {
      expect(result.located).toEqual(
        expected(
          { ruleId: 'AIS-AKS-003', resource: 'default', file: infracost, line: lineOf(infracost, 'default_node_pool {', cluster) },
          { ruleId: 'AIS-AKS-005', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          { ruleId: 'AIS-AKS-006', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          { ruleId: 'AIS-AKS-007', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          // The cluster now has GPU pools: workload identity, monitoring and the owner tags are asked of it.
          { ruleId: 'AIS-ID-005', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          { ruleId: 'AIS-MON-001', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          { ruleId: 'AIS-GOV-001', resource: 'example-aks1', file: infracost, line: lineOf(infracost, cluster) },
          // gpu_system: no taint written (the resource line), System mode, a node public IP; being a System pool, it lacks CriticalAddonsOnly too.
          { ruleId: 'AIS-AKS-001', resource: 'gpusys', file: pools, line: lineOf(pools, gpuSystem) },
          { ruleId: 'AIS-AKS-002', resource: 'gpusys', file: pools, line: lineOf(pools, 'mode                  = "System"', gpuSystem) },
          { ruleId: 'AIS-AKS-003', resource: 'gpusys', file: pools, line: lineOf(pools, gpuSystem) },
          { ruleId: 'AIS-AKS-010', resource: 'gpusys', file: pools, line: lineOf(pools, 'enable_node_public_ip = true', gpuSystem) },
          // gpu_unbounded: only a PreferNoSchedule taint, max_count 40 (> 10), and no quota for 39 more ND96asr_v4 nodes.
          { ruleId: 'AIS-AKS-001', resource: 'gpuscale', file: pools, line: lineOf(pools, 'node_taints = [', gpuUnbounded) },
          { ruleId: 'AIS-AKS-009', resource: 'gpuscale', file: pools, line: lineOf(pools, 'max_count             = 40', gpuUnbounded) },
          { ruleId: 'AIS-QUOTA-003', resource: 'gpuscale', file: pools, line: lineOf(pools, 'max_count             = 40', gpuUnbounded) },
          // And its size may not be deployed in eastus by this subscription (USAGES: a Location restriction): the finding is on vm_size.
          { ruleId: 'AIS-CAP-001', resource: 'gpuscale', file: pools, line: lineOf(pools, 'vm_size               = "Standard_ND96asr_v4"', gpuUnbounded) },
        ),
      );
    });

    it('passes the pool rules the unbounded pool meets (User mode, no public IP) and the cluster rules infracost cluster meets', () => {
      expectPasses(result, {
        'AIS-AKS-002': ['gpuscale'],
        'AIS-AKS-004': ['example-aks1'],
        'AIS-AKS-010': ['gpuscale'],
        'AIS-ID-001': ['example-aks1'],
        'AIS-CAP-001': ['gpusys'],
      });
    });

    it('warns that the nine pools infracost names "internal" are one ARM resource, scanning the first, naming each by its .tf address and line', () => {
      const twice = result.warnings.filter((warning) => warning.includes('/agentPools/internal" is declared twice'));
      expect(twice).toHaveLength(8);
      const declaration = /"azurerm_kubernetes_cluster_node_pool\.(\w+)" at ([^ ]+):(\d+)/g;
      const named = new Set<string>();
      for (const warning of twice) {
        const declarations = [...warning.matchAll(declaration)];
        expect(declarations).toHaveLength(2);
        for (const [, name, file, line] of declarations) {
          expect({ file, line: Number(line) }).toEqual({ file: infracost, line: lineOf(infracost, `resource "azurerm_kubernetes_cluster_node_pool" "${name}"`) });
          named.add(name);
        }
      }
      expect(named.size).toBe(9);
    });

    it('does not wait for apply on a rule whose `when` already fails on known values (AIS-QUOTA-003 on the non-GPU default pool, node_count unknown)', () => {
      expect(result.undecided).toEqual([]);
      expect(result.counts['AIS-QUOTA-003'].notEvaluated).toBe(0);
    });
  });

  describe('handwritten-quickstart-ml-workspace (azurerm 3.x names): GPU ML compute, VMs, NICs, scale sets and role assignments beside the quickstart workspace', () => {
    const workspace = join(ML, 'workspace.tf');
    const gpu = join(ML, 'hand_written_gpu.tf');
    const block = (type: string, name: string) => `resource "${type}" "${name}"`;
    const vmOpen = block('azurerm_linux_virtual_machine', 'gpu_open');
    const vmssOpen = block('azurerm_linux_virtual_machine_scale_set', 'gpu_open');
    const amlOpen = block('azurerm_machine_learning_compute_cluster', 'gpu_open');
    const defaultWorkspace = block('azurerm_machine_learning_workspace', 'default');
    let result: Scan;
    beforeAll(async () => {
      result = await scan(ML);
    });

    it('reads the plan with its .tf files', () => {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      expect(result.stdout).toContain('Read 7 Terraform files, 1 Terraform plan');
    });

    it('fails the ML, identity, network, governance, RBAC and quota rules on the open resources, on the attribute written or the resource line', () => {
      expect(result.located).toEqual(
        expected(
          // The quickstart's workspace as written: public network access on, a system-assigned identity; it holds GPU compute now, untagged.
          { ruleId: 'AIS-ML-001', resource: unknownName('azurerm_machine_learning_workspace.default'), file: workspace, line: lineOf(workspace, 'public_network_access_enabled = true', defaultWorkspace) },
          // A system-assigned identity: the finding is on the identity block written.
          { ruleId: 'AIS-ID-003', resource: unknownName('azurerm_machine_learning_workspace.default'), file: workspace, line: lineOf(workspace, 'identity {', defaultWorkspace) },
          { ruleId: 'AIS-GOV-001', resource: unknownName('azurerm_machine_learning_workspace.default'), file: workspace, line: lineOf(workspace, defaultWorkspace) },
          // AmlCompute gpu_open: a node public IP, no identity, local auth not disabled, no tags, and low-priority nodes (reported as info).
          { ruleId: 'AIS-ML-002', resource: 'gpu-open', file: gpu, line: lineOf(gpu, 'node_public_ip_enabled        = true', amlOpen) },
          { ruleId: 'AIS-ML-003', resource: 'gpu-open', file: gpu, line: lineOf(gpu, 'vm_priority                   = "LowPriority"', amlOpen) },
          // Its growth to max_node_count (2 × 24 vCPUs) does not fit in the 20 low-priority vCPUs left in eastus (ML_USAGES): the finding is on max_node_count.
          { ruleId: 'AIS-QUOTA-005', resource: 'gpu-open', file: gpu, line: lineOf(gpu, 'max_node_count', amlOpen) },
          { ruleId: 'AIS-ID-004', resource: 'gpu-open', file: gpu, line: lineOf(gpu, amlOpen) },
          { ruleId: 'AIS-GOV-001', resource: 'gpu-open', file: gpu, line: lineOf(gpu, amlOpen) },
          // The three NICs of the open GPU VM lack accelerated networking; the one whose public IP is created in the same plan (a reference inside its ip_configuration block) and the one with an existing public IP fail AIS-NET-003 on it.
          { ruleId: 'AIS-NET-001', resource: unknownName('azurerm_network_interface.gpu_open'), file: gpu, line: lineOf(gpu, block('azurerm_network_interface', 'gpu_open')) },
          { ruleId: 'AIS-NET-003', resource: unknownName('azurerm_network_interface.gpu_open'), file: gpu, line: lineOf(gpu, 'public_ip_address_id', block('azurerm_network_interface', 'gpu_open')) },
          { ruleId: 'AIS-NET-001', resource: unknownName('azurerm_network_interface.gpu_open_reserved_ip'), file: gpu, line: lineOf(gpu, block('azurerm_network_interface', 'gpu_open_reserved_ip')) },
          { ruleId: 'AIS-NET-001', resource: unknownName('azurerm_network_interface.gpu_open_shared_ip'), file: gpu, line: lineOf(gpu, block('azurerm_network_interface', 'gpu_open_shared_ip')) },
          {
            ruleId: 'AIS-NET-003',
            resource: unknownName('azurerm_network_interface.gpu_open_reserved_ip'),
            file: gpu,
            line: lineOf(gpu, 'public_ip_address_id', block('azurerm_network_interface', 'gpu_open_reserved_ip')),
          },
          // The open GPU VM: no identity, no tags.
          { ruleId: 'AIS-ID-002', resource: unknownName('azurerm_linux_virtual_machine.gpu_open'), file: gpu, line: lineOf(gpu, vmOpen) },
          { ruleId: 'AIS-GOV-001', resource: unknownName('azurerm_linux_virtual_machine.gpu_open'), file: gpu, line: lineOf(gpu, vmOpen) },
          // The open GPU scale set: no identity, no tags, no accelerated networking (its network_interface block), a public IP per instance, autoscaling past its quota (its sku).
          { ruleId: 'AIS-ID-002', resource: unknownName('azurerm_linux_virtual_machine_scale_set.gpu_open'), file: gpu, line: lineOf(gpu, vmssOpen) },
          { ruleId: 'AIS-GOV-001', resource: unknownName('azurerm_linux_virtual_machine_scale_set.gpu_open'), file: gpu, line: lineOf(gpu, vmssOpen) },
          { ruleId: 'AIS-NET-002', resource: unknownName('azurerm_linux_virtual_machine_scale_set.gpu_open'), file: gpu, line: lineOf(gpu, 'network_interface {', vmssOpen) },
          { ruleId: 'AIS-NET-004', resource: unknownName('azurerm_linux_virtual_machine_scale_set.gpu_open'), file: gpu, line: lineOf(gpu, 'public_ip_address {', vmssOpen) },
          { ruleId: 'AIS-QUOTA-004', resource: unknownName('azurerm_linux_virtual_machine_scale_set.gpu_open'), file: gpu, line: lineOf(gpu, 'sku ', vmssOpen) },
          // Contributor to a User at the private GPU VM's scope (the scope is known only after apply: followed through the configuration).
          {
            ruleId: 'AIS-RBAC-001',
            resource: unknownName('azurerm_role_assignment.gpu_user_contributor'),
            file: gpu,
            line: lineOf(gpu, 'role_definition_name = "Contributor"', block('azurerm_role_assignment', 'gpu_user_contributor')),
          },
          // A custom role with every action on VMs, defined in the same plan, assigned at the GPU VM: the role definition joins through role_definition_resource_id.
          {
            ruleId: 'AIS-RBAC-002',
            resource: unknownName('azurerm_role_assignment.gpu_operator_wildcard'),
            file: gpu,
            line: lineOf(gpu, 'role_definition_id', block('azurerm_role_assignment', 'gpu_operator_wildcard')),
          },
        ),
      );
    });

    it('passes each of those rules on the resource written to pass it', () => {
      expectPasses(result, {
        'AIS-ML-001': [unknownName('azurerm_machine_learning_workspace.private'), unknownName('azurerm_machine_learning_workspace.shared_identity')],
        'AIS-ML-002': ['gpu-private'],
        'AIS-ML-003': ['gpu-private'],
        'AIS-QUOTA-005': ['gpu-private'],
        'AIS-ID-002': [unknownName('azurerm_linux_virtual_machine.gpu_private'), unknownName('azurerm_linux_virtual_machine_scale_set.gpu_private')],
        // The private workspace's identity is created in the same plan; the shared one's exists (by id).
        'AIS-ID-003': [unknownName('azurerm_machine_learning_workspace.private'), unknownName('azurerm_machine_learning_workspace.shared_identity')],
        'AIS-ID-004': ['gpu-private'],
        'AIS-GOV-001': ['gpu-private', unknownName('azurerm_linux_virtual_machine.gpu_private'), unknownName('azurerm_linux_virtual_machine_scale_set.gpu_private')],
        'AIS-NET-001': [unknownName('azurerm_network_interface.gpu_private')],
        'AIS-NET-002': [unknownName('azurerm_linux_virtual_machine_scale_set.gpu_private')],
        'AIS-NET-003': [unknownName('azurerm_network_interface.gpu_private')],
        'AIS-NET-004': [unknownName('azurerm_linux_virtual_machine_scale_set.gpu_private')],
        'AIS-RBAC-001': [unknownName('azurerm_role_assignment.gpu_user_reader')],
        'AIS-RBAC-002': [unknownName('azurerm_role_assignment.gpu_restart')],
        'AIS-RBAC-003': [
          unknownName('azurerm_role_assignment.gpu_operator_wildcard'),
          unknownName('azurerm_role_assignment.gpu_restart'),
          unknownName('azurerm_role_assignment.gpu_user_contributor'),
          unknownName('azurerm_role_assignment.gpu_user_reader'),
        ],
        'AIS-QUOTA-004': [unknownName('azurerm_linux_virtual_machine_scale_set.gpu_private')],
      });
    });

    it('leaves undecided only what is known after apply, reported where it is written, else on the resource', () => {
      const shared = block('azurerm_network_interface', 'gpu_open_shared_ip');
      const reader = block('azurerm_role_assignment', 'mlw_identity_reader');
      expect(result.undecided.map((entry) => [entry.ruleId, entry.resourceName, entry.expression, entry.location.file, entry.location.startLine])).toEqual([
        // A public IP looked up during apply (a data source on a group the plan creates): its id is written in ip_configuration.
        ['AIS-NET-003', unknownName('azurerm_network_interface.gpu_open_shared_ip'), 'azurerm_network_interface.gpu_open_shared_ip.ip_configuration.0.public_ip_address_id', gpu, lineOf(gpu, 'public_ip_address_id', shared)],
        // A privileged role to a user at a GPU scope: whether it is permanent or PIM-activated is in PIM, which a plan does not hold.
        ['AIS-RBAC-006', unknownName('azurerm_role_assignment.gpu_user_contributor'), `the PIM schedule of role assignment ${unknownName('azurerm_role_assignment.gpu_user_contributor')}`, gpu, lineOf(gpu, block('azurerm_role_assignment', 'gpu_user_contributor'))],
        // principal_type not written: azurerm sets it after apply. Both rules that read it wait; the note is on the resource.
        ['AIS-RBAC-001', unknownName('azurerm_role_assignment.mlw_identity_reader'), 'azurerm_role_assignment.mlw_identity_reader.principal_type', gpu, lineOf(gpu, reader)],
        ['AIS-RBAC-003', unknownName('azurerm_role_assignment.mlw_identity_reader'), 'azurerm_role_assignment.mlw_identity_reader.principal_type', gpu, lineOf(gpu, reader)],
      ]);
    });
  });

  // Runs after the plans above (jest keeps declaration order): the pack is read from rules/, so a rule added later on a mapped type is not covered until a plan here fails and passes it.
  it('covers every built-in rule on a mapped ARM type, failing and passing, but AIS-CAP-002, AIS-QUOTA-006, AIS-RBAC-006 and the failing side of AIS-RBAC-003 (see the top of this file)', () => {
    const mapped = new Set(Object.values((JSON.parse(readFileSync(join('src', 'sources', 'terraform', 'mappings', 'azurerm.json'), 'utf8')) as { types: Record<string, { armType: string }> }).types).map((type) => type.armType));
    const onMappedTypes = readdirSync('rules', { recursive: true, encoding: 'utf8' })
      .filter((file) => /(^|\/)AIS-[A-Z]+-\d+\.json$/.test(file))
      .map((file) => JSON.parse(readFileSync(join('rules', file), 'utf8')) as { id: string; resourceTypes: string[] })
      .filter((rule) => rule.resourceTypes.some((type) => mapped.has(type)))
      .map((rule) => rule.id)
      .sort();
    expect(onMappedTypes.length).toBeGreaterThan(25);
    const total = (id: string, outcome: 'pass' | 'fail') => everyScan.flat().filter((rule) => rule.id === id).reduce((sum, rule) => sum + rule.counts[outcome], 0);
    const uncovered = onMappedTypes.flatMap((id) => (['fail', 'pass'] as const).filter((outcome) => total(id, outcome) === 0).map((outcome) => `${id} ${outcome}`));
    expect(uncovered).toEqual([
      'AIS-CAP-002 fail',
      'AIS-CAP-002 pass',
      'AIS-QUOTA-006 fail',
      'AIS-QUOTA-006 pass',
      'AIS-RBAC-003 fail',
      'AIS-RBAC-006 fail',
      'AIS-RBAC-006 pass',
    ]);
  });
});
