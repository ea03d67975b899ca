/**
 * Can this GPU size run here at all: a GPU VM, scale set, AKS pool or ML compute against the
 * resource SKUs of its region (`Microsoft.Compute/locations/skus`, the GPU virtual-machine sizes of
 * `GET …/providers/Microsoft.Compute/skus?$filter=location eq '{region}'`, kept by a live scan).
 *
 * A restriction is, in the words of the REST specification, a reason "because of which SKU cannot
 * be used" (Azure/azure-rest-api-specs specification/compute/resource-manager/Microsoft.Compute/
 * Skus/stable/2021-07-01/skus.json, ResourceSku.restrictions): `type: Location` for the region,
 * `type: Zone` for the zones in `restrictionInfo.zones`. The Azure CLI reads them the same way
 * (Azure/azure-cli src/azure-cli/azure/cli/command_modules/vm/_vm_utils.py, is_sku_available).
 */
import { foldCase, regionKey } from '../ids.js';
import { shown } from '../text/shown.js';
import type { FactValue } from './contract.js';
import type { VmSizeInfo } from './gpu-sizes.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { mlComputeRegion } from './machine-learning.js';
import { get, getArray, getString, isObject, resolveActualPath, type JsonObject } from './read.js';
import { TYPES } from './resource-types.js';
import { vmSizeOf } from './vm-size.js';

export type SkuAvailabilityFacts = FactValue<'skuAvailability'>;

/** What a size's SKU says of it, wherever it was listed: the same in every region. */
export interface SkuSize {
  name: string;
  family?: string;
  gpus?: number;
  vCPUs?: number;
}

export interface SkuIndex {
  /** The SKU documents (`properties`) by subscription, region and size. */
  readonly byRegionAndSize: ReadonlyMap<string, JsonObject>;
  /** Subscription and region pairs whose SKUs are in the estate. */
  readonly regions: ReadonlySet<string>;
  /** Each size listed anywhere in the estate, by its name folded. */
  readonly sizes: ReadonlyMap<string, SkuSize>;
}

const regionOf = (subscriptionId: string, region: string) => `${foldCase(subscriptionId)}|${regionKey(region)}`;

function locationOfSku(sku: EvaluationItem): string | undefined {
  return sku.location ?? /\/locations\/([^/]+)\/skus\//i.exec(sku.id)?.[1];
}

/** A capability's value as a number (Azure sends every value as a string). */
function capability(document: unknown, name: string): number | undefined {
  const entry = getArray(document, 'capabilities').find((c) => foldCase(getString(c, 'name') ?? '') === foldCase(name));
  const value = Number(getString(entry, 'value') ?? NaN);
  return Number.isFinite(value) ? value : undefined;
}

/** One pass over the estate's resource SKUs. */
export function indexSkus(items: readonly EvaluationItem[]): SkuIndex {
  const byRegionAndSize = new Map<string, JsonObject>();
  const regions = new Set<string>();
  const sizes = new Map<string, SkuSize>();
  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.sku) continue;
    const document = get(item.document, 'properties');
    if (!isObject(document)) continue;
    // The synthetic id ends in the SKU's name (src/sources/azure/skus.ts).
    const name = item.name;
    const location = locationOfSku(item);
    if (item.subscriptionId && location) {
      const region = regionOf(item.subscriptionId, location);
      regions.add(region);
      byRegionAndSize.set(`${region}|${foldCase(name)}`, document);
    }
    if (!sizes.has(foldCase(name))) {
      sizes.set(foldCase(name), { name, family: getString(document, 'family'), gpus: capability(document, 'GPUs'), vCPUs: capability(document, 'vCPUs') });
    }
  }
  return { byRegionAndSize, regions, sizes };
}

