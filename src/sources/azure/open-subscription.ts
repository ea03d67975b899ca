import type { ArmResource } from '../../estate.js';
import { getSubscription, type ListContext } from './arm-types.js';
import { createSubscriptionClients, type ClientSettings } from './clients.js';
import { readEntry, wholeSubscriptionGap } from './coverage.js';
import type { ProgressReporter } from './progress.js';
import { COLLECTED_TYPES as T, type SubscriptionCollection } from './subscription-collection.js';
import { TypeReader } from './type-reader.js';

export type OpenedSubscription =
  | { readable: true; list: ListContext; reader: TypeReader; subscription: ArmResource }
  | { readable: false; collection: SubscriptionCollection };

/**
 * How both engines start on a subscription: its clients, a reader that records coverage, and
 * the subscription itself, or, when it cannot be read, a collection holding only that gap.
 */
export async function openSubscription(settings: ClientSettings, subscriptionId: string, progress: ProgressReporter | undefined): Promise<OpenedSubscription> {
  const list: ListContext = { clients: createSubscriptionClients(settings, subscriptionId), baseUrl: settings.endpoint.url };
  const reader = new TypeReader(subscriptionId, progress);
  try {
    const subscription = await getSubscription(list);
    reader.record(readEntry(subscriptionId, T.subscription, 1));
    return { readable: true, list, reader, subscription };
  } catch (error) {
    return { readable: false, collection: { scope: { subscriptionId }, coverage: [wholeSubscriptionGap(subscriptionId, error)], resources: [] } };
  }
}
