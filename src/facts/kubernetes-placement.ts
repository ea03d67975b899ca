/**
 * Where a Kubernetes workload's pods can run: each pod template against each node pool of its AKS
 * cluster. A pool whose Node objects are in the estate (a live read, or a snapshot of one) is
 * judged by its nodes, as the scheduler sees them: their actual labels and taints, one node that
 * admits the template being enough. A pool without nodes in the estate (none read, or scaled to
 * zero) is judged by its configuration: the labels AKS puts on the pool's nodes and the taints it
 * declares. Only a workload whose cluster is in the estate gets this fact: of a manifest scanned
 * alone, the pools are unknown.
 */
import { addTo } from '../multimap.js';
import { clusterKeyOf, isSpotPool } from './aks.js';
import { clusterOfKubernetesObject, foldCase, idKey } from '../ids.js';
import type { FactValue } from './contract.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { BLOCKING_EFFECTS, nodesByPool, nodeTaints, poolBlockingTaints, poolKey, poolNodeLabels, type NodeShape, type Taint } from './kubernetes-nodes.js';
import { getString, ownAt } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

type PodTemplate = FactValue<'workload'>['templates'][number];
type Toleration = PodTemplate['tolerations'][number];

interface PoolHosts {
  name: string;
  gpu: boolean;
  /** The nodes read, or the one node the pool's configuration describes. */
  hosts: NodeShape[];
  /** Judged by Node objects: their labels are known exactly, none may hold "somewhere". */
  observed: boolean;
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

/** The scheduler's NodeUnschedulable filter, as the taint a cordoned node carries anyway. */
const UNSCHEDULABLE_TAINT: Taint = { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' };

export function joinWorkloadsAndPools(items: readonly EvaluationItem[]): void {
  const clusters = new Map<string, EvaluationItem>();
  const poolsByCluster = new Map<string, EvaluationItem[]>();
  let workloads = false;
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.managedCluster) clusters.set(idKey(item.id), item);
    else if (type === TYPES.agentPool) addTo(poolsByCluster, clusterKeyOf(item.id), item);
    else if (item.facts.workload) workloads = true;
  }
  if (!workloads || clusters.size === 0) return;
  const nodes = nodesByPool(items);
  const hostsByCluster = new Map<string, PoolHosts[]>();
  for (const item of items) {
    const workload = item.facts.workload;
    const clusterId = workload ? clusterOfKubernetesObject(item.id) : undefined;
    const key = clusterId === undefined ? undefined : idKey(clusterId);
    const cluster = key === undefined ? undefined : clusters.get(key);
    if (!workload || key === undefined || !cluster) continue;
    let pools = hostsByCluster.get(key);
    if (!pools) hostsByCluster.set(key, (pools = (poolsByCluster.get(key) ?? []).map((pool) => poolHosts(pool, nodes.get(poolKey(key, pool.name))))));
    const observed = pools.filter((pool) => pool.observed).map((pool) => pool.name);
    item.facts.placement = {
      cluster: cluster.name,
      gpuPools: pools.filter((pool) => pool.gpu).map((pool) => pool.name),
      ...(observed.length > 0 ? { observedPools: observed } : {}),
      templates: workload.templates.map((template) => {
        const hosts = pools.filter((pool) => canHost(pool, template));
        return { at: template.at, role: template.role, gpuLimit: template.gpuLimit, pools: hosts.map((pool) => pool.name), gpuPools: hosts.filter((pool) => pool.gpu).map((pool) => pool.name) };
      }),
    };
  }
}

/** A pool as its nodes show it when they were read, else as its configuration describes them. */
function poolHosts(pool: EvaluationItem, nodes: readonly { node: EvaluationItem; labels: Map<string, string> }[] | undefined): PoolHosts {
  const gpu = isGpuItem(pool);
  if (nodes && nodes.length > 0) {
    const hosts = nodes.map(({ node, labels }) => {
      const taints = nodeTaints(node.document).map(({ taint }) => taint);
      const cordoned = ownAt(node.document, ['spec', 'unschedulable']) === true;
      return { labels, taints: cordoned ? [...taints, UNSCHEDULABLE_TAINT] : taints };
    });
    return { name: pool.name, gpu, hosts, observed: true };
  }
  return { name: pool.name, gpu, hosts: [configuredNode(pool, gpu)], observed: false };
}

/** What a pool's nodes look like to the scheduler by its configuration: the labels AKS sets and the pool's own, and its taints. */
function configuredNode(pool: EvaluationItem, gpu: boolean): NodeShape {
  const name = pool.name;
  const mode = foldCase(getString(pool.document, 'mode') ?? 'User');
  const os = foldCase(getString(pool.document, 'osType') ?? 'Linux');
  const size = getString(pool.document, 'vmSize');
  const spot = isSpotPool(pool);
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
  for (const [label, value] of poolNodeLabels(pool)) labels.set(label, value);
  return { labels, taints: poolBlockingTaints(pool) };
}

/** One of the pool's nodes admits the template: it carries every label the template selects, and the template tolerates its blocking taints. */
function canHost(pool: PoolHosts, template: PodTemplate): boolean {
  return pool.hosts.some(
    (host) =>
      selects(host, template.nodeSelection, !pool.observed) &&
      host.taints.every((taint) => !BLOCKING_EFFECTS.has(taint.effect) || template.tolerations.some((toleration) => tolerates(toleration, taint))),
  );
}

/**
 * nodeSelector entries must all hold; of the required affinity terms, one must hold in full. A label
 * whose value differs from node to node may hold on some node of a pool judged by its configuration.
 */
function selects(host: NodeShape, selection: PodTemplate['nodeSelection'], perNodeLabelsMayHold: boolean): boolean {
  const holds = (entry: PodTemplate['nodeSelection'][number]) => {
    const value = host.labels.get(entry.label);
    return value !== undefined ? entry.values.includes(value) : perNodeLabelsMayHold && PER_NODE_LABELS.has(entry.label);
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
