import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mapPlan } from '../../../src/sources/terraform/map-plan.js';
import { readPlan } from '../../../src/sources/terraform/plan-file.js';
import { runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * azapi resources in a plan. The plans are HAND-WRITTEN in the documented `terraform show -json`
 * format (Terraform cannot run here), with azapi 2.x bodies as objects and azapi 1.x bodies as
 * JSON strings.
 */
const SUB = '/subscriptions/11111111-1111-1111-1111-111111111111';
const RG = `${SUB}/resourceGroups/rg-ml`;
const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks`;

const change = (address: string, type: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}, actions = ['create']) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.').pop(),
  change: { actions, before: null, after, after_unknown: afterUnknown },
});
const map = (changes: unknown[], configuration: Record<string, unknown> = {}) => {
  const plan = { format_version: '1.2', resource_changes: changes, configuration };
  return mapPlan(readPlan(JSON.stringify(plan), 'plan.json'), 'plan.json');
};

describe('azapi resources in a plan', () => {
  test('a created resource is its body, with the id ARM gives it under its parent', () => {
    const { resources, unmapped } = map([
      change('azapi_resource.pool', 'azapi_resource', {
        type: 'Microsoft.ContainerService/managedClusters/agentPools@2024-09-01',
        parent_id: CLUSTER,
        name: 'gpu',
        body: { properties: { vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', nodeTaints: [] } },
      }),
      change('azapi_resource.ws', 'azapi_resource', {
        type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01',
        parent_id: RG,
        name: 'mlw',
        location: 'swedencentral',
        identity: [{ type: 'UserAssigned', identity_ids: [`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`] }],
        body: { properties: { publicNetworkAccess: 'Enabled' } },
      }),
    ]);
    expect(unmapped.size).toBe(0);
    expect(resources.map((r) => r.resource)).toEqual([
      { id: `${CLUSTER}/agentPools/gpu`, name: 'gpu', type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { vmSize: 'Standard_NC24ads_A100_v4', mode: 'User', nodeTaints: [] } },
      {
        id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`,
        name: 'mlw',
        type: 'Microsoft.MachineLearningServices/workspaces',
        location: 'swedencentral',
        identity: { type: 'UserAssigned', userAssignedIdentities: { [`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai`]: {} } },
        properties: { publicNetworkAccess: 'Enabled' },
      },
    ]);
    // A finding on the body points into the body in the plan.
    expect(resources[0].origin.declared?.renamed).toContainEqual({ from: ['resource_changes', 0, 'change', 'after', 'properties'], to: ['resource_changes', 0, 'change', 'after', 'body', 'properties'] });
  });

  test('an azapi 1.x body is a JSON string', () => {
    const { resources } = map([
      change('azapi_resource.ws', 'azapi_resource', {
        type: 'Microsoft.MachineLearningServices/workspaces@2023-04-01',
        parent_id: RG,
        name: 'mlw',
        body: JSON.stringify({ properties: { publicNetworkAccess: 'Disabled' }, sku: { name: 'Basic' } }),
      }),
    ]);
    expect(resources[0].resource).toMatchObject({ properties: { publicNetworkAccess: 'Disabled' }, sku: { name: 'Basic' } });
  });

  test('parts of a body known only after apply are unknown values; a whole body unknown hides its properties', () => {
    const { resources } = map([
      change('azapi_resource.pool', 'azapi_resource', { type: 'Microsoft.ContainerService/managedClusters/agentPools@2024-09-01', parent_id: CLUSTER, name: 'gpu', body: { properties: { vmSize: 'Standard_NC24ads_A100_v4' } } }, { body: { properties: { nodeTaints: true } } }),
      change('azapi_resource.ws', 'azapi_resource', { type: 'Microsoft.MachineLearningServices/workspaces@2023-04-01', parent_id: RG, name: 'mlw', body: null }, { body: true }),
    ]);
    expect(resources[0].unknown).toEqual([{ path: ['properties', 'nodeTaints'], expression: 'azapi_resource.pool.body.properties.nodeTaints', reason: 'known only after terraform apply' }]);
    expect(resources[1].unknown).toEqual([{ path: ['properties'], expression: 'azapi_resource.ws.body', reason: 'known only after terraform apply' }]);
  });

  test('an update is merged onto the resource it targets, by resource_id or through the configuration, never added', () => {
    const { resources, unmapped } = map(
      [
        change('azapi_update_resource.pool_taints', 'azapi_update_resource', { type: 'Microsoft.ContainerService/managedClusters/agentPools@2024-09-01', body: { properties: { nodeTaints: ['sku=gpu:NoSchedule'] } } }, { resource_id: true }),
        change('azapi_update_resource.elsewhere', 'azapi_update_resource', { type: 'Microsoft.Compute/virtualMachines@2024-07-01', resource_id: `${RG}/providers/Microsoft.Compute/virtualMachines/not-in-plan`, body: { properties: {} } }),
        change('azapi_update_resource.ws', 'azapi_update_resource', { type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01', resource_id: `${RG}/providers/Microsoft.MachineLearningServices/workspaces/MLW`, body: JSON.stringify({ properties: { publicNetworkAccess: 'Disabled' } }) }, { body: { properties: { managedNetwork: true } } }),
        change('azurerm_kubernetes_cluster_node_pool.gpu', 'azurerm_kubernetes_cluster_node_pool', { name: 'gpu', kubernetes_cluster_id: CLUSTER, vm_size: 'Standard_NC24ads_A100_v4', node_taints: [], mode: 'User' }),
        change('azurerm_machine_learning_workspace.ws', 'azurerm_machine_learning_workspace', { name: 'mlw', resource_group_name: 'rg-ml', public_network_access_enabled: true, tags: { owner: 'a' } }, { id: true }),
      ],
      {
        root_module: {
          resources: [{ address: 'azapi_update_resource.pool_taints', expressions: { resource_id: { references: ['azurerm_kubernetes_cluster_node_pool.gpu.id', 'azurerm_kubernetes_cluster_node_pool.gpu'] } } }],
        },
      },
    );
    expect(resources.map((r) => r.resource.id)).toEqual([`${CLUSTER}/agentPools/gpu`, `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw`]);
    expect(resources[0].resource.properties).toMatchObject({ nodeTaints: ['sku=gpu:NoSchedule'], mode: 'User' });
    // The target of the third update is in another subscription than the placeholder one: not the same resource.
    expect(resources[1].resource.properties).toEqual({ publicNetworkAccess: 'Enabled' });
    expect([...unmapped]).toEqual([['azapi_update_resource', 2]]);
  });

  test('a role assignment whose parent_id (its scope) is known only after apply and not followed through the plan: its id is unknown, as azurerm\'s scope is; one followed, or another type, is not', () => {
    const assignment = (address: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) =>
      change(address, 'azapi_resource', { type: 'Microsoft.Authorization/roleAssignments@2022-04-01', name: '11111111-2222-3333-4444-555555555555', body: { properties: { principalType: 'User', principalId: 'p', roleDefinitionId: '/r' } }, ...after }, afterUnknown);
    const references = (address: string, reference: string) => ({ address, mode: 'managed', type: 'azapi_resource', name: address.split('.').pop(), expressions: { parent_id: { references: [reference] } } });
    const { resources } = map(
      [
        assignment('azapi_resource.on_output', {}, { parent_id: true, id: true }),
        assignment('azapi_resource.on_group', {}, { parent_id: true, id: true }),
        assignment('azapi_resource.literal', { parent_id: RG }),
        change('azapi_resource.group', 'azapi_resource', { type: 'Microsoft.Resources/resourceGroups@2024-03-01', name: 'rg-new', location: 'westeurope' }, { id: true }),
        change('azapi_resource.ws', 'azapi_resource', { type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01', name: 'mlw', body: { properties: { publicNetworkAccess: 'Enabled' } } }, { parent_id: true, id: true }),
      ],
      {
        root_module: {
          resources: [
            references('azapi_resource.on_output', 'module.core.gpu_vm_id'),
            references('azapi_resource.on_group', 'azapi_resource.group.id'),
            references('azapi_resource.ws', 'module.core.resource_group_id'),
          ],
        },
      },
    );
    expect(resources.map((r) => [r.resource.id.replace(/\/providers\/Microsoft\.Authorization\/roleAssignments\/.*/, '/…'), r.unknown])).toEqual([
      ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aiscan-resource-group/…', [{ path: ['id'], writtenAt: ['parent_id'], expression: 'azapi_resource.on_output.parent_id', reason: 'known only after terraform apply' }]],
      ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-new/…', undefined],
      [`${RG}/…`, undefined],
      ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-new', undefined],
      // A resource's group is a placeholder as an azurerm resource's unknown resource_group_name is: its own rules decide on its body.
      ['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aiscan-resource-group/providers/Microsoft.MachineLearningServices/workspaces/mlw', undefined],
    ]);
  });

  const tmp = useTempDir('aiscan-azapi-');
  test('a scan leaves the rules on such a role assignment\'s scope not evaluated, at its parent_id line, never not applicable', async () => {
    const tf = ['resource "azapi_resource" "ra" {', '  type      = "Microsoft.Authorization/roleAssignments@2022-04-01"', '  name      = "11111111-2222-3333-4444-555555555555"', '  parent_id = module.core.gpu_vm_id', '  body = {', '    properties = { principalType = "User", principalId = "p", roleDefinitionId = "/r" }', '  }', '}', ''].join('\n');
    tmp.write('main.tf', tf);
    const planned = change('azapi_resource.ra', 'azapi_resource', { type: 'Microsoft.Authorization/roleAssignments@2022-04-01', name: '11111111-2222-3333-4444-555555555555', body: { properties: { principalType: 'User', principalId: 'p', roleDefinitionId: '/r' } } }, { parent_id: true, id: true });
    const configuration = { root_module: { resources: [{ address: 'azapi_resource.ra', mode: 'managed', type: 'azapi_resource', name: 'ra', expressions: { parent_id: { references: ['module.core.gpu_vm_id', 'module.core'] } } }] } };
    const plan = tmp.write('plan.json', JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: [planned], configuration }));
    expect((await runCli('scan', plan, '--out', tmp.path('out'), '--format', 'json', '--fail-on', 'none')).code).toBe(0);
    const report = JSON.parse(readFileSync(join(tmp.path('out'), 'aiscan.json'), 'utf8')) as { undecided: { ruleId: string; expression: string; location: { file: string; startLine: number } }[] };
    const line = tf.split('\n').findIndex((text) => text.includes('parent_id')) + 1;
    expect(report.undecided.map((entry) => [entry.ruleId, entry.expression, entry.location.file, entry.location.startLine])).toEqual(
      ['AIS-RBAC-001', 'AIS-RBAC-003'].map((rule) => [rule, 'azapi_resource.ra.parent_id', tmp.path('main.tf'), line]),
    );
  });

  test('a deep merge keeps what the update leaves out and takes unknown parts of its body', () => {
    const id = `${RG}/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
    const { resources } = map([
      change('azapi_resource.ws', 'azapi_resource', { type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01', parent_id: RG, name: 'mlw', body: { properties: { publicNetworkAccess: 'Enabled', hbiWorkspace: true } } }),
      change('azapi_update_resource.ws', 'azapi_update_resource', { type: 'Microsoft.MachineLearningServices/workspaces@2024-10-01', resource_id: id, body: { properties: { publicNetworkAccess: 'Disabled' } } }, { body: { properties: { primaryUserAssignedIdentity: true } } }),
    ]);
    expect(resources).toHaveLength(1);
    expect(resources[0].resource.properties).toEqual({ publicNetworkAccess: 'Disabled', hbiWorkspace: true });
    expect(resources[0].unknown).toEqual([{ path: ['properties', 'primaryUserAssignedIdentity'], expression: 'azapi_update_resource.ws.body.properties.primaryUserAssignedIdentity', reason: 'known only after terraform apply' }]);
  });
});
