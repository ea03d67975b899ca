/**
 * What an AKS cluster's Kubernetes objects add up to: how many GPU workloads and NetworkPolicies
 * of the cluster the estate holds (`kubernetesObjects`), the GPUs its namespaces' quotas promise
 * (`gpuQuotas`, from the quotas alone) and the GPUs its node pools can ever hold (`gpuCapacity`). Objects are joined to their cluster by
 * the prefix of their id (src/ids.ts clusterOfKubernetesObject), pools by theirs (aks.ts clusterKeyOf).
 */
import { clusterOfKubernetesObject, foldCase, idKey } from '../ids.js';
import { addTo } from '../multimap.js';
import { clusterKeyOf } from './aks.js';
import type { FactValue } from './contract.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { gpuQuotaOf, isGpuWorkload, readQuota, type QuotaRead } from './kubernetes-namespaces.js';
import { get, getNumber, getString, ownField } from './read.js';
import { KUBERNETES_WORKLOAD_TYPE_KEYS, TYPES } from './resource-types.js';

type GpuQuotasFact = FactValue<'gpuQuotas'>;
type GpuCapacityFact = FactValue<'gpuCapacity'>;
type PoolCapacity = GpuCapacityFact['pools'][number];

/**
 * `nvidia.com/gpu` devices one GPU becomes with a MIG profile on the pool (`gpuInstanceProfile`),
 * as the device plugin's `single` strategy advertises them: the most a node of the pool can offer.
 */
const MIG_INSTANCES_PER_GPU: Readonly<Record<string, number>> = { mig1g: 7, mig2g: 3, mig3g: 2, mig4g: 1, mig7g: 1 };

export function joinClusterKubernetesObjects(items: readonly EvaluationItem[]): void {
  const clusters: EvaluationItem[] = [];
  const poolsByCluster = new Map<string, EvaluationItem[]>();
  const gpuWorkloads = new Map<string, number>();
  const networkPolicies = new Map<string, number>();
  /** Per cluster, per namespace: the ResourceQuotas that name requests.nvidia.com/gpu. */
  const gpuQuotas = new Map<string, Map<string, QuotaRead[]>>();
  const count = (counts: Map<string, number>, key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.managedCluster) {
      clusters.push(item);
      continue;
    }
    if (type === TYPES.agentPool) {
      addTo(poolsByCluster, clusterKeyOf(item.id), item);
      continue;
    }
    const workload = KUBERNETES_WORKLOAD_TYPE_KEYS.has(type);
    if (!workload && type !== TYPES.kubernetesNetworkPolicy && type !== TYPES.kubernetesResourceQuota) continue;
    const cluster = clusterOfKubernetesObject(item.id);
    if (cluster === undefined) continue;
    const key = idKey(cluster);
    if (workload) {
      if (isGpuWorkload(item)) count(gpuWorkloads, key);
    } else if (type === TYPES.kubernetesNetworkPolicy) count(networkPolicies, key);
    else {
      const quota = readQuota(item);
      const namespace = ownField(ownField(item.document, 'metadata'), 'namespace');
      if (!quota.namesGpu || typeof namespace !== 'string' || namespace === '') continue;
      let byNamespace = gpuQuotas.get(key);
      if (!byNamespace) gpuQuotas.set(key, (byNamespace = new Map()));
      addTo(byNamespace, namespace, quota);
    }
  }
  for (const cluster of clusters) {
    const key = idKey(cluster.id);
    const held = { gpuWorkloads: gpuWorkloads.get(key) ?? 0, networkPolicies: networkPolicies.get(key) ?? 0 };
    // Absent on a cluster that holds neither: a rule that needs one is then not applicable on what is
    // known, even where other values of the cluster are known only after a deployment.
    if (held.gpuWorkloads + held.networkPolicies > 0) cluster.facts.kubernetesObjects = held;
    const quotas = gpuQuotas.get(key);
    if (!quotas) continue;
    const promised = gpuQuotasOf(quotas);
    cluster.facts.gpuQuotas = promised;
    cluster.facts.gpuCapacity = gpuCapacityOf(cluster, promised.total, poolsByCluster.get(key) ?? []);
  }
}

