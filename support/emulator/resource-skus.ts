/**
 * The Resource SKUs list (`GET /subscriptions/{id}/providers/Microsoft.Compute/skus`), as the
 * emulator answers it. Azure lists every size of every compute resource type of a region, and
 * aiscan's snapshots keep only the GPU virtual-machine sizes; so the emulator answers each region
 * with the SKUs its estate holds there (the `properties` of its `Microsoft.Compute/locations/skus`
 * resources) and, first, the two sizes of the published example, moved to that region: the
 * collector must leave those out.
 *
 * Source: Azure/azure-rest-api-specs
 * specification/compute/resource-manager/Microsoft.Compute/Skus/stable/2021-07-01/examples/skus/ListAvailableResourceSkusForARegion.json
 * @ dd68c545b43b91166baa3345006f29c301e8984b (response 200, `$filter=location eq 'westus'`).
 */

const capabilities = (pairs: [string, string][]) => pairs.map(([name, value]) => ({ name, value }));

/** The example's two sizes, Standard_A0 and Standard_A1, in `region`, field for field. */
export function publishedExampleSkus(region: string): Record<string, unknown>[] {
  const common = (maxResourceVolumeMB: string, memoryGB: string, maxDataDiskCount: string, lowPriorityCapable: string, acus: string) =>
    capabilities([
      ['MaxResourceVolumeMB', maxResourceVolumeMB],
      ['OSVhdSizeMB', '1047552'],
      ['vCPUs', '1'],
      ['HyperVGenerations', 'V1'],
      ['MemoryGB', memoryGB],
      ['MaxDataDiskCount', maxDataDiskCount],
      ['LowPriorityCapable', lowPriorityCapable],
      ['PremiumIO', 'False'],
      ['vCPUsAvailable', '1'],
      ['ACUs', acus],
      ['vCPUsPerCore', '1'],
      ['EphemeralOSDiskSupported', 'False'],
      ['AcceleratedNetworkingEnabled', 'False'],
      ['RdmaEnabled', 'False'],
      ['MaxNetworkInterfaces', '2'],
    ]);
  return [
    {
      resourceType: 'virtualMachines',
      locations: [region],
      capabilities: common('20480', '0.75', '1', 'False', '50'),
      locationInfo: [{ location: region, zones: ['2', '1'], zoneDetails: [{ name: ['2'], capabilities: capabilities([['UltraSSDAvailable', 'True']]) }] }],
      name: 'Standard_A0',
      tier: 'Standard',
      size: 'A0',
      family: 'standardA0_A7Family',
    },
    {
      resourceType: 'virtualMachines',
      locations: [region],
      capabilities: common('71680', '1.75', '2', 'True', '100'),
      locationInfo: [{ location: region, zones: ['1', '2', '3'] }],
      name: 'Standard_A1',
      tier: 'Standard',
      size: 'A1',
      family: 'standardA0_A7Family',
    },
  ];
}

/** The region a `$filter` names (`location eq 'eastus'`, any case and spacing), or undefined for no filter. */
export function filteredRegion(filter: string | null | undefined): string | undefined {
  if (filter === null || filter === undefined || filter.trim() === '') return undefined;
  const match = /^\s*location\s+eq\s+'([^']*)'\s*$/i.exec(filter);
  if (!match) throw new Error(`unsupported $filter ${JSON.stringify(filter)}: only location is supported`);
  return match[1].toLowerCase();
}
