import type { ResourceManagementClient } from '@azure/arm-resources';
import { UserError } from '../../errors.js';
import { listJson } from './arm-requests.js';
import { RAW_API_VERSIONS } from './arm-types.js';
import type { ScopeRequest } from './collect-options.js';
import { describeReadError } from './coverage.js';
import type { GraphClient } from './graph-client.js';
import { addAncestry, SUBSCRIPTION_ROWS_QUERY, type Ancestry } from './management-groups.js';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ScopeDependencies {
  tenantClient: ResourceManagementClient;
  graph: GraphClient;
  baseUrl: string;
  tenantId?: string;
}

export interface ResolvedScope {
  subscriptionIds: string[];
  /** Ancestors learnt while resolving (a management group query returns them with the subscriptions). */
  ancestry: Ancestry;
}

export function checkSubscriptionIds(ids: readonly string[]): void {
  for (const id of ids) {
    if (!GUID.test(id)) throw new UserError(`--subscription: "${id}" is not a subscription id (a GUID such as 3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26); \`az account list -o table\` lists yours`);
  }
}

/** The subscriptions to read, in the order asked for, each once (ids compare ignoring case). */
export async function resolveSubscriptions(request: ScopeRequest, deps: ScopeDependencies): Promise<ResolvedScope> {
  checkSubscriptionIds(request.subscriptions);
  const ancestry: Ancestry = { ancestors: new Map(), unknown: new Map() };
  const ids = [...request.subscriptions];
  if (request.allSubscriptions) ids.push(...(await listVisibleSubscriptions(deps)));
  for (const group of request.managementGroups) ids.push(...(await subscriptionsBelow(group, deps, ancestry)));

  const seen = new Set<string>();
  const subscriptionIds = ids.filter((id) => !seen.has(id.toLowerCase()) && seen.add(id.toLowerCase()));
  if (subscriptionIds.length === 0) throw new UserError('no subscription to read: give --subscription ID, --all-subscriptions or --management-group ID');
  return { subscriptionIds, ancestry };
}

async function listVisibleSubscriptions(deps: ScopeDependencies): Promise<string[]> {
  let subscriptions: Record<string, unknown>[];
  try {
    subscriptions = await listJson(deps.tenantClient, deps.baseUrl, '/subscriptions', RAW_API_VERSIONS.subscriptions);
  } catch (error) {
    throw new UserError(`--all-subscriptions: cannot list the subscriptions the credential can see: ${describeReadError(error)}`);
  }
  const inTenant = subscriptions.filter((s) => !deps.tenantId || String(s.tenantId ?? '').toLowerCase() === deps.tenantId.toLowerCase());
  const ids = inTenant.map((s) => s.subscriptionId).filter((id): id is string => typeof id === 'string');
  if (ids.length === 0) {
    throw new UserError(`--all-subscriptions: the credential sees no subscription${deps.tenantId ? ` in tenant ${deps.tenantId}` : ''}; check \`az account list\``);
  }
  return ids;
}

async function subscriptionsBelow(group: string, deps: ScopeDependencies, ancestry: Ancestry): Promise<string[]> {
  let rows: Record<string, unknown>[];
  try {
    rows = await deps.graph.queryAll({ query: SUBSCRIPTION_ROWS_QUERY, managementGroups: [group] });
  } catch (error) {
    throw new UserError(`--management-group ${group}: cannot list the subscriptions below it: ${describeReadError(error)}`);
  }
  const ids = rows.map((row) => row.subscriptionId).filter((id): id is string => typeof id === 'string' && id !== '');
  if (ids.length === 0) throw new UserError(`--management-group ${group}: no subscription below it is visible to the credential; check the group id (not its display name)`);
  addAncestry(ancestry, ids, rows);
  return ids;
}
