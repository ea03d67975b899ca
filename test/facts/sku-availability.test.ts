import type { ArmResource, Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { skuClassificationWarnings } from '../../src/facts/sku-availability.js';
import { scan } from '../../src/scan.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Resource SKUs are shaped like the published example (Azure/azure-rest-api-specs
 * specification/compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/examples/skus/
 * ListAvailableResourceSkusForARegion.json @ dd68c545b43b91166baa3345006f29c301e8984b), as a
 * snapshot keeps them; restrictions as Azure writes them: a Zone restriction as the AKS
 * AvailabilityZoneNotSupported article quotes it (MicrosoftDocs/SupportArticles-docs
 * support/azure/azure-kubernetes/error-codes/availabilityzonenotsupported-error.md
 * @ 1031e58fbe5e17bc9e28bc0e2eb551563929bff4), a Location restriction as the Azure CLI reads it
 * (Azure/azure-cli src/azure-cli/azure/cli/command_modules/vm/_vm_utils.py
 * @ 0088c878b2ee9514b99eda3da2912257494cb3ee, is_sku_available).
 */

const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const S = `/subscriptions/${SUBSCRIPTION}`;
const RG = `${S}/resourceGroups/rg-gpu`;
const CLUSTER = `${S}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`;

interface SkuOptions {
  zones?: string[];
  restrictions?: unknown[];
  gpus?: number;
  vCPUs?: number;
  family?: string;
}

function sku(region: string, name: string, options: SkuOptions = {}): ArmResource {
  const vCPUs = String(options.vCPUs ?? 24);
  return {
    id: `${S}/providers/Microsoft.Compute/locations/${region}/skus/${name}`,
    type: 'Microsoft.Compute/locations/skus',
    name,
    location: region,
    properties: {
      resourceType: 'virtualMachines',
      locations: [region],
      capabilities: [
        { name: 'vCPUs', value: vCPUs },
        { name: 'vCPUsAvailable', value: vCPUs },
        ...(options.gpus !== undefined ? [{ name: 'GPUs', value: String(options.gpus) }] : []),
      ],
      locationInfo: [{ location: region, zones: options.zones ?? ['1', '2', '3'] }],
      name,
      family: options.family ?? 'StandardNCADSA100v4Family',
      restrictions: options.restrictions ?? [],
    },
  };
}

const locationRestriction = (region: string, reasonCode = 'NotAvailableForSubscription') => ({ type: 'Location', values: [region], restrictionInfo: { locations: [region] }, reasonCode });
const zoneRestriction = (region: string, zones: string[]) => ({ type: 'Zone', values: [region], restrictionInfo: { locations: [region], zones }, reasonCode: 'NotAvailableForSubscription' });

function vm(name: string, size: string, location = 'eastus', zones?: string[]): ArmResource {
  return { id: `${RG}/providers/Microsoft.Compute/virtualMachines/${name}`, name, type: 'Microsoft.Compute/virtualMachines', location, ...(zones ? { zones } : {}), properties: { hardwareProfile: { vmSize: size } } };
}

function estateOf(resources: ArmResource[]): Estate {
  return mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]);
}
const enrich = (resources: ArmResource[]): EvaluationItem[] => enrichEstate(estateOf(resources));
const byName = (items: EvaluationItem[], name: string) => items.find((item) => item.name === name)!;

