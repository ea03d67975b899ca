import type { ArmResource } from '../../estate.js';
import { parseResourceId } from '../../ids.js';
import type { ArmEngineContext } from './arm-engine.js';
import { asResources, PER_PARENT_TYPES, SUBSCRIPTION_WIDE_TYPES } from './arm-types.js';
import { assembleCollection } from './assemble.js';
import { mapWithConcurrency } from './concurrency.js';
import { readEntry } from './coverage.js';
import type { GraphClient } from './graph-client.js';
import { canonicalTypeOfRow, GRAPH_TABLES, graphQueryText, managementGroupAncestorsOf, restShapeOfRow, type GraphTable } from './graph-rows.js';
import { ancestryGapEntry } from './management-groups.js';
import { readMlCapacity } from './read-ml-capacity.js';
import { readPerParent } from './read-per-parent.js';
import { readSkus } from './read-skus.js';
import { readUsages } from './read-usages.js';
import { COLLECTED_TYPES as T, type SubscriptionCollection } from './subscription-collection.js';
import { openSubscription } from './open-subscription.js';
import { PIM_TYPES } from './pim.js';

export interface GraphEngineContext extends ArmEngineContext {
  graph: GraphClient;
  concurrency: number;
}

/** Rows of one table for a batch, by lower-cased subscription id ('' for rows outside any subscription), or why the query failed. */
type TableResult = { rows: Map<string, Record<string, unknown>[]> } | { error: unknown };

/**
 * Reads a batch of subscriptions with one Resource Graph query per table (plus `$skipToken`
 * pages), whatever the number of subscriptions and resources. What Resource Graph does not hold
 * is read with ARM per subscription: the subscription itself (its REST shape, and proof that it
 * can be read), classic administrators, PIM schedule instances, compute usages and resource SKUs (per region holding
 * compute), Azure ML usages and quotas (per region holding ML compute), and the two child types (per AKS cluster and per ML workspace).
 */
export async function collectBatchWithGraph(context: GraphEngineContext, batch: readonly string[]): Promise<SubscriptionCollection[]> {
  const results = new Map<GraphTable, TableResult>();
  for (const table of GRAPH_TABLES) {
    for (const id of batch) context.progress?.typeStarted(id, `Resource Graph: ${table.table}`);
    try {
      results.set(table, { rows: bySubscription(await context.graph.queryAll({ query: graphQueryText(table), subscriptions: [...batch] })) });
    } catch (error) {
      results.set(table, { error });
    }
  }
  return mapWithConcurrency(batch, context.concurrency, (id) => collectOne(context, id, results));
}

function bySubscription(rows: Record<string, unknown>[]): Map<string, Record<string, unknown>[]> {
  const grouped = new Map<string, Record<string, unknown>[]>();
  for (const row of rows) {
    const key = (typeof row.subscriptionId === 'string' && row.subscriptionId) || parseResourceId(String(row.id ?? '')).subscriptionId || '';
    const list = grouped.get(key.toLowerCase()) ?? [];
    list.push(row);
    grouped.set(key.toLowerCase(), list);
  }
  return grouped;
}

async function collectOne(context: GraphEngineContext, subscriptionId: string, results: Map<GraphTable, TableResult>): Promise<SubscriptionCollection> {
  const opened = await openSubscription(context.settings, subscriptionId, context.progress);
  if (!opened.readable) return opened.collection;
  const { list, reader, subscription } = opened;

  const key = subscriptionId.toLowerCase();
  const containers = results.get(GRAPH_TABLES[0])!;
  const subscriptionRow = 'rows' in containers ? containers.rows.get(key)?.find((row) => canonicalTypeOfRow(row) === T.subscription) : undefined;
  const invisible = 'rows' in containers && !subscriptionRow ? new Error('Resource Graph returned nothing for this subscription') : undefined;

  const byType = new Map<string, ArmResource[]>();
  for (const [table, result] of results) {
    for (const type of table.types) {
      if (type === T.subscription) continue;
      if (invisible || 'error' in result) {
        reader.fail(type, invisible ?? (result as { error: unknown }).error);
        continue;
      }
      const rows = [...(result.rows.get(key) ?? []), ...(result.rows.get('') ?? [])].filter((row) => canonicalTypeOfRow(row) === type);
      const { resources, malformed } = asResources(rows.map(restShapeOfRow));
      if (malformed > 0) reader.fail(type, new Error(`malformed response: ${malformed} Resource Graph row(s) have no resource id`), resources);
      else reader.record(readEntry(subscriptionId, type, resources.length));
      byType.set(type, resources);
    }
  }
  const limit = context.requestsPerSubscription;
  await Promise.all(PER_PARENT_TYPES.map(async (child) => byType.set(child.type, await readPerParent(reader, list, child, byType.get(child.parentType), limit))));
  const classic = SUBSCRIPTION_WIDE_TYPES.find(({ type }) => type === T.classicAdministrator)!;
  const administrators = await reader.read(classic.type, () => classic.list(list));
  if (administrators) byType.set(classic.type, administrators);
  // Resource Graph holds no PIM schedule instances: one ARM list of each per subscription, as the ARM engine reads them.
  await Promise.all(PIM_TYPES.map(async ({ type, list: listType }) => {
    const instances = await reader.read(type, () => listType(list));
    if (instances) byType.set(type, instances);
  }));
  byType.set(T.usage, await readUsages(reader, list, byType, limit));
  byType.set(T.sku, await readSkus(reader, list, byType, limit));
  const ml = await readMlCapacity(reader, list, byType, limit);
  byType.set(T.mlUsage, ml.usages);
  byType.set(T.mlQuota, ml.quotas);

  const ancestors = managementGroupAncestorsOf(subscriptionRow);
  if (!ancestors) {
    const why = invisible ?? ('error' in containers ? containers.error : new Error('the subscription row has no managementGroupAncestorsChain'));
    reader.record(ancestryGapEntry(subscriptionId, why));
  }
  return assembleCollection(reader, subscription, byType, ancestors);
}