/**
 * The catalogue first; a size it does not know at all (neither listed nor matched by a series
 * pattern, and not an FPGA NP size by its name) whose SKU reports GPUs is a GPU size, with the
 * SKU's GPU and vCPU counts and quota family, marked `fromSku`: the scan warns so that the
 * catalogue learns it (skuClassificationWarnings).
 */
export function withSkuClassification(info: VmSizeInfo | undefined, index: SkuIndex): VmSizeInfo | undefined {
  if (!info || info.known || info.series !== undefined || info.accelerator === 'fpga') return info;
  const sku = index.sizes.get(foldCase(info.size.trim()));
  if (!sku || sku.gpus === undefined || sku.gpus <= 0) return info;
  return {
    ...info,
    isGpu: true,
    accelerator: 'gpu',
    ...(sku.family !== undefined ? { family: sku.family } : {}),
    gpuCount: sku.gpus,
    ...(sku.vCPUs !== undefined && Number.isInteger(sku.vCPUs) ? { vCPUs: sku.vCPUs } : {}),
    fromSku: true,
  };
}

/** One warning per size the catalogue did not know and the resource SKUs classified. */
export function skuClassificationWarnings(items: readonly EvaluationItem[]): string[] {
  const sizes = new Map<string, { size: string; gpus?: number; family?: string; resources: string[] }>();
  for (const item of items) {
    const gpu = item.facts.gpu;
    if (gpu?.fromSku !== true) continue;
    const key = foldCase(gpu.size.trim());
    const entry = sizes.get(key) ?? { size: gpu.size.trim(), gpus: gpu.gpuCount, family: gpu.family, resources: [] };
    entry.resources.push(item.name);
    sizes.set(key, entry);
  }
  return [...sizes.values()].map(({ size, gpus, family, resources }) => {
    // Size, family and names are anyone's text: shown quoted and escaped.
    const named = resources.slice(0, 3).map(shown).join(', ') + (resources.length > 3 ? `, and ${resources.length - 3} more` : '');
    return `VM size ${shown(size)} (${named}) is not in aiscan's GPU size catalogue (src/facts/gpu-vm-sizes.json), but its resource SKU reports ${gpus} GPU(s)${family ? ` in quota family ${shown(family)}` : ''}: it is treated as a GPU size; add it to the catalogue so that scans without its SKU classify it too`;
  });
}

/** Where each GPU holder's size is, and its zones (an ML compute has none), as the document spells them. */
function sizePath(item: EvaluationItem): (string | number)[] {
  switch (itemTypeKey(item)) {
    case TYPES.virtualMachine:
      return ['properties', 'hardwareProfile', 'vmSize'];
    case TYPES.scaleSet:
      return ['sku', 'name'];
    case TYPES.agentPool:
      return ['vmSize'];
    default:
      return ['properties', 'properties', 'vmSize'];
  }
}

function zonesPath(item: EvaluationItem): string | undefined {
  switch (itemTypeKey(item)) {
    case TYPES.virtualMachine:
    case TYPES.scaleSet:
      return 'zones';
    case TYPES.agentPool:
      return 'availabilityZones';
    default:
      return undefined;
  }
}

/** The region a holder's instances run in. */
function regionOfItem(item: EvaluationItem): string | undefined {
  return itemTypeKey(item) === TYPES.mlCompute ? mlComputeRegion(item) : item.location;
}

const strings = (values: unknown[]) => values.filter((value) => typeof value === 'string' || typeof value === 'number').map(String);
const unique = (values: string[]) => [...new Set(values)];

/** The regions a restriction names: restrictionInfo.locations, else values (which holds the locations of a Location restriction). */
function restrictionRegions(restriction: unknown): string[] {
  const locations = strings(getArray(restriction, 'restrictionInfo', 'locations'));
  return (locations.length > 0 ? locations : strings(getArray(restriction, 'values'))).map(regionKey);
}

function isForRegion(restriction: unknown, region: string): boolean {
  const named = restrictionRegions(restriction);
  // The list was asked for this region alone: a restriction naming no region is about it.
  return named.length === 0 || named.includes(region);
}

