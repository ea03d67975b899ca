import type { ArmResource } from '../../estate.js';
import { listSkus, type ListContext } from './arm-types.js';
import { readPerComputeRegion } from './read-per-region.js';
import { isGpuVirtualMachineSku, skuResource, SKUS_KEPT_NOTE } from './skus.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';

/**
 * The compute resource SKUs available to the subscription, one request (plus pages) per region
 * that holds compute, as usages are read: `GET …/providers/Microsoft.Compute/skus` filtered on
 * the region (Resource Graph has none). Only GPU virtual-machine sizes are kept, and the coverage
 * entry says so. A region that fails, or a compute type that could not be read (the regions are
 * then not all known), makes the type a gap; what was read is kept.
 */
export function readSkus(reader: TypeReader, list: ListContext, byType: ReadonlyMap<string, ArmResource[]>, limit: number): Promise<ArmResource[]> {
  return readPerComputeRegion(reader, byType, limit, {
    type: T.sku,
    list: (region) => listSkus(list, region),
    keep: (region, items) => items.filter(isGpuVirtualMachineSku).map((item) => skuResource(reader.subscriptionId, region, item)),
    note: (kept, listed, regions) => `${SKUS_KEPT_NOTE}: ${listed - kept} other SKU(s) listed in ${regions} region(s) were left out`,
  });
}
