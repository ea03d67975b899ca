import type { ArmResource, Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';

/**
 * Which node pools of its cluster a workload's pod templates can be scheduled on: the labels AKS
 * gives a pool's nodes and the pool's taints, against the template's selection and tolerations.
 */

const CLUSTER = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-train';

interface Pool {
  name: string;
  vmSize: string;
  mode?: string;
  nodeTaints?: string[];
  nodeLabels?: Record<string, string>;
  scaleSetPriority?: string;
  osType?: string;
}

const SYSTEM: Pool = { name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System', nodeTaints: ['CriticalAddonsOnly=true:NoSchedule'] };
const A100: Pool = { name: 'gpua100', vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', nodeTaints: ['nvidia.com/gpu=present:NoSchedule'], nodeLabels: { team: 'vision' } };
const CPU: Pool = { name: 'user', vmSize: 'Standard_D8ds_v5', mode: 'User' };

function cluster(pools: Pool[]): ArmResource {
  return { id: CLUSTER, name: 'aks-train', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { agentPoolProfiles: pools } };
}

/** A Job under the cluster, its pod spec the given one plus a GPU container. */
function job(podSpec: Record<string, unknown>, name = 'train'): ArmResource {
  return {
    id: `${CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.batch/Job/${name}`,
    type: 'Kubernetes.batch/Job',
    name,
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'ml' },
    spec: { template: { spec: { ...podSpec, containers: [{ name: 'c', image: 'nvcr.io/nvidia/pytorch:24.05-py3', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } } },
  };
}

function placementOf(resources: ArmResource[], target = resources[resources.length - 1].id) {
  const estate: Estate = {
    resources: resources.map((resource) => ({ resource, type: resource.type!, origin: { file: 'estate.json', path: [] } })),
    scopes: [],
    coverage: [],
    files: [],
    warnings: [],
  };
  return enrichEstate(estate).find((item) => item.id === target)!.facts.placement;
}

const GPU_TOLERATION = { key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoSchedule' };

describe('the placement of a workload on its cluster\'s pools', () => {
  it('is unknown when the cluster is not in the estate', () => {
    expect(placementOf([job({ tolerations: [GPU_TOLERATION] })])).toBeUndefined();
  });

  it('lists the pools whose blocking taints the template tolerates, and which of them are GPU pools', () => {
    expect(placementOf([cluster([SYSTEM, A100, CPU]), job({ tolerations: [GPU_TOLERATION] })])).toEqual({
      cluster: 'aks-train',
      gpuPools: ['gpua100'],
      templates: [{ at: ['spec', 'template', 'spec'], role: 'template', gpuLimit: 1, pools: ['gpua100', 'user'], gpuPools: ['gpua100'] }],
    });
    expect(placementOf([cluster([SYSTEM, A100, CPU]), job({})])!.templates[0]).toMatchObject({ pools: ['user'], gpuPools: [] });
  });

  it('matches tolerations as the scheduler does: Equal needs the value, an effect must match, a key-less Exists tolerates all', () => {
    const pools = (tolerations: unknown[]) => placementOf([cluster([SYSTEM, A100]), job({ tolerations })])!.templates[0].pools;
    expect(pools([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }])).toEqual(['gpua100']);
    expect(pools([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'true', effect: 'NoSchedule' }])).toEqual([]);
    expect(pools([{ key: 'nvidia.com/gpu', operator: 'Exists', effect: 'NoExecute' }])).toEqual([]);
    expect(pools([{ key: 'nvidia.com/gpu', operator: 'Exists' }])).toEqual(['gpua100']);
    expect(pools([{ operator: 'Exists' }])).toEqual(['system', 'gpua100']);
  });

  it('lets PreferNoSchedule taints pass, and adds the taint AKS puts on Spot nodes', () => {
    const prefer = { ...A100, nodeTaints: ['sku=gpu:PreferNoSchedule'] };
    expect(placementOf([cluster([prefer]), job({})])!.templates[0].gpuPools).toEqual(['gpua100']);
    const spot = { ...A100, nodeTaints: [], scaleSetPriority: 'Spot' };
    expect(placementOf([cluster([spot]), job({})])!.templates[0].gpuPools).toEqual([]);
    expect(placementOf([cluster([spot]), job({ tolerations: [{ key: 'kubernetes.azure.com/scalesetpriority', operator: 'Equal', value: 'spot', effect: 'NoSchedule' }] })])!.templates[0].gpuPools).toEqual(['gpua100']);
  });

  it('selects by the labels AKS gives the nodes and the pool\'s nodeLabels; a label no pool has selects none, a per-node label may hold anywhere', () => {
    const gpuPools = (podSpec: Record<string, unknown>) => placementOf([cluster([SYSTEM, A100, CPU]), job({ tolerations: [GPU_TOLERATION], ...podSpec })])!.templates[0].gpuPools;
    expect(gpuPools({ nodeSelector: { 'kubernetes.azure.com/agentpool': 'gpua100' } })).toEqual(['gpua100']);
    expect(gpuPools({ nodeSelector: { agentpool: 'gpu' } })).toEqual([]);
    expect(gpuPools({ nodeSelector: { 'kubernetes.azure.com/accelerator': 'nvidia', 'node.kubernetes.io/instance-type': 'Standard_NC24ads_A100_v4' } })).toEqual(['gpua100']);
    expect(gpuPools({ nodeSelector: { team: 'vision', 'kubernetes.io/os': 'linux' } })).toEqual(['gpua100']);
    expect(gpuPools({ nodeSelector: { 'cloud.google.com/gke-accelerator': 'nvidia-tesla-a100' } })).toEqual([]);
    expect(gpuPools({ nodeSelector: { 'topology.kubernetes.io/zone': 'eastus-1' } })).toEqual(['gpua100']);
  });

  it('needs one required node-affinity term to hold in full, with the nodeSelector', () => {
    const term = (key: string, values: string[]) => ({ matchExpressions: [{ key, operator: 'In', values }] });
    const affinity = (...terms: unknown[]) => ({ nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } });
    const gpuPools = (podSpec: Record<string, unknown>) => placementOf([cluster([A100, CPU]), job({ tolerations: [GPU_TOLERATION], ...podSpec })])!.templates[0].gpuPools;
    expect(gpuPools({ affinity: affinity(term('agentpool', ['gpuh100']), term('agentpool', ['gpua100'])) })).toEqual(['gpua100']);
    expect(gpuPools({ affinity: affinity(term('agentpool', ['gpuh100'])) })).toEqual([]);
    expect(gpuPools({ nodeSelector: { team: 'nlp' }, affinity: affinity(term('agentpool', ['gpua100'])) })).toEqual([]);
  });
});
