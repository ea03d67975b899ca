import { isUnknown } from '../../../../src/sources/arm-template/expressions/values.js';
import { failure, RESOURCE_GROUP, run, SUBSCRIPTION_ID } from './fixture.js';

// Examples from template-functions-deployment.md, template-functions-scope.md and
// template-functions-resource.md (MicrosoftDocs/azure-docs) with their sample templates' inputs
// (Azure/azure-docs-json-samples, functions/deployment, functions/resource), and ids computed by
// ARM's template engine in Bicep's tests (Azure/bicep EvaluationTests.cs,
// ResourceId_expressions_are_evaluated_successfully).

const RG_ID = `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/${RESOURCE_GROUP}`;

describe('parameters, variables, deployment, environment', () => {
  it('read what the context holds, names ignoring case (parameters.json, variables.json)', () => {
    const parameters = { stringParameter: 'option 1', intParameter: 1, objectParameter: { one: 'a', two: 'b' }, arrayParameter: [1, 2, 3] };
    expect(run("[parameters('stringParameter')]", { parameters })).toBe('option 1');
    expect(run("[parameters('INTPARAMETER')]", { parameters })).toBe(1);
    expect(run("[parameters('objectParameter')]", { parameters })).toEqual({ one: 'a', two: 'b' });
    expect(run("[variables('var2')]", { variables: { var1: 'myVariable', var2: [1, 2, 3, 4] } })).toEqual([1, 2, 3, 4]);
    expect(run('[deployment().name]')).toBe('exampledeployment');
    expect(run('[environment().suffixes.storage]')).toBe('core.windows.net');
  });

  it('name a parameter or variable the template does not have', () => {
    expect(failure("[parameters('missing')]")).toBe("parameters(): the template parameter 'missing' is not found");
    expect(failure("[variables('missing')]")).toBe("variables(): the template variable 'missing' is not found");
    expect(failure('[parameters(1)]')).toBe('parameters(): expects its first argument to be a string, not the integer 1');
  });
});

describe('resourceGroup, subscription, tenant, managementGroup', () => {
  it('are the context’s objects for the scopes the deployment has', () => {
    expect(run('[resourceGroup().name]')).toBe(RESOURCE_GROUP);
    expect(run('[subscription().subscriptionId]')).toBe(SUBSCRIPTION_ID);
    expect(run('[tenant().tenantId]')).toBe('22222222-2222-2222-2222-222222222222');
    expect(run('[managementGroup().name]', { scope: { kind: 'managementGroup', managementGroup: 'examplemg1' } })).toBe('examplemg1');
    expect(isUnknown(run('[resourceGroup().location]'))).toBe(true);
  });

  it('fail at scopes ARM does not allow them (template-functions-scope.md remarks)', () => {
    expect(failure('[resourceGroup()]', { scope: { kind: 'subscription', subscriptionId: SUBSCRIPTION_ID } })).toBe('resourceGroup(): is only valid in a deployment to a resource group');
    expect(failure('[subscription()]', { scope: { kind: 'tenant' } })).toBe('subscription(): is only valid in a deployment to a subscription or a resource group');
    expect(failure('[managementGroup()]')).toBe('managementGroup(): is only valid in a deployment to a management group');
  });
});

