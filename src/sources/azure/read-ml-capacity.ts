import type { ArmResource } from '../../estate.js';
import { listMlQuotas, listMlUsages, type ListContext } from './arm-types.js';
import { mapWithConcurrency } from './concurrency.js';
import { partialFailure, readEntry } from './coverage.js';
import { mlCapacityResources } from './ml-usages.js';
import { isRegionName } from './skus.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';
import { regionsHoldingCompute } from './usages.js';

/** What says where Azure ML compute runs: the clusters, listed per workspace. */
const ML_HOLDING_TYPES = [T.mlWorkspace, T.mlCompute] as const;

/**
 * Azure ML usages and quotas, one request of each (plus pages) per region that holds ML compute
 * (`GET …/providers/Microsoft.MachineLearningServices/locations/{region}/usages` and `…/quotas`;
 * Resource Graph has neither), whichever engine read the computes. Each is its own coverage
 * entry: a region whose usages or quotas could not be read (denied, not found, throttled past
 * the retries, a server error), or ML computes that could not all be read (the regions are then
 * not all known), makes that type a gap naming the region; what was read is kept.
 */
export async function readMlCapacity(reader: TypeReader, list: ListContext, byType: ReadonlyMap<string, ArmResource[]>, limit: number): Promise<{ usages: ArmResource[]; quotas: ArmResource[] }> {
  const unread = ML_HOLDING_TYPES.filter((type) => reader.hasFailed(type));
  const regions = regionsHoldingCompute(byType.get(T.mlCompute) ?? []);
  const failures = { usages: [] as { name: string; error: unknown }[], quotas: [] as { name: string; error: unknown }[] };
  const read = async (kind: 'usages' | 'quotas', region: string): Promise<ArmResource[]> => {
    try {
      // A resource's location is anyone's text: what is not a region name is no region to ask about (nor to put in an id).
      if (!isRegionName(region)) throw new Error(`"${region}" is not an Azure region name, so its Azure ML ${kind} were not listed`);
      const items = await reader.fetchItems(kind === 'usages' ? T.mlUsage : T.mlQuota, () => (kind === 'usages' ? listMlUsages : listMlQuotas)(list, region));
      return mlCapacityResources(reader.subscriptionId, region, kind, items);
    } catch (error) {
      failures[kind].push({ name: region, error });
      return [];
    }
  };
  // Both lists of every region share the subscription's request limit.
  const parts = regions.flatMap((region) => [['usages', region] as const, ['quotas', region] as const]);
  const lists = await mapWithConcurrency(parts, limit, async ([kind, region]) => ({ kind, resources: await read(kind, region) }));
  const usages = lists.filter((l) => l.kind === 'usages').flatMap((l) => l.resources);
  const quotas = lists.filter((l) => l.kind === 'quotas').flatMap((l) => l.resources);
  for (const [type, kind, resources] of [[T.mlUsage, 'usages', usages], [T.mlQuota, 'quotas', quotas]] as const) {
    if (failures[kind].length > 0) reader.fail(type, partialFailure(failures[kind], regions.length, `regions' Azure ML ${kind}`), resources);
    else if (unread.length > 0) reader.fail(type, new Error(`the regions holding Azure ML compute are not all known: ${unread.join(', ')} could not be read`), resources);
    else reader.record(readEntry(reader.subscriptionId, type, resources.length));
  }
  return { usages, quotas };
}