function restrictionsOf(sku: JsonObject, type: string, region: string): unknown[] {
  return getArray(sku, 'restrictions').filter((restriction) => foldCase(getString(restriction, 'type') ?? '') === foldCase(type) && isForRegion(restriction, region));
}

const reasonsOf = (restrictions: unknown[]) => unique(restrictions.map((restriction) => getString(restriction, 'reasonCode') ?? 'no reasonCode given'));

/**
 * Sets `facts.skuAvailability` on each GPU holder whose region's resource SKUs are in the estate.
 * Runs after the pools have their cluster's location (joinClustersAndPools).
 */
export function describeSkuAvailability(items: readonly EvaluationItem[], index: SkuIndex): void {
  if (index.regions.size === 0) return;
  for (const item of items) {
    if (item.facts.gpu?.isGpu !== true || !item.subscriptionId) continue;
    const location = regionOfItem(item);
    const size = vmSizeOf(item);
    if (!location || !size) continue;
    const key = regionOf(item.subscriptionId, location);
    if (!index.regions.has(key)) continue;
    item.facts.skuAvailability = availability(item, regionKey(location), size.trim(), index.byRegionAndSize.get(`${key}|${foldCase(size.trim())}`));
  }
}

function availability(item: EvaluationItem, region: string, size: string, sku: JsonObject | undefined): SkuAvailabilityFacts {
  const locationRestrictions = sku ? restrictionsOf(sku, 'Location', region) : [];
  const restrictionReasons = reasonsOf(locationRestrictions);
  const listed = sku !== undefined;
  const restrictedInRegion = locationRestrictions.length > 0;
  const problem = !listed
    ? `is not offered in ${region}: the region's resource SKUs do not list it`
    : restrictedInRegion
      ? `is restricted for this subscription in ${region} (${restrictionReasons.join(', ')})`
      : undefined;
  const zones = zonesPath(item);
  return {
    at: resolveActualPath(item.document, sizePath(item)),
    size,
    region,
    listed,
    restrictedInRegion,
    restrictionReasons,
    availableInRegion: listed && !restrictedInRegion,
    ...(problem ? { problem } : {}),
    ...(zones !== undefined ? { zonal: zonal(item, zones, region, sku) } : {}),
  };
}

function zonal(item: EvaluationItem, path: string, region: string, sku: JsonObject | undefined): NonNullable<SkuAvailabilityFacts['zonal']> {
  const zones = unique(strings(getArray(item.document, path)));
  const locationZones = sku
    ? getArray(sku, 'locationInfo')
        .filter((info) => regionKey(getString(info, 'location') ?? '') === region)
        .flatMap((info) => strings(getArray(info, 'zones')))
    : [];
  const restrictedZones = new Set(sku ? restrictionsOf(sku, 'Zone', region).flatMap((restriction) => strings(getArray(restriction, 'restrictionInfo', 'zones'))) : []);
  const zoneReasons = sku ? reasonsOf(restrictionsOf(sku, 'Zone', region)) : [];
  const offered = unique(locationZones).filter((zone) => !restrictedZones.has(zone));
  const missing = zones.filter((zone) => !offered.includes(zone));
  const restricted = missing.filter((zone) => restrictedZones.has(zone));
  const notOffered = missing.filter((zone) => !restrictedZones.has(zone));
  const problems = [
    ...(restricted.length > 0 ? [`restricted for this subscription in zone(s) ${restricted.join(', ')} (${zoneReasons.join(', ')})`] : []),
    ...(notOffered.length > 0 ? [`not offered in zone(s) ${notOffered.join(', ')}`] : []),
  ];
  return {
    at: resolveActualPath(item.document, [path]),
    zones,
    offered,
    missing,
    restricted,
    ...(problems.length > 0 ? { problem: problems.join('; ') } : {}),
  };
}
