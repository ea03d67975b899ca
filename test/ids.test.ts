import { enclosingScopeKeys, equalsIgnoringCase, foldCase, idKey, parseResourceId, typeKey, typeOfId } from '../src/ids.js';

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

  it('parse a resource named like a keyword as a name, not a keyword', () => {
    expect(parseResourceId('/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/providers')).toEqual({
      subscriptionId: 's1',
      resourceGroup: 'rg',
      type: 'Microsoft.Compute/virtualMachines',
      name: 'providers',
    });
  });
});

/**
 * JavaScript's toLowerCase() folds some non-ASCII letters onto ASCII ones; ARM compares ids
 * ignoring ASCII case only, so a resource in `rg-\u212Aube` (Kelvin sign) is not the one in `rg-kube`.
 */
describe('case folding: ASCII only, as ARM does', () => {
  const LOOKALIKES: [string, string, string][] = [
    ['Kelvin sign U+212A', '\u212A', 'k'],
    ['Angstrom sign U+212B', '\u212B', '\u00e5'],
    ['Ohm sign U+2126', '\u2126', '\u03c9'],
    ['long s U+017F', '\u017F', 's'],
    ['dotless i U+0131', '\u0131', 'i'],
    ['capital I with dot U+0130', '\u0130', 'i'],
  ];

  it.each(LOOKALIKES)('keeps ids with the %s apart from ids with the letter it resembles', (_, lookalike, letter) => {
    const id = (group: string) => `/subscriptions/s1/resourceGroups/${group}/providers/Microsoft.Compute/virtualMachines/vm1`;
    expect(idKey(id(`rg-${lookalike}ube`))).not.toBe(idKey(id(`rg-${letter}ube`)));
    expect(equalsIgnoringCase(`rg-${lookalike}ube`, `rg-${letter}ube`)).toBe(false);
    expect(equalsIgnoringCase(`rg-${lookalike}ube`, `RG-${lookalike}UBE`)).toBe(true);
  });

  it.each(LOOKALIKES)('keeps types with the %s apart from the type it resembles', (_, lookalike, letter) => {
    expect(typeKey(`Microsoft.Compute/${lookalike}inds`)).not.toBe(typeKey(`Microsoft.Compute/${letter}inds`));
  });

  it('folds A–Z and nothing else, in ASCII and in mixed text alike', () => {
    expect(foldCase('/SUBSCRIPTIONS/AbC')).toBe('/subscriptions/abc');
    expect(foldCase('RG-\u212AUBE-\u00C9T\u00C9')).toBe('rg-\u212Aube-\u00C9t\u00C9');
  });
});

describe('the type an id names, read strictly', () => {
  it.each([
    ['/subscriptions/s1', 'Microsoft.Resources/subscriptions'],
    ['/subscriptions/s1/resourceGroups/rg/', 'Microsoft.Resources/resourceGroups'],
    ['/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/providers', 'Microsoft.Compute/virtualMachines'],
    ['/subscriptions/s1/providers/Microsoft.Compute/locations/eastus/usages/cores', 'Microsoft.Compute/locations/usages'],
    ['/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments/ra', 'Microsoft.Authorization/roleAssignments'],
    ['/providers/Microsoft.Authorization/roleDefinitions/8e3af657', 'Microsoft.Authorization/roleDefinitions'],
  ])('%s → %s', (id, type) => {
    expect(typeOfId(id)).toEqual({ type });
  });

  it.each([
    ['a type segment without a name', '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines', /no name after it/],
    ['a provider without a type', '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute', /followed by no resource type/],
    ['a segment where a keyword belongs', '/subscriptions/s1/oops/rg', /"oops" stands where "providers"/],
    ['an empty segment', '/subscriptions/s1//resourceGroups/rg', /empty segment/],
    ['no leading slash', 'subscriptions/s1', /does not start with \//],
    ['nothing at all', '/', /names no resource type/],
  ])('says what is wrong with an id with %s', (_, id, problem) => {
    expect(typeOfId(id).problem).toMatch(problem);
  });
});

