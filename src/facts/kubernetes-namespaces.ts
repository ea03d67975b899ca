/**
 * What a Kubernetes namespace holds, for the rules on GPU namespaces: the GPU workloads that run in
 * it, the ResourceQuotas that bound its GPU requests, and the NetworkPolicies that isolate its pods.
 * Objects are joined to their Namespace object by cluster (the prefix of their id, as
 * src/sources/kubernetes/kubernetes-ids.ts names them) and by the namespace their manifest or the
 * API server names (`metadata.namespace`): an object whose manifest names none is applied to a
 * namespace only later (`kubectl apply -n`), and joins none here.
 *
 * Kubernetes compares field names exactly, so everything is read as own properties (read.ts
 * ownField), with its type checked: a manifest may say anything.
 */
import { clusterOfKubernetesObject, idKey } from '../ids.js';
import { addTo } from '../multimap.js';
import type { FactValue } from './contract.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { isObject, ownField } from './read.js';
import { KUBERNETES_WORKLOAD_TYPE_KEYS, TYPES } from './resource-types.js';

/** The only quota entry Kubernetes enforces for GPUs: extended resources are quota'd by their requests alone. */
export const GPU_QUOTA_KEY = 'requests.nvidia.com/gpu';

type GpuQuotaFact = FactValue<'gpuQuota'>;
type NetworkPoliciesFact = FactValue<'networkPolicies'>;

/** A ResourceQuota, as far as GPUs are concerned. */
export interface QuotaRead {
  id: string;
  name: string;
  /** A `scopes` or `scopeSelector` limits the quota to some of the namespace's pods. */
  scoped: boolean;
  /** `spec.hard` names requests.nvidia.com/gpu. */
  namesGpu: boolean;
  /** The value as written (a Kubernetes quantity: "4", 4, "1k"); undefined when not named. */
  value?: unknown;
  /** The whole GPUs the value allows (a pod requests whole GPUs); undefined when not named or not a quantity. */
  gpus?: number;
}

/** Where an object is: its cluster's id key and the namespace its manifest names. Undefined for an object outside a cluster or namespace. */
export function namespaceKeyOf(item: EvaluationItem): string | undefined {
  const cluster = clusterOfKubernetesObject(item.id);
  const namespace = ownField(ownField(item.document, 'metadata'), 'namespace');
  return cluster === undefined || typeof namespace !== 'string' || namespace === '' ? undefined : `${idKey(cluster)}|${namespace}`;
}

/** The key a Namespace object is found under: its cluster and its own name. */
function keyOfNamespace(item: EvaluationItem): string | undefined {
  const cluster = clusterOfKubernetesObject(item.id);
  return cluster === undefined ? undefined : `${idKey(cluster)}|${item.name}`;
}

/** The condition gpuWorkload (rules/conditions/gpuWorkload.json): requests GPUs and is not the GPU stack itself. */
export function isGpuWorkload(item: EvaluationItem): boolean {
  const workload = item.facts.workload;
  return workload !== undefined && workload.requestsGpu && !workload.gpuStack;
}

export function readQuota(item: EvaluationItem): QuotaRead {
  const spec = ownField(item.document, 'spec');
  const hard = ownField(spec, 'hard');
  const namesGpu = isObject(hard) && Object.hasOwn(hard, GPU_QUOTA_KEY);
  const value = namesGpu ? hard[GPU_QUOTA_KEY] : undefined;
  const quantity = namesGpu ? parseQuantity(value) : undefined;
  return {
    id: item.id,
    name: item.name,
    scoped: isScoped(ownField(spec, 'scopes'), ownField(spec, 'scopeSelector')),
    namesGpu,
    ...(namesGpu ? { value } : {}),
    ...(quantity !== undefined ? { gpus: Math.floor(quantity) } : {}),
  };
}

/**
 * A quota with scopes (`BestEffort`, `NotTerminating`, `PriorityClass`…) tracks only the pods in
 * its scope. An empty list or a selector without expressions limits nothing; anything else written
 * there, even malformed, is taken as a scope, so that it is never counted as bounding every pod.
 */
function isScoped(scopes: unknown, selector: unknown): boolean {
  const scopedByList = scopes !== undefined && scopes !== null && !(Array.isArray(scopes) && scopes.length === 0);
  if (scopedByList) return true;
  if (selector === undefined || selector === null) return false;
  if (!isObject(selector)) return true;
  const expressions = ownField(selector, 'matchExpressions');
  return !(expressions === undefined || expressions === null || (Array.isArray(expressions) && expressions.length === 0));
}

/**
 * A Kubernetes quantity (`4`, "4", "1500m", "1k", "2Ki", "1e3"), as apimachinery's resource.Quantity
 * reads it: a non-negative number with an optional binary-SI, decimal-SI or exponent suffix.
 * Undefined for anything else (the API server would refuse it): the caller then knows nothing, and
 * says so, rather than guessing.
 */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = QUANTITY.exec(value);
  if (!match) return undefined;
  const [, sign, digits, binary, exponent, decimal] = match;
  const number = Number(digits);
  if (sign === '-' && number !== 0) return undefined;
  const power = binary !== undefined ? undefined : exponent !== undefined ? Number(exponent.slice(1)) : DECIMAL_POWERS[decimal ?? ''];
  // Dividing for a negative power keeps "7000m" exactly 7, where multiplying by 0.001 would not.
  const result = power === undefined ? number * 1024 ** BINARY_POWERS[binary] : power < 0 ? number / 10 ** -power : number * 10 ** power;
  return Number.isFinite(result) ? result : undefined;
}

