import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'jsonc-parser';
import { UserError } from '../../../src/errors.js';
import type { JsonPath } from '../../../src/estate.js';
import { PLACEHOLDERS } from '../../../src/sources/arm-template/deployment-scope.js';
import { expandTemplate } from '../../../src/sources/arm-template/expand-template.js';
import { useTempDir } from '../../helpers/temp.js';

const FIXTURES = join('test', 'fixtures', 'templates');
const RG = `/subscriptions/${PLACEHOLDERS.subscriptionId}/resourceGroups/${PLACEHOLDERS.resourceGroup}`;
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** The value at a JSON path of a template file (comments allowed, as in templates). */
function at(file: string, path: JsonPath): unknown {
  let value: unknown = parse(readFileSync(file, 'utf8'));
  for (const segment of path) value = (value as Record<string | number, unknown>)[segment];
  return value;
}

describe('an ARM template expanded into the resources its deployment would create', () => {
  const tmp = useTempDir('aiscan-expand-');
  let n = 0;
  /** A parameter file (hand-written for the test) with these values. */
  const parameterFile = (values: Record<string, unknown>) =>
    tmp.write(`parameters-${n++}.json`, JSON.stringify({ $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#', contentVersion: '1.0.0.0', parameters: Object.fromEntries(Object.entries(values).map(([k, v]) => [k, { value: v }])) }));
  /** A template written for the test (the fixtures are real ones; these pin one rule each). */
  const template = (content: Record<string, unknown>) => tmp.write(`template-${n++}.json`, JSON.stringify({ $schema: SCHEMA, contentVersion: '1.0.0.0', ...content }));

  test('a Bicep file compiled two ways (classic and languageVersion 2.0 symbolic names) gives the same resources, each pointing at its declaration', () => {
    const classic = expandTemplate({ template: join(FIXTURES, 'bicep-vm-nvidia-gpu', 'main.json') }, {});
    const symbolic = expandTemplate({ template: join(FIXTURES, 'bicep-vm-nvidia-gpu', 'main.symbolicnames.json') }, {});
    expect(symbolic.resources.map((r) => r.resource)).toEqual(classic.resources.map((r) => r.resource));
    expect(classic.resources.map((r) => r.resource.id)).toEqual([
      `${RG}/providers/Microsoft.Network/virtualNetworks/bicep-demo-vnet`,
      `${RG}/providers/Microsoft.Network/networkInterfaces/bicep-demo-vm-nic`,
      `${RG}/providers/Microsoft.Compute/virtualMachines/bicep-demo-vm`,
      `${RG}/providers/Microsoft.Compute/virtualMachines/bicep-demo-vm/extensions/NvidiaGpuDriverWindows`,
    ]);
    const vm = classic.resources[2];
    expect(vm.resource.properties).toMatchObject({ hardwareProfile: { vmSize: 'Standard_NV6' } });
    for (const { origin, resource } of [...classic.resources, ...symbolic.resources]) expect(at(origin.file, origin.path)).toMatchObject({ type: resource.type });
    expect(symbolic.resources.map((r) => r.origin.path)).toEqual([['resources', 'vnet'], ['resources', 'vmNic'], ['resources', 'vm'], ['resources', 'vmgpu']]);
  });

  test('a secure parameter without a value is unknown, never a finding: the value is left out and recorded with its expression', () => {
    const { resources } = expandTemplate({ template: join(FIXTURES, 'bicep-vm-nvidia-gpu', 'main.json') });
    const vm = resources.find((r) => r.resource.type === 'Microsoft.Compute/virtualMachines')!;
    expect(vm.unknown).toEqual([{ path: ['properties', 'osProfile', 'adminPassword'], expression: "parameters('localAdminPassword')", reason: 'a secure parameter is supplied only at deployment' }]);
    expect(vm.resource.properties).not.toHaveProperty('osProfile.adminPassword');
    expect(vm.resource.properties).toHaveProperty('osProfile.adminUsername');
  });

  test('an optional (nullable) parameter left out is null, as ARM passes it', () => {
    const file = tmp.write(
      'nullable.json',
      JSON.stringify({
        $schema: SCHEMA,
        languageVersion: '2.0',
        contentVersion: '1.0.0.0',
        parameters: { tags: { type: 'object', nullable: true } },
        resources: { vm: { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: 'vm', tags: "[parameters('tags')]", properties: { taggedAtAll: "[not(empty(parameters('tags')))]" } } },
      }),
    );
    const [vm] = expandTemplate({ template: file }).resources;
    expect(vm.resource).toMatchObject({ tags: null, properties: { taggedAtAll: false } });
  });

  test('a condition that is false leaves the resource out', () => {
    const { resources } = expandTemplate({ template: join(FIXTURES, 'bicep-vm-nvidia-gpu', 'main.json'), parameters: parameterFile({ installNVidiaGPUDriver: false }) });
    expect(resources.map((r) => r.resource.type)).not.toContain('Microsoft.Compute/virtualMachines/extensions');
    expect(resources).toHaveLength(3);
  });

  test('the deployment scope comes from the options, else from documented placeholders', () => {
    const { resources } = expandTemplate({ template: join(FIXTURES, 'bicep-vm-nvidia-gpu', 'main.json') }, { subscriptionId: '11111111-2222-3333-4444-555555555555', resourceGroup: 'rg-gpu', location: 'swedencentral' });
    expect(resources[0].resource.id).toBe('/subscriptions/11111111-2222-3333-4444-555555555555/resourceGroups/rg-gpu/providers/Microsoft.Network/virtualNetworks/bicep-demo-vnet');
    expect(resources[0].resource.location).toBe('swedencentral'); // resourceGroup().location
  });

  test('a variable copy loop, with its parameter file (docs example)', () => {
    const file = join(FIXTURES, 'docs-copy-security-rules', 'multiplesecurityrules.json');
    const parameters = join(FIXTURES, 'docs-copy-security-rules', 'multiplesecurityrules.parameters.json');
    const { resources } = expandTemplate({ template: file, parameters });
    const given = (at(parameters, ['parameters']) as Record<string, { value: unknown }>);
    const rules = Object.values(given).find((p) => Array.isArray(p.value))!.value as unknown[];
    const nsg = resources.find((r) => r.resource.type === 'Microsoft.Network/networkSecurityGroups')!;
    expect((nsg.resource.properties as { securityRules: unknown[] }).securityRules).toHaveLength(rules.length);
  });

  test('a real AKS template with comments, nested deployments and child resources (AKS baseline cluster stamp)', () => {
    const file = join(FIXTURES, 'aks-baseline-cluster-stamp', 'cluster-stamp.json');
    const { resources } = expandTemplate({ template: file, parameters: join(FIXTURES, 'aks-baseline-cluster-stamp', 'azuredeploy.parameters.prod.json') });
    const cluster = resources.find((r) => r.resource.type === 'Microsoft.ContainerService/managedClusters')!;
    expect(cluster.resource.properties).toMatchObject({ enableRBAC: true, disableLocalAccounts: true });
    const pools = (cluster.resource.properties as { agentPoolProfiles: { enableNodePublicIP?: boolean }[] }).agentPoolProfiles;
    expect(pools.length).toBeGreaterThanOrEqual(2);
    // Every resource points at a declaration in the file, nested deployments included.
    for (const { origin, resource } of resources) {
      const declaration = at(origin.file, origin.path) as { type: string };
      expect(resource.type!.toLowerCase().endsWith(declaration.type.toLowerCase().replace(/^\[.*\]$/, '')) || declaration.type.startsWith('[')).toBe(true);
    }
    expect(resources.some((r) => r.origin.path.includes('template'))).toBe(true);
  });

  test('child resources declared inside their parent, and the parent/child name form', () => {
    const file = template({
      resources: [
        { type: 'Microsoft.ContainerService/managedClusters', apiVersion: '2024-02-01', name: 'aks', location: 'eastus', properties: {}, resources: [{ type: 'agentPools', apiVersion: '2024-02-01', name: 'gpu', properties: { vmSize: 'Standard_NC24ads_A100_v4' } }] },
        { type: 'Microsoft.ContainerService/managedClusters/agentPools', apiVersion: '2024-02-01', name: 'aks/cpu', properties: {} },
      ],
    });
    expect(expandTemplate({ template: file }).resources.map((r) => [r.resource.id, r.resource.name, r.origin.path])).toEqual([
      [`${RG}/providers/Microsoft.ContainerService/managedClusters/aks`, 'aks', ['resources', 0]],
      [`${RG}/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/gpu`, 'gpu', ['resources', 0, 'resources', 0]],
      [`${RG}/providers/Microsoft.ContainerService/managedClusters/aks/agentPools/cpu`, 'cpu', ['resources', 1]],
    ]);
  });

  test('copy loops over resources and properties, copyIndex, and a role assignment scoped to another resource', () => {
    const file = template({
      parameters: { count: { type: 'int', defaultValue: 3 } },
      resources: [
        {
          type: 'Microsoft.Network/networkInterfaces',
          apiVersion: '2023-09-01',
          name: "[format('nic-{0}', copyIndex(1))]",
          copy: { name: 'nics', count: "[parameters('count')]" },
          properties: { copy: [{ name: 'ipConfigurations', count: 2, input: { name: "[format('ip{0}', copyIndex('ipConfigurations'))]" } }] },
        },
        {
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          scope: "[format('Microsoft.Network/networkInterfaces/{0}', 'nic-1')]",
          name: "[guid('nic-1', 'reader')]",
          properties: { principalId: '00000000-0000-0000-0000-00000000000a', roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]" },
        },
      ],
    });
    const { resources } = expandTemplate({ template: file });
    expect(resources.slice(0, 3).map((r) => r.resource.name)).toEqual(['nic-1', 'nic-2', 'nic-3']);
    expect(resources[0].resource.properties).toEqual({ ipConfigurations: [{ name: 'ip0' }, { name: 'ip1' }] });
    expect(resources[3].resource.id).toMatch(new RegExp(`^${RG}/providers/Microsoft\\.Network/networkInterfaces/nic-1/providers/Microsoft\\.Authorization/roleAssignments/[0-9a-f-]{36}$`));
    expect(resources[3].resource.properties).toMatchObject({ roleDefinitionId: `/subscriptions/${PLACEHOLDERS.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7` });
  });

  test('a nested deployment with the inner expression scope gets its parameters from the outer template', () => {
    const file = template({
      parameters: { size: { type: 'string', defaultValue: 'Standard_ND96isr_H100_v5' } },
      resources: [
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'inner',
          properties: {
            mode: 'Incremental',
            expressionEvaluationOptions: { scope: 'inner' },
            parameters: { vmSize: { value: "[parameters('size')]" } },
            template: { $schema: SCHEMA, contentVersion: '1.0.0.0', parameters: { vmSize: { type: 'string' } }, resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: 'vm', properties: { hardwareProfile: { vmSize: "[parameters('vmSize')]" } } }] },
          },
        },
      ],
    });
    const [vm] = expandTemplate({ template: file }).resources;
    expect(vm.resource.properties).toEqual({ hardwareProfile: { vmSize: 'Standard_ND96isr_H100_v5' } });
    expect(vm.origin.path).toEqual(['resources', 0, 'properties', 'template', 'resources', 0]);
  });

  test('a resource group created at subscription scope, and what a scan cannot know: a linked template, a condition on reference()', () => {
    const file = tmp.write(
      'subscription.json',
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [
          { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg-ml', location: 'eastus' },
          { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'linked', properties: { mode: 'Incremental', templateLink: { uri: 'https://example.com/t.json' } } },
          { type: 'Microsoft.Authorization/locks', apiVersion: '2020-05-01', name: 'lock', condition: "[equals(reference('x').state, 'on')]", properties: { level: 'CanNotDelete' } },
        ],
      }),
    );
    const { resources, warnings } = expandTemplate({ template: file });
    expect(resources.map((r) => r.resource.id)).toEqual([`/subscriptions/${PLACEHOLDERS.subscriptionId}/resourceGroups/rg-ml`, `/subscriptions/${PLACEHOLDERS.subscriptionId}/providers/Microsoft.Authorization/locks/lock`]);
    expect(warnings).toEqual([
      expect.stringMatching(/at \/resources\/1: the nested deployment linked links to a template \(templateLink\) that aiscan does not fetch/),
      expect.stringMatching(/at \/resources\/2\/condition: whether the resource is deployed is known only at deployment .*; it is scanned as if it were/),
    ]);
  });

  test("a name known only at deployment gets a placeholder from where it is declared, and the rest of the resource is scanned", () => {
    const file = template({
      parameters: { roleNameGuid: { type: 'string', defaultValue: '[newGuid()]' } },
      resources: [
        { type: 'Microsoft.Authorization/roleAssignments', apiVersion: '2022-04-01', name: "[parameters('roleNameGuid')]", properties: { principalType: 'User', roleDefinitionId: '/r' } },
        { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: "[reference('names').outputs.vm.value]", copy: { name: 'vms', count: 2 }, properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } } },
        { type: 'Microsoft.Kubernetes/extension', import: 'kubernetes', properties: {} },
      ],
    });
    const expanded = expandTemplate({ template: file });
    expect(expanded.resources.map((r) => [r.resource.name, r.unknown])).toEqual([
      ['aiscan-unknown-name-resources-0', [{ path: ['name'], expression: 'newGuid()', reason: expect.any(String) }]],
      ['aiscan-unknown-name-resources-1-0', [{ path: ['name'], expression: "reference('names')", reason: 'reference() reads the state of a deployed resource' }]],
      ['aiscan-unknown-name-resources-1-1', [{ path: ['name'], expression: "reference('names')", reason: 'reference() reads the state of a deployed resource' }]],
    ]);
    expect(expanded.resources[1].resource.properties).toEqual({ hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } });
    expect(expanded.warnings).toEqual([`${file}: 1 resource of a Bicep extension (Kubernetes, Microsoft Graph, …) at /resources/2 is not an Azure resource and is not scanned`]);
  });

  test('an extension resource whose scope is known only at deployment gets a placeholder scope from where it is declared, its id listed as unknown; a nested deployment to a resource group known only then says where it is scanned', () => {
    const nested = (resources: unknown[], outputs: Record<string, unknown> = {}) => ({ mode: 'Incremental', template: { $schema: SCHEMA, contentVersion: '1.0.0.0', resources, outputs } });
    const file = template({
      resources: [
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'ids', properties: nested([], { workspace: { type: 'string', value: 'w' }, group: { type: 'string', value: 'g' } }) },
        {
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          name: "[guid(reference('ids').outputs.workspace.value, string(copyIndex()))]",
          scope: "[reference('ids').outputs.workspace.value]",
          copy: { name: 'assignments', count: 2 },
          properties: { principalType: 'User', principalId: 'p', roleDefinitionId: '/r' },
        },
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'elsewhere', resourceGroup: "[reference('ids').outputs.group.value]", properties: nested([{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: 'vm-gpu', properties: {} }]) },
      ],
    });
    const expanded = expandTemplate({ template: file });
    const reason = 'reference() reads the state of a deployed resource';
    expect(expanded.resources.map((r) => [r.resource.id, r.unknown])).toEqual([0, 1].map((index) => [
      `${RG}/providers/Aiscan.Unknown/scopes/aiscan-unknown-scope-resources-1-${index}/providers/Microsoft.Authorization/roleAssignments/aiscan-unknown-name-resources-1-${index}`,
      [{ path: ['name'], expression: "reference('ids')", reason }, { path: ['id'], writtenAt: ['scope'], expression: "reference('ids')", reason }],
    ]).concat([[`${RG}/providers/Microsoft.Compute/virtualMachines/vm-gpu`, []]]));
    expect(expanded.resources[0].resource.properties).toEqual({ principalType: 'User', principalId: 'p', roleDefinitionId: '/r' });
    expect(expanded.warnings).toEqual([`${file}: at /resources/2: the nested deployment elsewhere deploys to a resourceGroup known only at deployment (${reason}); its resources are scanned as if deployed to ${RG}`]);
  });

  test('bad input is one line with the file and the JSON pointer', () => {
    const missing = template({ parameters: { adminUsername: { type: 'string' }, sshKey: { type: 'string' } }, resources: [] });
    expect(() => expandTemplate({ template: missing })).toThrow(new UserError(`${missing}: no value for the parameters adminUsername, sshKey, which have no default: give a parameter file (${basename(missing, '.json')}.parameters.json beside it, metadata.template, or --parameters FILE), or a value in "templates": {"parameters": …} of aiscan.config.json`));
    const badCall = template({ resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: "[concat('vm', noSuchFunction())]" }] });
    expect(() => expandTemplate({ template: badCall })).toThrow(/template-\d+\.json: at \/resources\/0\/name: .*noSuchFunction/);
    const badCount = template({ resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: 'vm', copy: { name: 'vms', count: -1 } }] });
    expect(() => expandTemplate({ template: badCount })).toThrow(/at \/resources\/0\/copy\/count: a copy count is a whole number from 0 to 800, not -1/);
    // ARM's own limit, which also keeps a pull request from asking for a billion values.
    const hugePropertyLoop = template({ resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: 'vnet', properties: { copy: [{ name: 'subnets', count: 1000000000, input: {} }] } }] });
    expect(() => expandTemplate({ template: hugePropertyLoop })).toThrow(/at \/resources\/0\/properties\/copy\/0\/count: a copy count is a whole number from 0 to 800, not 1000000000/);
    const hugeVariableLoop = template({ variables: { copy: [{ name: 'many', count: 801, input: 'x' }] }, resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: "[string(length(variables('many')))]" }] });
    expect(() => expandTemplate({ template: hugeVariableLoop })).toThrow(/at \/variables\/copy\/0\/count: a copy count is a whole number from 0 to 800, not 801/);
    // Each variable twice the one before: 2^40 elements unless every built value is bounded.
    const doubling = (wrap: (previous: string) => unknown) =>
      template({ variables: Object.fromEntries([['v0', 'x'], ...Array.from({ length: 40 }, (_, i) => [`v${i + 1}`, wrap(`[variables('v${i}')]`)])]), resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2023-09-01', name: 'vnet', properties: { all: "[variables('v40')]" } }] });
    expect(() => expandTemplate({ template: doubling((v) => [v, v]) })).toThrow(/at \/variables\/v\d+: the value is larger than 10000000 characters and elements/);
    expect(() => expandTemplate({ template: doubling((v) => ({ l: v, r: v })) })).toThrow(/at \/variables\/v\d+: the value is larger than 10000000/);
    expect(() => expandTemplate({ template: doubling((v) => `[concat(${v.slice(1, -1)}, ${v.slice(1, -1)})]`) })).toThrow(/at \/variables\/v\d+: concat\(\): builds a value larger than 10000000/);
    const cycle = template({ variables: { a: "[variables('b')]", b: "[variables('a')]" }, resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: "[variables('a')]" }] });
    expect(() => expandTemplate({ template: cycle })).toThrow(/refers to itself/);
    const badName = template({ resources: [{ type: 'Microsoft.ContainerService/managedClusters/agentPools', apiVersion: '2024-02-01', name: 'justone' }] });
    expect(() => expandTemplate({ template: badName })).toThrow(/at \/resources\/0\/name: the name "justone" has 1 segment\(s\) but the type .* needs 2/);
  });
});
