import { evaluate } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
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

function estateOf(resources: ArmResource[]): Estate {
  return {
    resources: resources.map((resource) => ({ resource, type: resource.type!, origin: { file: 'estate.json', path: [] } })),
    scopes: [],
    coverage: [],
    files: [],
    warnings: [],
  };
}

function placementOf(resources: ArmResource[], target = resources[resources.length - 1].id) {
  return enrichEstate(estateOf(resources)).find((item) => item.id === target)!.facts.placement;
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

/** A Node of the cluster, as a live read gives it: the labels AKS sets for its pool, plus `labels`, and the taints given. */
function node(name: string, pool: Pool, options: { taints?: { key: string; value?: string; effect: string }[]; labels?: Record<string, string>; unschedulable?: boolean; zone?: string } = {}): ArmResource {
  return {
    id: `${CLUSTER}/providers/Kubernetes.core/Node/${name}`,
    type: 'Kubernetes.core/Node',
    name,
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        agentpool: pool.name,
        'kubernetes.azure.com/agentpool': pool.name,
        'kubernetes.azure.com/mode': (pool.mode ?? 'User').toLowerCase(),
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': name,
        'node.kubernetes.io/instance-type': pool.vmSize,
        'topology.kubernetes.io/zone': options.zone ?? 'eastus-1',
        ...(pool.vmSize.includes('A100') ? { 'kubernetes.azure.com/accelerator': 'nvidia' } : {}),
        ...(options.labels ?? {}),
      },
    },
    spec: { ...(options.taints ? { taints: options.taints } : {}), ...(options.unschedulable !== undefined ? { unschedulable: options.unschedulable } : {}) },
  };
}

/** A Deployment under the cluster that asks for no GPU. */
function webDeployment(podSpec: Record<string, unknown> = {}): ArmResource {
  return {
    id: `${CLUSTER}/providers/Kubernetes.core/Namespace/web/providers/Kubernetes.apps/Deployment/site`,
    type: 'Kubernetes.apps/Deployment',
    name: 'site',
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'site', namespace: 'web' },
    spec: { template: { spec: { ...podSpec, containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
  };
}

const A100_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };
const SYSTEM_TAINT = { key: 'CriticalAddonsOnly', value: 'true', effect: 'NoSchedule' };

describe("the placement of a workload on its cluster's pools, with the pools' nodes in the estate", () => {
  it("judges a pool by its nodes: a GPU node that lost its GPU taint takes a workload without GPUs the pool's configuration keeps off", () => {
    const byConfiguration = placementOf([cluster([SYSTEM, A100]), webDeployment()]);
    expect(byConfiguration).toMatchObject({ templates: [{ pools: [] }] });
    expect(byConfiguration).not.toHaveProperty('observedPools');
    const withNodes = placementOf([cluster([SYSTEM, A100]), node('aks-system-0', SYSTEM, { taints: [SYSTEM_TAINT] }), node('aks-gpua100-0', A100, { labels: { team: 'vision' } }), webDeployment()]);
    expect(withNodes).toEqual({
      cluster: 'aks-train',
      gpuPools: ['gpua100'],
      observedPools: ['system', 'gpua100'],
      templates: [{ at: ['spec', 'template', 'spec'], role: 'template', gpuLimit: 0, pools: ['gpua100'], gpuPools: ['gpua100'] }],
    });
  });

  it('needs one node of the pool to admit the template, and keeps a pool without nodes in the estate (scaled to zero) on its configuration', () => {
    const tainted = node('aks-gpua100-0', A100, { taints: [A100_TAINT], labels: { team: 'vision' } });
    const bare = node('aks-gpua100-1', A100, { labels: { team: 'vision' } });
    expect(placementOf([cluster([SYSTEM, A100, CPU]), tainted, webDeployment()])).toMatchObject({ observedPools: ['gpua100'], templates: [{ pools: ['user'] }] });
    expect(placementOf([cluster([SYSTEM, A100, CPU]), tainted, bare, webDeployment()])).toMatchObject({ observedPools: ['gpua100'], templates: [{ pools: ['gpua100', 'user'] }] });
  });

  it("selects by the nodes' actual labels: a label the pool declares but its nodes lack selects nothing, a per-node label holds only where a node has it", () => {
    const gpuPools = (nodes: ArmResource[], podSpec: Record<string, unknown>) => placementOf([cluster([A100]), ...nodes, job({ tolerations: [GPU_TOLERATION], ...podSpec })])!.templates[0].gpuPools;
    const relabelled = node('aks-gpua100-0', A100, { taints: [A100_TAINT], labels: { team: 'nlp' } });
    expect(gpuPools([], { nodeSelector: { team: 'vision' } })).toEqual(['gpua100']);
    expect(gpuPools([relabelled], { nodeSelector: { team: 'vision' } })).toEqual([]);
    expect(gpuPools([relabelled], { nodeSelector: { 'topology.kubernetes.io/zone': 'eastus-1' } })).toEqual(['gpua100']);
    expect(gpuPools([relabelled], { nodeSelector: { 'topology.kubernetes.io/zone': 'eastus-3' } })).toEqual([]);
    expect(gpuPools([], { nodeSelector: { 'topology.kubernetes.io/zone': 'eastus-3' } })).toEqual(['gpua100']);
  });

  it('keeps pods off a cordoned node unless they tolerate node.kubernetes.io/unschedulable, and reads PreferNoSchedule as no obstacle', () => {
    const cordoned = node('aks-user-0', CPU, { unschedulable: true, taints: [{ key: 'team', value: 'web', effect: 'PreferNoSchedule' }] });
    expect(placementOf([cluster([CPU]), cordoned, webDeployment()])!.templates[0].pools).toEqual([]);
    expect(placementOf([cluster([CPU]), cordoned, webDeployment({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] })])!.templates[0].pools).toEqual(['user']);
  });

  it('ignores a node whose pool is not in the estate, or that names no pool', () => {
    const stray = node('aks-gone-0', { name: 'gone', vmSize: 'Standard_D4ds_v5' });
    const virtual = { ...node('virtual-node-aci-linux', CPU), metadata: { name: 'virtual-node-aci-linux', labels: { type: 'virtual-kubelet' } } };
    expect(placementOf([cluster([CPU]), stray, virtual, webDeployment()])).toEqual({
      cluster: 'aks-train',
      gpuPools: [],
      templates: [{ at: ['spec', 'template', 'spec'], role: 'template', gpuLimit: 0, pools: ['user'], gpuPools: [] }],
    });
  });
});

