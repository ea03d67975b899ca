/**
 * Kubernetes RBAC bindings: whom a ClusterRoleBinding or RoleBinding grants its role to
 * (`facts.boundSubjects`) and what that role allows (`facts.boundRole`). The role is looked up
 * among the estate's ClusterRoles and Roles of the binding's own cluster (the cluster id is a
 * prefix of every object's id), a RoleBinding's Role in the binding's own namespace. Roles and
 * bindings are indexed once; each binding is then one look-up.
 *
 * A role that is neither `cluster-admin` nor in the estate is unknown, and the fact says so
 * (`grantsEverything: null`). It is also recorded on the binding as a value the scan cannot know,
 * at `roleRef`: a rule that reads the binding's `roleRef` is then *not evaluated* on it, with the
 * reason in the report, rather than passed on a role nobody read (src/engine/unknown-values.ts).
 *
 * Objects are read as Kubernetes compares their fields: exactly (ownField), own properties only.
 */
import type { UnknownValue } from '../estate.js';
import { clusterOfKubernetesObject, idKey } from '../ids.js';
import { addTo } from '../multimap.js';
import type { FactValue } from './contract.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { isObject, ownAt, ownField } from './read.js';
import { TYPES } from './resource-types.js';

/** Kubernetes' own role that allows everything; the API server restores its rules at every start. */
export const CLUSTER_ADMIN = 'cluster-admin';

/** Whose members the API server lets through before any authorizer runs: a binding to it adds nothing. */
const SYSTEM_MASTERS = 'system:masters';

/** The label AKS's addon manager puts on what it reconciles (reverting changes made to it). */
const ADDON_MANAGER_LABEL = 'addonmanager.kubernetes.io/mode';
const RECONCILED = 'Reconcile';

/**
 * The ClusterRoleBindings AKS itself creates and reconciles, and the subjects AKS puts in each:
 * what those grant is set on the AKS cluster in ARM, not in Kubernetes.
 */
const AKS_BINDINGS: Readonly<Record<string, { grants: (subject: { kind: string; name: string }) => boolean; reason: string }>> = {
  'aks-cluster-admin-binding': {
    grants: ({ kind, name }) => kind === 'User' && (name === 'clusterAdmin' || name === 'clusterUser'),
    reason: "AKS's local accounts (clusterAdmin, clusterUser), which the AKS cluster's disableLocalAccounts turns off",
  },
  'aks-cluster-admin-binding-aad': {
    grants: ({ kind }) => kind === 'Group',
    reason: "the AKS cluster's Microsoft Entra admin groups (aadProfile.adminGroupObjectIDs)",
  },
};

type BoundSubjects = FactValue<'boundSubjects'>;
type BoundRole = FactValue<'boundRole'>;

/**
 * `<scope>/providers/<namespace>/<type>/<name>` → the scope: a namespaced object's namespace id, a
 * cluster-scoped object's cluster id. A role is known by the name its id holds, as roleRef names it.
 */
function scopeOf(id: string): string {
  return id.replace(/\/providers\/[^/]+\/[^/]+\/[^/]+$/, '');
}

function roleKey(scope: string, name: string): string {
  return `${idKey(scope)}|${name}`;
}

export function describeRoleBindings(items: readonly EvaluationItem[]): void {
  const clusterRoles = new Map<string, EvaluationItem>();
  const clusterRolesByCluster = new Map<string, EvaluationItem[]>();
  const roles = new Map<string, EvaluationItem>();
  const bindings: EvaluationItem[] = [];
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.clusterRole) {
      const cluster = clusterOfKubernetesObject(item.id);
      if (cluster === undefined) continue;
      clusterRoles.set(roleKey(cluster, lastSegment(item.id)), item);
      addTo(clusterRolesByCluster, idKey(cluster), item);
    } else if (type === TYPES.role) roles.set(roleKey(scopeOf(item.id), lastSegment(item.id)), item);
    else if (type === TYPES.clusterRoleBinding || type === TYPES.roleBinding) bindings.push(item);
  }
  if (bindings.length === 0) return;
  const everything = new Map<EvaluationItem, boolean>();
  const grantsEverything = (role: EvaluationItem, cluster: string): boolean => {
    let known = everything.get(role);
    if (known === undefined) everything.set(role, (known = effectiveRules(role, clusterRolesByCluster.get(idKey(cluster)) ?? []).some(allowsEverything)));
    return known;
  };
  for (const binding of bindings) {
    binding.facts.boundSubjects = boundSubjects(binding);
    const cluster = clusterOfKubernetesObject(binding.id);
    const roleRef = ownField(binding.document, 'roleRef');
    const kind = ownField(roleRef, 'kind');
    const name = ownField(roleRef, 'name');
    if (cluster === undefined || typeof kind !== 'string' || typeof name !== 'string') continue;
    const namespaced = itemTypeKey(binding) === TYPES.roleBinding;
    const role = kind === 'ClusterRole' ? clusterRoles.get(roleKey(cluster, name)) : kind === 'Role' && namespaced ? roles.get(roleKey(scopeOf(binding.id), name)) : undefined;
    const fact: BoundRole = {
      kind,
      name,
      at: ['roleRef'],
      grantedIn: namespaced ? `namespace ${namespaceOf(binding.id)}` : 'the whole cluster',
      found: role !== undefined,
      grantsEverything: kind === 'ClusterRole' && name === CLUSTER_ADMIN ? true : role ? grantsEverything(role, cluster) : null,
    };
    binding.facts.boundRole = fact;
    if (fact.grantsEverything === null) binding.unknown = [...(binding.unknown ?? []), unknownRole(binding, kind, name)];
  }
}

