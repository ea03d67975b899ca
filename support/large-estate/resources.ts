/** The estate's building blocks: subscriptions (roles, usages, assignments) and resource groups as teams fill them. */
import { autoscaleSetting, scaleSet, virtualMachine } from './compute.js';
import { CPU_SIZES, GPU_SIZES, tags, type Context, type GroupSpec, type Json, type Role } from './common.js';
import { managedCluster, managedNamespaces, mlCompute, mlWorkspace } from './platform.js';
import type { Random } from './random.js';

export type { Context, GroupSpec } from './common.js';

const USAGE_FAMILIES: [string, string][] = [
  ['cores', 'Total Regional vCPUs'],
  ['virtualMachines', 'Virtual Machines'],
  ['virtualMachineScaleSets', 'Virtual Machine Scale Sets'],
  ['availabilitySets', 'Availability Sets'],
  ['standardDSv5Family', 'Standard DSv5 Family vCPUs'],
  ['standardDDSv5Family', 'Standard DDSv5 Family vCPUs'],
  ['standardEDSv5Family', 'Standard EDSv5 Family vCPUs'],
  ['standardFSv2Family', 'Standard FSv2 Family vCPUs'],
  ['standardBSFamily', 'Standard BS Family vCPUs'],
  ['standardNCSv3Family', 'Standard NCSv3 Family vCPUs'],
  ['StandardNCADSA100v4Family', 'Standard NCADS_A100_v4 Family vCPUs'],
  ['StandardNCadsH100v5Family', 'Standard NCadsH100v5 Family vCPUs'],
  ['standardNDSH100v5Family', 'Standard NDSH100v5 Family vCPUs'],
  ['standardNDASv4_A100Family', 'Standard NDASv4_A100 Family vCPUs'],
  ['StandardNVADSA10v5Family', 'Standard NVADSA10v5 Family vCPUs'],
  ['Standard NCASv3_T4 Family', 'Standard NCASv3_T4 Family vCPUs'],
  ['standardNVSv4Family', 'Standard NVSv4 Family vCPUs'],
  ['standardNDSFamily', 'Standard NDS Family vCPUs'],
  ['lowPriorityCores', 'Total Regional Low-priority vCPUs'],
  ['PremiumDiskCount', 'Premium Storage Managed Disks'],
];

const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const BUILT_IN: [string, string, string[]][] = [
  [OWNER, 'Owner', ['*']],
  ['b24988ac-6180-42a0-ab88-20f7382dd24c', 'Contributor', ['*']],
  ['acdd72a7-3385-48ef-bd42-f606fba81ae7', 'Reader', ['*/read']],
  ['18d7d88d-d35e-4fb5-a5c3-7773c20a72d9', 'User Access Administrator', ['*/read', 'Microsoft.Authorization/*', 'Microsoft.Support/*']],
  ['9980e02c-c2be-4d73-94e8-173b1dc7cf3c', 'Virtual Machine Contributor', ['Microsoft.Authorization/*/read', 'Microsoft.Compute/virtualMachines/*', 'Microsoft.Network/networkInterfaces/*']],
  ['ed7f3fbd-7b88-4dd4-9017-9adb7ce333f8', 'Azure Kubernetes Service Contributor Role', ['Microsoft.ContainerService/managedClusters/read', 'Microsoft.ContainerService/managedClusters/write']],
  ['0ab0b1a8-8aac-4efd-b8c2-3ee1fb270be8', 'Azure Kubernetes Service Cluster Admin Role', ['Microsoft.ContainerService/managedClusters/listClusterAdminCredential/action']],
  ['f6c7c914-8db3-469d-8ca1-694a8f32e121', 'AzureML Data Scientist', ['Microsoft.MachineLearningServices/workspaces/*/read', 'Microsoft.MachineLearningServices/workspaces/*/action']],
  ['4633458b-17de-408a-b874-0445c86b69e6', 'Key Vault Secrets User', []],
];

