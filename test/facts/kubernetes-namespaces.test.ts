import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource, Estate, EstateResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { parseQuantity } from '../../src/facts/kubernetes-namespaces.js';
import { manifestResources } from '../../src/sources/kubernetes/manifest-resources.js';
import { readManifests } from '../../src/sources/kubernetes/read-manifests.js';
import { loadEstate } from '../../src/sources/load-estate.js';

/**
 * The namespace and cluster facts (src/facts/kubernetes-namespaces.ts, kubernetes-cluster.ts) on
 * the real manifests of test/fixtures/kubernetes (SOURCES.md), read as `aiscan scan` reads them and
 * put under the production sample's GPU cluster, as `--cluster` does: the GPU workloads of a
 * namespace, its GPU quotas, its default-deny NetworkPolicies, and the quotas of all namespaces
 * against what the cluster's GPU pools hold.
 */

const DIR = join('test', 'fixtures', 'kubernetes');
const PRODUCTION = join('examples', 'estate', 'subscription-production.json');
const CLUSTER = '/subscriptions/c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-inference';
const NAMESPACE = 'Kubernetes.core/Namespace';

/**
 * The objects of a fixture file, under `cluster`. With `namespace`, those whose manifest names none
 * are put there, as `kubectl apply --namespace` would (a Namespace object itself belongs to none).
 */
function manifests(file: string, namespace?: string, cluster = CLUSTER): EstateResource[] {
  const path = join(DIR, file);
  const { objects } = readManifests(readFileSync(path, 'utf8'), path);
  const applied = objects.map((manifest) => {
    const metadata = (manifest.object.metadata ?? {}) as Record<string, unknown>;
    if (namespace === undefined || manifest.object.kind === 'Namespace' || typeof metadata.namespace === 'string') return manifest;
    return { ...manifest, object: { ...manifest.object, metadata: { ...metadata, namespace } } };
  });
  return manifestResources(path, applied, cluster);
}

