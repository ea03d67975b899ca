import type { ArmResource } from '../../estate.js';
import { PER_PARENT_TYPES, SUBSCRIPTION_WIDE_TYPES } from './arm-types.js';
import type { ClientSettings } from './clients.js';
import { mapWithConcurrency } from './concurrency.js';
import { readMlCapacity } from './read-ml-capacity.js';
import { readPerParent } from './read-per-parent.js';
import { readSkus } from './read-skus.js';
import { readUsages } from './read-usages.js';
import type { ProgressReporter } from './progress.js';
import { assembleCollection } from './assemble.js';
import { COLLECTED_TYPES as T, type SubscriptionCollection } from './subscription-collection.js';
import { openSubscription } from './open-subscription.js';

export interface ArmEngineContext {
  settings: ClientSettings;
  requestsPerSubscription: number;
  progress?: ProgressReporter;
}

/**
 * Reads one subscription with ARM list operations: one request per type (plus pages), one per
 * AKS cluster and ML workspace for the two child types ARM cannot list subscription-wide, two
 * per region that holds compute (its usages, its resource SKUs) and two per region that holds ML
 * compute (its Azure ML usages and quotas). Never one request per VM, NIC, pool or cluster.
 */
export async function collectSubscriptionWithArm(context: ArmEngineContext, subscriptionId: string): Promise<SubscriptionCollection> {
  const opened = await openSubscription(context.settings, subscriptionId, context.progress);
  if (!opened.readable) return opened.collection;
  const { list, reader, subscription } = opened;
  const limit = context.requestsPerSubscription;

  const byType = new Map<string, ArmResource[]>();
  await mapWithConcurrency(SUBSCRIPTION_WIDE_TYPES, limit, async ({ type, list: listType }) => {
    const resources = await reader.read(type, () => listType(list));
    if (resources) byType.set(type, resources);
  });
  await Promise.all(PER_PARENT_TYPES.map(async (child) => byType.set(child.type, await readPerParent(reader, list, child, byType.get(child.parentType), limit))));
  byType.set(T.usage, await readUsages(reader, list, byType, limit));
  byType.set(T.sku, await readSkus(reader, list, byType, limit));
  const ml = await readMlCapacity(reader, list, byType, limit);
  byType.set(T.mlUsage, ml.usages);
  byType.set(T.mlQuota, ml.quotas);

  return assembleCollection(reader, subscription, byType);
}
