import type { ArmResource, Estate, JsonPath } from '../../src/estate.js';
import { FACT_NAMES, FACTS, type FactPlacement } from '../../src/facts/contract.js';
import { enrichEstate, enrichItems } from '../../src/facts/enrich.js';
import { ANY_ELEMENT, ANY_KEY, factReadPaths, overlaps, parseReadPath, type JsonPattern } from '../../src/facts/fact-reads.js';
import { evaluationItems, type EvaluationItem } from '../../src/facts/items.js';
import { KUBERNETES_WORKLOAD_TYPES, TYPE_NAMES as T } from '../../src/facts/resource-types.js';
import { typeKey } from '../../src/ids.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { loadEstate, mergeEstateFiles } from '../../src/sources/load-estate.js';

const SAMPLE_ESTATE = ['examples/estate/subscription-research.json', 'examples/estate/subscription-production.json'];

describe('parseReadPath', () => {
  it('reads dotted names, [] as every element and * as any key', () => {
    expect(parseReadPath('properties.hardwareProfile.vmSize')).toEqual(['properties', 'hardwareProfile', 'vmSize']);
    expect(parseReadPath('properties.networkProfile.networkInterfaces[].id')).toEqual(['properties', 'networkProfile', 'networkInterfaces', ANY_ELEMENT, 'id']);
    expect(parseReadPath('identity.userAssignedIdentities.*')).toEqual(['identity', 'userAssignedIdentities', ANY_KEY]);
    expect(parseReadPath('matrix[][]')).toEqual(['matrix', ANY_ELEMENT, ANY_ELEMENT]);
    expect(parseReadPath('id')).toEqual(['id']);
  });

  it.each(['', 'properties..vmSize', '.id', 'id.', '[]', 'a[0]', 'a[', 'a]', 'a[]b'])('refuses %j', (text) => {
    expect(() => parseReadPath(text)).toThrow(/read path/);
  });
});

describe('overlaps', () => {
  const vmSize = parseReadPath('properties.hardwareProfile.vmSize');
  const nicIds = parseReadPath('properties.networkProfile.networkInterfaces[].id');
  const identities = parseReadPath('identity.userAssignedIdentities.*');

  it('is true when the path is the pattern, holds it or is under it', () => {
    expect(overlaps(vmSize, ['properties', 'hardwareProfile', 'vmSize'])).toBe(true);
    expect(overlaps(vmSize, ['properties'])).toBe(true);
    expect(overlaps(vmSize, [])).toBe(true);
    expect(overlaps(vmSize, ['properties', 'hardwareProfile', 'vmSize', 'extra'])).toBe(true);
    expect(overlaps([], ['anything'])).toBe(true);
  });

  it('is false when the paths part', () => {
    expect(overlaps(vmSize, ['properties', 'storageProfile'])).toBe(false);
    expect(overlaps(vmSize, ['sku', 'name'])).toBe(false);
  });

  it('compares names ignoring ASCII case only', () => {
    expect(overlaps(vmSize, ['Properties', 'HARDWAREPROFILE', 'vmsize'])).toBe(true);
    // U+212A KELVIN SIGN lower-cases to "k" in JavaScript, not in ARM.
    expect(overlaps(['kind'], ['\u212Aind'])).toBe(false);
  });

  it('matches [] with array indexes only and * with names only', () => {
    expect(overlaps(nicIds, ['properties', 'networkProfile', 'networkInterfaces', 2, 'id'])).toBe(true);
    expect(overlaps(nicIds, ['properties', 'networkProfile', 'networkInterfaces', 0])).toBe(true);
    expect(overlaps(nicIds, ['properties', 'networkProfile', 'networkInterfaces', 'id'])).toBe(false);
    expect(overlaps(nicIds, ['properties', 'networkProfile', 'networkInterfaces', 0, 'primary'])).toBe(false);
    expect(overlaps(identities, ['identity', 'userAssignedIdentities', '/subscriptions/s/…/id-a', 'clientId'])).toBe(true);
    expect(overlaps(identities, ['identity', 'userAssignedIdentities', 0])).toBe(false);
    expect(overlaps(['properties', 'name'], ['properties', 0])).toBe(false);
  });
});