/** The User and Group subjects, those that count and those that do not, with why. */
function boundSubjects(binding: EvaluationItem): BoundSubjects {
  const subjects = ownField(binding.document, 'subjects');
  const bindingName = ownAt(binding.document, ['metadata', 'name']);
  const aks =
    itemTypeKey(binding) === TYPES.clusterRoleBinding && typeof bindingName === 'string' && Object.hasOwn(AKS_BINDINGS, bindingName) && ownAt(binding.document, ['metadata', 'labels', ADDON_MANAGER_LABEL]) === RECONCILED
      ? AKS_BINDINGS[bindingName]
      : undefined;
  const grantees: BoundSubjects['grantees'] = [];
  const exempted: BoundSubjects['exempted'] = [];
  (Array.isArray(subjects) ? subjects : []).forEach((subject: unknown, index) => {
    const kind = ownField(subject, 'kind');
    const name = ownField(subject, 'name');
    if ((kind !== 'User' && kind !== 'Group') || typeof name !== 'string') return;
    const entry = { kind: kind as 'User' | 'Group', name, at: ['subjects', index] };
    if (kind === 'Group' && name === SYSTEM_MASTERS) exempted.push({ ...entry, reason: 'members of system:masters pass every authorization check without any binding' });
    else if (aks?.grants({ kind, name })) exempted.push({ ...entry, reason: aks.reason });
    else grantees.push(entry);
  });
  return { grantees, exempted, granteeNames: grantees.map(({ kind, name }) => `${kind} ${name}`) };
}

/** The rules a role grants: its own, and for an aggregated ClusterRole those of every ClusterRole of the cluster its selectors match, transitively. */
function effectiveRules(role: EvaluationItem, clusterRoles: readonly EvaluationItem[]): unknown[] {
  const rules: unknown[] = [];
  const seen = new Set<EvaluationItem>();
  const pending = [role];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (seen.has(current)) continue;
    seen.add(current);
    const own = ownField(current.document, 'rules');
    if (Array.isArray(own)) rules.push(...own);
    const selectors = ownAt(current.document, ['aggregationRule', 'clusterRoleSelectors']);
    if (!Array.isArray(selectors) || itemTypeKey(current) !== TYPES.clusterRole) continue;
    for (const other of clusterRoles) {
      if (seen.has(other)) continue;
      const labels = ownAt(other.document, ['metadata', 'labels']);
      if (selectors.some((selector) => selects(selector, isObject(labels) ? labels : {}))) pending.push(other);
    }
  }
  return rules;
}

/** A label selector (matchLabels and matchExpressions, all of them) on an object's labels; an empty selector selects everything, as in Kubernetes. */
function selects(selector: unknown, labels: Record<string, unknown>): boolean {
  if (!isObject(selector)) return false;
  const has = (key: string) => Object.hasOwn(labels, key) && typeof labels[key] === 'string';
  const matchLabels = ownField(selector, 'matchLabels');
  if (isObject(matchLabels) && !Object.entries(matchLabels).every(([key, value]) => has(key) && labels[key] === value)) return false;
  const expressions = ownField(selector, 'matchExpressions');
  return (Array.isArray(expressions) ? expressions : []).every((expression) => {
    const key = ownField(expression, 'key');
    const values = ownField(expression, 'values');
    const listed = typeof key === 'string' && has(key) && Array.isArray(values) && values.includes(labels[key]);
    switch (ownField(expression, 'operator')) {
      case 'In':
        return listed;
      case 'NotIn':
        return !listed;
      case 'Exists':
        return typeof key === 'string' && has(key);
      case 'DoesNotExist':
        return typeof key === 'string' && !has(key);
      default:
        return false;
    }
  });
}

/** A rule allowing every verb on every resource of every API group. */
function allowsEverything(rule: unknown): boolean {
  const all = (field: string) => {
    const values = ownField(rule, field);
    return Array.isArray(values) && values.includes('*');
  };
  return all('verbs') && all('resources') && all('apiGroups');
}

/** The namespace a namespaced object's id places it in, as written (`(unset)` for a manifest that names none). */
function namespaceOf(id: string): string {
  return decoded(/\/providers\/Kubernetes\.core\/Namespace\/([^/]+)\//i.exec(id)?.[1] ?? '');
}

/** The object's name, as its id holds it (URL-encoded there). */
function lastSegment(id: string): string {
  return decoded(id.slice(id.lastIndexOf('/') + 1));
}

function decoded(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function unknownRole(binding: EvaluationItem, kind: string, name: string): UnknownValue {
  const bindingKind = itemTypeKey(binding) === TYPES.roleBinding ? `RoleBinding/${namespaceOf(binding.id)}` : 'ClusterRoleBinding';
  return {
    path: ['roleRef'],
    expression: `${bindingKind}/${lastSegment(binding.id)} roleRef ${kind}/${name}`,
    reason: `the ${kind} ${name} is not in the scan, so what it grants is unknown: scan it with the binding, or read the cluster`,
  };
}
