import { addTo } from '../multimap.js';
import { idKey } from '../ids.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

export interface ClusterOfPoolFacts {
  id: string;
  name: string;
  hasUserPools: boolean;
  hasGpuPool: boolean;
}

/** Gives each cluster the facts of its pools, and each pool the facts of its cluster. */
export function joinClustersAndPools(items: readonly EvaluationItem[]): void {
  const poolsByCluster = new Map<string, EvaluationItem[]>();
  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.agentPool) continue;
    const clusterKey = idKey(item.id.replace(/\/agentPools\/[^/]*$/i, ''));
    addTo(poolsByCluster, clusterKey, item);
  }
  for (const cluster of items) {
    if (itemTypeKey(cluster) !== TYPES.managedCluster) continue;
    const pools = poolsByCluster.get(idKey(cluster.id)) ?? [];
    const gpuPools = pools.filter(isGpuItem).map((pool) => pool.name);
    const userPools = pools.filter((pool) => getString(pool.document, 'mode')?.toLowerCase() === 'user');
    cluster.facts.gpuPools = gpuPools;
    cluster.facts.hasGpuPool = gpuPools.length > 0;
    cluster.facts.isGpuResource = gpuPools.length > 0;
    const clusterFacts: ClusterOfPoolFacts = {
      id: cluster.id,
      name: cluster.name,
      hasUserPools: userPools.length > 0,
      hasGpuPool: gpuPools.length > 0,
    };
    for (const pool of pools) pool.facts.cluster = clusterFacts;
  }
}