describe('AIS-K8S-004 and AIS-K8S-008 with the nodes in the estate', () => {
  const rules = loadRules().filter((rule) => ['AIS-K8S-004', 'AIS-K8S-008', 'AIS-K8S-014'].includes(rule.id));
  const outcomes = (resources: ArmResource[]) => {
    const estate = estateOf(resources);
    return evaluate(rules, enrichEstate(estate), estate, { recordOutcomes: true }).outcomes!.map(({ ruleId, resourceId, outcome }) => `${ruleId} ${resourceId.slice(resourceId.lastIndexOf('/') + 1)} ${outcome}`);
  };

  it("fails AIS-K8S-008 when the GPU pool's nodes lost the label the GPU job selects, which the pool's configuration still declares", () => {
    const selecting = job({ tolerations: [GPU_TOLERATION], nodeSelector: { team: 'vision' } });
    expect(outcomes([cluster([SYSTEM, A100]), selecting])).toContain('AIS-K8S-008 train pass');
    expect(outcomes([cluster([SYSTEM, A100]), node('aks-gpua100-0', A100, { taints: [A100_TAINT], labels: { team: 'nlp' } }), selecting])).toEqual(
      expect.arrayContaining(['AIS-K8S-008 train fail', 'AIS-K8S-014 aks-gpua100-0 fail']),
    );
  });

  it('passes AIS-K8S-008 for a GPU job without the GPU toleration when the GPU node lost its taint, and AIS-K8S-014 reports the node', () => {
    expect(outcomes([cluster([A100]), job({})])).toContain('AIS-K8S-008 train fail');
    expect(outcomes([cluster([A100]), node('aks-gpua100-0', A100, { labels: { team: 'vision' } }), job({})])).toEqual(expect.arrayContaining(['AIS-K8S-008 train pass', 'AIS-K8S-014 aks-gpua100-0 fail']));
  });

  it('leaves AIS-K8S-004 to tolerations: a workload without GPUs passes it whether or not an untainted GPU node would take it', () => {
    for (const nodes of [[], [node('aks-gpua100-0', A100, { labels: { team: 'vision' } })]]) expect(outcomes([cluster([A100]), ...nodes, webDeployment()])).toContain('AIS-K8S-004 site pass');
    expect(outcomes([cluster([A100]), webDeployment({ tolerations: [GPU_TOLERATION] })])).toContain('AIS-K8S-004 site fail');
  });
});