describe('facts.skuAvailability: can this GPU size run here at all', () => {
  it('is available where the region lists the size unrestricted, and names the zones that offer it', () => {
    const items = enrich([vm('vm1', 'Standard_NC24ads_A100_v4', 'eastus', ['2']), sku('eastus', 'Standard_NC24ads_A100_v4', { zones: ['3', '1', '2'], restrictions: [zoneRestriction('eastus', ['3'])] })]);
    expect(byName(items, 'vm1').facts.skuAvailability).toEqual({
      at: ['properties', 'hardwareProfile', 'vmSize'],
      size: 'Standard_NC24ads_A100_v4',
      region: 'eastus',
      listed: true,
      restrictedInRegion: false,
      restrictionReasons: [],
      availableInRegion: true,
      zonal: { at: ['zones'], zones: ['2'], offered: ['1', '2'], missing: [], restricted: [] },
    });
  });

  it('is not available where a Location restriction names the region, whatever its reason code', () => {
    for (const reasonCode of ['NotAvailableForSubscription', 'QuotaId']) {
      const items = enrich([vm('vm1', 'Standard_NC24ads_A100_v4'), sku('eastus', 'Standard_NC24ads_A100_v4', { restrictions: [locationRestriction('eastus', reasonCode)] })]);
      expect(byName(items, 'vm1').facts.skuAvailability).toMatchObject({
        listed: true,
        restrictedInRegion: true,
        restrictionReasons: [reasonCode],
        availableInRegion: false,
        problem: `is restricted for this subscription in eastus (${reasonCode})`,
      });
    }
  });

  it('reads a restriction that names no region as one on the region listed (the list was asked for that region alone), and ignores one naming another region', () => {
    const unnamed = enrich([vm('vm1', 'Standard_NC24ads_A100_v4'), sku('eastus', 'Standard_NC24ads_A100_v4', { restrictions: [{ type: 'Location', reasonCode: 'NotAvailableForSubscription' }] })]);
    expect(byName(unnamed, 'vm1').facts.skuAvailability?.availableInRegion).toBe(false);
    const elsewhere = enrich([vm('vm1', 'Standard_NC24ads_A100_v4'), sku('eastus', 'Standard_NC24ads_A100_v4', { restrictions: [locationRestriction('westus')] })]);
    expect(byName(elsewhere, 'vm1').facts.skuAvailability?.availableInRegion).toBe(true);
  });

  it('is not available where the region does not list the size, and says so', () => {
    const items = enrich([vm('vm1', 'Standard_ND96isr_H100_v5', 'eastus', ['1']), sku('eastus', 'Standard_NC24ads_A100_v4')]);
    expect(byName(items, 'vm1').facts.skuAvailability).toMatchObject({
      listed: false,
      availableInRegion: false,
      problem: "is not offered in eastus: the region's resource SKUs do not list it",
      zonal: { zones: ['1'], offered: [], missing: ['1'], restricted: [] },
    });
  });

  it('tells zones restricted for the subscription from zones the region does not offer the size in', () => {
    const items = enrich([
      {
        id: CLUSTER,
        name: 'aks',
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'swedencentral',
        properties: { agentPoolProfiles: [{ name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', availabilityZones: ['1', '2', '3'], mode: 'User' }] },
      },
      sku('swedencentral', 'Standard_NC24ads_A100_v4', { zones: ['1', '2'], restrictions: [zoneRestriction('swedencentral', ['2'])] }),
    ]);
    expect(byName(items, 'gpu').facts.skuAvailability?.zonal).toEqual({
      at: ['availabilityZones'],
      zones: ['1', '2', '3'],
      offered: ['1'],
      missing: ['2', '3'],
      restricted: ['2'],
      problem: 'restricted for this subscription in zone(s) 2 (NotAvailableForSubscription); not offered in zone(s) 3',
    });
  });

  it('takes a pool read through the agentPools API to its cluster\'s region, an ML compute to its computeLocation, and a region written "East US" as eastus', () => {
    const items = enrich([
      { id: CLUSTER, name: 'aks', type: 'Microsoft.ContainerService/managedClusters', location: 'East US', properties: {} },
      { id: `${CLUSTER}/agentPools/gpu`, name: 'gpu', type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { vmSize: 'Standard_NC24ads_A100_v4', mode: 'User' } },
      {
        id: `${S}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/gpu-a100`,
        name: 'gpu-a100',
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: 'westeurope',
        properties: { computeType: 'AmlCompute', computeLocation: 'swedencentral', properties: { vmSize: 'STANDARD_NC24ADS_A100_V4' } },
      },
      sku('eastus', 'Standard_NC24ads_A100_v4', { restrictions: [locationRestriction('eastus')] }),
      sku('swedencentral', 'Standard_NC24ads_A100_v4'),
    ]);
    expect(byName(items, 'gpu').facts.skuAvailability).toMatchObject({ region: 'eastus', availableInRegion: false, at: ['vmSize'] });
    const compute = byName(items, 'gpu-a100').facts.skuAvailability;
    expect(compute).toMatchObject({ region: 'swedencentral', size: 'STANDARD_NC24ADS_A100_V4', listed: true, availableInRegion: true, at: ['properties', 'properties', 'vmSize'] });
    expect(compute).not.toHaveProperty('zonal');
  });

  it('is not set on CPU compute, nor where the region\'s resource SKUs are not in the estate (never read, or a snapshot from before aiscan read them)', () => {
    const items = enrich([vm('cpu', 'Standard_D4s_v5'), vm('elsewhere', 'Standard_NC24ads_A100_v4', 'westeurope'), sku('eastus', 'Standard_NC24ads_A100_v4')]);
    expect(byName(items, 'cpu').facts.skuAvailability).toBeUndefined();
    expect(byName(items, 'elsewhere').facts.skuAvailability).toBeUndefined();
    expect(byName(enrich([vm('vm1', 'Standard_NC24ads_A100_v4')]), 'vm1').facts.skuAvailability).toBeUndefined();
  });

  it('joins resources of the same subscription only', () => {
    const other = { ...sku('eastus', 'Standard_NC24ads_A100_v4'), id: '/subscriptions/22222222-2222-2222-2222-222222222222/providers/Microsoft.Compute/locations/eastus/skus/Standard_NC24ads_A100_v4' };
    expect(byName(enrich([vm('vm1', 'Standard_NC24ads_A100_v4'), other]), 'vm1').facts.skuAvailability).toBeUndefined();
  });
});

describe('the GPU size catalogue learns from resource SKUs', () => {
  // A made-up size of a future series: no catalogue entry, no series pattern, and its N-series letter (X) says nothing.
  const FUTURE = 'Standard_NX48ads_Z900_v9';
  const futureSku = (gpus: number) => sku('eastus', FUTURE, { gpus, vCPUs: 48, family: 'StandardNXadsZ900v9Family' });

  it('classifies a size it does not know as GPU when the size\'s SKU reports GPUs, with the SKU\'s counts and family', () => {
    expect(byName(enrich([vm('vm-future', FUTURE)]), 'vm-future').facts.gpu).toMatchObject({ size: FUTURE, known: false, isGpu: false, accelerator: 'none' });
    const items = enrich([vm('vm-future', FUTURE, 'eastus', ['1']), futureSku(4)]);
    expect(byName(items, 'vm-future').facts.gpu).toEqual({
      size: FUTURE,
      known: false,
      isGpu: true,
      accelerator: 'gpu',
      family: 'StandardNXadsZ900v9Family',
      gpuCount: 4,
      vCPUs: 48,
      acceleratedNetworking: null,
      fromSku: true,
    });
    expect(byName(items, 'vm-future').facts.isGpuResource).toBe(true);
    // And, a GPU size now, it is checked against the region's SKUs like any other.
    expect(byName(items, 'vm-future').facts.skuAvailability).toMatchObject({ listed: true, availableInRegion: true });
  });

  it('learns the size from its SKU in any region of the estate, and leaves it alone when the SKU reports no GPUs', () => {
    expect(byName(enrich([vm('vm-future', FUTURE, 'westeurope'), futureSku(8)]), 'vm-future').facts.gpu).toMatchObject({ isGpu: true, gpuCount: 8 });
    expect(byName(enrich([vm('vm-future', FUTURE), futureSku(0)]), 'vm-future').facts.gpu).toMatchObject({ isGpu: false, accelerator: 'none' });
  });

  it('keeps the catalogue\'s word for a size it lists or whose series it knows, and for an FPGA size', () => {
    const items = enrich([
      vm('listed', 'Standard_NC24ads_A100_v4'),
      vm('series', 'Standard_NC320ads_A100_v4'),
      vm('fpga', 'Standard_NP10s'),
      sku('eastus', 'Standard_NC24ads_A100_v4', { gpus: 7 }),
      sku('eastus', 'Standard_NC320ads_A100_v4', { gpus: 13 }),
      sku('eastus', 'Standard_NP10s', { gpus: 1 }),
    ]);
    expect(byName(items, 'listed').facts.gpu).toMatchObject({ known: true, gpuCount: 1 });
    expect(byName(items, 'listed').facts.gpu).not.toHaveProperty('fromSku');
    expect(byName(items, 'series').facts.gpu).toMatchObject({ known: false, series: 'NC_A100_v4' });
    expect(byName(items, 'series').facts.gpu).not.toHaveProperty('fromSku');
    expect(byName(items, 'fpga').facts.gpu).toMatchObject({ isGpu: false, accelerator: 'fpga' });
  });

  it('shows the size, family and resource names quoted and escaped: a response or a resource name cannot forge a line or move the cursor', () => {
    const hostile = 'Standard_NX8\n\u001b[2Kaiscan: all clear';
    const items = enrich([vm('vm\r\u001b]0;x\u0007', hostile), sku('eastus', hostile, { gpus: 1, family: 'Fam\u202eily' })]);
    const [warning] = skuClassificationWarnings(items);
    expect(warning).toContain('"Standard_NX8\\u000a\\u001b[2Kaiscan: all clear"');
    expect(warning).toContain('"vm\\u000d\\u001b]0;x\\u0007"');
    expect(warning).toContain('"Fam\\u202eily"');
    expect(warning).not.toMatch(/[^\x20-\x7e]/);
  });

  const tmp = useTempDir('aiscan-sku-');

  it('warns once per size, naming it and the catalogue to update', () => {
    const document = { format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources: [vm('vm-future-1', FUTURE), vm('vm-future-2', FUTURE.toLowerCase()), futureSku(4)] };
    const result = scan({ snapshots: [tmp.write('estate.json', `${JSON.stringify(document, null, 2)}\n`)] });
    const warnings = result.warnings.filter((warning) => warning.includes('catalogue'));
    expect(warnings).toEqual([
      `VM size "${FUTURE}" ("vm-future-1", "vm-future-2") is not in aiscan's GPU size catalogue (src/facts/gpu-vm-sizes.json), but its resource SKU reports 4 GPU(s) in quota family "StandardNXadsZ900v9Family": it is treated as a GPU size; add it to the catalogue so that scans without its SKU classify it too`,
    ]);
    // The GPU rules apply to it: both VMs are checked against the region's SKUs.
    expect(result.counts['AIS-CAP-001']).toMatchObject({ pass: 2, fail: 0 });
  });
});
