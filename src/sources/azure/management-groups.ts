import type { CoverageEntry } from '../../estate.js';
import { gapEntry } from './coverage.js';
import type { GraphClient } from './graph-client.js';
import { graphQueryText, managementGroupAncestorsOf } from './graph-rows.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';

/** The resourcecontainers query for subscription rows, which carry `properties.managementGroupAncestorsChain`. */
export const SUBSCRIPTION_ROWS_QUERY = graphQueryText({ table: 'resourcecontainers', types: [T.subscription] });

export interface Ancestry {
  /** Lower-cased subscription id → management groups above it, nearest first. */
  ancestors: Map<string, string[]>;
  /** Why the management groups above some subscriptions are unknown, per lower-cased subscription id. */
  unknown: Map<string, unknown>;
}

/**
 * Role assignments made on a management group apply to every subscription below it, so the
 * scope of each subscription names its ancestors. ARM has no read for them that Reader can make
 * per subscription, so they come from Resource Graph, one query per batch of subscriptions.
 */
export async function lookUpAncestors(graph: GraphClient, subscriptionIds: readonly string[], batchSize: number): Promise<Ancestry> {
  const ancestry: Ancestry = { ancestors: new Map(), unknown: new Map() };
  for (let start = 0; start < subscriptionIds.length; start += batchSize) {
    const batch = subscriptionIds.slice(start, start + batchSize);
    try {
      const rows = await graph.queryAll({ query: SUBSCRIPTION_ROWS_QUERY, subscriptions: [...batch] });
      addAncestry(ancestry, batch, rows);
    } catch (error) {
      for (const id of batch) ancestry.unknown.set(id.toLowerCase(), error);
    }
  }
  return ancestry;
}

export function addAncestry(ancestry: Ancestry, batch: readonly string[], rows: readonly Record<string, unknown>[]): void {
  for (const row of rows) {
    const id = String(row.subscriptionId ?? String(row.id ?? '').split('/')[2] ?? '').toLowerCase();
    const chain = managementGroupAncestorsOf(row);
    if (id && chain) ancestry.ancestors.set(id, chain);
  }
  for (const id of batch) {
    if (!ancestry.ancestors.has(id.toLowerCase()) && !ancestry.unknown.has(id.toLowerCase())) {
      ancestry.unknown.set(id.toLowerCase(), new Error('Resource Graph did not return this subscription'));
    }
  }
}

/** The coverage entry saying the management groups above a subscription are unknown, or undefined when they are known. */
export function ancestryGap(ancestry: Ancestry, subscriptionId: string): CoverageEntry | undefined {
  const error = ancestry.unknown.get(subscriptionId.toLowerCase());
  return error === undefined ? undefined : ancestryGapEntry(subscriptionId, error);
}

export function ancestryGapEntry(subscriptionId: string, error: unknown): CoverageEntry {
  const entry = gapEntry(subscriptionId, T.managementGroups, error);
  entry.message = `the management groups above the subscription are unknown, so role assignments made on them are not joined: ${entry.message}`;
  return entry;
}
