import { addTo } from '../multimap.js';
import type { ScannedScope } from '../estate.js';
import { enclosingScopeKeys, foldCase, idKey, parseResourceId } from '../ids.js';
import type { FactValue } from './contract.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { canonicalScope, joinPimSchedules } from './pim.js';
import { getArray, getString } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

/** The built-in Owner role's name (its GUID), the same in every tenant and cloud. */
export const OWNER_ROLE_NAME = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

export type RoleDefinitionFacts = FactValue<'roleDefinition'>;
export type ScopeFacts = FactValue<'scope'>;
export type AppliedRoleAssignment = FactValue<'roleAssignments'>[number];

/**
 * Scopes that hold GPU compute: every GPU VM, scale set, AKS pool and ML compute, the cluster or
 * workspace it belongs to, and every resource group, subscription and management group above.
 */
export function gpuScopeKeys(items: readonly EvaluationItem[], scopes: readonly ScannedScope[]): Set<string> {
  const managementGroups = managementGroupsBySubscription(scopes);
  const keys = new Set<string>();
  for (const item of items) {
    if (!isGpuItem(item)) continue;
    for (const key of enclosingScopeKeys(item.id)) keys.add(key);
    const subscription = item.subscriptionId && foldCase(item.subscriptionId);
    for (const group of (subscription && managementGroups.get(subscription)) || []) keys.add(group);
  }
  return keys;
}

function managementGroupsBySubscription(scopes: readonly ScannedScope[]): Map<string, string[]> {
  return new Map(
    scopes.map((scope) => [foldCase(scope.subscriptionId), (scope.managementGroupAncestors ?? []).map(idKey)]),
  );
}

function roleDefinitionKey(roleDefinitionId: string): string {
  return foldCase(roleDefinitionId.split('/').pop() ?? roleDefinitionId);
}

function roleDefinitionFacts(definition: EvaluationItem | undefined, roleDefinitionId: string): RoleDefinitionFacts {
  const permissions = definition ? getArray(definition.document, 'properties', 'permissions') : [];
  const collect = (key: string) =>
    permissions.flatMap((permission) => getArray(permission, key)).filter((a): a is string => typeof a === 'string');
  return {
    found: definition !== undefined,
    name: roleDefinitionKey(roleDefinitionId),
    roleName: definition ? getString(definition.document, 'properties', 'roleName') : undefined,
    roleType: definition ? getString(definition.document, 'properties', 'type') : undefined,
    actions: collect('actions'),
    notActions: collect('notActions'),
    dataActions: collect('dataActions'),
  };
}

/** The scope of a role assignment or PIM schedule instance: `properties.scope`, else its id without the last Microsoft.Authorization segment. */
export function scopeOfAssignment(assignment: EvaluationItem): string {
  const scope = getString(assignment.document, 'properties', 'scope') ?? assignment.id.replace(/\/providers\/Microsoft\.Authorization\/[^/]+\/[^/]+$/i, '');
  return canonicalScope(scope) || '/';
}

function scopeKind(scope: string): ScopeFacts['kind'] {
  const parsed = parseResourceId(scope);
  if (/\/providers\/(?!Microsoft\.Management\/managementGroups\/[^/]+$)/i.test(scope)) return 'resource';
  if (parsed.resourceGroup) return 'resourceGroup';
  if (parsed.subscriptionId) return 'subscription';
  if (parsed.managementGroup) return 'managementGroup';
  return 'tenant';
}

/**
 * Resolves each role assignment's (and PIM schedule instance's) role definition and scope, joins
 * each assignment with its PIM schedule (pim.ts), gives subscriptions and classic administrators
 * their GPU-scope facts, and lets every item list the assignments that apply to it.
 */
