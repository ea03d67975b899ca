import type { ArmResource, ScannedScope } from '../../estate.js';
import { keepUsedRoleDefinitions, noteLeftOut } from './role-definitions.js';
import { COLLECTED_TYPES as T, type SubscriptionCollection } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';

const TYPE_ORDER = Object.values(T).map((type) => type.toLowerCase());
const orderOf = (type: string) => TYPE_ORDER.indexOf(type.toLowerCase());

/**
 * One subscription's collection, whichever engine read it: role definitions narrowed to those in
 * use (by role assignments and PIM schedule instances), resources and coverage in the snapshot's type order, the scope from the subscription itself.
 */
export function assembleCollection(
  reader: TypeReader,
  subscription: ArmResource,
  byType: Map<string, ArmResource[]>,
  managementGroupAncestors?: string[],
): SubscriptionCollection {
  const definitions = byType.get(T.roleDefinition) ?? [];
  // A PIM eligibility names its role as an assignment does (Owner eligible but held by no one yet).
  const assignments = byType.get(T.roleAssignment);
  const users = assignments && [...assignments, ...(byType.get(T.roleEligibilityScheduleInstance) ?? []), ...(byType.get(T.roleAssignmentScheduleInstance) ?? [])];
  const kept = keepUsedRoleDefinitions(definitions, users);
  noteLeftOut(reader.coverage.find((entry) => entry.resourceType === T.roleDefinition), kept.length, definitions.length);
  byType.set(T.roleDefinition, kept);
  byType.set(T.subscription, [subscription]);

  const types = [...byType.keys()].sort((a, b) => orderOf(a) - orderOf(b));
  return {
    scope: scopeOf(reader.subscriptionId, subscription, managementGroupAncestors),
    coverage: [...reader.coverage].sort((a, b) => orderOf(a.resourceType) - orderOf(b.resourceType)),
    resources: types.flatMap((type) => byType.get(type) ?? []),
  };
}

function scopeOf(subscriptionId: string, subscription: ArmResource, managementGroupAncestors?: string[]): ScannedScope {
  const { displayName, tenantId } = subscription as { displayName?: unknown; tenantId?: unknown };
  return {
    subscriptionId,
    ...(typeof displayName === 'string' ? { displayName } : {}),
    ...(typeof tenantId === 'string' ? { tenantId } : {}),
    ...(managementGroupAncestors ? { managementGroupAncestors } : {}),
  };
}
