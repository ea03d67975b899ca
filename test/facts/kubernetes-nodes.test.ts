import type { ArmResource, Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { parseTaint, taintText } from '../../src/facts/kubernetes-nodes.js';

/** A Kubernetes Node against the AKS node pool it belongs to (facts.node). */

const CLUSTER = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-train';

const GPU_POOL = {
  name: 'gpua100',
  vmSize: 'Standard_NC24ads_A100_v4',
  mode: 'User',
  nodeTaints: ['nvidia.com/gpu=present:NoSchedule', 'team=vision:PreferNoSchedule', 'not a taint'],
  nodeInitializationTaints: ['warmup=pending:NoSchedule'],
  nodeLabels: { team: 'vision', 'example.com/tier': 'gold' },
};

function cluster(pools: Record<string, unknown>[]): ArmResource {
  return { id: CLUSTER, name: 'aks-train', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { agentPoolProfiles: pools } };
}

function node(name: string, labels: Record<string, string>, taints?: unknown[], clusterId = CLUSTER): ArmResource {
  return { id: `${clusterId}/providers/Kubernetes.core/Node/${name}`, type: 'Kubernetes.core/Node', name, apiVersion: 'v1', kind: 'Node', metadata: { name, labels }, spec: taints ? { taints } : {} };
}

function nodeFact(resources: ArmResource[], target = resources[resources.length - 1].id) {
  const estate: Estate = { resources: resources.map((resource) => ({ resource, type: resource.type!, origin: { file: 'estate.json', path: [] } })), scopes: [], coverage: [], files: [], warnings: [] };
  return enrichEstate(estate).find((item) => item.id === target)!.facts.node;
}

const POOL_LABELS = { 'kubernetes.azure.com/agentpool': 'gpua100', agentpool: 'gpua100', team: 'vision', 'example.com/tier': 'gold' };
const GPU_TAINT = { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' };

describe('taints as AKS writes them', () => {
  it('reads key=value:Effect and key:Effect, and writes them back', () => {
    expect(parseTaint('sku=gpu:NoSchedule')).toEqual({ key: 'sku', value: 'gpu', effect: 'NoSchedule' });
    expect(parseTaint(' CriticalAddonsOnly:NoSchedule ')).toEqual({ key: 'CriticalAddonsOnly', value: '', effect: 'NoSchedule' });
    expect(parseTaint('no effect')).toBeUndefined();
    expect(taintText({ key: 'a', value: '', effect: 'NoExecute' })).toBe('a:NoExecute');
  });
});

describe('a node against its pool (facts.node)', () => {
  it("is what the pool declares: its blocking taints (PreferNoSchedule ones and what does not parse left out), its labels, and Kubernetes' and AKS's own taints besides", () => {
    const taints = [
      GPU_TAINT,
      { key: 'node.kubernetes.io/not-ready', effect: 'NoExecute' },
      { key: 'node.cloudprovider.kubernetes.io/shutdown', effect: 'NoSchedule' },
      { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' },
      { key: 'ToBeDeletedByClusterAutoscaler', value: '1763600000', effect: 'NoSchedule' },
      { key: 'warmup', value: 'pending', effect: 'NoSchedule' },
      { key: 'extra', value: 'x', effect: 'PreferNoSchedule' },
    ];
    expect(nodeFact([cluster([GPU_POOL]), node('n0', POOL_LABELS, taints)])).toEqual({
      cluster: 'aks-train',
      pool: 'gpua100',
      gpuPool: true,
      poolTaints: ['nvidia.com/gpu=present:NoSchedule'],
      missingTaints: [],
      undeclaredTaints: [],
      missingLabels: [],
      differences: [],
    });
  });

  it('lists what differs, each where it is written in the node, and in words', () => {
    const taints = [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }, { key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }, { effect: 'NoSchedule' }];
    const labels = { agentpool: 'gpua100', team: 'nlp' };
    expect(nodeFact([cluster([GPU_POOL]), node('n1', labels, taints)])).toMatchObject({
      missingTaints: [{ taint: 'nvidia.com/gpu=present:NoSchedule', at: ['spec', 'taints'] }],
      undeclaredTaints: [
        { taint: 'nvidia.com/gpu=true:NoSchedule', at: ['spec', 'taints', 0] },
        { taint: 'node-role.kubernetes.io/control-plane:NoSchedule', at: ['spec', 'taints', 1] },
      ],
      missingLabels: [
        { label: 'team', value: 'vision', actual: 'nlp', at: ['metadata', 'labels', 'team'] },
        { label: 'example.com/tier', value: 'gold', actual: null, at: ['metadata', 'labels'] },
      ],
      differences: [
        "it lacks the pool's taint nvidia.com/gpu=present:NoSchedule",
        'it carries nvidia.com/gpu=true:NoSchedule, which the pool does not declare',
        'it carries node-role.kubernetes.io/control-plane:NoSchedule, which the pool does not declare',
        'its label team is nlp, the pool says vision',
        "it lacks the pool's label example.com/tier=gold",
      ],
    });
    // A node with no taints at all lacks them under spec.
    expect(nodeFact([cluster([GPU_POOL]), node('n2', POOL_LABELS)])!.missingTaints).toEqual([{ taint: 'nvidia.com/gpu=present:NoSchedule', at: ['spec'] }]);
  });

  it('needs the Spot taint on a Spot pool, and finds a pool read through the agentPools API', () => {
    const spot = { id: `${CLUSTER}/agentPools/spot`, name: 'spot', type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { vmSize: 'Standard_D8ds_v5', scaleSetPriority: 'Spot' } };
    expect(nodeFact([spot, node('s0', { agentpool: 'spot' }, [])])).toMatchObject({ gpuPool: false, poolTaints: ['kubernetes.azure.com/scalesetpriority=spot:NoSchedule'], missingTaints: [{ taint: 'kubernetes.azure.com/scalesetpriority=spot:NoSchedule' }] });
  });

  it("is not set on a node whose pool is not in the estate, of another cluster, or that names no pool", () => {
    const other = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-other';
    expect(nodeFact([cluster([GPU_POOL]), node('n3', { agentpool: 'gone' }, [])])).toBeUndefined();
    expect(nodeFact([cluster([GPU_POOL]), node('n4', POOL_LABELS, [GPU_TAINT], other)])).toBeUndefined();
    expect(nodeFact([cluster([GPU_POOL]), node('n5', { type: 'virtual-kubelet' }, [])])).toBeUndefined();
  });
});
