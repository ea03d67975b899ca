import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

const S = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${S}/resourceGroups/rg-gpu`;

function enrich(resources: ArmResource[], scopes: object[] = []): EvaluationItem[] {
  return enrichEstate(mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes, coverage: [], resources }, 'test')]));
}
const byName = (items: EvaluationItem[], name: string) => items.find((item) => item.name === name)!;

describe('facts', () => {
  it('joins a VM and its NICs both ways, ids compared ignoring case', () => {
    const items = enrich([
      { id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`, name: 'vm1', type: 'Microsoft.Compute/virtualMachines', properties: { hardwareProfile: { vmSize: 'Standard_ND96isr_H100_v5' }, networkProfile: { networkInterfaces: [{ id: `${RG.toUpperCase()}/providers/Microsoft.Network/networkInterfaces/NIC1` }] } } },
      { id: `${RG}/providers/Microsoft.Network/networkInterfaces/nic1`, name: 'nic1', type: 'Microsoft.Network/networkInterfaces', properties: { enableAcceleratedNetworking: true } },
    ]);
    expect(byName(items, 'nic1').facts.vm).toMatchObject({ name: 'vm1', vmSize: 'Standard_ND96isr_H100_v5', gpu: { isGpu: true, gpuCount: 8 } });
    expect(byName(items, 'vm1').facts.networkInterfaces).toEqual([expect.objectContaining({ found: true, enableAcceleratedNetworking: true })]);
  });

  it('makes each AKS pool its own item, pointing at its element of agentPoolProfiles', () => {
    const items = enrich([
      {
        id: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`,
        name: 'aks',
        type: 'Microsoft.ContainerService/ManagedClusters',
        location: 'eastus',
        properties: { agentPoolProfiles: [{ name: 'system', vmSize: 'Standard_D4s_v5', mode: 'System' }, { name: 'gpu', vmSize: 'standard_nc24ads_a100_v4', mode: 'User' }] },
      },
    ]);
    const pool = byName(items, 'gpu');
    expect(pool).toMatchObject({ type: 'Microsoft.ContainerService/managedClusters/agentPools', id: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/gpu`, location: 'eastus' });
    expect(pool.origin.path).toEqual(['resources', 0, 'properties', 'agentPoolProfiles', 1]);
    expect(pool.facts).toMatchObject({ gpu: { isGpu: true }, cluster: { name: 'aks', hasUserPools: true, hasGpuPool: true } });
    expect(byName(items, 'aks').facts).toMatchObject({ hasGpuPool: true, gpuPools: ['gpu'], isGpuResource: true });
  });

  it('resolves role assignments: role by GUID, GPU scope up to the management group, inherited assignments per resource', () => {
    const owner = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';
    const mg = '/providers/Microsoft.Management/managementGroups/ai';
    const items = enrich(
      [
        { id: `${RG}/providers/Microsoft.Compute/virtualMachines/vm1`, name: 'vm1', type: 'Microsoft.Compute/virtualMachines', properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } } },
        { id: `/providers/Microsoft.Authorization/roleDefinitions/${owner}`, name: owner, type: 'Microsoft.Authorization/roleDefinitions', properties: { roleName: 'Owner', type: 'BuiltInRole', permissions: [{ actions: ['*'] }] } },
        { id: `${RG}/providers/Microsoft.Authorization/roleAssignments/ra-rg`, name: 'ra-rg', type: 'Microsoft.Authorization/roleAssignments', properties: { scope: RG, roleDefinitionId: `${S}/providers/Microsoft.Authorization/roleDefinitions/${owner}`, principalType: 'User' } },
        { id: `${mg}/providers/Microsoft.Authorization/roleAssignments/ra-mg`, name: 'ra-mg', type: 'Microsoft.Authorization/roleAssignments', properties: { scope: mg, roleDefinitionId: `/providers/Microsoft.Authorization/roleDefinitions/${owner}`, principalType: 'Group' } },
        { id: `${S}/resourceGroups/rg-cpu/providers/Microsoft.Authorization/roleAssignments/ra-cpu`, name: 'ra-cpu', type: 'Microsoft.Authorization/roleAssignments', properties: { scope: `${S}/resourceGroups/rg-cpu`, roleDefinitionId: `${S}/providers/Microsoft.Authorization/roleDefinitions/${owner}` } },
      ],
      [{ subscriptionId: '11111111-1111-1111-1111-111111111111', managementGroupAncestors: [mg] }],
    );
    expect(byName(items, 'ra-rg').facts).toMatchObject({ roleDefinition: { found: true, roleName: 'Owner', actions: ['*'] }, scope: { kind: 'resourceGroup', isGpuScope: true } });
    expect(byName(items, 'ra-mg').facts.scope).toMatchObject({ kind: 'managementGroup', isGpuScope: true });
    expect(byName(items, 'ra-cpu').facts.scope).toMatchObject({ kind: 'resourceGroup', isGpuScope: false });
    expect(byName(items, 'vm1').facts.roleAssignments).toEqual([
      expect.objectContaining({ id: expect.stringContaining('ra-rg'), inherited: true, roleName: 'Owner' }),
      expect.objectContaining({ id: expect.stringContaining('ra-mg'), inherited: true }),
    ]);
  });

  it('computes quota utilisation and whether an autoscaling pool fits in what is left, families matched ignoring case and spaces', () => {
    const items = enrich([
      { id: `${S}/providers/Microsoft.Compute/locations/eastus/usages/StandardNCADSA100v4Family`, name: 'StandardNCADSA100v4Family', type: 'Microsoft.Compute/locations/usages', location: 'eastus', properties: { currentValue: 96, limit: 120, name: { value: 'standardNCADSA100v4Family' }, unit: 'Count' } },
      {
        id: `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`,
        name: 'aks',
        type: 'Microsoft.ContainerService/managedClusters',
        location: 'East US',
        properties: { agentPoolProfiles: [{ name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', count: 2, enableAutoScaling: true, maxCount: 4 }] },
      },
    ]);
    expect(byName(items, 'StandardNCADSA100v4Family').facts.quota).toEqual({ family: 'standardNCADSA100v4Family', isGpuFamily: true, currentValue: 96, limit: 120, remaining: 24, utilisationPercent: 80 });
    expect(byName(items, 'gpu').facts.scaleOut).toEqual({ location: 'East US', family: 'StandardNCADSA100v4Family', vCPUsPerNode: 24, currentCount: 2, maxCount: 4, additionalVcpus: 48, quotaFound: true, quotaRemaining: 24, fits: false });
  });

  it('reads identity.type in any spacing and case', () => {
    const items = enrich([{ id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/ws`, name: 'ws', type: 'Microsoft.MachineLearningServices/workspaces', identity: { type: 'systemassigned,UserAssigned', userAssignedIdentities: { a: {}, b: {} } } }]);
    expect(byName(items, 'ws').facts.identity).toEqual({ kinds: ['SystemAssigned', 'UserAssigned'], systemAssigned: true, userAssigned: true, userAssignedCount: 2, managed: true });
  });
});
