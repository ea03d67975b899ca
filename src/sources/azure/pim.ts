import type { ListContext, SubscriptionWideType } from './arm-types.js';
import { listRawItems } from './raw-pages.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';

/**
 * Privileged Identity Management, read at each subscription with one list per kind (plus pages),
 * never per resource: `GET /subscriptions/{id}/providers/Microsoft.Authorization/
 * roleEligibilityScheduleInstances` and `…/roleAssignmentScheduleInstances`, api-version
 * 2020-10-01 (the stable version, as @azure/arm-authorization sends it), without `$filter`: the
 * filters the operation takes (`atScope()`, `principalId eq`, `assignedTo()`, `asTarget()`) each
 * narrow the list to the scope and above or to one principal, where aiscan needs every instance
 * at, above and below the subscription, as role assignments are listed. Reader is enough: its
 * `*\/read` includes `Microsoft.Authorization/roleEligibilityScheduleInstances/read` and
 * `…/roleAssignmentScheduleInstances/read`.
 *
 * What ARM returns of a principal (`principalId`, `principalType`, `expandedProperties.principal`)
 * is all aiscan reads of it: who is in a group, and whether that membership is itself just in time
 * (PIM for Groups), is in Microsoft Graph, which a scan with ARM Reader does not read; the facts say
 * so where it decides an outcome (src/facts/pim.ts).
 */
export const PIM_TYPES: readonly SubscriptionWideType[] = [
  {
    type: T.roleEligibilityScheduleInstance,
    list: (c) => withContext('PIM role eligibility schedule instances', () => listRawItems(c.clients.authorization.roleEligibilityScheduleInstances.listForScope(scopeOf(c)))),
  },
  {
    type: T.roleAssignmentScheduleInstance,
    list: (c) => withContext('PIM role assignment schedule instances', () => listRawItems(c.clients.authorization.roleAssignmentScheduleInstances.listForScope(scopeOf(c)))),
  },
];

/** The SDK puts `/` before the scope itself (`/{scope}/providers/…`). */
const scopeOf = (c: ListContext) => `subscriptions/${c.clients.subscriptionId}`;

/** A read that failed says which PIM list it was and what role reads it, keeping the status and code the coverage status is decided on. */
async function withContext<R>(what: string, read: () => Promise<R>): Promise<R> {
  try {
    return await read();
  } catch (error) {
    const { statusCode, code, message } = (error ?? {}) as { statusCode?: number; code?: string; message?: string };
    const hint = statusCode === 401 || statusCode === 403 ? ' (Reader on the subscription is enough to list them)' : '';
    throw Object.assign(new Error(`${what} could not be listed${hint}: ${(message ?? String(error)).split('\n')[0]}`), { statusCode, code });
  }
}