describe('factReadPaths', () => {
  it('gives the paths of the placement on the item type, whatever its case', () => {
    expect(factReadPaths('classicRoles', 'microsoft.authorization/CLASSICADMINISTRATORS')).toEqual({ own: [['properties', 'role']], from: [] });
  });

  it('gives the paths on each joined type, in the order of from', () => {
    const { own, from } = factReadPaths('networkInterfaces', T.virtualMachine);
    expect(own).toEqual([parseReadPath('properties.networkProfile.networkInterfaces[].id')]);
    expect(from).toEqual([{ type: T.networkInterface, paths: [['id'], ['properties', 'enableAcceleratedNetworking']] }]);
    expect(factReadPaths('scope', T.roleAssignment).from.map(({ type }) => type)).toEqual([...FACTS.scope.on[0].from]);
  });

  it('applies a placement on every type to any type, named in the contract or not', () => {
    expect(factReadPaths('identity', 'Contoso.Widgets/gadgets').own).toEqual([parseReadPath('identity.type'), parseReadPath('identity.userAssignedIdentities.*')]);
  });

  it('gives nothing for a fact not set on the type', () => {
    expect(factReadPaths('quota', T.virtualMachine)).toEqual({ own: [], from: [] });
  });
});

describe('the read paths in the facts contract', () => {
  const placements = FACT_NAMES.flatMap((name) => FACTS[name].on.map((placement: FactPlacement) => ({ name, placement })));

  it('are all well formed', () => {
    for (const { placement } of placements) {
      for (const path of [...placement.reads, ...Object.values(placement.readsFrom ?? {}).flat()]) expect(() => parseReadPath(path)).not.toThrow();
    }
  });

  it('say, for every type a fact is computed from, what is read there, and name no other type', () => {
    const mismatched = placements
      .filter(({ placement }) => JSON.stringify([...placement.from].sort()) !== JSON.stringify(Object.keys(placement.readsFrom ?? {}).sort()))
      .map(({ name, placement }) => `${name}: from ${placement.from.join(', ')}; readsFrom ${Object.keys(placement.readsFrom ?? {}).join(', ')}`);
    expect(mismatched).toEqual([]);
  });
});

/**
 * What the facts code really reads, found by running it (enrichItems, the facts half of
 * enrichEstate) on items whose documents are wrapped after they are made: making the items reads
 * id, name and location of every resource, which no fact is to answer for, and reshapes pools read
 * through the agentPools API into documents of their own. A test below checks that the wrapped
 * items get the same facts as enrichEstate gives.
 */
interface Read {
  path: JsonPath;
  /** Object.keys, for…in, a spread: the path's set of keys was read, as `*` below it reads it. */
  keys?: boolean;
}

type Reads = Map<string, Map<string, Read>>;

function note(reads: Reads, type: string, read: Read): void {
  const byPath = reads.get(typeKey(type)) ?? new Map<string, Read>();
  reads.set(typeKey(type), byPath);
  byPath.set(JSON.stringify([read.path, read.keys === true]), read);
}

const INDEX = /^(?:0|[1-9][0-9]*)$/;