describe('resourceId', () => {
  it('builds ids in the deployment’s resource group, another group, another subscription (resourceid.json)', () => {
    expect(run("[resourceId('Microsoft.Storage/storageAccounts','examplestorage')]")).toBe(`${RG_ID}/providers/Microsoft.Storage/storageAccounts/examplestorage`);
    expect(run("[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts','examplestorage')]")).toBe(
      `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
    );
    expect(run("[resourceId('11111111-1111-1111-1111-111111111111', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts','examplestorage')]")).toBe(
      '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage',
    );
    expect(run("[resourceId('Microsoft.SQL/servers/databases', 'serverName', 'databaseName')]")).toBe(`${RG_ID}/providers/Microsoft.SQL/servers/serverName/databases/databaseName`);
  });

  it('interleaves the types of a child resource with its names (Bicep: My.Rp/parent/child)', () => {
    expect(run("[resourceId('My.Rp/parent/child', 'myParent', 'myChild')]")).toBe(`${RG_ID}/providers/My.Rp/parent/myParent/child/myChild`);
    expect(run("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet1/subnet1')]")).toBe(`${RG_ID}/providers/Microsoft.Network/virtualNetworks/vnet1/subnets/subnet1`);
    // As Microsoft's ARM tutorials write it, and ARM deploys it.
    expect(run("[resourceId('Microsoft.Compute/virtualMachines/', 'vm1')]")).toBe(`${RG_ID}/providers/Microsoft.Compute/virtualMachines/vm1`);
  });

  it('builds ids at the scope of the deployment (the reference’s return value formats)', () => {
    expect(run("[resourceId('Microsoft.Resources/resourceGroups', 'rg1')]", { scope: { kind: 'subscription', subscriptionId: SUBSCRIPTION_ID } })).toBe(
      `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Resources/resourceGroups/rg1`,
    );
    expect(run("[resourceId('Microsoft.Authorization/policyDefinitions', 'p1')]", { scope: { kind: 'managementGroup', managementGroup: 'mg1' } })).toBe('/providers/Microsoft.Authorization/policyDefinitions/p1');
    expect(run("[resourceId('Microsoft.Authorization/policyDefinitions', 'p1')]", { scope: { kind: 'tenant' } })).toBe('/providers/Microsoft.Authorization/policyDefinitions/p1');
  });

  it('is Unknown where the deployment’s subscription or group is not known', () => {
    const value = run("[resourceId('Microsoft.Storage/storageAccounts', 'sa')]", { scope: { kind: 'resourceGroup' } });
    expect(isUnknown(value) && value.reason).toBe('the subscription the template is deployed to is not known');
    const inUnknownGroup = run("[resourceId('Microsoft.Storage/storageAccounts', 'sa')]", { scope: { kind: 'resourceGroup', subscriptionId: SUBSCRIPTION_ID } });
    expect(isUnknown(inUnknownGroup) && inUnknownGroup.reason).toBe('the resource group the template is deployed to is not known');
    expect(run("[resourceId('sub', 'rg', 'Microsoft.Storage/storageAccounts', 'sa')]", { scope: { kind: 'resourceGroup' } })).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/sa');
  });

  it.each([
    ["[resourceId('rg', 'Microsoft.Storage/storageAccounts')]", "resourceId(): has the resource type 'Microsoft.Storage/storageAccounts', which needs 1 name (one for each type after the namespace), and 0 are given"],
    ["[resourceId('Microsoft.Sql/servers/databases', 'server')]", "resourceId(): has the resource type 'Microsoft.Sql/servers/databases', which needs 2 names (one for each type after the namespace), and 1 is given"],
    ["[resourceId('storageAccounts', 'sa')]", 'resourceId(): needs a resource type with its namespace, like Microsoft.Storage/storageAccounts, and none of its arguments has a /'],
    ["[resourceId('a', 'b', 'c', 'Microsoft.Storage/storageAccounts', 'sa')]", 'resourceId(): takes at most 2 scope arguments before the resource type, and its argument 4 is the first with a /'],
    ["[resourceId('Microsoft.Storage//x', 'sa', 'b')]", "resourceId(): has the resource type 'Microsoft.Storage//x', which has an empty segment"],
    ["[resourceId('Microsoft.Storage/storageAccounts', 1)]", 'resourceId(): expects its second argument to be a string, not the integer 1'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });

  it('takes no resource group alone outside a subscription', () => {
    expect(failure("[resourceId('rg', 'Microsoft.Storage/storageAccounts', 'sa')]", { scope: { kind: 'tenant' } })).toBe(
      "resourceId(): names the resource group 'rg' without a subscription, in a deployment to a tenant",
    );
  });
});

describe('subscriptionResourceId, tenantResourceId, managementGroupResourceId, extensionResourceId', () => {
  it('subscriptionResourceId() leaves out the resource group (subscriptionresourceid.json)', () => {
    expect(run("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '8e3af657-a8ff-443c-a75c-2fe8c4bcb635')]")).toBe(
      `/subscriptions/${SUBSCRIPTION_ID}/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635`,
    );
    expect(run("[subscriptionResourceId('other', 'Microsoft.Authorization/roleDefinitions', 'r')]")).toBe('/subscriptions/other/providers/Microsoft.Authorization/roleDefinitions/r');
    expect(failure("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r')]", { scope: { kind: 'tenant' } })).toBe(
      'subscriptionResourceId(): needs a subscription id in a deployment to a tenant',
    );
  });

  it('tenantResourceId() has no scope (tenantresourceid.json)', () => {
    expect(run("[tenantResourceId('Microsoft.Authorization/policyDefinitions', '0a914e76-4921-4c19-b460-a2d36003525a')]")).toBe(
      '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
    );
    expect(failure("[tenantResourceId('x', 'Microsoft.Authorization/policyDefinitions', 'p')]")).toBe(
      'tenantResourceId(): takes the resource type as its first argument, and its argument 2 is the first with a /',
    );
  });

  it('managementGroupResourceId() is in the deployment’s management group, or the one named (the reference’s example)', () => {
    const scope = { kind: 'managementGroup', managementGroup: 'examplemg1' } as const;
    expect(run("[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'LocationRestriction')]", { scope })).toBe(
      '/providers/Microsoft.Management/managementGroups/examplemg1/providers/Microsoft.Authorization/policyDefinitions/LocationRestriction',
    );
    expect(run("[managementGroupResourceId('mg2', 'Microsoft.Authorization/policyDefinitions', 'p')]")).toBe(
      '/providers/Microsoft.Management/managementGroups/mg2/providers/Microsoft.Authorization/policyDefinitions/p',
    );
    expect(failure("[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'p')]")).toBe(
      'managementGroupResourceId(): needs a management group name in a deployment to a resource group',
    );
  });

  it('extensionResourceId() extends any id (extensionresourceid.json, reading resourceGroup().Id in any case; Bicep: resource8Id)', () => {
    expect(run("[extensionResourceId(resourceGroup().Id , 'Microsoft.Authorization/locks', 'lockName')]")).toBe(`${RG_ID}/providers/Microsoft.Authorization/locks/lockName`);
    expect(run("[extensionResourceId(tenantResourceId('My.Rp/parent/child', 'myParent', 'myChild'), 'My.ExtensionRp/parent/child', 'myParent', 'myChild')]")).toBe(
      '/providers/My.Rp/parent/myParent/child/myChild/providers/My.ExtensionRp/parent/myParent/child/myChild',
    );
    expect(failure("[extensionResourceId(resourceGroup().id, 'locks', 'l')]")).toBe(
      'extensionResourceId(): needs a resource type with its namespace, like Microsoft.Storage/storageAccounts, and none of its arguments has a /',
    );
  });
});

describe('reference, references, list*, pickZones, providers', () => {
  it.each([
    ["[reference(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2022-09-01', 'Full')]", 'reference() reads the state of a deployed resource'],
    ["[references('containerWorkers', 'full')]", 'references() reads the state of deployed resources'],
    ["[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'sa'), '2022-09-01')]", 'listKeys() reads from a deployed resource, secrets often'],
    ["[LISTACCOUNTSAS('sa', '2022-09-01', createObject())]", 'LISTACCOUNTSAS() reads from a deployed resource, secrets often'],
    ["[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]", 'pickZones() reads the availability zones Azure offers the subscription in the region at deployment'],
    ["[providers('Microsoft.Web', 'sites')]", "providers() reads Azure's resource provider catalogue at deployment"],
    ['[deployer().objectId]', 'deployer() is the principal that runs the deployment'],
  ])('%s is Unknown: %s', (text, reason) => {
    const value = run(text);
    expect(isUnknown(value) && value.reason).toBe(reason);
  });

  it('still take the arguments ARM requires', () => {
    expect(failure('[reference()]')).toBe('reference(): takes 1 to 3 arguments, not 0');
    expect(failure("[listKeys('sa')]")).toBe('listKeys(): takes 2 to 3 arguments, not 1');
  });
});
