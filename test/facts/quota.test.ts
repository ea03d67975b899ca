import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

const S = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${S}/resourceGroups/rg-gpu`;

function enrich(resources: ArmResource[]): EvaluationItem[] {
  return enrichEstate(
    mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]),
  );
}
const byName = (items: EvaluationItem[], name: string) => items.find((item) => item.name === name)!;

function usage(family: string, currentValue: number, limit: number, location = 'eastus'): ArmResource {
  return { id: `${S}/providers/Microsoft.Compute/locations/${location}/usages/${family}`, name: family, type: 'Microsoft.Compute/locations/usages', location, properties: { currentValue, limit, name: { value: family }, unit: 'Count' } };
}

function scaleSet(name: string, size: string, capacity: number, location = 'eastus'): ArmResource {
  return { id: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`, name, type: 'Microsoft.Compute/virtualMachineScaleSets', location, sku: { name: size, capacity }, properties: {} };
}

function autoscaleSetting(target: string, maximums: string[], enabled = true): ArmResource {
  return {
    id: `${RG}/providers/microsoft.insights/autoscalesettings/autoscale-${target}`,
    name: `autoscale-${target}`,
    type: 'Microsoft.Insights/autoscaleSettings',
    properties: {
      enabled,
      targetResourceUri: `${RG.toUpperCase()}/providers/Microsoft.Compute/virtualMachineScaleSets/${target}`,
      profiles: maximums.map((maximum, index) => ({ name: `p${index}`, capacity: { minimum: '0', maximum, default: '1' } })),
    },
  };
}

describe('scale-out facts', () => {
  it('takes a scale set\'s maximum from its autoscale setting (highest profile), and checks family and regional quota', () => {
    const items = enrich([
      scaleSet('vmss-a10', 'Standard_NV36ads_A10_v5', 1),
      autoscaleSetting('vmss-a10', ['2', '4']),
      usage('StandardNVADSA10v5Family', 108, 360),
      usage('cores', 500, 600),
    ]);
    expect(byName(items, 'vmss-a10').facts.scaleOut).toEqual({
      location: 'eastus',
      autoscaleSetting: 'autoscale-vmss-a10',
      family: 'StandardNVADSA10v5Family',
      vCPUsPerNode: 36,
      currentCount: 1,
      maxCount: 4,
      additionalVcpus: 108,
      quotaFound: true,
      quotaRemaining: 252,
      regionalQuotaRemaining: 100,
      fits: true,
      fitsRegional: false,
    });
  });

  it('ignores a disabled autoscale setting', () => {
    const items = enrich([scaleSet('vmss-a10', 'Standard_NV36ads_A10_v5', 1), autoscaleSetting('vmss-a10', ['4'], false), usage('StandardNVADSA10v5Family', 108, 360)]);
    expect(byName(items, 'vmss-a10').facts.scaleOut).toBeUndefined();
  });

  it('leaves fits undefined when the family\'s usage in that region was not read', () => {
    const items = enrich([scaleSet('vmss-a10', 'Standard_NV36ads_A10_v5', 1, 'westeurope'), autoscaleSetting('vmss-a10', ['4']), usage('StandardNVADSA10v5Family', 108, 360, 'eastus')]);
    expect(byName(items, 'vmss-a10').facts.scaleOut).toMatchObject({ quotaFound: false, quotaRemaining: undefined, fits: undefined, fitsRegional: undefined });
  });

  it('never counts a pool already above its maximum as needing negative vCPUs', () => {
    const items = enrich([
      { id: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`, name: 'aks', type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { agentPoolProfiles: [{ name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', count: 5, enableAutoScaling: true, maxCount: 3 }] } },
      usage('StandardNCADSA100v4Family', 120, 120),
    ]);
    expect(byName(items, 'gpu').facts.scaleOut).toMatchObject({ additionalVcpus: 0, quotaRemaining: 0, fits: true });
  });
});

describe('a location that is not a string', () => {
  it.each([[42], [true], [['eastus']], [{ name: 'eastus' }]])('(%j) joins no quota, and the scale set and usage are still items', (location) => {
    const items = enrich([
      { ...usage('standardNCSv3Family', 12, 24), location } as unknown as ArmResource,
      { ...scaleSet('vmss', 'Standard_NC6s_v3', 1), location } as unknown as ArmResource,
      autoscaleSetting('vmss', ['8']),
    ]);
    expect(byName(items, 'vmss').location).toBeUndefined();
    expect(byName(items, 'vmss').facts.scaleOut).toMatchObject({ quotaFound: false });
  });
});