/** Σ over namespaces of the GPUs their unscoped quotas allow (the smallest binds); what cannot be known leaves `total` out and says why. */
function gpuQuotasOf(byNamespace: ReadonlyMap<string, readonly QuotaRead[]>): GpuQuotasFact {
  const unknown: string[] = [];
  const namespaces = [...byNamespace]
    .filter(([, quotas]) => quotas.some((quota) => !quota.scoped))
    .map(([namespace, quotas]) => {
      const bound = gpuQuotaOf(quotas);
      if (bound.limit === undefined) unknown.push(`namespace ${namespace}: a requests.nvidia.com/gpu value is not a Kubernetes quantity`);
      return { namespace, gpus: bound.limit ?? null, quota: bound.limitedBy ?? null };
    })
    .sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : 0));
  const total = namespaces.every((entry) => entry.gpus !== null) ? namespaces.reduce((sum, entry) => sum + entry.gpus!, 0) : undefined;
  return { namespaces, ...(total !== undefined ? { total } : {}), unknown };
}

/**
 * Σ over the cluster's NVIDIA GPU pools of nodes (maxCount with the autoscaler on, else count) ×
 * nvidia.com/gpu per node, and what the quotas' `total` is of it. What cannot be known leaves
 * `capacity` out and says why.
 */
function gpuCapacityOf(cluster: EvaluationItem, total: number | undefined, pools: readonly EvaluationItem[]): GpuCapacityFact {
  const unknown: string[] = [];
  const capacities = pools.flatMap((pool) => poolCapacity(pool, unknown));
  const mode = getString(get(cluster.document, 'properties', 'nodeProvisioningProfile'), 'mode');
  if (mode !== undefined && foldCase(mode) === 'auto') unknown.push('node auto-provisioning (nodeProvisioningProfile.mode Auto) adds GPU nodes outside the agent pools');
  if (pools.length === 0) unknown.push('no agent pool of the cluster is in the estate');
  const capacityKnown = pools.length > 0 && !(mode !== undefined && foldCase(mode) === 'auto') && capacities.every((pool) => pool.nodes !== undefined && pool.gpusPerNode !== undefined);
  const capacity = capacityKnown ? capacities.reduce((sum, pool) => sum + pool.nodes! * pool.gpusPerNode!, 0) : undefined;
  return {
    pools: capacities,
    ...(capacity !== undefined ? { capacity } : {}),
    ...(total !== undefined && capacity !== undefined ? { overcommit: overcommitOf(total, capacity) } : {}),
    unknown,
  };
}

/** total / capacity rounded up to two decimals (integer arithmetic: rounding never hides an excess); null when nothing can hold the GPUs promised. */
function overcommitOf(total: number, capacity: number): number | null {
  if (capacity === 0) return total > 0 ? null : 0;
  return Math.ceil((total * 100) / capacity) / 100;
}

/** What a pool adds to the cluster's nvidia.com/gpu capacity: nothing for a CPU pool or another vendor's GPUs (AMD GPUs are amd.com/gpu). */
function poolCapacity(pool: EvaluationItem, unknown: string[]): PoolCapacity[] {
  const gpu = pool.facts.gpu;
  if (gpu?.isGpu !== true) return [];
  const size = getString(pool.document, 'vmSize') ?? gpu.size;
  if (gpu.gpuModel !== undefined && !gpu.gpuModel.startsWith('NVIDIA')) return [];
  const autoscaled = get(pool.document, 'enableAutoScaling') === true;
  const nodes = autoscaled ? getNumber(pool.document, 'maxCount') : getNumber(pool.document, 'count');
  if (nodes === undefined || !Number.isInteger(nodes) || nodes < 0) unknown.push(`pool ${pool.name}: no ${autoscaled ? 'maxCount' : 'count'}`);
  const profile = getString(pool.document, 'gpuInstanceProfile');
  const instances = profile === undefined ? 1 : MIG_INSTANCES_PER_GPU[foldCase(profile)];
  const perGpu = gpu.gpuCount !== undefined && Number.isInteger(gpu.gpuCount) && gpu.gpuCount > 0 ? gpu.gpuCount : undefined;
  if (gpu.gpuModel === undefined || perGpu === undefined) unknown.push(`pool ${pool.name}: aiscan's catalogue gives no whole number of NVIDIA GPUs for ${size}`);
  else if (instances === undefined) unknown.push(`pool ${pool.name}: GPU instance profile ${profile} is not one aiscan knows`);
  const gpusPerNode = gpu.gpuModel !== undefined && perGpu !== undefined && instances !== undefined ? perGpu * instances : undefined;
  return [
    {
      name: pool.name,
      vmSize: size,
      ...(nodes !== undefined && Number.isInteger(nodes) && nodes >= 0 ? { nodes } : {}),
      ...(gpusPerNode !== undefined ? { gpusPerNode } : {}),
      ...(profile !== undefined ? { gpuInstanceProfile: profile } : {}),
    },
  ];
}
