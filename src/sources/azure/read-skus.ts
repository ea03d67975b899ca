import type { ArmResource } from '../../estate.js';
import { listSkus, type ListContext } from './arm-types.js';
import { mapWithConcurrency } from './concurrency.js';
import { partialFailure, readEntry } from './coverage.js';
import { isGpuVirtualMachineSku, skuResource, SKUS_KEPT_NOTE } from './skus.js';
import { COLLECTED_TYPES as T, COMPUTE_HOLDING_TYPES } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';
import { regionsHoldingCompute } from './usages.js';

/**
 * The compute resource SKUs available to the subscription, one request (plus pages) per region
 * that holds compute, as usages are read: `GET …/providers/Microsoft.Compute/skus` filtered on
 * the region (Resource Graph has none). Only GPU virtual-machine sizes are kept, and the coverage
 * entry says so. A region that fails, or a compute type that could not be read (the regions are
 * then not all known), makes the type a gap; what was read is kept.
 */
export async function readSkus(reader: TypeReader, list: ListContext, byType: ReadonlyMap<string, ArmResource[]>, limit: number): Promise<ArmResource[]> {
  const unread = COMPUTE_HOLDING_TYPES.filter((type) => reader.hasFailed(type));
  const regions = regionsHoldingCompute(COMPUTE_HOLDING_TYPES.flatMap((type) => byType.get(type) ?? []));
  const failures: { name: string; error: unknown }[] = [];
  let listed = 0;
  const lists = await mapWithConcurrency(regions, limit, async (region) => {
    try {
      const items = await reader.fetchItems(T.sku, () => listSkus(list, region));
      listed += items.length;
      return items.filter(isGpuVirtualMachineSku).map((item) => skuResource(reader.subscriptionId, region, item));
    } catch (error) {
      failures.push({ name: region, error });
      return [];
    }
  });
  const resources = lists.flat();
  if (failures.length > 0) reader.fail(T.sku, partialFailure(failures, regions.length, 'regions'), resources);
  else if (unread.length > 0) reader.fail(T.sku, new Error(`the regions holding compute are not all known: ${unread.join(', ')} could not be read`), resources);
  else reader.record(readEntry(reader.subscriptionId, T.sku, resources.length, `${SKUS_KEPT_NOTE}: ${listed - resources.length} other SKU(s) listed in ${regions.length} region(s) were left out`));
  return resources;
}
