import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

const RG = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-gpu';

function enrich(resources: ArmResource[]): EvaluationItem[] {
  return enrichEstate(
    mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]),
  );
}

describe('network facts', () => {
  it('names the public IPs attached to a NIC\'s IP configurations, ignoring null references', () => {
    const [nic] = enrich([
      {
        id: `${RG}/providers/Microsoft.Network/networkInterfaces/nic1`,
        name: 'nic1',
        type: 'Microsoft.Network/networkInterfaces',
        properties: {
          ipConfigurations: [
            { name: 'ipconfig1', properties: { publicIPAddress: { id: `${RG}/providers/Microsoft.Network/publicIPAddresses/pip-1` } } },
            { name: 'ipconfig2', properties: { publicIPAddress: null } },
            { name: 'ipconfig3', properties: { PublicIpAddress: { id: `${RG}/providers/Microsoft.Network/publicIPAddresses/pip-3` } } },
          ],
        },
      },
    ]);
    expect(nic.facts.publicIpAddresses).toEqual(['pip-1', 'pip-3']);
  });

  it('summarises a scale set\'s NIC configurations by name', () => {
    const [vmss] = enrich([
      {
        id: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1`,
        name: 'vmss1',
        type: 'Microsoft.Compute/virtualMachineScaleSets',
        sku: { name: 'Standard_NC24ads_A100_v4', capacity: 2 },
        properties: {
          virtualMachineProfile: {
            networkProfile: {
              networkInterfaceConfigurations: [
                { name: 'nic-primary', properties: { enableAcceleratedNetworking: true, ipConfigurations: [{ name: 'ip', properties: { publicIPAddressConfiguration: { name: 'pip', properties: {} } } }] } },
                { name: 'nic-storage', properties: { enableAcceleratedNetworking: false, ipConfigurations: [{ name: 'ip', properties: {} }] } },
                { properties: { ipConfigurations: [] } },
              ],
            },
          },
        },
      },
    ]);
    expect(vmss.facts.nicConfigurations).toEqual({ names: ['nic-primary', 'nic-storage', '#2'], withoutAcceleratedNetworking: ['nic-storage', '#2'], withPublicIpAddress: ['nic-primary'] });
  });

  it('gives a Flexible scale set without a VM profile an empty summary', () => {
    const [vmss] = enrich([{ id: `${RG}/providers/Microsoft.Compute/virtualMachineScaleSets/flex`, name: 'flex', type: 'Microsoft.Compute/virtualMachineScaleSets', properties: { orchestrationMode: 'Flexible' } }]);
    expect(vmss.facts.nicConfigurations).toEqual({ names: [], withoutAcceleratedNetworking: [], withPublicIpAddress: [] });
  });
});
