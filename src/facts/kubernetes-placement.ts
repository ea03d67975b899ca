/**
 * Where a Kubernetes workload's pods can run: each pod template against each node pool of its AKS
 * cluster, by the labels AKS puts on the pool's nodes and the taints they carry. Only a workload
 * whose cluster is in the estate gets this fact: of a manifest scanned alone, the pools are unknown.
 */
import { addTo } from '../multimap.js';
import { clusterKeyOf } from './aks.js';
import { clusterOfKubernetesObject, foldCase, idKey } from '../ids.js';
import type { FactValue } from './contract.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

type PodTemplate = FactValue<'workload'>['templates'][number];
type Toleration = PodTemplate['tolerations'][number];

interface Taint {
  key: string;
  value: string;
  effect: string;
}

interface PoolNodes {
  name: string;
  gpu: boolean;
  labels: Map<string, string>;
  taints: Taint[];
}

/**
 * Labels every AKS node has whose value aiscan cannot know from the pool (the node's name, its
 * zone, its image): a selection on one of them may hold on some node of any pool.
 */
const PER_NODE_LABELS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'kubernetes.io/arch',
  'beta.kubernetes.io/arch',
  'kubernetes.azure.com/cluster',
  'kubernetes.azure.com/node-image-version',
  'kubernetes.azure.com/os-sku',
  'kubernetes.azure.com/role',
]);

/** Only these keep pods off a node; PreferNoSchedule is a preference. */
const BLOCKING_EFFECTS = new Set(['NoSchedule', 'NoExecute']);

/** AKS taints every Spot node with this, whatever the pool's nodeTaints say. */
const SPOT_TAINT: Taint = { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' };

export function joinWorkloadsAndPools(items: readonly EvaluationItem[]): void {
  const clusters = new Map<string, EvaluationItem>();
  const poolsByCluster = new Map<string, EvaluationItem[]>();
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.managedCluster) clusters.set(idKey(item.id), item);
    else if (type === TYPES.agentPool) addTo(poolsByCluster, clusterKeyOf(item.id), item);
  }
  const nodesByCluster = new Map<string, PoolNodes[]>();
  for (const item of items) {
    const workload = item.facts.workload;
    const clusterId = workload ? clusterOfKubernetesObject(item.id) : undefined;
    const key = clusterId === undefined ? undefined : idKey(clusterId);
    const cluster = key === undefined ? undefined : clusters.get(key);
    if (!workload || key === undefined || !cluster) continue;
    let pools = nodesByCluster.get(key);
    if (!pools) nodesByCluster.set(key, (pools = (poolsByCluster.get(key) ?? []).map(poolNodes)));
    item.facts.placement = {
      cluster: cluster.name,
      gpuPools: pools.filter((pool) => pool.gpu).map((pool) => pool.name),
      templates: workload.templates.map((template) => {
        const hosts = pools.filter((pool) => canHost(pool, template));
        return { at: template.at, role: template.role, gpuLimit: template.gpuLimit, pools: hosts.map((pool) => pool.name), gpuPools: hosts.filter((pool) => pool.gpu).map((pool) => pool.name) };
      }),
    };
  }
}

/** What a pool's nodes look like to the scheduler: the labels AKS sets and the pool's own, and its taints. */
function poolNodes(pool: EvaluationItem): PoolNodes {
  const name = pool.name;
  const mode = foldCase(getString(pool.document, 'mode') ?? 'User');
  const os = foldCase(getString(pool.document, 'osType') ?? 'Linux');
  const size = getString(pool.document, 'vmSize');
  const spot = foldCase(getString(pool.document, 'scaleSetPriority') ?? '') === 'spot';
  const gpu = isGpuItem(pool);
  const labels = new Map<string, string>([
    ['kubernetes.azure.com/agentpool', name],
    ['agentpool', name],
    ['kubernetes.azure.com/mode', mode],
    ['kubernetes.io/os', os],
    ['beta.kubernetes.io/os', os],
    ...(size !== undefined ? ([['node.kubernetes.io/instance-type', size], ['beta.kubernetes.io/instance-type', size]] as const) : []),
    ...(gpu && pool.facts.gpu?.gpuModel?.startsWith('NVIDIA') ? ([['kubernetes.azure.com/accelerator', 'nvidia']] as const) : []),
    ...(spot ? ([['kubernetes.azure.com/scalesetpriority', 'spot']] as const) : []),
  ]);
  const nodeLabels = pool.document.nodeLabels;
  if (typeof nodeLabels === 'object' && nodeLabels !== null && !Array.isArray(nodeLabels)) {
    for (const [label, value] of Object.entries(nodeLabels)) if (typeof value === 'string') labels.set(label, value);
  }
  const written = Array.isArray(pool.document.nodeTaints) ? pool.document.nodeTaints.filter((taint): taint is string => typeof taint === 'string').map(parseTaint) : [];
  const taints = [...written.filter((taint): taint is Taint => taint !== undefined), ...(spot ? [SPOT_TAINT] : [])];
  return { name, gpu, labels, taints };
}

/** `key=value:Effect` or `key:Effect`, as AKS writes nodeTaints. */
function parseTaint(text: string): Taint | undefined {
  const match = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(text.trim());
  return match ? { key: match[1], value: match[2] ?? '', effect: match[3] } : undefined;
}

function canHost(pool: PoolNodes, template: PodTemplate): boolean {
  return selects(pool, template.nodeSelection) && pool.taints.every((taint) => !BLOCKING_EFFECTS.has(taint.effect) || template.tolerations.some((toleration) => tolerates(toleration, taint)));
}

/** nodeSelector entries must all hold; of the required affinity terms, one must hold in full. */
function selects(pool: PoolNodes, selection: PodTemplate['nodeSelection']): boolean {
  const holds = (entry: PodTemplate['nodeSelection'][number]) => {
    const value = pool.labels.get(entry.label);
    return value !== undefined ? entry.values.includes(value) : PER_NODE_LABELS.has(entry.label);
  };
  const terms = new Map<number, PodTemplate['nodeSelection']>();
  for (const entry of selection) if (entry.term !== null) addTo(terms, entry.term, entry);
  return selection.filter((entry) => entry.term === null).every(holds) && (terms.size === 0 || [...terms.values()].some((term) => term.every(holds)));
}

/** As the scheduler matches them: an empty key with Exists tolerates every taint; an empty effect, every effect. */
function tolerates(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== null && toleration.effect !== taint.effect) return false;
  if (toleration.key === null) return toleration.operator === 'Exists';
  return toleration.key === taint.key && (toleration.operator === 'Exists' || (toleration.value ?? '') === taint.value);
}