const QUANTITY = /^([+-]?)(\d+(?:\.\d*)?|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei)|([eE][+-]?\d+)|(m|k|M|G|T|P|E))?$/;
const BINARY_POWERS: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const DECIMAL_POWERS: Record<string, number> = { '': 0, m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

/** A NetworkPolicy, as far as default-deny ingress is concerned. */
export type PolicyRead = NetworkPoliciesFact['policies'][number];

/**
 * How Kubernetes reads a NetworkPolicy: an empty `podSelector` (`{}`, or empty `matchLabels` and
 * `matchExpressions`; absent, the API server stores `{}`) selects every pod of the namespace;
 * `policyTypes` absent or empty means Ingress, and Egress too when `egress` rules are given (the
 * API server's defaulting); with Ingress among its types, an absent or empty `ingress` allows no
 * traffic in, and `[{}]` allows all of it.
 */
export function readPolicy(item: EvaluationItem): PolicyRead {
  const spec = ownField(item.document, 'spec');
  const selector = ownField(spec, 'podSelector');
  const selectsAllPods = isObject(spec) && (selector === undefined || selector === null || (isObject(selector) && isEmpty(ownField(selector, 'matchLabels')) && isEmpty(ownField(selector, 'matchExpressions'))));
  const written = ownField(spec, 'policyTypes');
  const policyTypes =
    Array.isArray(written) && written.length > 0
      ? written.filter((type): type is string => typeof type === 'string')
      : ['Ingress', ...(hasEntries(ownField(spec, 'egress')) ? ['Egress'] : [])];
  const ingress = ownField(spec, 'ingress');
  // Anything but an absent, null or empty list of rules (a malformed value too) lets something in.
  const ingressRules = Array.isArray(ingress) ? ingress.length : ingress === undefined || ingress === null ? 0 : 1;
  return {
    id: item.id,
    name: item.name,
    selectsAllPods,
    policyTypes,
    ingressRules,
    defaultDenyIngress: selectsAllPods && policyTypes.includes('Ingress') && ingressRules === 0,
  };
}

function isEmpty(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) ? value.length === 0 : isObject(value) && Object.keys(value).length === 0);
}

function hasEntries(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Gives every Namespace object its GPU workloads (`gpuWorkloads`), the quotas that bound its GPU
 * requests (`gpuQuota`) and its NetworkPolicies (`networkPolicies`). The objects are indexed by
 * namespace in one pass; namespaces are then visited once.
 */
export function joinNamespaces(items: readonly EvaluationItem[]): void {
  const namespaces: EvaluationItem[] = [];
  const workloads = new Map<string, string[]>();
  const quotas = new Map<string, QuotaRead[]>();
  const policies = new Map<string, PolicyRead[]>();
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.kubernetesNamespace) {
      namespaces.push(item);
      continue;
    }
    const workload = KUBERNETES_WORKLOAD_TYPE_KEYS.has(type);
    if (!workload && type !== TYPES.kubernetesResourceQuota && type !== TYPES.kubernetesNetworkPolicy) continue;
    const key = namespaceKeyOf(item);
    if (key === undefined) continue;
    if (workload) {
      const label = `${item.facts.workload?.kind ?? item.type}/${item.name}`;
      if (isGpuWorkload(item)) addTo(workloads, key, label);
    } else if (type === TYPES.kubernetesResourceQuota) addTo(quotas, key, readQuota(item));
    else addTo(policies, key, readPolicy(item));
  }
  if (namespaces.length === 0) return;
  for (const namespace of namespaces) {
    const key = keyOfNamespace(namespace);
    if (key === undefined) continue;
    namespace.facts.gpuWorkloads = workloads.get(key) ?? [];
    namespace.facts.gpuQuota = gpuQuotaOf(quotas.get(key) ?? []);
    namespace.facts.networkPolicies = networkPoliciesOf(policies.get(key) ?? []);
  }
}

/**
 * The quotas of one namespace that name requests.nvidia.com/gpu, and what they allow together: of
 * the unscoped ones, which each bound every pod, the smallest binds. Unknown (no `limit`) when one
 * of them is not a quantity.
 */
export function gpuQuotaOf(quotas: readonly QuotaRead[]): GpuQuotaFact {
  const gpu = quotas.filter((quota) => quota.namesGpu);
  const binding = gpu.filter((quota) => !quota.scoped);
  const smallest = binding.every((quota) => quota.gpus !== undefined) ? binding.reduce<QuotaRead | undefined>((best, quota) => (best === undefined || quota.gpus! < best.gpus! ? quota : best), undefined) : undefined;
  return {
    names: quotas.map((quota) => quota.name),
    bounded: binding.length > 0,
    ...(smallest !== undefined ? { limit: smallest.gpus!, limitedBy: smallest.name } : {}),
    quotas: gpu.map((quota) => ({ id: quota.id, name: quota.name, scoped: quota.scoped, value: quotaValue(quota.value), ...(quota.gpus !== undefined ? { gpus: quota.gpus } : {}) })),
  };
}

/** The value as written: a string as it is, a number as its JSON text; anything else (an object, a list) as null. */
function quotaValue(value: unknown): string | null {
  return typeof value === 'string' ? value : typeof value === 'number' ? JSON.stringify(value) : null;
}

function networkPoliciesOf(policies: readonly PolicyRead[]): NetworkPoliciesFact {
  return {
    names: policies.map((policy) => policy.name),
    defaultDenyIngress: policies.filter((policy) => policy.defaultDenyIngress).map((policy) => policy.name),
    policies: [...policies],
  };
}