export function joinRoleAssignments(items: readonly EvaluationItem[], scopes: readonly ScannedScope[]): void {
  const gpuScopes = gpuScopeKeys(items, scopes);
  const definitions = new Map<string, EvaluationItem>();
  const assignments: EvaluationItem[] = [];
  const scheduleInstances: EvaluationItem[] = [];
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.roleDefinition) definitions.set(roleDefinitionKey(item.id), item);
    else if (type === TYPES.roleAssignment) assignments.push(item);
    else if (type === TYPES.roleEligibilityScheduleInstance || type === TYPES.roleAssignmentScheduleInstance) scheduleInstances.push(item);
  }
  // A PIM schedule instance grants (or may grant) its role at its scope, as an assignment does.
  for (const instance of scheduleInstances) {
    const scope = scopeOfAssignment(instance);
    const roleDefinitionId = getString(instance.document, 'properties', 'roleDefinitionId') ?? '';
    instance.facts.roleDefinition = roleDefinitionFacts(definitions.get(roleDefinitionKey(roleDefinitionId)), roleDefinitionId);
    instance.facts.scope = { id: scope, kind: scopeKind(scope), isGpuScope: gpuScopes.has(idKey(scope)) } satisfies ScopeFacts;
  }
  joinPimSchedules(assignments, items, scopeOfAssignment);

  const byScope = new Map<string, AppliedRoleAssignment[]>();
  for (const assignment of assignments) {
    const scope = scopeOfAssignment(assignment);
    const roleDefinitionId = getString(assignment.document, 'properties', 'roleDefinitionId') ?? '';
    const role = roleDefinitionFacts(definitions.get(roleDefinitionKey(roleDefinitionId)), roleDefinitionId);
    assignment.facts.roleDefinition = role;
    assignment.facts.scope = { id: scope, kind: scopeKind(scope), isGpuScope: gpuScopes.has(idKey(scope)) } satisfies ScopeFacts;
    const applied: AppliedRoleAssignment = {
      id: assignment.id,
      scope,
      inherited: false,
      roleDefinitionName: role.name,
      roleName: role.roleName,
      principalId: getString(assignment.document, 'properties', 'principalId'),
      principalType: getString(assignment.document, 'properties', 'principalType'),
    };
    addTo(byScope, idKey(scope), applied);
  }

  const managementGroups = managementGroupsBySubscription(scopes);
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.subscription) {
      const atSubscription = byScope.get(idKey(item.id)) ?? [];
      item.facts.isGpuScope = gpuScopes.has(idKey(item.id));
      item.facts.ownerAssignmentCount = atSubscription.filter((a) => a.roleDefinitionName === OWNER_ROLE_NAME).length;
    } else if (type === TYPES.classicAdministrator && item.subscriptionId) {
      const subscription = `/subscriptions/${item.subscriptionId}`;
      item.facts.subscription = { id: subscription, isGpuScope: gpuScopes.has(idKey(subscription)) };
      item.facts.classicRoles = classicRoles(item);
    }
    defineAppliedRoleAssignments(item, byScope, managementGroups);
  }
}

/** `properties.role` of a classic administrator, split: Azure writes one holder of several roles as `ServiceAdministrator;AccountAdministrator`. */
export function classicRoles(administrator: EvaluationItem): string[] {
  const role = getString(administrator.document, 'properties', 'role') ?? '';
  return role
    .split(';')
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
}

/** Where a facts object keeps what its roleAssignments fact is computed from, then the list itself. */
const APPLIED = Symbol('applied role assignments');

interface PendingAssignments {
  item: EvaluationItem;
  byScope: ReadonlyMap<string, AppliedRoleAssignment[]>;
  managementGroups: ReadonlyMap<string, string[]>;
}

type WithApplied = Record<string, unknown> & { [APPLIED]?: PendingAssignments | AppliedRoleAssignment[] };

/**
 * The roleAssignments fact's getter, one function for every item. An accessor made per item (a
 * closure each) gave every facts object a shape of its own: V8 kept them all as dictionaries,
 * slower to read and larger (at 100,000 resources, all but 16 of 105,677).
 */
function appliedRoleAssignments(this: WithApplied): AppliedRoleAssignment[] {
  const state = this[APPLIED];
  if (state === undefined || Array.isArray(state)) return state ?? [];
  const { item, byScope, managementGroups } = state;
  const own = idKey(item.id);
  const subscription = item.subscriptionId && foldCase(item.subscriptionId);
  const scopeKeys = [...enclosingScopeKeys(item.id), ...((subscription && managementGroups.get(subscription)) || [])];
  const applied = scopeKeys.flatMap((key) => (byScope.get(key) ?? []).map((assignment) => ({ ...assignment, inherited: key !== own })));
  this[APPLIED] = applied;
  return applied;
}

/** Computed on first read: most rules never ask, and a large estate would otherwise hold a list per resource. */
function defineAppliedRoleAssignments(
  item: EvaluationItem,
  byScope: ReadonlyMap<string, AppliedRoleAssignment[]>,
  managementGroups: ReadonlyMap<string, string[]>,
): void {
  Object.defineProperty(item.facts, APPLIED, { value: { item, byScope, managementGroups } satisfies PendingAssignments, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(item.facts, 'roleAssignments', { get: appliedRoleAssignments, enumerable: true, configurable: true });
}