export function roleCatalogue(random: Random): Role[] {
  const roles: Role[] = BUILT_IN.map(([name, roleName, actions]) => ({ name, roleName, type: 'BuiltInRole', actions }));
  roles.push({ name: random.guid(), roleName: 'GPU Experiment Operator', type: 'CustomRole', actions: ['Microsoft.Compute/*', 'Microsoft.Network/networkInterfaces/read'] });
  roles.push({ name: random.guid(), roleName: 'Legacy Deployer', type: 'CustomRole', actions: ['*/read', '*/write'] });
  roles.push({ name: random.guid(), roleName: 'AKS Node Pool Scaler', type: 'CustomRole', actions: ['Microsoft.ContainerService/managedClusters/agentPools/*'] });
  return roles;
}

function roleDefinition(context: Context, subscriptionId: string, role: Role): Json {
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
    name: role.name,
    type: 'Microsoft.Authorization/roleDefinitions',
    properties: {
      roleName: role.roleName,
      type: role.type,
      description: `${role.roleName} role.`,
      assignableScopes: role.type === 'BuiltInRole' ? ['/'] : [`/subscriptions/${subscriptionId}`],
      permissions: [{ actions: role.actions, notActions: [], dataActions: role.actions.length === 0 ? ['Microsoft.KeyVault/vaults/secrets/getSecret/action'] : [], notDataActions: [] }],
      createdOn: '2015-02-02T21:55:09.8806423Z',
      updatedOn: '2025-06-12T18:03:41.3214570Z',
      createdBy: null,
      updatedBy: null,
    },
  };
}

const PRINCIPAL_TYPES = ['User', 'User', 'Group', 'Group', 'ServicePrincipal', 'ServicePrincipal', 'ForeignGroup'];

/** `n` role assignments at `scope` (a management group, subscription, resource group or resource). */
export function roleAssignmentsAt(context: Context, scope: string, n: number): Json[] {
  const { random } = context;
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(scope)?.[1];
  return Array.from({ length: n }, () => {
    const name = random.guid();
    const role = random.chance(0.25) ? context.roles[0] : random.pick(context.roles);
    const principalId = random.guid();
    const definitionScope = subscription ? `/subscriptions/${subscription}` : '';
    return {
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      type: 'Microsoft.Authorization/roleAssignments',
      properties: {
        roleDefinitionId: `${definitionScope}/providers/Microsoft.Authorization/roleDefinitions/${role.name}`,
        principalId,
        principalType: random.pick(PRINCIPAL_TYPES),
        scope,
        condition: null,
        conditionVersion: null,
        createdOn: '2024-01-09T12:00:41.2264103Z',
        updatedOn: '2024-01-09T12:00:41.2264103Z',
        createdBy: principalId,
        updatedBy: principalId,
        delegatedManagedIdentityResourceId: null,
        description: null,
      },
    };
  });
}

