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
// Every case loads the pack and scans twice (~0.2 s): 20 cases a set keep the suite under 20 s.
const RUNS = { numRuns: 20, seed: 12 };

type Json = Record<string, unknown>;
/** What an arbitrary draws. */
type Value<A> = A extends fc.Arbitrary<infer T> ? T : never;
interface Change {
  address: string;
  type: string;
  after: Json;
  unknown: Json;
  /** attribute → referenced addresses (the plan's configuration expressions). */
  refs?: Record<string, string>;
  /** Expressions written out, for a reference inside a nested block (`ip_configuration[0].public_ip_address_id`). */
  expressions?: Json;
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
          expressions: { ...Object.fromEntries(Object.entries(change.refs ?? {}).map(([attribute, target]) => [attribute, { references: [`${target}.id`, target] }])), ...change.expressions },
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
  // Never the trivial agreement of two scans that recorded nothing (a non-GPU VM may well be not applicable to every rule).
  expect(Object.keys(outcomesOf(fromArm)).length).toBeGreaterThan(0);
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

function aksSet(c: Value<typeof aks>): { changes: Change[]; arm: Json[] } {
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

// ---- A VM, its NIC, maybe a public IP, and a role assignment on the VM -------------------------

const ROLES: Record<string, string> = { Owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', Contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c', Reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Virtual Machine Contributor': '9980e02c-c2be-4d73-94e8-173b1dc7cf3c' };
const vm = fc.record({
  type: fc.constantFrom('azurerm_linux_virtual_machine', 'azurerm_windows_virtual_machine', 'azurerm_virtual_machine'),
  rg: fc.constantFrom('rg-gpu', 'rg-vm'),
  tags,
  known: fc.boolean(),
  size: SIZES,
  identity: identityKind,
  spot: fc.boolean(),
  accelerated: fc.boolean(),
  publicIp: fc.boolean(),
  role: fc.option(fc.record({ name: fc.constantFrom(...Object.keys(ROLES)), byName: fc.boolean(), principalType: fc.constantFrom('User', 'Group', 'ServicePrincipal') }), { nil: undefined }),
});

function vmSet(c: Value<typeof vm>): { changes: Change[]; arm: Json[] } {
  const vmId = armId(c.rg, 'Microsoft.Compute/virtualMachines', 'vm-gpu');
  const nicId = armId(c.rg, 'Microsoft.Network/networkInterfaces', 'vm-gpu-nic');
  const pipId = armId(c.rg, 'Microsoft.Network/publicIPAddresses', 'vm-gpu-pip');
  const subnetId = `${rgId('rg-net')}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gpu`;
  const assignment = '6a1c3f0e-2b4d-4e5f-8a9b-0c1d2e3f4a5b';
  const roleDefinitionId = c.role ? `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${ROLES[c.role.name]}` : '';
  const legacy = c.type === 'azurerm_virtual_machine';
  const linux = c.type === 'azurerm_linux_virtual_machine';
  const changes: Change[] = [
    {
      address: `${c.type}.gpu`,
      type: c.type,
      update: c.known,
      after: {
        ...common(c.rg, 'vm-gpu', c.tags),
        ...(c.known ? { id: vmId, network_interface_ids: [nicId] } : {}),
        ...(legacy ? { vm_size: c.size, os_profile_linux_config: [{ disable_password_authentication: true }] } : { size: c.size, priority: c.spot ? 'Spot' : 'Regular', encryption_at_host_enabled: false }),
        ...(linux ? { disable_password_authentication: true } : {}),
        identity: planIdentity(c.identity),
      },
      unknown: c.known ? {} : { id: true, network_interface_ids: true },
      refs: { network_interface_ids: 'azurerm_network_interface.gpu' },
    },
    {
      address: 'azurerm_network_interface.gpu',
      type: 'azurerm_network_interface',
      update: c.known,
      after: {
        ...common(c.rg, 'vm-gpu-nic', undefined),
        ...(c.known ? { id: nicId } : {}),
        accelerated_networking_enabled: c.accelerated,
        ip_forwarding_enabled: false,
        ip_configuration: [{ name: 'ipconfig1', subnet_id: subnetId, private_ip_address_allocation: 'Dynamic', primary: true, ...(c.publicIp && c.known ? { public_ip_address_id: pipId } : { public_ip_address_id: null }) }],
      },
      unknown: c.known ? {} : { id: true, ip_configuration: [c.publicIp ? { public_ip_address_id: true } : {}] },
      // As terraform show -json writes a reference in a nested block.
      expressions: c.publicIp ? { ip_configuration: [{ public_ip_address_id: { references: ['azurerm_public_ip.gpu.id', 'azurerm_public_ip.gpu'] } }] } : {},
    },
    ...(c.publicIp
      ? [
          {
            address: 'azurerm_public_ip.gpu',
            type: 'azurerm_public_ip',
            update: c.known,
            after: { ...common(c.rg, 'vm-gpu-pip', c.tags), ...(c.known ? { id: pipId, ip_address: '203.0.113.7' } : {}), sku: 'Standard', allocation_method: 'Static' },
            unknown: c.known ? {} : { id: true, ip_address: true },
          },
        ]
      : []),
    ...(c.role
      ? [
          {
            address: 'azurerm_role_assignment.gpu',
            type: 'azurerm_role_assignment',
            update: c.known,
            after: {
              name: assignment,
              ...(c.known ? { id: `${vmId}/providers/Microsoft.Authorization/roleAssignments/${assignment}`, scope: vmId } : {}),
              ...(c.role.byName ? { role_definition_name: c.role.name } : { role_definition_id: roleDefinitionId }),
              principal_id: 'a0b1c2d3-0000-4000-8000-000000000001',
              principal_type: c.role.principalType,
            },
            unknown: { ...(c.known ? {} : { id: true, scope: true }), ...(c.role.byName ? { role_definition_id: true } : {}) },
            refs: { scope: `${c.type}.gpu` },
          },
        ]
      : []),
  ];
  const arm: Json[] = [
    {
      id: vmId,
      name: 'vm-gpu',
      type: 'Microsoft.Compute/virtualMachines',
      ...armCommon(c.tags),
      ...armIdentity(c.identity),
      properties: {
        hardwareProfile: { vmSize: c.size },
        ...(legacy ? {} : { priority: c.spot ? 'Spot' : 'Regular', securityProfile: { encryptionAtHost: false } }),
        osProfile: c.type === 'azurerm_windows_virtual_machine' ? { windowsConfiguration: { provisionVMAgent: true } } : { linuxConfiguration: { disablePasswordAuthentication: true } },
        networkProfile: { networkInterfaces: [{ id: nicId }] },
      },
    },
    {
      id: nicId,
      name: 'vm-gpu-nic',
      type: 'Microsoft.Network/networkInterfaces',
      location: LOCATION,
      properties: {
        enableAcceleratedNetworking: c.accelerated,
        enableIPForwarding: false,
        virtualMachine: { id: vmId },
        ipConfigurations: [{ name: 'ipconfig1', id: `${nicId}/ipConfigurations/ipconfig1`, properties: { privateIPAllocationMethod: 'Dynamic', primary: true, subnet: { id: subnetId }, ...(c.publicIp ? { publicIPAddress: { id: pipId } } : {}) } }],
      },
    },
    ...(c.publicIp
      ? [{ id: pipId, name: 'vm-gpu-pip', type: 'Microsoft.Network/publicIPAddresses', ...armCommon(c.tags), sku: { name: 'Standard', tier: 'Regional' }, properties: { publicIPAllocationMethod: 'Static', ipAddress: '203.0.113.7', ipConfiguration: { id: `${nicId}/ipConfigurations/ipconfig1` } } }]
      : []),
    ...(c.role
      ? [
          {
            id: `${vmId}/providers/Microsoft.Authorization/roleAssignments/${assignment}`,
            name: assignment,
            type: 'Microsoft.Authorization/roleAssignments',
            properties: { roleDefinitionId, principalId: 'a0b1c2d3-0000-4000-8000-000000000001', principalType: c.role.principalType, scope: vmId },
          },
        ]
      : []),
  ];
  return { changes, arm };
}

// ---- A scale set, maybe with an autoscale setting ----------------------------------------------

const vmss = fc.record({
  type: fc.constantFrom('azurerm_linux_virtual_machine_scale_set', 'azurerm_windows_virtual_machine_scale_set', 'azurerm_orchestrated_virtual_machine_scale_set'),
  rg: fc.constantFrom('rg-gpu', 'rg-batch'),
  tags,
  known: fc.boolean(),
  size: SIZES,
  instances: fc.integer({ min: 0, max: 8 }),
  identity: identityKind,
  accelerated: fc.boolean(),
  publicIp: fc.boolean(),
  autoscale: fc.option(fc.record({ enabled: fc.boolean(), maximum: fc.integer({ min: 1, max: 500 }) }), { nil: undefined }),
});

function vmssSet(c: Value<typeof vmss>): { changes: Change[]; arm: Json[] } {
  const id = armId(c.rg, 'Microsoft.Compute/virtualMachineScaleSets', 'vmss-gpu');
  const settingId = armId(c.rg, 'Microsoft.Insights/autoscaleSettings', 'autoscale-vmss-gpu');
  const subnetId = `${rgId('rg-net')}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/gpu`;
  const orchestrated = c.type === 'azurerm_orchestrated_virtual_machine_scale_set';
  const changes: Change[] = [
    {
      address: `${c.type}.gpu`,
      type: c.type,
      update: c.known,
      after: {
        ...common(c.rg, 'vmss-gpu', c.tags),
        ...(c.known ? { id } : {}),
        ...(orchestrated ? { sku_name: c.size, platform_fault_domain_count: 1 } : { sku: c.size, upgrade_mode: 'Manual', overprovision: false }),
        instances: c.instances,
        single_placement_group: false,
        identity: planIdentity(c.identity),
        network_interface: [
          {
            name: 'nic',
            primary: true,
            accelerated_networking_enabled: c.accelerated,
            ip_configuration: [{ name: 'ipconfig', primary: true, subnet_id: subnetId, public_ip_address: c.publicIp ? [{ name: 'pip', idle_timeout_in_minutes: 4 }] : [] }],
          },
        ],
      },
      unknown: c.known ? {} : { id: true },
    },
    ...(c.autoscale
      ? [
          {
            address: 'azurerm_monitor_autoscale_setting.gpu',
            type: 'azurerm_monitor_autoscale_setting',
            update: c.known,
            after: {
              ...common(c.rg, 'autoscale-vmss-gpu', undefined),
              ...(c.known ? { id: settingId, target_resource_id: id } : {}),
              enabled: c.autoscale.enabled,
              profile: [{ name: 'default', capacity: [{ minimum: 0, maximum: c.autoscale.maximum, default: 1 }] }],
            },
            unknown: c.known ? {} : { id: true, target_resource_id: true },
            refs: { target_resource_id: `${c.type}.gpu` },
          },
        ]
      : []),
  ];
  const arm: Json[] = [
    {
      id,
      name: 'vmss-gpu',
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      ...armCommon(c.tags),
      ...armIdentity(c.identity),
      sku: { name: c.size, tier: 'Standard', capacity: c.instances },
      properties: {
        singlePlacementGroup: false,
        orchestrationMode: orchestrated ? 'Flexible' : 'Uniform',
        ...(orchestrated ? { platformFaultDomainCount: 1 } : { upgradePolicy: { mode: 'Manual' }, overprovision: false }),
        virtualMachineProfile: {
          networkProfile: {
            networkInterfaceConfigurations: [
              {
                name: 'nic',
                properties: {
                  primary: true,
                  enableAcceleratedNetworking: c.accelerated,
                  enableIPForwarding: false,
                  ipConfigurations: [{ name: 'ipconfig', properties: { primary: true, subnet: { id: subnetId }, ...(c.publicIp ? { publicIPAddressConfiguration: { name: 'pip', properties: { idleTimeoutInMinutes: 4 } } } : {}) } }],
                },
              },
            ],
          },
        },
      },
    },
    ...(c.autoscale
      ? [
          {
            id: settingId,
            name: 'autoscale-vmss-gpu',
            type: 'Microsoft.Insights/autoscaleSettings',
            location: LOCATION,
            properties: { name: 'autoscale-vmss-gpu', enabled: c.autoscale.enabled, targetResourceUri: id, profiles: [{ name: 'default', capacity: { minimum: '0', maximum: String(c.autoscale.maximum), default: '1' }, rules: [] }] },
          },
        ]
      : []),
  ];
  return { changes, arm };
}

// ---- An ML workspace, a compute cluster and a compute instance ---------------------------------

const compute = fc.record({ size: SIZES, identity: identityKind, localAuth: fc.boolean(), publicIp: fc.boolean() });
const ml = fc.record({
  rg: fc.constantFrom('rg-ml', 'rg-gpu'),
  tags,
  known: fc.boolean(),
  identity: fc.constantFrom<IdentityKind>('SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned'),
  primaryUai: fc.boolean(),
  publicNetwork: fc.boolean(),
  cluster: fc.option(fc.record({ compute, tags, lowPriority: fc.boolean() }), { nil: undefined }),
  instance: fc.option(fc.record({ compute, tags }), { nil: undefined }),
});

function mlSet(c: Value<typeof ml>): { changes: Change[]; arm: Json[] } {
  const workspaceId = armId(c.rg, 'Microsoft.MachineLearningServices/workspaces', 'mlw-gpu');
  const primary = c.primaryUai && c.identity.includes('UserAssigned');
  const computeChange = (address: string, type: string, name: string, k: Value<typeof compute>, tagged: Json | undefined, extra: Json): Change => ({
    address,
    type,
    update: c.known,
    after: {
      name,
      location: LOCATION,
      tags: tagged ?? null,
      ...(c.known ? { id: `${workspaceId}/computes/${name}`, machine_learning_workspace_id: workspaceId } : {}),
      identity: planIdentity(k.identity),
      local_auth_enabled: k.localAuth,
      node_public_ip_enabled: k.publicIp,
      ...extra,
    },
    unknown: c.known ? {} : { id: true, machine_learning_workspace_id: true },
    refs: { machine_learning_workspace_id: 'azurerm_machine_learning_workspace.main' },
  });
  const computeArm = (name: string, k: Value<typeof compute>, tagged: Json | undefined, computeType: string, properties: Json): Json => ({
    id: `${workspaceId}/computes/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    ...armCommon(tagged),
    ...armIdentity(k.identity),
    properties: { computeType, computeLocation: LOCATION, disableLocalAuth: !k.localAuth, properties: { vmSize: k.size, enableNodePublicIp: k.publicIp, ...properties } },
  });
  const changes: Change[] = [
    {
      address: 'azurerm_machine_learning_workspace.main',
      type: 'azurerm_machine_learning_workspace',
      update: c.known,
      after: {
        ...common(c.rg, 'mlw-gpu', c.tags),
        ...(c.known ? { id: workspaceId } : {}),
        identity: planIdentity(c.identity),
        primary_user_assigned_identity: primary ? UAI : null,
        public_network_access_enabled: c.publicNetwork,
        sku_name: 'Basic',
        high_business_impact: false,
      },
      unknown: c.known ? {} : { id: true },
    },
    ...(c.cluster
      ? [
          computeChange('azurerm_machine_learning_compute_cluster.gpu', 'azurerm_machine_learning_compute_cluster', 'gpu-cluster', c.cluster.compute, c.cluster.tags, {
            vm_size: c.cluster.compute.size,
            vm_priority: c.cluster.lowPriority ? 'LowPriority' : 'Dedicated',
            scale_settings: [{ min_node_count: 0, max_node_count: 4, scale_down_nodes_after_idle_duration: 'PT30S' }],
          }),
        ]
      : []),
    ...(c.instance ? [computeChange('azurerm_machine_learning_compute_instance.gpu', 'azurerm_machine_learning_compute_instance', 'gpu-instance', c.instance.compute, c.instance.tags, { virtual_machine_size: c.instance.compute.size, authorization_type: 'personal' })] : []),
  ];
  const arm: Json[] = [
    {
      id: workspaceId,
      name: 'mlw-gpu',
      type: 'Microsoft.MachineLearningServices/workspaces',
      ...armCommon(c.tags),
      ...armIdentity(c.identity),
      sku: { name: 'Basic', tier: 'Basic' },
      properties: { publicNetworkAccess: c.publicNetwork ? 'Enabled' : 'Disabled', hbiWorkspace: false, ...(primary ? { primaryUserAssignedIdentity: UAI } : {}) },
    },
    ...(c.cluster
      ? [computeArm('gpu-cluster', c.cluster.compute, c.cluster.tags, 'AmlCompute', { vmPriority: c.cluster.lowPriority ? 'LowPriority' : 'Dedicated', scaleSettings: { minNodeCount: 0, maxNodeCount: 4, nodeIdleTimeBeforeScaleDown: 'PT30S' } })]
      : []),
    ...(c.instance ? [computeArm('gpu-instance', c.instance.compute, c.instance.tags, 'ComputeInstance', { computeInstanceAuthorizationType: 'personal' })] : []),
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

  it.each([
    ['a VM (Linux, Windows or legacy), its NIC, a public IP and a role assignment on the VM', vm, vmSet],
    ['a scale set (Linux, Windows or orchestrated) and an autoscale setting', vmss, vmssSet],
    ['an ML workspace, a compute cluster and a compute instance', ml, mlSet],
  ] as const)('%s', (_, arbitrary, build) => {
    fc.assert(
      fc.property(arbitrary as fc.Arbitrary<unknown>, (c) => {
        const { changes, arm } = (build as (c: unknown) => { changes: Change[]; arm: Json[] })(c);
        const result = compare(changes, arm);
        expect(result.plan).toEqual(result.arm);
      }),
      RUNS,
    );
  });

  /**
   * The commonest way to write it: the NIC's `ip_configuration[0].public_ip_address_id` names a
   * public IP created in the same plan, so its value is unknown until apply but certainly set; the
   * reference inside the nested block decides AIS-NET-003 as the ARM JSON does.
   */
  it('a GPU VM whose NIC attaches a public IP created in the same plan', () => {
    const c = { type: 'azurerm_linux_virtual_machine', rg: 'rg-gpu', tags: undefined, known: false, size: 'Standard_NC4as_T4_v3', identity: 'none', spot: false, accelerated: false, publicIp: true, role: undefined } as const;
    const result = compare(vmSet(c).changes, vmSet(c).arm);
    expect(result.arm['AIS-NET-003 microsoft.network/networkinterfaces vm-gpu-nic']).toBe('fail');
    expect(result.plan).toEqual(result.arm);
  });
});
