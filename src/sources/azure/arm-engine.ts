import type { ArmResource } from '../../estate.js';
import { getSubscription, PER_PARENT_TYPES, SUBSCRIPTION_WIDE_TYPES, type ListContext } from './arm-types.js';
import { createSubscriptionClients, type ClientSettings } from './clients.js';
import { mapWithConcurrency } from './concurrency.js';
import { readEntry, wholeSubscriptionGap } from './coverage.js';
import { readPerParent } from './read-per-parent.js';
import { readUsages } from './read-usages.js';
import type { ProgressReporter } from './progress.js';
import { assembleCollection } from './assemble.js';
import { COLLECTED_TYPES as T, type SubscriptionCollection } from './subscription-collection.js';
import { TypeReader } from './type-reader.js';

export interface ArmEngineContext {
  settings: ClientSettings;
  requestsPerSubscription: number;
  progress?: ProgressReporter;
}

/**
 * Reads one subscription with ARM list operations: one request per type (plus pages), one per
 * AKS cluster and ML workspace for the two child types ARM cannot list subscription-wide, and
 * one per region that holds compute for usages. Never one request per VM, NIC or pool.
 */
export async function collectSubscriptionWithArm(context: ArmEngineContext, subscriptionId: string): Promise<SubscriptionCollection> {
  const list: ListContext = { clients: createSubscriptionClients(context.settings, subscriptionId), baseUrl: context.settings.endpoint.url };
  const limit = context.requestsPerSubscription;
  const reader = new TypeReader(subscriptionId, context.progress);

  let subscription: ArmResource;
  try {
    subscription = await getSubscription(list);
  } catch (error) {
    return { scope: { subscriptionId }, coverage: [wholeSubscriptionGap(subscriptionId, error)], resources: [] };
  }
  reader.record(readEntry(subscriptionId, T.subscription, 1));

  const byType = new Map<string, ArmResource[]>();
  await mapWithConcurrency(SUBSCRIPTION_WIDE_TYPES, limit, async ({ type, list: listType }) => {
    const resources = await reader.read(type, () => listType(list));
    if (resources) byType.set(type, resources);
  });
  await Promise.all(PER_PARENT_TYPES.map(async (child) => byType.set(child.type, await readPerParent(reader, list, child, byType.get(child.parentType), limit))));
  byType.set(T.usage, await readUsages(reader, list, byType, limit));

  return assembleCollection(reader, subscription, byType);
}