/** The subscription itself, its role definitions, classic administrators, usages per region and role assignments. */
export function subscriptionResources(context: Context, scope: { subscriptionId: string; displayName: string }, regions: string[]): Json[] {
  const { random } = context;
  const { subscriptionId } = scope;
  const subscription = `/subscriptions/${subscriptionId}`;
  const resources: Json[] = [
    {
      id: subscription,
      subscriptionId,
      tenantId: context.tenantId,
      displayName: scope.displayName,
      state: 'Enabled',
      subscriptionPolicies: { locationPlacementId: 'Public_2014-09-01', quotaId: 'EnterpriseAgreement_2014-09-01', spendingLimit: 'Off' },
      authorizationSource: 'RoleBased',
      managedByTenants: [],
      tags: { environment: random.pick(['research', 'production', 'staging']), costCenter: `CC-${random.int(1000, 9999)}` },
    },
    ...context.roles.map((role) => roleDefinition(context, subscriptionId, role)),
    {
      id: `${subscription}/providers/Microsoft.Authorization/classicAdministrators/${random.hex(16)}`,
      name: random.hex(16),
      type: 'Microsoft.Authorization/classicAdministrators',
      properties: { emailAddress: 'admin@contoso.example', role: random.pick(['ServiceAdministrator;AccountAdministrator', 'CoAdministrator']) },
    },
  ];
  for (const location of regions) {
    for (const [family, localizedValue] of USAGE_FAMILIES) {
      const limit = random.pick([0, 24, 48, 96, 100, 200, 350, 600, 1000]);
      const currentValue = limit === 0 ? 0 : Math.min(limit, Math.round(limit * random.pick([0, 0.1, 0.35, 0.6, 0.82, 0.95, 1])));
      resources.push({
        id: `${subscription}/providers/Microsoft.Compute/locations/${location}/usages/${family}`,
        type: 'Microsoft.Compute/locations/usages',
        name: family,
        location,
        properties: { currentValue, limit, name: { value: family, localizedValue }, unit: 'Count' },
      });
    }
  }
  resources.push(...roleAssignmentsAt(context, subscription, random.int(6, 12)));
  return resources;
}

/** A resource group as a team uses it: VMs with NICs, maybe a scale set, a cluster, a workspace, and its role assignments. */
export function resourceGroupBundle(context: Context, group: GroupSpec): Json[] {
  const { random } = context;
  const rg = `/subscriptions/${group.subscriptionId}/resourceGroups/${group.name}`;
  const resources: Json[] = [
    { id: rg, name: group.name, type: 'Microsoft.Resources/resourceGroups', location: group.location, tags: tags(random, group.team), properties: { provisioningState: 'Succeeded' } },
  ];
  const identities = Array.from({ length: random.int(1, 2) }, (_, i) => userIdentity(context, rg, group, `id-${group.name}-${i}`));
  resources.push(...identities);
  const gpuVms = random.int(1, 4);
  const cpuVms = random.int(2, 7);
  const scoped: string[] = [];
  for (let i = 0; i < gpuVms + cpuVms; i++) {
    const gpu = i < gpuVms;
    const vmResources = virtualMachine(context, rg, group, `vm-${group.team}-${gpu ? 'gpu' : 'app'}-${i}`, gpu ? random.pick(GPU_SIZES) : random.pick(CPU_SIZES));
    resources.push(...vmResources);
    if (gpu) scoped.push(vmResources[0].id as string);
  }
  for (let i = random.int(0, 2); i > 0; i--) {
    const set = scaleSet(context, rg, group, `vmss-${group.team}-${i}`);
    resources.push(set);
    scoped.push(set.id as string);
    if (random.chance(0.7)) resources.push(autoscaleSetting(context, rg, group, set));
  }
  if (random.chance(0.45)) {
    const cluster = managedCluster(context, rg, group, `aks-${group.name}`);
    resources.push(cluster, ...managedNamespaces(context, cluster, group, random.int(0, 3)));
    scoped.push(cluster.id as string);
  }
  if (random.chance(0.4)) {
    const workspace = mlWorkspace(context, rg, group, `mlw-${group.name}`, identities[0].id as string);
    resources.push(workspace, ...Array.from({ length: random.int(1, 3) }, (_, i) => mlCompute(context, workspace, group, `compute-${i}`)));
    scoped.push(workspace.id as string);
  }
  resources.push(...roleAssignmentsAt(context, rg, random.int(1, 3)));
  for (const scope of scoped) if (random.chance(0.35)) resources.push(...roleAssignmentsAt(context, scope, random.int(1, 2)));
  return resources;
}

function userIdentity(context: Context, rg: string, group: GroupSpec, name: string): Json {
  return {
    id: `${rg}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    name,
    type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
    location: group.location,
    tags: { team: group.team },
    properties: { tenantId: context.tenantId, principalId: context.random.guid(), clientId: context.random.guid() },
  };
}
