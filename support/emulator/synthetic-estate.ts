import type { ArmResource } from '../../src/estate.js';

export interface SyntheticEstateOptions {
  subscriptions: number;
  /** Resources per subscription besides the subscription itself (at least 12). */
  resourcesPerSubscription: number;
  tenantId?: string;
}

const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
export const syntheticSubscriptionId = (index: number) => `${hex(index, 8)}-0000-4000-8000-${hex(index, 12)}`;
const guid = (subscription: number, index: number) => `${hex(subscription, 8)}-${hex(index, 4)}-4000-9000-${hex(index, 12)}`;

/**
 * A large estate for request-count tests and the benchmark: every subscription holds one AKS
 * cluster with one managed namespace, one ML workspace with one compute, usages and a GPU resource
 * SKU in one region, and fills the rest with VMs, their NICs and role assignments, the types that
 * grow in a tenant.
 */
export function syntheticEstate(options: SyntheticEstateOptions): ArmResource[] {
  const tenantId = options.tenantId ?? '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13';
  const resources: ArmResource[] = [];
  for (let s = 1; s <= options.subscriptions; s++) {
    const sub = syntheticSubscriptionId(s);
    const root = `/subscriptions/${sub}`;
    const rg = `${root}/resourceGroups/rg-gpu`;
    const owner = `${root}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`;
    const fixed: ArmResource[] = [
      { id: root, subscriptionId: sub, tenantId, displayName: `synthetic-${s}`, state: 'Enabled', subscriptionPolicies: { spendingLimit: 'Off' } },
      { id: rg, name: 'rg-gpu', type: 'Microsoft.Resources/resourceGroups', location: 'eastus', properties: { provisioningState: 'Succeeded' } },
      { id: owner, name: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635', type: 'Microsoft.Authorization/roleDefinitions', properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'] }] } },
      { id: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks`, name: 'aks', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', identity: { type: 'SystemAssigned' }, properties: { enableRBAC: true, agentPoolProfiles: [{ name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', count: 2, mode: 'User' }] } },
      { id: `${rg}/providers/Microsoft.ContainerService/managedClusters/aks/managedNamespaces/team`, name: 'team', type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', location: 'eastus', properties: { defaultNetworkPolicy: { ingress: 'AllowSameNamespace', egress: 'AllowAll' } } },
      { id: `${rg}/providers/Microsoft.MachineLearningServices/workspaces/mlw`, name: 'mlw', type: 'Microsoft.MachineLearningServices/workspaces', location: 'eastus', identity: { type: 'SystemAssigned' }, properties: {} },
      { id: `${rg}/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/gpu`, name: 'gpu', type: 'Microsoft.MachineLearningServices/workspaces/computes', location: 'eastus', properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_NC24ADS_A100_V4' } } },
      usage(sub, 'cores', 24, 600),
      usage(sub, 'StandardNCADSA100v4Family', 24, 96),
      gpuSku(sub, 'Standard_NC24ads_A100_v4', 'StandardNCADSA100v4Family', 24, 1),
    ];
    resources.push(...fixed);
    const remaining = Math.max(0, options.resourcesPerSubscription - (fixed.length - 1));
    for (let i = 0; i < remaining; i++) {
      const n = Math.floor(i / 3);
      if (i % 3 === 0) resources.push(virtualMachine(rg, n));
      else if (i % 3 === 1) resources.push(networkInterface(rg, n));
      else resources.push(roleAssignment(root, owner, guid(s, n)));
    }
  }
  return resources;
}

function usage(sub: string, name: string, currentValue: number, limit: number): ArmResource {
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/usages/${name}`,
    type: 'Microsoft.Compute/locations/usages',
    name,
    location: 'eastus',
    properties: { currentValue, limit, name: { value: name, localizedValue: name }, unit: 'Count' },
  };
}

/** A GPU size of the region's resource SKUs, as a snapshot keeps it (src/sources/azure/skus.ts). */
function gpuSku(sub: string, name: string, family: string, vCPUs: number, gpus: number): ArmResource {
  const capabilities = [
    { name: 'vCPUs', value: String(vCPUs) },
    { name: 'vCPUsAvailable', value: String(vCPUs) },
    { name: 'GPUs', value: String(gpus) },
  ];
  return {
    id: `/subscriptions/${sub}/providers/Microsoft.Compute/locations/eastus/skus/${name}`,
    type: 'Microsoft.Compute/locations/skus',
    name,
    location: 'eastus',
    properties: { resourceType: 'virtualMachines', locations: ['eastus'], capabilities, locationInfo: [{ location: 'eastus', zones: ['1', '2', '3'] }], name, family, restrictions: [] },
  };
}

function virtualMachine(rg: string, n: number): ArmResource {
  return {
    id: `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${n}`,
    name: `vm-${n}`,
    type: 'Microsoft.Compute/virtualMachines',
    location: 'eastus',
    tags: { owner: 'synthetic', costCenter: 'CC-1' },
    identity: { type: 'SystemAssigned' },
    properties: {
      hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' },
      networkProfile: { networkInterfaces: [{ id: `${rg}/providers/Microsoft.Network/networkInterfaces/nic-${n}` }] },
      provisioningState: 'Succeeded',
    },
  };
}

function networkInterface(rg: string, n: number): ArmResource {
  return {
    id: `${rg}/providers/Microsoft.Network/networkInterfaces/nic-${n}`,
    name: `nic-${n}`,
    type: 'Microsoft.Network/networkInterfaces',
    location: 'eastus',
    properties: { enableAcceleratedNetworking: true, virtualMachine: { id: `${rg}/providers/Microsoft.Compute/virtualMachines/vm-${n}` }, ipConfigurations: [] },
  };
}

function roleAssignment(root: string, roleDefinitionId: string, name: string): ArmResource {
  return {
    id: `${root}/providers/Microsoft.Authorization/roleAssignments/${name}`,
    name,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId, principalId: name, principalType: 'ServicePrincipal', scope: root },
  };
}