/** `value`, with every property get, `in` test and key listing below it noted at its path. */
function recording(value: unknown, path: JsonPath, noted: (read: Read) => void): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const step = (target: object, key: string): JsonPath => [...path, Array.isArray(target) && INDEX.test(key) ? Number(key) : key];
  return new Proxy(value, {
    get(target, key, receiver) {
      const child: unknown = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return child;
      if (Array.isArray(target) && !INDEX.test(key)) {
        // length is how many elements there are; map, filter and the rest are Array.prototype's.
        if (key === 'length') noted({ path });
        return child;
      }
      const at = step(target, key);
      noted({ path: at });
      return recording(child, at, noted);
    },
    has(target, key) {
      if (typeof key === 'string') noted({ path: step(target, key) });
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      noted({ path, keys: true });
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Where the fields evaluationItems copied out of a document come from. An AKS pool's location is
 * its cluster's: a pool in agentPoolProfiles is given it when made, one read through the
 * agentPools API (which carries none) when joined to its cluster.
 */
function fieldSource(item: EvaluationItem, field: string): { type: string; path: JsonPath } | undefined {
  switch (field) {
    case 'id':
    case 'subscriptionId':
    case 'resourceGroup':
      return { type: item.type, path: ['id'] };
    case 'name':
      return { type: item.type, path: ['name'] };
    case 'location':
      return typeKey(item.type) === typeKey(T.agentPool) ? { type: T.managedCluster, path: ['location'] } : { type: item.type, path: ['location'] };
    default:
      return undefined;
  }
}

function recordingItem(item: EvaluationItem, reads: Reads): EvaluationItem {
  const document = recording(item.document, [], (read) => note(reads, item.type, read));
  return new Proxy(item, {
    get(target, key, receiver) {
      if (key === 'document') return document;
      const source = typeof key === 'string' ? fieldSource(target, key) : undefined;
      if (source) note(reads, source.type, { path: source.path });
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** enrichEstate on recording items. */
function enrichRecording(estate: Estate, reads: Reads): EvaluationItem[] {
  return enrichItems(
    evaluationItems(estate).map((item) => recordingItem(item, reads)),
    estate,
  );
}

/** Every fact of every item, role assignments included: they are computed when first read. */
function factsOf(items: readonly EvaluationItem[]): unknown {
  return JSON.parse(JSON.stringify(items.map((item) => [item.id, item.type, item.facts]))) as unknown;
}

const S = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${S}/resourceGroups/rg-gpu`;
const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`;
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/ai';
const NS_CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks-ns`;

/**
 * The cases of the facts tests in one estate, for the branches the sample estate does not take:
 * pools read through the agentPools API (nested and flat), names spelled in other cases, a NIC
 * whose VM is elsewhere, a disabled autoscale setting, usages without properties.name.
 */
const FIXTURES: ArmResource[] = [
  {
    id: CLUSTER,
    name: 'aks',
    type: 'Microsoft.ContainerService/ManagedClusters',
    location: 'eastus',
    Identity: { Type: 'SystemAssigned' },
    tags: { team: 'ml', empty: '' },
    Properties: {
      AgentPoolProfiles: [
        { name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System', osType: 'Linux' },
        {
          name: 'gpu',
          VMSize: 'Standard_NC24ads_A100_v4',
          Mode: 'User',
          count: 2,
          enableAutoScaling: true,
          maxCount: 4,
          osType: 'Linux',
          scaleSetPriority: 'Spot',
          nodeTaints: ['nvidia.com/gpu=present:NoSchedule'],
          nodeInitializationTaints: ['warmup=pending:NoSchedule'],
          nodeLabels: { team: 'ml' },
        },
        { vmSize: 'Standard_D4ds_v5' },
      ],
    },
  },
  { id: `${CLUSTER}/agentPools/gpumig`, name: 'gpumig', type: T.agentPool, properties: { count: 3, vmSize: 'Standard_ND96asr_v4', mode: 'User', enableAutoScaling: true, maxCount: 6, tags: { environment: 'dev' } } },
  { id: `${RG}/providers/Microsoft.ContainerService/managedClusters/other/agentPools/flat`, name: 'flat', type: T.agentPool, vmSize: 'Standard_NC24ads_A100_v4', enableAutoScaling: true, maxCount: 2 },
  { id: `${CLUSTER}/managedNamespaces/team-a`, name: 'team-a', type: T.managedNamespace, properties: {} },
  {
    id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`,
    name: 'vm1',
    type: T.virtualMachine,
    identity: { type: 'SystemAssigned, UserAssigned', userAssignedIdentities: { [`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-a`]: {} } },
    properties: { hardwareProfile: { vmSize: 'Standard_ND96isr_H100_v5' }, networkProfile: { networkInterfaces: [{ id: `${RG}/providers/Microsoft.Network/networkInterfaces/NIC1` }, { id: `${RG}/providers/Microsoft.Network/networkInterfaces/gone` }] } },
  },
  {
    id: `${RG}/providers/Microsoft.Network/networkInterfaces/nic1`,
    name: 'nic1',
    type: T.networkInterface,
    properties: { enableAcceleratedNetworking: true, ipConfigurations: [{ name: 'ip1', properties: { PublicIpAddress: { id: `${RG}/providers/Microsoft.Network/publicIPAddresses/pip-1` } } }, { name: 'ip2', properties: { publicIPAddress: null } }] },
  },
  { id: `${RG}/providers/Microsoft.Network/networkInterfaces/nic2`, name: 'nic2', type: T.networkInterface, properties: { virtualMachine: { id: `${S}/resourceGroups/elsewhere/providers/Microsoft.Compute/virtualMachines/vm9` } } },
  {
    id: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1`,
    name: 'vmss1',
    type: T.scaleSet,
    location: 'East US',
    zones: ['1', '3'],
    sku: { name: 'Standard_NV36ads_A10_v5', capacity: 1 },
    properties: {
      virtualMachineProfile: {
        networkProfile: {
          networkInterfaceConfigurations: [
            { name: 'nic-primary', properties: { enableAcceleratedNetworking: true, ipConfigurations: [{ name: 'ip', properties: { publicIPAddressConfiguration: { name: 'pip', properties: {} } } }] } },
            { properties: { ipConfigurations: [] } },
          ],
        },
      },
    },
  },
  { id: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss2`, name: 'vmss2', type: T.scaleSet, location: 'eastus', sku: { name: 'Standard_NC6s_v3' }, properties: { orchestrationMode: 'Flexible' } },
  ...[
    ['vmss1', true],
    ['vmss2', false],
  ].map(
    ([target, enabled]): ArmResource => ({
      id: `${RG}/providers/microsoft.insights/autoscalesettings/autoscale-${String(target)}`,
      name: `autoscale-${String(target)}`,
      type: T.autoscaleSetting,
      properties: { enabled, targetResourceUri: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${String(target)}`, profiles: [{ capacity: { maximum: '2' } }, { capacity: { maximum: '4' } }] },
    }),
  ),
  { id: `${S}/providers/Microsoft.Compute/locations/eastus/usages/StandardNVADSA10v5Family`, name: 'StandardNVADSA10v5Family', type: T.usage, location: 'eastus', properties: { currentValue: 108, limit: 360, name: { value: 'StandardNVADSA10v5Family' } } },
  { id: `${S}/providers/Microsoft.Compute/locations/eastus/usages/cores`, name: 'cores', type: T.usage, properties: { currentValue: 500, limit: 600 } },
  // A resource SKU whose restriction names its region in values only (facts.skuAvailability), for the zonal scale set vmss1.
  {
    id: `${S}/providers/Microsoft.Compute/locations/eastus/skus/Standard_NV36ads_A10_v5`,
    name: 'Standard_NV36ads_A10_v5',
    type: T.sku,
    location: 'eastus',
    properties: {
      resourceType: 'virtualMachines',
      capabilities: [{ name: 'GPUs', value: '1' }],
      locationInfo: [{ location: 'eastus', zones: ['1', '2'] }],
      family: 'StandardNVADSA10v5Family',
      restrictions: [{ type: 'Location', values: ['westus'], reasonCode: 'NotAvailableForSubscription' }],
    },
  },
  { id: `${S}/providers/Microsoft.Compute/locations/eastus/usages/StandardNCADSA100v4Family`, name: 'StandardNCADSA100v4Family', type: T.usage, location: 'eastus', properties: { currentValue: 96, limit: 120, name: { value: 'standardNCADSA100v4Family' } } },
  {
    id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/gpu`,
    name: 'gpu',
    type: T.mlCompute,
    properties: { computeType: 'AmlCompute', properties: { vmSize: 'STANDARD_NC24ADS_A100_V4' } },
  },
  { id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws`, name: 'ws', type: T.mlWorkspace },
  { id: S, subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'ai' },
  { id: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, name: OWNER, type: T.roleDefinition, properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'], notActions: [], dataActions: [] }] } },
  ...[
    ['ra-sub', S],
    ['ra-rg', RG],
    ['ra-mg', MANAGEMENT_GROUP],
  ].map(
    ([name, scope]): ArmResource => ({
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
      name,
      type: T.roleAssignment,
      properties: { scope, roleDefinitionId: `${S}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, principalType: 'User', principalId: name },
    }),
  ),
  { id: `${RG}/providers/Microsoft.Authorization/roleAssignments/ra-unscoped`, name: 'ra-unscoped', type: T.roleAssignment, properties: { roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${OWNER}` } },
  { id: `${S}/providers/Microsoft.Authorization/classicAdministrators/admin`, name: 'admin', type: T.classicAdministrator, properties: { role: 'ServiceAdministrator;AccountAdministrator' } },
  // Kubernetes objects, under the cluster as src/sources/kubernetes/kubernetes-ids.ts names them: one kind whose pod spec is under spec, one under template.
  {
    id: `${CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.apps/Deployment/trainer`,
    name: 'trainer',
    type: 'Kubernetes.apps/Deployment',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'trainer', namespace: 'ml' },
    spec: { template: { spec: { containers: [{ name: 'train', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } } },
  },
  {
    id: `${CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.core/PodTemplate/worker`,
    name: 'worker',
    type: 'Kubernetes.core/PodTemplate',
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name: 'worker', namespace: 'ml' },
    template: { spec: { containers: [{ name: 'work', image: 'python:3.12' }] } },
  },
  // A cluster of its own for the namespace and quota joins (facts.gpuWorkloads, gpuQuota, networkPolicies, kubernetesObjects, gpuQuotas): a MIG pool,
  // node provisioning written, a Namespace, every other workload kind (the joins read each), two ResourceQuotas (scoped by list, by selector) and two NetworkPolicies (one without policyTypes).
  {
    id: NS_CLUSTER,
    name: 'aks-ns',
    type: T.managedCluster,
    location: 'eastus',
    properties: { nodeProvisioningProfile: { mode: 'Manual' }, agentPoolProfiles: [{ name: 'mig', vmSize: 'Standard_ND96asr_v4', count: 1, enableAutoScaling: false, gpuInstanceProfile: 'MIG1g' }] },
  },
  { id: `${NS_CLUSTER}/providers/Kubernetes.core/Namespace/ml`, name: 'ml', type: T.kubernetesNamespace, apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } },
  ...KUBERNETES_WORKLOAD_TYPES.map((type): ArmResource => {
    const [group, kind] = type.slice('Kubernetes.'.length).split('/');
    const name = kind.toLowerCase();
    const template = { spec: { containers: [{ name: 'c', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } };
    return {
      id: `${NS_CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/${type}/${name}`,
      name,
      type,
      apiVersion: group === 'core' ? 'v1' : `${group}/v1`,
      kind,
      metadata: { name, namespace: 'ml' },
      ...(kind === 'PodTemplate' ? { template } : { spec: {} }),
    };
  }),
  ...[
    { name: 'gpu', spec: { hard: { 'requests.nvidia.com/gpu': '2' }, scopes: [] } },
    { name: 'gpu-high', spec: { hard: { 'requests.nvidia.com/gpu': 4 }, scopeSelector: { matchExpressions: [{ operator: 'In', scopeName: 'PriorityClass', values: ['high'] }] } } },
  ].map(
    ({ name, spec }): ArmResource => ({
      id: `${NS_CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.core/ResourceQuota/${name}`,
      name,
      type: T.kubernetesResourceQuota,
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name, namespace: 'ml' },
      spec,
    }),
  ),
  ...[
    { name: 'deny', spec: { podSelector: {}, policyTypes: ['Ingress'], ingress: [] } },
    { name: 'dns', spec: { podSelector: { matchLabels: {}, matchExpressions: [] }, egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] } },
  ].map(
    ({ name, spec }): ArmResource => ({
      id: `${NS_CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.networking.k8s.io/NetworkPolicy/${name}`,
      name,
      type: T.kubernetesNetworkPolicy,
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name, namespace: 'ml' },
      spec,
    }),
  ),
  // A node of the Spot GPU pool, cordoned, with a taint and a label of its own (facts.node, the placement by nodes).
  {
    id: `${CLUSTER}/providers/Kubernetes.core/Node/aks-gpu-0`,
    name: 'aks-gpu-0',
    type: 'Kubernetes.core/Node',
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'aks-gpu-0', labels: { 'kubernetes.azure.com/agentpool': 'gpu', team: 'nlp' } },
    spec: { unschedulable: true, taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, { key: 'dedicated', value: 'batch', effect: 'NoExecute' }] },
  },
  // RBAC: an aggregated ClusterRole and what it aggregates, a Role, and bindings to them, to cluster-admin and to a role not in the estate (facts.boundSubjects, facts.boundRole).
  ...[
    { name: 'ml-admin', aggregationRule: { clusterRoleSelectors: [{ matchLabels: { 'rbac.example.com/aggregate-to-ml-admin': 'true' } }, { matchExpressions: [{ key: 'tier', operator: 'In', values: ['ml'] }] }] }, rules: [] },
    { name: 'ml-jobs', labels: { 'rbac.example.com/aggregate-to-ml-admin': 'true' }, rules: [{ apiGroups: ['batch'], resources: ['jobs'], verbs: ['*'] }] },
    { name: 'ml-everything', labels: { tier: 'ml' }, rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }] },
  ].map(
    ({ name, labels, ...rest }): ArmResource => ({
      id: `${CLUSTER}/providers/Kubernetes.rbac.authorization.k8s.io/ClusterRole/${name}`,
      name,
      type: 'Kubernetes.rbac.authorization.k8s.io/ClusterRole',
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name, ...(labels ? { labels } : {}) },
      ...rest,
    }),
  ),
  {
    id: `${CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.rbac.authorization.k8s.io/Role/reader`,
    name: 'reader',
    type: 'Kubernetes.rbac.authorization.k8s.io/Role',
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'reader', namespace: 'ml' },
    rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
  },
  ...[
    { kind: 'ClusterRoleBinding', name: 'aks-cluster-admin-binding-aad', labels: { 'addonmanager.kubernetes.io/mode': 'Reconcile' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ kind: 'Group', name: 'g-1' }, { kind: 'User', name: 'u-1' }] },
    { kind: 'ClusterRoleBinding', name: 'ml-admins', roleRef: { kind: 'ClusterRole', name: 'ml-admin' }, subjects: [{ kind: 'Group', name: 'system:masters' }, { kind: 'ServiceAccount', name: 'sa', namespace: 'ml' }] },
    { kind: 'RoleBinding', namespace: 'ml', name: 'readers', roleRef: { kind: 'Role', name: 'reader' }, subjects: [{ kind: 'User', name: 'ana' }] },
    { kind: 'RoleBinding', namespace: 'ml', name: 'editors', roleRef: { kind: 'ClusterRole', name: 'edit' }, subjects: [{ kind: 'Group', name: 'g-2' }] },
  ].map(
    ({ kind, namespace, name, labels, ...rest }): ArmResource => ({
      id: `${CLUSTER}${namespace ? `/providers/Kubernetes.core/Namespace/${namespace}` : ''}/providers/Kubernetes.rbac.authorization.k8s.io/${kind}/${name}`,
      name,
      type: `Kubernetes.rbac.authorization.k8s.io/${kind}`,
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name, ...(namespace ? { namespace } : {}), ...(labels ? { labels } : {}) },
      ...rest,
    }),
  ),
];

function fixtureEstate(): Estate {
  const document = {
    format: 'aiscan-snapshot',
    version: 1,
    collectedAt: '2026-01-01T00:00:00Z',
    scopes: [{ subscriptionId: '11111111-1111-1111-1111-111111111111', managementGroupAncestors: [MANAGEMENT_GROUP] }],
    coverage: [],
    resources: FIXTURES,
  };
  return mergeEstateFiles([interpretEstateDocument(document, 'fixtures')]);
}

const ESTATES: [string, () => Estate][] = [
  ['the sample estate', () => loadEstate(SAMPLE_ESTATE)],
  ['the facts fixtures', fixtureEstate],
];

/** The patterns the contract declares on each type (lower-cased), and those declared on every type. */
function declaredPatterns(): { byType: Map<string, { text: string; pattern: JsonPattern }[]>; everyType: { text: string; pattern: JsonPattern }[] } {
  const byType = new Map<string, { text: string; pattern: JsonPattern }[]>();
  const everyType: { text: string; pattern: JsonPattern }[] = [];
  const add = (type: string, text: string) => {
    const list = byType.get(typeKey(type)) ?? [];
    byType.set(typeKey(type), list);
    list.push({ text, pattern: parseReadPath(text) });
  };
  for (const name of FACT_NAMES) {
    for (const placement of FACTS[name].on as readonly FactPlacement[]) {
      for (const text of placement.reads) {
        if (placement.types === '*') everyType.push({ text, pattern: parseReadPath(text) });
        else for (const type of placement.types) add(type, text);
      }
      for (const [type, paths] of Object.entries(placement.readsFrom ?? {})) for (const text of paths) add(type, text);
    }
  }
  return { byType, everyType };
}

function shown(path: JsonPath): string {
  return path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').replace(/^\./, '') || '(the document)';
}

describe.each(ESTATES)('what the facts code reads in %s', (_, estateOf) => {
  const reads: Reads = new Map();
  let replayed: EvaluationItem[] = [];
  beforeAll(() => {
    replayed = enrichRecording(estateOf(), reads);
    // Role assignments are computed when first read: read them while recording.
    factsOf(replayed);
  });

  it('is read on wrapped items that get the same facts as enrichEstate gives', () => {
    expect(factsOf(replayed)).toEqual(factsOf(enrichEstate(estateOf())));
  });

  it('is declared in the facts contract: every path read on a type is, holds or is under a path a fact placed on or joined from that type reads', () => {
    const { byType, everyType } = declaredPatterns();
    const undeclared: string[] = [];
    for (const [type, byPath] of reads) {
      const declared = [...(byType.get(type) ?? []), ...everyType];
      for (const { path, keys } of byPath.values()) {
        if (!declared.some(({ pattern }) => overlaps(pattern, path))) undeclared.push(`${type}: ${shown(path)}${keys ? ' (its keys)' : ''}`);
      }
    }
    expect(undeclared).toEqual([]);
    expect(reads.size).toBeGreaterThan(8);
  });
});

describe('the paths the facts contract declares', () => {
  it('are each read by the facts code on a type they are declared for, in the sample estate or the facts fixtures', () => {
    const reads: Reads = new Map();
    for (const [, estateOf] of ESTATES) factsOf(enrichRecording(estateOf(), reads));
    // A read at the path or under it, or the keys of the object a `*` stands for.
    const reaches = (pattern: JsonPattern, { path, keys }: Read) =>
      overlaps(pattern, path) && (path.length >= pattern.length || (keys === true && path.length === pattern.length - 1 && pattern[pattern.length - 1] === ANY_KEY));
    const unread: string[] = [];
    for (const name of FACT_NAMES) {
      for (const placement of FACTS[name].on as readonly FactPlacement[]) {
        const ownTypes = placement.types === '*' ? [...reads.keys()] : placement.types.map(typeKey);
        const declared = [
          ...placement.reads.map((text) => ({ text, types: ownTypes })),
          ...Object.entries(placement.readsFrom ?? {}).flatMap(([type, paths]) => paths.map((text) => ({ text, types: [typeKey(type)] }))),
        ];
        for (const { text, types } of declared) {
          const pattern = parseReadPath(text);
          if (!types.some((type) => [...(reads.get(type)?.values() ?? [])].some((read) => reaches(pattern, read)))) unread.push(`${name} on ${String(placement.types)}: ${text} on ${types.join(', ')}`);
        }
      }
    }
    expect(unread).toEqual([]);
  });
});