/** A Namespace object as the API server has it for a namespace every cluster has (`default`): no manifest writes it. */
function namespaceObject(name: string, cluster = CLUSTER): EstateResource {
  const resource: ArmResource = { id: `${cluster}/providers/${NAMESPACE}/${name}`, type: NAMESPACE, name, apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
  return { resource, type: NAMESPACE, origin: { file: 'cluster', path: [] } };
}

function estateOf(resources: EstateResource[], withProduction = true): Estate {
  const base: Estate = withProduction ? loadEstate([PRODUCTION]) : { resources: [], scopes: [], coverage: [], files: [], warnings: [] };
  return { ...base, resources: [...base.resources, ...resources] };
}

function item(items: EvaluationItem[], type: string, name: string): EvaluationItem {
  const found = items.find((candidate) => candidate.type === type && candidate.name === name);
  if (!found) throw new Error(`no ${type} ${name} among ${items.map((candidate) => `${candidate.type} ${candidate.name}`).join(', ')}`);
  return found;
}

const namespaceFacts = (items: EvaluationItem[], name: string) => item(items, NAMESPACE, name).facts;
const clusterFacts = (items: EvaluationItem[]) => items.find((candidate) => candidate.id === CLUSTER)!.facts;

const MULTI_GPU = join('aks-gpu-terraform', 'multi-gpu-workload.yaml');
const GPU_QUOTAS = join('handwritten', 'gpu-quotas.handwritten.yaml');

describe('the GPU workloads, quotas and NetworkPolicies of a namespace', () => {
  it('are its GPU workloads and nothing else, where the namespace has no quota and no policy (aks-gpu-terraform/multi-gpu-workload.yaml)', () => {
    const items = enrichEstate(estateOf(manifests(MULTI_GPU)));
    expect(namespaceFacts(items, 'gpu-workloads')).toMatchObject({
      gpuWorkloads: ['Deployment/multi-gpu-workload', 'Job/gpu-monitor'],
      gpuQuota: { names: [], bounded: false, quotas: [] },
      networkPolicies: { names: [], defaultDenyIngress: [], policies: [] },
    });
  });

  it('leave out the GPU stack, other namespaces and objects whose manifest names no namespace', () => {
    const plugin = join('k8s-device-plugin', 'nvidia-device-plugin-privileged-with-service-account.yml');
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...manifests(plugin), ...manifests(join('dcgm-exporter', 'gpu-pod.yaml'))]));
    // The device plugin's own namespace: its DaemonSet is the GPU stack, recognised by image.
    const pluginNamespace = items.find((candidate) => candidate.type === NAMESPACE && candidate.name !== 'gpu-workloads')!;
    expect(pluginNamespace.facts.gpuWorkloads).toEqual([]);
    // The nbody Pod names no namespace: kubectl apply -n chooses one later, so it joins none.
    expect(namespaceFacts(items, 'gpu-workloads').gpuWorkloads).toEqual(['Deployment/multi-gpu-workload', 'Job/gpu-monitor']);
  });

  it('count no quota that does not name requests.nvidia.com/gpu, nor a scoped one, as bounding it (kubernetes/website quota-mem-cpu.yaml, policy/quota.yaml)', () => {
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...manifests(join('website', 'quota-mem-cpu.yaml'), 'gpu-workloads'), ...manifests(join('website', 'quota.yaml'), 'gpu-workloads')]));
    expect(namespaceFacts(items, 'gpu-workloads').gpuQuota).toEqual({ names: ['mem-cpu-demo', 'pods-high', 'pods-medium', 'pods-low'], bounded: false, quotas: [] });
    expect(clusterFacts(items).gpuQuotas).toBeUndefined();
  });

  it('take the smallest unscoped requests.nvidia.com/gpu quota as its bound, and ignore limits.nvidia.com/gpu and scoped quotas', () => {
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...manifests(GPU_QUOTAS, 'gpu-workloads')]));
    const quotaId = (name: string) => `${CLUSTER}/providers/Kubernetes.core/Namespace/gpu-workloads/providers/Kubernetes.core/ResourceQuota/${name}`;
    expect(namespaceFacts(items, 'gpu-workloads').gpuQuota).toEqual({
      names: ['gpu-quota', 'compute-resources', 'gpu-limits-only', 'gpu-high-priority'],
      bounded: true,
      limit: 4,
      limitedBy: 'gpu-quota',
      quotas: [
        { id: quotaId('gpu-quota'), name: 'gpu-quota', scoped: false, value: '4', gpus: 4 },
        { id: quotaId('compute-resources'), name: 'compute-resources', scoped: false, value: '6', gpus: 6 },
        { id: quotaId('gpu-high-priority'), name: 'gpu-high-priority', scoped: true, value: '1k', gpus: 1000 },
      ],
    });
  });

  it('find the policies that deny all ingress by default, the tricky ones too', () => {
    const policies = [
      'website/network-policy-default-deny-ingress.yaml',
      'website/network-policy-allow-all-ingress.yaml',
      'website/network-policy-allow-all-egress-deny-all-ingress.yaml',
      'website/network-policy-default-deny-all.yaml',
      'website/network-policy-default-deny-egress.yaml',
      'handwritten/allow-dns-egress.handwritten.yaml',
    ].flatMap((file) => manifests(file, 'gpu-workloads'));
    // networkpolicy.yaml names its namespace: default.
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...policies, namespaceObject('default'), ...manifests(join('website', 'networkpolicy.yaml'), 'gpu-workloads')]));
    const gpu = namespaceFacts(items, 'gpu-workloads').networkPolicies!;
    expect(gpu.policies.map(({ name, selectsAllPods, policyTypes, ingressRules, defaultDenyIngress }) => ({ name, selectsAllPods, policyTypes, ingressRules, defaultDenyIngress }))).toEqual([
      { name: 'default-deny-ingress', selectsAllPods: true, policyTypes: ['Ingress'], ingressRules: 0, defaultDenyIngress: true },
      // ingress: [{}] is one rule that allows everything.
      { name: 'allow-all-ingress', selectsAllPods: true, policyTypes: ['Ingress'], ingressRules: 1, defaultDenyIngress: false },
      { name: 'allow-egress-deny-ingress', selectsAllPods: true, policyTypes: ['Egress', 'Ingress'], ingressRules: 0, defaultDenyIngress: true },
      { name: 'default-deny-all', selectsAllPods: true, policyTypes: ['Ingress', 'Egress'], ingressRules: 0, defaultDenyIngress: true },
      { name: 'default-deny-egress', selectsAllPods: true, policyTypes: ['Egress'], ingressRules: 0, defaultDenyIngress: false },
      // No policyTypes and egress rules: Kubernetes takes Ingress and Egress, and no ingress rule lets anything in.
      { name: 'allow-dns', selectsAllPods: true, policyTypes: ['Ingress', 'Egress'], ingressRules: 0, defaultDenyIngress: true },
    ]);
    expect(gpu.defaultDenyIngress).toEqual(['default-deny-ingress', 'allow-egress-deny-ingress', 'default-deny-all', 'allow-dns']);
    // podSelector with matchLabels selects some pods only, and it has ingress rules.
    expect(namespaceFacts(items, 'default').networkPolicies).toMatchObject({
      names: ['test-network-policy'],
      defaultDenyIngress: [],
      policies: [{ name: 'test-network-policy', selectsAllPods: false, policyTypes: ['Ingress', 'Egress'], ingressRules: 1, defaultDenyIngress: false }],
    });
  });

  it('read a podSelector with empty matchLabels and matchExpressions as selecting every pod, and any expression as selecting some', () => {
    const policy = (name: string, podSelector: unknown): EstateResource => {
      const resource: ArmResource = {
        id: `${CLUSTER}/providers/${NAMESPACE}/default/providers/Kubernetes.networking.k8s.io/NetworkPolicy/${name}`,
        type: 'Kubernetes.networking.k8s.io/NetworkPolicy',
        name,
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name, namespace: 'default' },
        spec: { podSelector, policyTypes: ['Ingress'] },
      };
      return { resource, type: resource.type!, origin: { file: 'handwritten', path: [] } };
    };
    const items = enrichEstate(
      estateOf([
        namespaceObject('default'),
        policy('empty-lists', { matchLabels: {}, matchExpressions: [] }),
        policy('no-selector', undefined),
        policy('exists', { matchExpressions: [{ key: 'app', operator: 'Exists' }] }),
      ]),
    );
    expect(namespaceFacts(items, 'default').networkPolicies!.defaultDenyIngress).toEqual(['empty-lists', 'no-selector']);
  });
});

