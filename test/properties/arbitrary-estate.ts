import fc from 'fast-check';

/**
 * Arbitrary estates for property tests: ARM-shaped resources of the types the rules look at (and
 * some they do not), with realistic properties where the rules read them and arbitrary JSON there
 * and elsewhere: wrong types, missing pieces, odd spellings, `__proto__` keys.
 */

export type Resource = Record<string, unknown>;

const SUBSCRIPTIONS = ['11111111-1111-1111-1111-111111111111', '22222222-2222-2222-2222-222222222222'];
const GROUPS = ['rg-gpu', 'RG-GPU', 'rg-ml'];
const VM_SIZES = ['Standard_NC24ads_A100_v4', 'STANDARD_NC6S_V3', 'Standard_ND96isr_H100_v5', 'Standard_NV36ads_A10_v5', 'Standard_D4ds_v5', 'Standard_NP10s', 'Standard_NC999_Future_v9', ''];
const ROLES = ['8e3af657-a8ff-443c-a75c-2fe8c4bcb635', 'b24988ac-6180-42a0-ab88-20f7382dd24c', 'acdd72a7-3385-48ef-bd42-f606fba81ae7', 'e9141256-883f-4001-88ca-e02fd9e12d7c'];
const FAMILIES = ['StandardNCADSA100v4Family', 'standardNCSv3Family', 'standardNDSH100v5Family', 'cores', 'standardDSv5Family'];

