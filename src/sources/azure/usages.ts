import type { ArmResource } from '../../estate.js';

export const USAGE_TYPE = 'Microsoft.Compute/locations/usages';

/** ARM spells a region `eastus` in ids and `East US` in some displays; usages are listed by the first. */
export function regionKey(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}

/**
 * The regions whose compute quota matters: where a VM, scale set, AKS cluster (its pools) or ML
 * compute is. Usages are listed once per such region, not once per subscription region.
 */
export function regionsHoldingCompute(resources: readonly ArmResource[]): string[] {
  const regions = new Set<string>();
  for (const resource of resources) {
    const properties = resource.properties as { computeLocation?: unknown } | undefined;
    const location = typeof properties?.computeLocation === 'string' ? properties.computeLocation : resource.location;
    if (typeof location === 'string' && location !== '') regions.add(regionKey(location));
  }
  return [...regions].sort();
}

/**
 * A compute usage item is not an ARM resource, so it is given aiscan's synthetic identity, with
 * the item exactly as returned under `properties`.
 */
export function usageResource(subscriptionId: string, region: string, item: Record<string, unknown>): ArmResource {
  const name = String((item.name as { value?: unknown } | undefined)?.value ?? '');
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region}/usages/${name}`,
    type: USAGE_TYPE,
    name,
    location: region,
    properties: item,
  };
}