describe('the GPU quotas of a cluster against its GPU pools', () => {
  it('add up each namespace\'s binding quota, against maxCount × GPUs per node of the autoscaling GPU pool (aks-prod-inference: gpua100, 6 × 1 A100)', () => {
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...manifests(GPU_QUOTAS, 'gpu-workloads')]));
    expect(clusterFacts(items).gpuQuotas).toEqual({ namespaces: [{ namespace: 'gpu-workloads', gpus: 4, quota: 'gpu-quota' }], total: 4, unknown: [] });
    expect(clusterFacts(items).gpuCapacity).toEqual({
      pools: [{ name: 'gpua100', vmSize: 'Standard_NC24ads_A100_v4', nodes: 6, gpusPerNode: 1 }],
      capacity: 6,
      overcommit: 0.67,
      unknown: [],
    });
    expect(clusterFacts(items).kubernetesObjects).toEqual({ gpuWorkloads: 2, networkPolicies: 0 });
  });

  it('exceed the capacity once a second namespace is promised 4 GPUs more (handwritten/kind-list.handwritten.json: a GPU quota in default)', () => {
    const items = enrichEstate(estateOf([...manifests(MULTI_GPU), ...manifests(GPU_QUOTAS, 'gpu-workloads'), ...manifests(join('handwritten', 'kind-list.handwritten.json'))]));
    expect(clusterFacts(items).gpuQuotas).toMatchObject({
      namespaces: [
        { namespace: 'default', gpus: 4, quota: 'gpu-quota' },
        { namespace: 'gpu-workloads', gpus: 4, quota: 'gpu-quota' },
      ],
      total: 8,
    });
    // 8 / 6, rounded up: rounding never hides an excess.
    expect(clusterFacts(items).gpuCapacity).toMatchObject({ capacity: 6, overcommit: 1.34 });
    expect(clusterFacts(items).kubernetesObjects).toEqual({ gpuWorkloads: 3, networkPolicies: 0 });
  });

  /** A cluster of its own with the given pools, and one GPU quota in namespace ml. */
  function clusterWith(pools: Record<string, unknown>[], quotaValue: unknown = '8', properties: Record<string, unknown> = {}): EvaluationItem['facts'] {
    const cluster = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks';
    const quota: ArmResource = {
      id: `${cluster}/providers/${NAMESPACE}/ml/providers/Kubernetes.core/ResourceQuota/gpu`,
      type: 'Kubernetes.core/ResourceQuota',
      name: 'gpu',
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'gpu', namespace: 'ml' },
      spec: { hard: { 'requests.nvidia.com/gpu': quotaValue } },
    };
    const arm: ArmResource = { id: cluster, name: 'aks', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { ...properties, agentPoolProfiles: pools } };
    const items = enrichEstate(estateOf([arm, quota].map((resource) => ({ resource, type: resource.type!, origin: { file: 'estate.json', path: [] } })), false));
    return items.find((candidate) => candidate.id === cluster)!.facts;
  }

  it('count MIG instances, a fixed pool\'s count, no AMD GPUs and no CPU pool', () => {
    const facts = clusterWith([
      { name: 'system', vmSize: 'Standard_D4ds_v5', count: 3, mode: 'System' },
      { name: 'mig', vmSize: 'Standard_ND96asr_v4', count: 1, enableAutoScaling: false, gpuInstanceProfile: 'MIG1g' },
      { name: 'h100', vmSize: 'Standard_ND96isr_H100_v5', count: 1, enableAutoScaling: true, maxCount: 2 },
      { name: 'mi300x', vmSize: 'Standard_ND96isr_MI300X_v5', count: 2 },
    ]);
    expect(facts.gpuQuotas).toMatchObject({ total: 8 });
    expect(facts.gpuCapacity).toMatchObject({
      pools: [
        { name: 'mig', nodes: 1, gpusPerNode: 56, gpuInstanceProfile: 'MIG1g' },
        { name: 'h100', nodes: 2, gpusPerNode: 8 },
      ],
      capacity: 72,
      overcommit: 0.12,
    });
  });

  it('is unknown where the pools cannot say: a partial GPU, node auto-provisioning, no pool at all; and a quota that is not a quantity leaves the total unknown', () => {
    const partialFacts = clusterWith([{ name: 'nva10', vmSize: 'Standard_NV6ads_A10_v5', count: 2 }]);
    expect(partialFacts.gpuQuotas).toMatchObject({ total: 8 });
    const partial = partialFacts.gpuCapacity!;
    expect(partial).toMatchObject({ unknown: ["pool nva10: aiscan's catalogue gives no whole number of NVIDIA GPUs for Standard_NV6ads_A10_v5"] });
    const autoProvisioned = clusterWith([{ name: 'a100', vmSize: 'Standard_NC24ads_A100_v4', count: 2 }], '8', { nodeProvisioningProfile: { mode: 'Auto' } }).gpuCapacity!;
    expect(autoProvisioned.unknown).toEqual(['node auto-provisioning (nodeProvisioningProfile.mode Auto) adds GPU nodes outside the agent pools']);
    const poolless = clusterWith([]).gpuCapacity!;
    expect(poolless.unknown).toEqual(['no agent pool of the cluster is in the estate']);
    for (const facts of [partial, autoProvisioned, poolless]) {
      expect(facts).not.toHaveProperty('capacity');
      expect(facts).not.toHaveProperty('overcommit');
    }
    const unreadable = clusterWith([{ name: 'a100', vmSize: 'Standard_NC24ads_A100_v4', count: 2 }], 'four');
    expect(unreadable.gpuQuotas).toEqual({ namespaces: [{ namespace: 'ml', gpus: null, quota: null }], unknown: ['namespace ml: a requests.nvidia.com/gpu value is not a Kubernetes quantity'] });
    expect(unreadable.gpuCapacity).toEqual({ pools: [{ name: 'a100', vmSize: 'Standard_NC24ads_A100_v4', nodes: 2, gpusPerNode: 1 }], capacity: 2, unknown: [] });
  });

  it('is unbounded (null) where GPU quotas meet a cluster without NVIDIA GPU pools', () => {
    expect(clusterWith([{ name: 'system', vmSize: 'Standard_D4ds_v5', count: 3 }]).gpuCapacity).toMatchObject({ pools: [], capacity: 0, overcommit: null });
    expect(clusterWith([{ name: 'system', vmSize: 'Standard_D4ds_v5', count: 3 }], 0).gpuCapacity).toMatchObject({ capacity: 0, overcommit: 0 });
  });
});

describe('parseQuantity', () => {
  it.each([
    [4, 4],
    ['4', 4],
    ['+4', 4],
    ['1k', 1000],
    ['2Ki', 2048],
    ['1Mi', 1048576],
    ['7000m', 7],
    ['1500m', 1.5],
    ['1e3', 1000],
    ['1E', 1e18],
    ['.5', 0.5],
    ['4.', 4],
    ['0', 0],
    ['-0', 0],
  ])('reads %j as %d', (value, expected) => {
    expect(parseQuantity(value)).toBe(expected);
  });

  it.each([['four'], [''], ['-1'], ['1 k'], [' 4'], ['1KB'], ['1e'], ['1.2.3'], ['0x10'], [null], [{}], [[4]], [true], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('refuses %j', (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });
});
