import type { ArmResource } from '../../estate.js';
import { listUsages, type ListContext } from './arm-types.js';
import { mapWithConcurrency } from './concurrency.js';
import { partialFailure, readEntry } from './coverage.js';
import { COLLECTED_TYPES as T, COMPUTE_HOLDING_TYPES } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';
import { regionsHoldingCompute, usageResource } from './usages.js';

/**
 * Compute usages, one request per region that holds compute (ARM lists usages per region only,
 * and Resource Graph has none). When a compute type could not be read, the regions are not all
 * known, so usages are recorded as a gap even if every region listed was read.
 */
export async function readUsages(reader: TypeReader, list: ListContext, byType: ReadonlyMap<string, ArmResource[]>, limit: number): Promise<ArmResource[]> {
  const unread = COMPUTE_HOLDING_TYPES.filter((type) => reader.hasFailed(type));
  const regions = regionsHoldingCompute(COMPUTE_HOLDING_TYPES.flatMap((type) => byType.get(type) ?? []));
  const failures: { name: string; error: unknown }[] = [];
  const lists = await mapWithConcurrency(regions, limit, async (region) => {
    try {
      const items = await reader.fetchItems(T.usage, () => listUsages(list, region));
      return items.map((item) => usageResource(reader.subscriptionId, region, item));
    } catch (error) {
      failures.push({ name: region, error });
      return [];
    }
  });
  const resources = lists.flat();
  if (failures.length > 0) reader.fail(T.usage, partialFailure(failures, regions.length, 'regions'), resources);
  else if (unread.length > 0) reader.fail(T.usage, new Error(`the regions holding compute are not all known: ${unread.join(', ')} could not be read`), resources);
  else reader.record(readEntry(reader.subscriptionId, T.usage, resources.length));
  return resources;
}
