import type { ArmResource } from '../../estate.js';
import { mapWithConcurrency } from './concurrency.js';
import { partialFailure, readEntry } from './coverage.js';
import { COMPUTE_HOLDING_TYPES } from './subscription-collection.js';
import type { TypeReader } from './type-reader.js';
import { regionsHoldingCompute } from './usages.js';

type Raw = Record<string, unknown>;

/** A list ARM offers per region only (compute usages, resource SKUs), and what is kept of it. */
export interface RegionalList {
  type: string;
  list: (region: string) => Promise<Raw[]>;
  /** The resources kept of one region's items. */
  keep: (region: string, items: Raw[]) => ArmResource[];
  /** The coverage entry's message, from how many were kept of how many listed, in how many regions. */
  note?: (kept: number, listed: number, regions: number) => string;
}

/**
 * One list (plus pages) per region that holds compute, at most `limit` at a time. A region that
 * fails, or a compute type that could not be read (the regions are then not all known), makes the
 * type a gap; what was read is kept.
 */
export async function readPerComputeRegion(reader: TypeReader, byType: ReadonlyMap<string, ArmResource[]>, limit: number, regional: RegionalList): Promise<ArmResource[]> {
  const unread = COMPUTE_HOLDING_TYPES.filter((type) => reader.hasFailed(type));
  const regions = regionsHoldingCompute(COMPUTE_HOLDING_TYPES.flatMap((type) => byType.get(type) ?? []));
  const failures: { name: string; error: unknown }[] = [];
  let listed = 0;
  const lists = await mapWithConcurrency(regions, limit, async (region) => {
    try {
      const items = await reader.fetchItems(regional.type, () => regional.list(region));
      listed += items.length;
      return regional.keep(region, items);
    } catch (error) {
      failures.push({ name: region, error });
      return [];
    }
  });
  const resources = lists.flat();
  if (failures.length > 0) reader.fail(regional.type, partialFailure(failures, regions.length, 'regions'), resources);
  else if (unread.length > 0) reader.fail(regional.type, new Error(`the regions holding compute are not all known: ${unread.join(', ')} could not be read`), resources);
  else reader.record(readEntry(reader.subscriptionId, regional.type, resources.length, regional.note?.(resources.length, listed, regions.length)));
  return resources;
}
