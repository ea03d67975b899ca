import type { ArmResource } from '../../estate.js';
import { listUsages, type ListContext } from './arm-types.js';
import { readPerComputeRegion } from './read-per-region.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';
import { usageResource } from './usages.js';

/**
 * Compute usages, one request per region that holds compute (ARM lists usages per region only,
 * and Resource Graph has none). When a compute type could not be read, the regions are not all
 * known, so usages are recorded as a gap even if every region listed was read.
 */
export function readUsages(reader: TypeReader, list: ListContext, byType: ReadonlyMap<string, ArmResource[]>, limit: number): Promise<ArmResource[]> {
  return readPerComputeRegion(reader, byType, limit, {
    type: T.usage,
    list: (region) => listUsages(list, region),
    keep: (region, items) => items.map((item) => usageResource(reader.subscriptionId, region, item)),
  });
}
