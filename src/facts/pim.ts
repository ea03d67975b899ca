import type { UnknownValue } from '../estate.js';
import { equalsIgnoringCase, foldCase, idKey, parseResourceId } from '../ids.js';
import type { FactValue } from './contract.js';
import { itemTypeKey, type EvaluationItem } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';

export type PimFacts = FactValue<'pim'>;

/**
 * PIM writes a subscription scope both as `/subscriptions/{id}` and as
 * `/providers/Microsoft.Subscription/subscriptions/{id}` (GetRoleEligibilityScheduleInstanceByName in
 * azure-rest-api-specs): the second is read as the first, so scopes join and GPU scopes match.
 */
export function canonicalScope(scope: string): string {
  return scope.replace(/^\/providers\/Microsoft\.Subscription(?=\/subscriptions\/)/i, '');
}

/** The role's GUID, the last segment of a roleDefinitionId. */
const roleGuid = (roleDefinitionId: string | undefined) => foldCase((roleDefinitionId ?? '').split('/').pop() ?? '');

/** Where an assignment and its schedule instance meet when the instance names no origin: scope, role and principal. */
function tripleKey(scope: string, roleDefinitionId: string | undefined, principalId: string | undefined): string {
  return `${idKey(canonicalScope(scope))}|${roleGuid(roleDefinitionId)}|${foldCase(principalId ?? '')}`;
}

function subscriptionOf(id: string): string | undefined {
  const subscription = parseResourceId(canonicalScope(id)).subscriptionId;
  return subscription ? foldCase(subscription) : undefined;
}

const nonEmpty = (value: string | undefined) => (value !== undefined && value.trim() !== '' ? value : undefined);

/** Activated from an eligibility: assignmentType Activated, or a linked eligibility instance (either, in any case). */
function isActivated(instance: EvaluationItem): boolean {
  const type = getString(instance.document, 'properties', 'assignmentType');
  return (type !== undefined && equalsIgnoringCase(type, 'Activated')) || nonEmpty(getString(instance.document, 'properties', 'linkedRoleEligibilityScheduleInstanceId')) !== undefined;
}

/** What the schedule instance says of the assignment. */
function fromInstance(instance: EvaluationItem): PimFacts {
  const endDateTime = nonEmpty(getString(instance.document, 'properties', 'endDateTime'));
  const assignmentType = getString(instance.document, 'properties', 'assignmentType');
  const linked = nonEmpty(getString(instance.document, 'properties', 'linkedRoleEligibilityScheduleInstanceId'));
  const base = {
    scheduleFound: true,
    scheduleInstance: instance.id,
    ...(assignmentType !== undefined ? { assignmentType } : {}),
    ...(endDateTime ? { endDateTime } : {}),
    ...(linked ? { linkedRoleEligibilityScheduleInstanceId: linked } : {}),
  };
  if (isActivated(instance)) return { ...base, state: 'activated', description: `a PIM activation of an eligibility${endDateTime ? ` that ends ${endDateTime}` : ' with no end date'}` };
  if (endDateTime) return { ...base, state: 'timeBound', description: `an active PIM assignment that ends ${endDateTime}` };
  return { ...base, state: 'permanent', description: 'a permanent assignment (no end date, not activated from a PIM eligibility)' };
}

/**
 * Joins each role assignment with its PIM schedule instance (Microsoft.Authorization/
 * roleAssignmentScheduleInstances): by `properties.originRoleAssignmentId`, else by scope, role and
 * principal. An assignment PIM lists no schedule for, at or below a subscription whose schedules
 * were read, is permanent: nothing in PIM ends it. Where the schedules of its subscription are not
 * in the scan, or it is made above the subscriptions (a management group) and PIM lists none for
 * it, whether it is permanent is unknown; and a permanent assignment to a group may still be held
 * just in time through the group's membership (PIM for Groups), which is in Microsoft Graph, not
 * ARM. Those are recorded as unknown values of the fact, so a rule that decides on it is not
 * evaluated on that assignment (never passed), with the reason.
 */
export function joinPimSchedules(assignments: readonly EvaluationItem[], items: readonly EvaluationItem[], scopeOf: (item: EvaluationItem) => string): void {
  const byOrigin = new Map<string, EvaluationItem>();
  const byTriple = new Map<string, EvaluationItem>();
  const subscriptionsRead = new Set<string>();
  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.roleAssignmentScheduleInstance) continue;
    const subscription = subscriptionOf(item.id) ?? subscriptionOf(getString(item.document, 'properties', 'scope') ?? '');
    if (subscription) subscriptionsRead.add(subscription);
    const origin = nonEmpty(getString(item.document, 'properties', 'originRoleAssignmentId'));
    if (origin && !byOrigin.has(idKey(origin))) byOrigin.set(idKey(origin), item);
    const key = tripleKey(scopeOf(item), getString(item.document, 'properties', 'roleDefinitionId'), getString(item.document, 'properties', 'principalId'));
    // An activation wins over a standing assignment of the same role, principal and scope.
    if (!byTriple.has(key) || isActivated(item)) byTriple.set(key, item);
  }

  for (const assignment of assignments) {
    const scope = scopeOf(assignment);
    const instance =
      byOrigin.get(idKey(assignment.id)) ??
      byTriple.get(tripleKey(scope, getString(assignment.document, 'properties', 'roleDefinitionId'), getString(assignment.document, 'properties', 'principalId')));
    const subscription = assignment.subscriptionId ? foldCase(assignment.subscriptionId) : undefined;
    let facts: PimFacts;
    let unknown: string | undefined;
    if (instance) {
      facts = fromInstance(instance);
    } else if (subscription && subscriptionsRead.has(subscription)) {
      facts = { state: 'permanent', scheduleFound: false, description: 'a permanent assignment (PIM lists no schedule for it, so nothing ends it)' };
    } else {
      facts = { state: 'unknown', scheduleFound: false, description: 'an assignment whose PIM schedule was not read (permanent or PIM-activated: unknown)' };
      unknown = subscription
        ? `no PIM role assignment schedule instance of subscription ${assignment.subscriptionId} is in the scan (a snapshot made before aiscan read PIM, a source without PIM, or a list that could not be read), so whether the assignment is permanent or PIM-activated is unknown`
        : `it is made at ${scope}, above the subscriptions scanned, and no PIM schedule instance read names it, so whether it is permanent or PIM-activated is unknown`;
    }
    const principalType = getString(assignment.document, 'properties', 'principalType');
    if (facts.state === 'permanent' && principalType !== undefined && equalsIgnoringCase(principalType, 'Group')) {
      unknown = `the assignment to group ${getString(assignment.document, 'properties', 'principalId') ?? '(no principalId)'} is permanent, but whether its members hold their membership just in time (PIM for Groups) is in Microsoft Graph, which a scan with ARM Reader does not read`;
    }
    assignment.facts.pim = facts;
    if (unknown) assignment.unknown = [...(assignment.unknown ?? []), pimUnknown(assignment, unknown)];
  }
}

function pimUnknown(assignment: EvaluationItem, reason: string): UnknownValue {
  return { path: ['facts', 'pim'], expression: `the PIM schedule of role assignment ${assignment.name}`, reason };
}
