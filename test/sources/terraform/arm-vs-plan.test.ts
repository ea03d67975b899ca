import fc from 'fast-check';
import { scan } from '../../../src/scan.js';
import { mapPlan } from '../../../src/sources/terraform/map-plan.js';
import { readPlan } from '../../../src/sources/terraform/plan-file.js';
import gpuSizes from '../../../src/facts/gpu-vm-sizes.json' with { type: 'json' };
import { useTempDir } from '../../helpers/temp.js';

/**
 * Issue 12's property: a resource written as ARM REST JSON and the same resource written as a
 * Terraform plan's `after` object get the same outcome (pass / fail / not applicable / not
 * evaluated) from every rule of the built-in pack.
 *
 * The generators are HAND-WRITTEN: for each linked set (AKS cluster + node pools; VM + NIC +
 * public IP + a role assignment on the VM; scale set + autoscale setting; ML workspace + compute
 * cluster + compute instance) they draw one set of settings and write it twice, independently: as
 * the `after` objects of a `terraform show -json` plan (azurerm 4.x attribute names; ids known for
 * an update, known only after apply for a create, joined then through `configuration`
 * references), and as the ARM REST resources Azure would return for it (shapes as in
 * examples/estate/*.json). The ARM side is never produced by mapPlan. The plan side goes through
 * readPlan + mapPlan, what loadInputs runs on a plan file, and is scanned as a deployment; the ARM
 * side is scanned as an estate.
 */

const SUB = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
const LOCATION = 'eastus';
const GPU = (gpuSizes.sizes as { name: string }[]).map((size) => size.name);
const SIZES = fc.oneof(fc.constantFrom(...GPU), fc.constantFrom('Standard_D4s_v5', 'Standard_E8ds_v5', 'Standard_F16s_v2'));
// Every case loads the pack and scans twice (~0.2 s): 25 cases a set keep the suite under 20 s.
const RUNS = { numRuns: 25, seed: 12 };

type Json = Record<string, unknown>;
interface Change {
  address: string;
  type: string;
  after: Json;
  unknown: Json;
  /** attribute → referenced addresses (the plan's configuration expressions). */
  refs?: Record<string, string>;
  update?: boolean;
}

const rgId = (rg: string) => `/subscriptions/${SUB}/resourceGroups/${rg}`;
const armId = (rg: string, type: string, name: string) => `${rgId(rg)}/providers/${type}/${name}`;

function planText(changes: Change[]): string {
  return JSON.stringify({
    format_version: '1.2',
    terraform_version: '1.9.5',
    resource_changes: changes.map((change) => ({
      address: change.address,
      mode: 'managed',
      type: change.type,
      name: change.address.split('.').pop(),
      change: { actions: change.update ? ['update'] : ['create'], before: null, after: change.after, after_unknown: change.unknown },
    })),
    configuration: {
      root_module: {
        resources: changes.map((change) => ({
          address: change.address,
          type: change.type,
          expressions: Object.fromEntries(Object.entries(change.refs ?? {}).map(([attribute, target]) => [attribute, { references: [`${target}.id`, target] }])),
        })),
      },
    },
  });
}

/** rule × (type, name) → outcome: ids Terraform builds before apply may differ in case or placeholders, never in type and name. */
function outcomesOf(result: ReturnType<typeof scan>): Record<string, string> {
  const outcomes: Record<string, string> = {};
  for (const outcome of result.outcomes ?? []) {
    outcomes[`${outcome.ruleId} ${outcome.resourceType.toLowerCase()} ${outcome.resourceId.split('/').pop()!.toLowerCase()}`] = outcome.outcome;
  }
  return outcomes;
}

const tmp = useTempDir('aiscan-arm-vs-plan-');

/** Both files are written: findings are located in the file they came from. */
function compare(changes: Change[], arm: Json[]): { plan: Record<string, string>; arm: Record<string, string> } {
  const planFile = tmp.write('plan.json', planText(changes));
  const mapped = mapPlan(readPlan(planText(changes), planFile), planFile, { subscriptionId: SUB });
  const fromPlan = scan({ deployments: [{ template: planFile, resources: mapped.resources }], recordOutcomes: true, failOn: 'none' });
  const estateFile = tmp.write('estate.json', JSON.stringify(arm));
  const fromArm = scan({ snapshots: [estateFile], recordOutcomes: true, failOn: 'none' });
  return { plan: outcomesOf(fromPlan), arm: outcomesOf(fromArm) };
}