const json = fc.jsonValue({ maxDepth: 2 });
/** A realistic value most of the time, anything at all now and then. */
const mostly = <T>(value: fc.Arbitrary<T>) => fc.oneof({ weight: 6, arbitrary: value }, { weight: 1, arbitrary: json });
const optional = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: undefined, freq: 3 });
const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const size = mostly(fc.constantFrom(...VM_SIZES));
const tags = mostly(fc.dictionary(fc.constantFrom('owner', 'Owner', 'team', 'costCenter', 'project', '__proto__', 'constructor'), fc.oneof(fc.string({ maxLength: 6 }), json), { maxKeys: 4 }));
const identity = mostly(fc.record({ type: fc.constantFrom('SystemAssigned', 'UserAssigned', 'SystemAssigned, UserAssigned', 'None', 'systemassigned') }, { requiredKeys: [] }));
const pool = mostly(
  fc.record(
    {
      name,
      vmSize: size,
      mode: mostly(fc.constantFrom('System', 'User', 'user')),
      count: mostly(fc.nat(50)),
      enableAutoScaling: mostly(fc.boolean()),
      maxCount: mostly(fc.nat(200)),
      nodeTaints: mostly(fc.array(fc.constantFrom('sku=gpu:NoSchedule', 'nvidia.com/gpu=present:PreferNoSchedule', 'a:NoExecute', 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'), { maxLength: 2 })),
      enableNodePublicIP: mostly(fc.boolean()),
    },
    { requiredKeys: [] },
  ),
);

const place = fc.record({ subscription: fc.constantFrom(...SUBSCRIPTIONS), group: fc.constantFrom(...GROUPS) });

function resourceOf(type: string, path: string, properties: fc.Arbitrary<Record<string, unknown>>, extra: Record<string, fc.Arbitrary<unknown>> = {}) {
  return fc.tuple(place, name, properties, fc.record({ location: optional(fc.constantFrom('eastus', 'West US 3', 'westus3')), tags: optional(tags), identity: optional(identity), ...extra }, { requiredKeys: [] })).map(
    ([where, resourceName, props, rest]): Resource => {
      const resource: Resource = {
        id: path.replace('{s}', where.subscription).replace('{g}', where.group).replace('{n}', resourceName),
        name: resourceName,
        type,
        properties: props,
      };
      for (const [key, value] of Object.entries(rest)) if (value !== undefined) resource[key] = value;
      return resource;
    },
  );
}

const group = '/subscriptions/{s}/resourceGroups/{g}/providers';
const loose = (record: Record<string, fc.Arbitrary<unknown>>) =>
  fc.tuple(fc.record(record, { requiredKeys: [] }), fc.dictionary(fc.string({ maxLength: 5 }), json, { maxKeys: 2 })).map(([known, extra]) => ({ ...extra, ...known }));

export const resource: fc.Arbitrary<Resource> = fc.oneof(
  resourceOf('Microsoft.Compute/virtualMachines', `${group}/Microsoft.Compute/virtualMachines/{n}`, loose({
    hardwareProfile: mostly(fc.record({ vmSize: size })),
    networkProfile: mostly(fc.record({ networkInterfaces: fc.array(fc.record({ id: fc.constantFrom(`/subscriptions/${SUBSCRIPTIONS[0]}/resourceGroups/rg-gpu/providers/Microsoft.Network/networkInterfaces/nic`, 'nic') }), { maxLength: 2 }) })),
  })),
  resourceOf('Microsoft.Network/networkInterfaces', `${group}/Microsoft.Network/networkInterfaces/{n}`, loose({ enableAcceleratedNetworking: mostly(fc.boolean()) })),
  resourceOf('Microsoft.Compute/virtualMachineScaleSets', `${group}/Microsoft.Compute/virtualMachineScaleSets/{n}`, loose({}), { sku: mostly(fc.record({ name: size, capacity: mostly(fc.nat(20)) })) }),
  resourceOf('Microsoft.ContainerService/managedClusters', `${group}/Microsoft.ContainerService/managedClusters/{n}`, loose({
    agentPoolProfiles: mostly(fc.array(pool, { maxLength: 3 })),
    enableRBAC: mostly(fc.boolean()),
    disableLocalAccounts: mostly(fc.boolean()),
    aadProfile: mostly(fc.record({ managed: mostly(fc.boolean()), enableAzureRBAC: mostly(fc.boolean()) }, { requiredKeys: [] })),
    servicePrincipalProfile: mostly(fc.record({ clientId: fc.constantFrom('msi', '0000-1111') })),
  })),
  resourceOf('Microsoft.MachineLearningServices/workspaces/computes', `${group}/Microsoft.MachineLearningServices/workspaces/w/computes/{n}`, loose({ properties: mostly(fc.record({ vmSize: size }, { requiredKeys: [] })) })),
  resourceOf('Microsoft.Compute/locations/usages', '/subscriptions/{s}/providers/Microsoft.Compute/locations/eastus/usages/{n}', loose({
    currentValue: mostly(fc.nat(1000)),
    limit: mostly(fc.nat(1000)),
    name: mostly(fc.record({ value: fc.constantFrom(...FAMILIES) })),
  })),
  resourceOf('Microsoft.Authorization/roleAssignments', '/subscriptions/{s}/resourceGroups/{g}/providers/Microsoft.Authorization/roleAssignments/{n}', loose({
    principalType: mostly(fc.constantFrom('User', 'Group', 'ServicePrincipal', 'user')),
    principalId: fc.uuid(),
    roleDefinitionId: mostly(fc.constantFrom(...ROLES).map((role) => `/subscriptions/${SUBSCRIPTIONS[0]}/providers/Microsoft.Authorization/roleDefinitions/${role}`)),
  })),
  resourceOf('Microsoft.Authorization/roleDefinitions', '/subscriptions/{s}/providers/Microsoft.Authorization/roleDefinitions/{n}', loose({
    roleName: fc.string({ maxLength: 8 }),
    permissions: mostly(fc.array(fc.record({ actions: fc.array(fc.constantFrom('*', '*/read', 'Microsoft.Compute/*', 'Microsoft.Authorization/*'), { maxLength: 3 }) }), { maxLength: 2 })),
  })),
  resourceOf('Microsoft.Storage/storageAccounts', `${group}/Microsoft.Storage/storageAccounts/{n}`, loose({})),
);

/** Resources whose ids differ even ignoring case (a duplicate id keeps the first, so order would matter). */
export const distinctResources = (maxLength: number) =>
  fc.uniqueArray(resource, { maxLength, selector: (r) => String(r.id).toLowerCase() });
