import type { ArmResource } from '../../estate.js';
import { isRecord } from '../../json/is-record.js';

export const SKU_TYPE = 'Microsoft.Compute/locations/skus';

/**
 * What the snapshot says of the SKUs it keeps (the coverage entry's message): a region lists every
 * size of every compute resource type, and aiscan keeps the GPU virtual-machine sizes only.
 */
export const SKUS_KEPT_NOTE = 'only GPU virtual-machine sizes are kept (resourceType virtualMachines with an N-series name or a GPUs capability above 0)';

/** The capabilities the facts read: how many GPUs and vCPUs a size has. */
const KEPT_CAPABILITIES = new Set(['gpus', 'vcpus', 'vcpusavailable']);

/**
 * Azure region names as ARM spells them in ids (`eastus`, `swedencentral`, `usgovvirginia`). A
 * location that is not one is not put into an OData `$filter` (a resource's location is anyone's
 * text): its region is reported as not read.
 */
const REGION_NAME = /^[a-z0-9]{1,64}$/;

export function isRegionName(region: string): boolean {
  return REGION_NAME.test(region);
}

/** `location eq 'eastus'`: the one filter the Resource SKUs list supports. */
export function regionFilter(region: string): string {
  if (!isRegionName(region)) throw new Error(`"${region}" is not an Azure region name, so its resource SKUs were not listed`);
  return `location eq '${region}'`;
}

type Raw = Record<string, unknown>;

function capability(item: Raw, name: string): number | undefined {
  const capabilities = Array.isArray(item.capabilities) ? item.capabilities : [];
  const entry = capabilities.find((c): c is Raw => isRecord(c) && typeof c.name === 'string' && c.name.toLowerCase() === name.toLowerCase());
  const value = typeof entry?.value === 'string' ? Number(entry.value) : NaN;
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A GPU virtual-machine size: `resourceType` virtualMachines, and an N-series name (every size in
 * aiscan's GPU catalogue is one, and the SKU API reports no GPUs for several real GPU sizes) or a
 * `GPUs` capability above 0 (a GPU size of a series named otherwise). Which of them are GPU sizes
 * is decided at scan time by the facts (the catalogue, then the capability); the source only keeps
 * them, without reading the catalogue.
 */
export function isGpuVirtualMachineSku(item: Raw): boolean {
  if (typeof item.resourceType !== 'string' || item.resourceType.toLowerCase() !== 'virtualmachines') return false;
  if (typeof item.name !== 'string') return false;
  return /^Standard_N/i.test(item.name) || (capability(item, 'GPUs') ?? 0) > 0;
}

/**
 * Of a resource SKU, what the rules need, in the order and spelling Azure sent it: name, family,
 * locations, each location's zones (not zoneDetails or extended locations), restrictions, and
 * the GPUs, vCPUs and vCPUsAvailable capabilities.
 */
export function keptSkuFields(item: Raw): Raw {
  const kept: Raw = {};
  for (const [key, value] of Object.entries(item)) {
    switch (key) {
      case 'resourceType':
      case 'name':
      case 'family':
      case 'locations':
      case 'restrictions':
        kept[key] = value;
        break;
      case 'locationInfo':
        kept[key] = Array.isArray(value) ? value.filter((info) => isRecord(info) && info.extendedLocations === undefined).map(locationAndZones) : value;
        break;
      case 'capabilities':
        kept[key] = Array.isArray(value) ? value.filter((c) => isRecord(c) && typeof c.name === 'string' && KEPT_CAPABILITIES.has(c.name.toLowerCase())) : value;
        break;
      default:
        break;
    }
  }
  return kept;
}

function locationAndZones(info: Raw): Raw {
  const kept: Raw = {};
  for (const key of Object.keys(info)) if (key === 'location' || key === 'zones') kept[key] = info[key];
  return kept;
}

/**
 * A resource SKU is not an ARM resource, so it is given aiscan's synthetic identity (like compute
 * usages), one per region listed, with the kept fields under `properties`.
 */
export function skuResource(subscriptionId: string, region: string, item: Raw): ArmResource {
  const name = String(item.name ?? '');
  return {
    id: `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region}/skus/${name}`,
    type: SKU_TYPE,
    name,
    location: region,
    properties: keptSkuFields(item),
  };
}
