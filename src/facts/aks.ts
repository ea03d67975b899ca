import { addTo } from '../multimap.js';
import { foldCase, idKey } from '../ids.js';
import type { FactValue } from './contract.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';
import { tagValues } from './tags.js';
import { isGpuItem } from './vm-size.js';

/** What a pool or a managed namespace learns about the cluster it belongs to (`facts.cluster`). */
export type ClusterOfPoolFacts = FactValue<'cluster'>;

/**
 * `mode` User, or no `mode` at all: pools of clusters created before API version 2020-03-01 are
 * all user pools and state no mode, and the agentPools API creates User pools by default.
 */
function isUserPool(pool: EvaluationItem): boolean {
  const mode = getString(pool.document, 'mode');
  return mode === undefined || foldCase(mode) === 'user';
}

/** scaleSetPriority Spot, in any case; Regular, or none (AKS's default), is not. */
export function isSpotPool(pool: EvaluationItem): boolean {
  return foldCase(getString(pool.document, 'scaleSetPriority') ?? '') === 'spot';
}

/** How many of the cluster's GPU pools are Spot and how many regular, and the tags of each (`facts.gpuPoolPriorities`). */
function gpuPoolPriorities(gpuPools: readonly EvaluationItem[]): FactValue<'gpuPoolPriorities'> {
  const spotPools = gpuPools.filter(isSpotPool).map((pool) => pool.name);
  const regularPools = gpuPools.filter((pool) => !isSpotPool(pool)).map((pool) => pool.name);
  const poolTags = gpuPools.flatMap((pool) => tagValues(pool.document).map((tag) => ({ pool: pool.name, ...tag })));
  return { spot: spotPools.length, regular: regularPools.length, spotPools, regularPools, poolTags };
}

/** `…/managedClusters/c/agentPools/p` or `…/managedClusters/c/managedNamespaces/n` → the cluster's id key. */
export function clusterKeyOf(childId: string): string {
  return idKey(childId.replace(/\/(agentPools|managedNamespaces)\/[^/]*$/i, ''));
}

/**
 * Gives each cluster the facts of its pools, and each pool and managed namespace the facts of its
 * cluster. Pools and namespaces are indexed by their cluster's id in one pass; clusters are then
 * visited once, so the cost grows with the estate.
 */
export function joinClustersAndPools(items: readonly EvaluationItem[]): void {
  const poolsByCluster = new Map<string, EvaluationItem[]>();
  const namespacesByCluster = new Map<string, EvaluationItem[]>();
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.agentPool) addTo(poolsByCluster, clusterKeyOf(item.id), item);
    else if (type === TYPES.managedNamespace) addTo(namespacesByCluster, clusterKeyOf(item.id), item);
  }
  for (const cluster of items) {
    if (itemTypeKey(cluster) !== TYPES.managedCluster) continue;
    const key = idKey(cluster.id);
    const pools = poolsByCluster.get(key) ?? [];
    const gpuPoolItems = pools.filter(isGpuItem);
    const gpuPools = gpuPoolItems.map((pool) => pool.name);
    const userPools = pools.filter(isUserPool);
    cluster.facts.gpuPools = gpuPools;
    cluster.facts.gpuPoolPriorities = gpuPoolPriorities(gpuPoolItems);
    cluster.facts.hasGpuPool = gpuPools.length > 0;
    cluster.facts.isGpuResource = gpuPools.length > 0;
    const clusterFacts: ClusterOfPoolFacts = {
      id: cluster.id,
      name: cluster.name,
      hasUserPools: userPools.length > 0,
      hasGpuPool: gpuPools.length > 0,
    };
    for (const pool of pools) {
      pool.facts.cluster = clusterFacts;
      // A pool read through the agentPools API carries no location of its own.
      pool.location ??= cluster.location;
    }
    for (const namespace of namespacesByCluster.get(key) ?? []) namespace.facts.cluster = clusterFacts;
  }
}
