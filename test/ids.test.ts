import { enclosingScopeKeys, idKey, parseResourceId } from '../src/ids.js';

describe('Azure resource ids', () => {
  it('compare ignoring case and a trailing slash', () => {
    expect(idKey('/subscriptions/ABC/resourceGroups/RG/')).toBe(idKey('/subscriptions/abc/resourcegroups/rg'));
  });

  it.each([
    ['/subscriptions/s1', { subscriptionId: 's1', type: 'Microsoft.Resources/subscriptions', name: 's1' }],
    ['/subscriptions/s1/resourceGroups/rg', { subscriptionId: 's1', resourceGroup: 'rg', type: 'Microsoft.Resources/resourceGroups', name: 'rg' }],
    [
      '/subscriptions/s1/resourcegroups/rg/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/gpu',
      { subscriptionId: 's1', resourceGroup: 'rg', type: 'Microsoft.ContainerService/managedClusters/agentPools', name: 'gpu' },
    ],
    [
      '/subscriptions/s1/providers/Microsoft.Compute/locations/eastus/usages/standardNCSv3Family',
      { subscriptionId: 's1', type: 'Microsoft.Compute/locations/usages', name: 'standardNCSv3Family' },
    ],
    [
      '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm/providers/Microsoft.Authorization/roleAssignments/ra',
      { subscriptionId: 's1', resourceGroup: 'rg', type: 'Microsoft.Authorization/roleAssignments', name: 'ra' },
    ],
    ['/providers/Microsoft.Management/managementGroups/mg1', { managementGroup: 'mg1', type: 'Microsoft.Management/managementGroups', name: 'mg1' }],
    ['/providers/Microsoft.Authorization/roleDefinitions/8e3af657', { type: 'Microsoft.Authorization/roleDefinitions', name: '8e3af657' }],
  ])('parses %s', (id, expected) => {
    expect(parseResourceId(id)).toEqual(expected);
  });

  it('lists the scopes a role assignment can apply from: the resource, its parents, group, subscription', () => {
    expect(enclosingScopeKeys('/subscriptions/S1/resourceGroups/RG/providers/Microsoft.MachineLearningServices/workspaces/ws/computes/gpu')).toEqual([
      '/subscriptions/s1/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws/computes/gpu',
      '/subscriptions/s1/resourcegroups/rg/providers/microsoft.machinelearningservices/workspaces/ws',
      '/subscriptions/s1/resourcegroups/rg',
      '/subscriptions/s1',
    ]);
    expect(enclosingScopeKeys('/subscriptions/S1')).toEqual(['/subscriptions/s1']);
  });
});
