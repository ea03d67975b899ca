/**
 * AKS nodes and the node pools they belong to: what a pool's ARM configuration says its nodes carry
 * (the labels AKS sets, the pool's nodeLabels, its taints), what a Kubernetes Node object (read
 * from a live cluster, or in a snapshot) really carries, and where the two differ (`facts.node`).
 * The placement join (kubernetes-placement.ts) uses both: a pool's nodes where they were read, its
 * configuration where they were not.
 *
 * A Node is a Kubernetes object: its fields are read exactly (ownField), never ignoring case. A
 * pool is an ARM resource: its properties are read ignoring case (read.ts).
 */
import type { JsonPath } from '../estate.js';
import { clusterOfKubernetesObject, foldCase, idKey, parseResourceId } from '../ids.js';
import { addTo } from '../multimap.js';
import { clusterKeyOf, isSpotPool } from './aks.js';
import type { FactValue } from './contract.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { get, isObject, ownAt, ownField } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

export interface Taint {
  key: string;
  value: string;
  effect: string;
}

/** Only these keep pods off a node; PreferNoSchedule is a preference. */
export const BLOCKING_EFFECTS: ReadonlySet<string> = new Set(['NoSchedule', 'NoExecute']);

/** AKS taints every Spot node with this, whatever the pool's nodeTaints say. */
export const SPOT_TAINT: Taint = { key: 'kubernetes.azure.com/scalesetpriority', value: 'spot', effect: 'NoSchedule' };

/** The pool whose nodes carry it: AKS labels every node with its pool's name under both keys. */
const POOL_LABELS = ['kubernetes.azure.com/agentpool', 'agentpool'];

/**
 * Taints Kubernetes and AKS put on nodes themselves, which no pool declares: the node lifecycle
 * controller's and kubelet's (`node.kubernetes.io/not-ready`, `unreachable`, `unschedulable` while
 * cordoned or upgraded, `memory-pressure`, `disk-pressure`, `pid-pressure`, `network-unavailable`,
 * `out-of-service`), the cloud provider's (`node.cloudprovider.kubernetes.io/uninitialized`,
 * `shutdown`), AKS's own prefix (`kubernetes.azure.com/…`, which AKS does not accept in a pool's
 * nodeTaints or nodeLabels), and the cluster autoscaler's while it removes a node. AKS runs no
 * control-plane nodes, so a `node-role.kubernetes.io/…` taint on one of its nodes was put there by
 * someone, and counts.
 */
const SYSTEM_TAINT_PREFIXES = ['node.kubernetes.io/', 'node.cloudprovider.kubernetes.io/', 'kubernetes.azure.com/'];
const SYSTEM_TAINT_KEYS = new Set(['ToBeDeletedByClusterAutoscaler']);

export function isSystemTaint(taint: Taint): boolean {
  return SYSTEM_TAINT_KEYS.has(taint.key) || SYSTEM_TAINT_PREFIXES.some((prefix) => taint.key.startsWith(prefix));
}

/** `key=value:Effect` or `key:Effect`, as AKS writes nodeTaints. */
export function parseTaint(text: string): Taint | undefined {
  const match = /^([^=:]+)(?:=([^:]*))?:(\w+)$/.exec(text.trim());
  return match ? { key: match[1], value: match[2] ?? '', effect: match[3] } : undefined;
}

/** The taint as AKS and kubectl write it. */
export function taintText(taint: Taint): string {
  return `${taint.key}${taint.value !== '' ? `=${taint.value}` : ''}:${taint.effect}`;
}

export function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.value === b.value && a.effect === b.effect;
}

function taintList(pool: EvaluationItem, property: string): Taint[] {
  const written = get(pool.document, property);
  if (!Array.isArray(written)) return [];
  return written.flatMap((text) => {
    const taint = typeof text === 'string' ? parseTaint(text) : undefined;
    return taint ? [taint] : [];
  });
}

/** The NoSchedule and NoExecute taints every node of the pool carries: its nodeTaints, and on a Spot pool the Spot taint. */
export function poolBlockingTaints(pool: EvaluationItem): Taint[] {
  return [...taintList(pool, 'nodeTaints').filter((taint) => BLOCKING_EFFECTS.has(taint.effect)), ...(isSpotPool(pool) ? [SPOT_TAINT] : [])];
}

/** nodeInitializationTaints: AKS puts them on a node when it is created, and they may be removed later (a node may or may not carry them). */
export function poolInitializationTaints(pool: EvaluationItem): Taint[] {
  return taintList(pool, 'nodeInitializationTaints');
}

/** The pool's own nodeLabels. */
export function poolNodeLabels(pool: EvaluationItem): Map<string, string> {
  const labels = new Map<string, string>();
  const written = get(pool.document, 'nodeLabels');
  if (isObject(written)) for (const [label, value] of Object.entries(written)) if (typeof value === 'string') labels.set(label, value);
  return labels;
}

/** What the scheduler sees of a node: its labels and taints (every effect). */
export interface NodeShape {
  labels: ReadonlyMap<string, string>;
  taints: readonly Taint[];
}