// ---- shared pieces -------------------------------------------------------------------------

const TAG_NAMES = ['owner', 'team', 'costCenter', 'project'];
const tags = fc.option(fc.subarray(TAG_NAMES).map((names) => Object.fromEntries(names.map((name) => [name, `${name}-value`]))), { nil: undefined });
const UAI = armId('rg-id', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-gpu');
type IdentityKind = 'none' | 'SystemAssigned' | 'UserAssigned' | 'SystemAssigned, UserAssigned';
const identityKind = fc.constantFrom<IdentityKind>('none', 'SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned');
const planIdentity = (kind: IdentityKind) => (kind === 'none' ? [] : [{ type: kind, identity_ids: kind.includes('UserAssigned') ? [UAI] : [], principal_id: null, tenant_id: null }]);
const armIdentity = (kind: IdentityKind) => (kind === 'none' ? {} : { identity: { type: kind, ...(kind.includes('UserAssigned') ? { userAssignedIdentities: { [UAI]: { principalId: '1', clientId: '2' } } } : {}) } });
const common = (rg: string, name: string, tagged: Json | undefined) => ({ name, location: LOCATION, resource_group_name: rg, tags: tagged ?? null });
const armCommon = (tagged: Json | undefined) => ({ location: LOCATION, ...(tagged ? { tags: tagged } : {}) });
const TAINTS = ['sku=gpu:NoSchedule', 'nvidia.com/gpu=present:PreferNoSchedule', 'dedicated=ml:NoExecute', 'team=vision:PreferNoSchedule'];

// ---- AKS: a cluster, its default (system) pool, and 0–2 more pools ----------------------------

const pool = fc.record({
  vmSize: SIZES,
  mode: fc.constantFrom('User', 'System'),
  taints: fc.subarray(TAINTS),
  count: fc.integer({ min: 0, max: 5 }),
  autoscale: fc.boolean(),
  maxCount: fc.integer({ min: 1, max: 40 }),
  publicIp: fc.boolean(),
  spot: fc.boolean(),
});
const aks = fc.record({
  rg: fc.constantFrom('rg-aks', 'rg-gpu'),
  tags,
  known: fc.boolean(),
  rbac: fc.boolean(),
  aad: fc.option(fc.boolean(), { nil: undefined }),
  localDisabled: fc.boolean(),
  oidc: fc.boolean(),
  workloadIdentity: fc.boolean(),
  oms: fc.boolean(),
  metrics: fc.boolean(),
  identity: fc.constantFrom<IdentityKind>('none', 'SystemAssigned', 'UserAssigned'),
  system: fc.record({ vmSize: SIZES, count: fc.integer({ min: 1, max: 5 }), criticalOnly: fc.boolean(), autoscale: fc.boolean(), maxCount: fc.integer({ min: 1, max: 40 }), publicIp: fc.boolean() }),
  pools: fc.array(pool, { maxLength: 2 }),
});

function aksSet(c: fc.GenerationValue<typeof aks>): { changes: Change[]; arm: Json[] } {
  const clusterId = armId(c.rg, 'Microsoft.ContainerService/managedClusters', 'aks-gpu');
  const poolNames = c.pools.map((_, i) => `pool${i}`);
  const changes: Change[] = [
    {
      address: 'azurerm_kubernetes_cluster.main',
      type: 'azurerm_kubernetes_cluster',
      update: c.known,
      after: {
        ...common(c.rg, 'aks-gpu', c.tags),
        ...(c.known ? { id: clusterId } : {}),
        dns_prefix: 'aksgpu',
        role_based_access_control_enabled: c.rbac,
        azure_active_directory_role_based_access_control: c.aad === undefined ? [] : [{ azure_rbac_enabled: c.aad, tenant_id: SUB }],
        local_account_disabled: c.localDisabled,
        oidc_issuer_enabled: c.oidc,
        workload_identity_enabled: c.workloadIdentity,
        oms_agent: c.oms ? [{ log_analytics_workspace_id: `${rgId(c.rg)}/providers/Microsoft.OperationalInsights/workspaces/law`, msi_auth_for_monitoring_enabled: true }] : [],
        monitor_metrics: c.metrics ? [{ annotations_allowed: null, labels_allowed: null }] : [],
        identity: planIdentity(c.identity),
        service_principal: c.identity === 'none' ? [{ client_id: '5f1c0000-0000-4000-8000-00000000c1d0' }] : [],
        default_node_pool: [
          {
            name: 'system',
            vm_size: c.system.vmSize,
            node_count: c.system.count,
            only_critical_addons_enabled: c.system.criticalOnly,
            auto_scaling_enabled: c.system.autoscale,
            max_count: c.system.autoscale ? c.system.maxCount : null,
            min_count: c.system.autoscale ? 1 : null,
            node_public_ip_enabled: c.system.publicIp,
          },
        ],
      },
      unknown: c.known ? {} : { id: true },
    },
    ...c.pools.map(
      (p, i): Change => ({
        address: `azurerm_kubernetes_cluster_node_pool.pool${i}`,
        type: 'azurerm_kubernetes_cluster_node_pool',
        update: c.known,
        after: {
          name: poolNames[i],
          ...(c.known ? { kubernetes_cluster_id: clusterId, id: `${clusterId}/agentPools/${poolNames[i]}` } : {}),
          vm_size: p.vmSize,
          mode: p.mode,
          node_taints: p.taints,
          node_count: p.count,
          auto_scaling_enabled: p.autoscale,
          max_count: p.autoscale ? p.maxCount : null,
          min_count: p.autoscale ? 0 : null,
          node_public_ip_enabled: p.publicIp,
          priority: p.spot ? 'Spot' : 'Regular',
          tags: null,
        },
        unknown: c.known ? {} : { id: true, kubernetes_cluster_id: true },
        refs: { kubernetes_cluster_id: 'azurerm_kubernetes_cluster.main' },
      }),
    ),
  ];
  const systemProfile = {
    name: 'system',
    vmSize: c.system.vmSize,
    count: c.system.count,
    mode: 'System',
    ...(c.system.criticalOnly ? { nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'] } : {}),
    enableAutoScaling: c.system.autoscale,
    ...(c.system.autoscale ? { maxCount: c.system.maxCount, minCount: 1 } : {}),
    enableNodePublicIP: c.system.publicIp,
    osType: 'Linux',
  };
  const poolProperties = (p: (typeof c.pools)[number]) => ({
    vmSize: p.vmSize,
    count: p.count,
    mode: p.mode,
    ...(p.taints.length > 0 ? { nodeTaints: p.taints } : {}),
    enableAutoScaling: p.autoscale,
    ...(p.autoscale ? { maxCount: p.maxCount, minCount: 0 } : {}),
    enableNodePublicIP: p.publicIp,
    scaleSetPriority: p.spot ? 'Spot' : 'Regular',
    osType: 'Linux',
  });
  const arm: Json[] = [
    {
      id: clusterId,
      name: 'aks-gpu',
      type: 'Microsoft.ContainerService/managedClusters',
      ...armCommon(c.tags),
      ...armIdentity(c.identity),
      properties: {
        provisioningState: 'Succeeded',
        dnsPrefix: 'aksgpu',
        enableRBAC: c.rbac,
        ...(c.aad === undefined ? {} : { aadProfile: { managed: true, enableAzureRBAC: c.aad, tenantID: SUB } }),
        disableLocalAccounts: c.localDisabled,
        oidcIssuerProfile: { enabled: c.oidc },
        securityProfile: { workloadIdentity: { enabled: c.workloadIdentity } },
        addonProfiles: c.oms ? { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: 'law' } } } : {},
        ...(c.metrics ? { azureMonitorProfile: { metrics: { enabled: true } } } : {}),
        servicePrincipalProfile: { clientId: c.identity === 'none' ? '5f1c0000-0000-4000-8000-00000000c1d0' : 'msi' },
        // A cluster GET lists every pool, its default one and those made as agentPools resources.
        agentPoolProfiles: [systemProfile, ...c.pools.map((p, i) => ({ name: poolNames[i], ...poolProperties(p) }))],
      },
    },
    ...c.pools.map((p, i) => ({ id: `${clusterId}/agentPools/${poolNames[i]}`, name: poolNames[i], type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: poolProperties(p) })),
  ];
  return { changes, arm };
}

describe('an ARM REST resource and the same resource in a Terraform plan get the same outcome from every rule', () => {
  it('AKS: a cluster, its default pool and its node pools', () => {
    fc.assert(
      fc.property(aks, (c) => {
        const { changes, arm } = aksSet(c);
        const result = compare(changes, arm);
        expect(result.plan).toEqual(result.arm);
      }),
      RUNS,
    );
  });
});
