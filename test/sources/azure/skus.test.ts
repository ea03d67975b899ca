import { readFileSync } from 'node:fs';
import { isGpuVirtualMachineSku, keptSkuFields, regionFilter, skuResource } from '../../../src/sources/azure/skus.js';
import { publishedExampleSkus } from '../../../support/emulator/resource-skus.js';

/**
 * A GPU size as the Resource SKUs list returns it: the published example's shape
 * (ListAvailableResourceSkusForARegion.json, see support/emulator/resource-skus.ts), with a GPU
 * size's name, family and capabilities, an extended location and a Zone restriction.
 */
const A100 = {
  resourceType: 'virtualMachines',
  locations: ['eastus'],
  capabilities: [
    { name: 'MaxResourceVolumeMB', value: '65536' },
    { name: 'OSVhdSizeMB', value: '1047552' },
    { name: 'vCPUs', value: '24' },
    { name: 'HyperVGenerations', value: 'V2' },
    { name: 'MemoryGB', value: '220' },
    { name: 'MaxDataDiskCount', value: '8' },
    { name: 'LowPriorityCapable', value: 'True' },
    { name: 'PremiumIO', value: 'True' },
    { name: 'vCPUsAvailable', value: '24' },
    { name: 'GPUs', value: '1' },
    { name: 'ACUs', value: '100' },
    { name: 'vCPUsPerCore', value: '1' },
    { name: 'AcceleratedNetworkingEnabled', value: 'True' },
    { name: 'MaxNetworkInterfaces', value: '2' },
  ],
  locationInfo: [
    { location: 'eastus', zones: ['2', '3', '1'], zoneDetails: [{ name: ['2'], capabilities: [{ name: 'UltraSSDAvailable', value: 'True' }] }] },
    { location: 'eastus', extendedLocations: ['Las Vegas'], type: 'EdgeZone' },
  ],
  name: 'Standard_NC24ads_A100_v4',
  tier: 'Standard',
  size: 'NC24ads_A100_v4',
  family: 'StandardNCADSA100v4Family',
  restrictions: [{ type: 'Zone', values: ['eastus'], restrictionInfo: { locations: ['eastus'], zones: ['3'] }, reasonCode: 'NotAvailableForSubscription' }],
};

describe('resource SKUs in a snapshot', () => {
  it('keeps GPU virtual-machine sizes only: an N-series name or a GPUs capability, never another resource type', () => {
    expect(publishedExampleSkus('eastus').filter(isGpuVirtualMachineSku)).toEqual([]);
    expect(isGpuVirtualMachineSku(A100)).toBe(true);
    // A GPU size named outside the N-series, known by its capability.
    expect(isGpuVirtualMachineSku({ ...A100, name: 'Standard_G8gpu_v9' })).toBe(true);
    expect(isGpuVirtualMachineSku({ ...A100, name: 'Standard_G8_v9', capabilities: [{ name: 'GPUs', value: '0' }] })).toBe(false);
    // The SKU API reports no GPUs for several real GPU sizes (src/facts/gpu-sizes.ts): the name keeps them.
    expect(isGpuVirtualMachineSku({ ...A100, name: 'Standard_ND128isr_NDR_GB200_v6', capabilities: [] })).toBe(true);
    expect(isGpuVirtualMachineSku({ ...A100, resourceType: 'disks', name: 'Standard_NC_disk' })).toBe(false);
    expect(isGpuVirtualMachineSku({ ...A100, name: undefined })).toBe(false);
  });

  it('keeps every size and series of aiscan\'s GPU catalogue (the facts decide which are GPU sizes; the source never reads the catalogue)', () => {
    const catalogue = JSON.parse(readFileSync('src/facts/gpu-vm-sizes.json', 'utf8')) as { sizes: { name: string }[]; series: { pattern: string }[] };
    for (const { name } of catalogue.sizes) expect([name, isGpuVirtualMachineSku({ resourceType: 'virtualMachines', name })]).toEqual([name, true]);
    for (const { pattern } of catalogue.series) expect(pattern).toMatch(/^\^Standard_N/);
  });

  it('keeps of a SKU what the rules read, in the order Azure sent it: no zone details, edge zones, costs or other capabilities', () => {
    expect(keptSkuFields(A100)).toStrictEqual({
      resourceType: 'virtualMachines',
      locations: ['eastus'],
      capabilities: [
        { name: 'vCPUs', value: '24' },
        { name: 'vCPUsAvailable', value: '24' },
        { name: 'GPUs', value: '1' },
      ],
      locationInfo: [{ location: 'eastus', zones: ['2', '3', '1'] }],
      name: 'Standard_NC24ads_A100_v4',
      family: 'StandardNCADSA100v4Family',
      restrictions: A100.restrictions,
    });
  });

  it('gives a SKU a synthetic id per region, like compute usages', () => {
    expect(skuResource('s-1', 'eastus', A100)).toMatchObject({
      id: '/subscriptions/s-1/providers/Microsoft.Compute/locations/eastus/skus/Standard_NC24ads_A100_v4',
      type: 'Microsoft.Compute/locations/skus',
      name: 'Standard_NC24ads_A100_v4',
      location: 'eastus',
    });
  });

  it('filters on a region name only: a location that is not one never reaches the OData filter', () => {
    expect(regionFilter('eastus')).toBe("location eq 'eastus'");
    expect(regionFilter('usgovvirginia')).toBe("location eq 'usgovvirginia'");
    for (const location of ["eastus' or name eq 'x", 'east us', '', 'a/b']) expect(() => regionFilter(location)).toThrow(/is not an Azure region name/);
  });
});