/** A Node object's labels (metadata.labels), the string ones. */
export function nodeLabels(document: Record<string, unknown>): Map<string, string> {
  const labels = new Map<string, string>();
  const written = ownAt(document, ['metadata', 'labels']);
  if (isObject(written)) for (const [label, value] of Object.entries(written)) if (typeof value === 'string') labels.set(label, value);
  return labels;
}

/** A Node object's taints (spec.taints), each with its index there; a taint without a string key or effect is no taint. */
export function nodeTaints(document: Record<string, unknown>): { taint: Taint; index: number }[] {
  const written = ownAt(document, ['spec', 'taints']);
  if (!Array.isArray(written)) return [];
  return written.flatMap((entry: unknown, index) => {
    const key = ownField(entry, 'key');
    const effect = ownField(entry, 'effect');
    const value = ownField(entry, 'value');
    if (typeof key !== 'string' || key === '' || typeof effect !== 'string') return [];
    return [{ taint: { key, value: typeof value === 'string' ? value : '', effect }, index }];
  });
}

/** The pool a Node says it belongs to. */
export function nodePoolName(labels: ReadonlyMap<string, string>): string | undefined {
  for (const label of POOL_LABELS) {
    const name = labels.get(label);
    if (name !== undefined && name !== '') return name;
  }
  return undefined;
}

/** How pools and nodes are joined: the cluster's id key and the pool's name (AKS pool names are lower-case). */
export function poolKey(clusterKey: string, pool: string): string {
  return `${clusterKey}|${foldCase(pool)}`;
}

/** The Node objects of the estate by their pool, with their labels read once. */
export function nodesByPool(items: readonly EvaluationItem[]): Map<string, { node: EvaluationItem; labels: Map<string, string> }[]> {
  const byPool = new Map<string, { node: EvaluationItem; labels: Map<string, string> }[]>();
  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.kubernetesNode) continue;
    const cluster = clusterOfKubernetesObject(item.id);
    if (cluster === undefined) continue;
    const labels = nodeLabels(item.document);
    const pool = nodePoolName(labels);
    if (pool !== undefined) addTo(byPool, poolKey(idKey(cluster), pool), { node: item, labels });
  }
  return byPool;
}

type NodeFact = FactValue<'node'>;

/**
 * Each Node whose pool is in the estate is compared with the pool's configuration. Pools are
 * indexed once by cluster and name; each node is then one look-up.
 */
export function describeNodes(items: readonly EvaluationItem[]): void {
  const pools = new Map<string, EvaluationItem>();
  for (const item of items) if (itemTypeKey(item) === TYPES.agentPool) pools.set(poolKey(clusterKeyOf(item.id), item.name), item);
  if (pools.size === 0) return;
  for (const [key, nodes] of nodesByPool(items)) {
    const pool = pools.get(key);
    if (pool) for (const { node, labels } of nodes) node.facts.node = compare(node, labels, pool);
  }
}

function compare(node: EvaluationItem, labels: ReadonlyMap<string, string>, pool: EvaluationItem): NodeFact {
  const declared = poolBlockingTaints(pool);
  const initialization = poolInitializationTaints(pool);
  const carried = nodeTaints(node.document);
  const taintsAt: JsonPath = Array.isArray(ownAt(node.document, ['spec', 'taints'])) ? ['spec', 'taints'] : isObject(ownField(node.document, 'spec')) ? ['spec'] : [];
  const missingTaints = declared.filter((taint) => !carried.some((entry) => sameTaint(entry.taint, taint))).map((taint) => ({ taint: taintText(taint), at: taintsAt }));
  const undeclaredTaints = carried
    .filter(({ taint }) => BLOCKING_EFFECTS.has(taint.effect) && !isSystemTaint(taint) && ![...declared, ...initialization].some((known) => sameTaint(known, taint)))
    .map(({ taint, index }) => ({ taint: taintText(taint), at: ['spec', 'taints', index] }));
  const labelsAt: JsonPath = isObject(ownAt(node.document, ['metadata', 'labels'])) ? ['metadata', 'labels'] : ['metadata'];
  const missingLabels = [...poolNodeLabels(pool)]
    .filter(([label, value]) => labels.get(label) !== value)
    .map(([label, value]) => ({ label, value, actual: labels.get(label) ?? null, at: labels.has(label) ? [...labelsAt, label] : labelsAt }));
  const differences = [
    ...missingTaints.map(({ taint }) => `it lacks the pool's taint ${taint}`),
    ...undeclaredTaints.map(({ taint }) => `it carries ${taint}, which the pool does not declare`),
    ...missingLabels.map(({ label, value, actual }) => (actual === null ? `it lacks the pool's label ${label}=${value}` : `its label ${label} is ${actual}, the pool says ${value}`)),
  ];
  const cluster = parseResourceId(pool.id.replace(/\/agentPools\/[^/]*$/i, '')).name ?? '';
  return {
    cluster,
    pool: pool.name,
    gpuPool: isGpuItem(pool),
    poolTaints: declared.map(taintText),
    missingTaints,
    undeclaredTaints,
    missingLabels,
    differences,
  };
}
