import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mapPlan } from '../../../src/sources/terraform/map-plan.js';
import { readPlan } from '../../../src/sources/terraform/plan-file.js';
import { runCli } from '../../helpers/cli.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * ARM template deployments in a Terraform plan: what `template_content` deploys is scanned, and
 * found on the template's own lines where they can be told. The AzureTRE fixture
 * (test/fixtures/terraform/SOURCES.md) is a real configuration of microsoft/AzureTRE that deploys an
 * Azure ML compute instance so from a JSON file, and the defender-heredoc one a real `.tf` file that
 * writes its template as a heredoc, each with a hand-written plan; the other configurations and
 * plans here are hand-written, the plans in the documented `terraform show -json` format.
 */
const FIXTURE = 'test/fixtures/terraform/handwritten-azuretre-aml-compute';
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001';
const template = readFileSync(join(FIXTURE, 'deploypl_compute_instance.json'), 'utf8');

const change = (address: string, type: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) => ({
  address,
  mode: 'managed',
  type,
  name: address.split('.').pop(),
  change: { actions: ['create'], before: null, after, after_unknown: afterUnknown },
});
const map = (changes: unknown[]) => mapPlan(readPlan(JSON.stringify({ format_version: '1.2', resource_changes: changes, configuration: {} }), 'plan.json'), 'plan.json', { subscriptionId: SUB.split('/')[2] });
const parameters = JSON.stringify({ workspace_name: { value: 'mlw' }, instance_name: { value: 'ci-gpu' }, location: { value: 'westeurope' }, vnet_name: { value: 'vnet' }, subnet_name: { value: 'snet' }, vm_size_sku: { value: 'Standard_NC24ads_A100_v4' }, user_object_id: { value: 'u' }, tenant_id: { value: 't' } });

describe('ARM template deployments in a Terraform plan', () => {
  it('the AzureTRE plan: the compute instance its template deploys is a resource, under the deployment\'s resource group, with the values of parameters_content', () => {
    const plan = readPlan(readFileSync(join(FIXTURE, 'plan.json'), 'utf8'), 'plan.json');
    const { resources, unmapped, warnings } = mapPlan(plan, 'plan.json', { subscriptionId: SUB.split('/')[2] });
    expect({ unmapped: [...unmapped], warnings }).toEqual({ unmapped: [], warnings: [] });
    expect(resources.map(({ resource }) => resource)).toEqual([
      {
        id: `${SUB}/resourceGroups/rg-tre-gpu-research-ws-9c01/providers/Microsoft.MachineLearningServices/workspaces/ml--gpu-research-ws-9c01-svc-5c2d/computes/ci-5c2d7e3f`,
        name: 'ci-5c2d7e3f',
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        location: 'westeurope',
        properties: {
          computeType: 'ComputeInstance',
          computeLocation: 'westeurope',
          properties: {
            personalComputeInstanceSettings: { assignedUser: { objectId: '3b2a7c1d-9e8f-4a6b-b5c4-d3e2f1a0b9c8', tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47' } },
            vmSize: 'Standard_NC6s_v3',
            remoteLoginPortPublicAccess: 'Enabled',
            enableNodePublicIp: false,
            subnet: { id: `${SUB}/resourceGroups/rg-tre-gpu-research-ws-9c01/providers/Microsoft.Network/virtualNetworks/vnet-tre-gpu-research-ws-9c01/subnets/ServicesSubnet` },
          },
        },
      },
    ]);
    // At the template attribute, with where the template declares it, for locate-tf.ts to use when it finds the template's file.
    expect(resources[0].origin).toEqual({
      file: 'plan.json',
      path: ['resource_changes', 0, 'change', 'after', 'template_content'],
      declared: { as: 'azurerm_resource_group_template_deployment.deploy_compute_instance', deployedFrom: { attribute: 'template_content', template: plan.resources[0].after.template_content, origin: expect.objectContaining({ path: ['resources', 0] }) } },
    });
  });

  it('parameters_content known only after apply: every parameter, and what is built from it, is unknown', () => {
    const { resources } = map([
      change('azurerm_resource_group_template_deployment.ci', 'azurerm_resource_group_template_deployment', { name: 'dpl', resource_group_name: 'rg-ml', template_content: template }, { parameters_content: true }),
    ]);
    expect(resources).toHaveLength(1);
    expect(resources[0].resource.properties).toMatchObject({ computeType: 'ComputeInstance' });
    expect((resources[0].unknown ?? []).map((unknown) => unknown.path.join('.'))).toEqual(expect.arrayContaining(['properties.properties.vmSize']));
  });

  it('a subscription deployment deploys at the subscription, whatever its $schema says', () => {
    const groups = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg-gpu', location: 'westeurope' }],
    });
    const { resources } = map([change('azurerm_subscription_template_deployment.rg', 'azurerm_subscription_template_deployment', { name: 'dpl', location: 'westeurope', template_content: groups })]);
    expect(resources.map(({ resource }) => resource.id)).toEqual([`${SUB}/resourceGroups/rg-gpu`]);
  });

  it('the legacy azurerm_template_deployment: template_body, with parameters_body or a parameters map of strings (one for a parameter of another type is unknown)', () => {
    const withBody = map([change('azurerm_template_deployment.body', 'azurerm_template_deployment', { name: 'a', resource_group_name: 'rg-ml', deployment_mode: 'Incremental', template_body: template, parameters_body: parameters })]);
    expect(withBody.unmapped.size).toBe(0);
    expect(withBody.resources.map(({ resource }) => [resource.id, (resource.properties as { properties: { vmSize: string } }).properties.vmSize])).toEqual([
      [`${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/ci-gpu`, 'Standard_NC24ads_A100_v4'],
    ]);
    const typed = JSON.parse(template) as { parameters: Record<string, { type: string }> };
    typed.parameters.vm_size_sku.type = 'object';
    const withMap = map([
      change('azurerm_template_deployment.map', 'azurerm_template_deployment', {
        name: 'b',
        resource_group_name: 'rg-ml',
        template_body: JSON.stringify(typed),
        parameters: { workspace_name: 'mlw', instance_name: 'ci-map', location: 'westeurope', vnet_name: 'vnet', subnet_name: 'snet', vm_size_sku: '"Standard_NC6s_v3"', user_object_id: 'u', tenant_id: 't' },
      }),
    ]);
    expect(withMap.resources.map(({ resource }) => resource.id)).toEqual([`${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/mlw/computes/ci-map`]);
    expect((withMap.resources[0].unknown ?? []).map((unknown) => unknown.path.join('.'))).toContain('properties.properties.vmSize');
  });

  it('what cannot be read is said: template_content known only after apply, a template spec', () => {
    const { resources, warnings, unmapped } = map([
      change('azurerm_resource_group_template_deployment.later', 'azurerm_resource_group_template_deployment', { name: 'a', resource_group_name: 'rg' }, { template_content: true }),
      change('azurerm_resource_group_template_deployment.spec', 'azurerm_resource_group_template_deployment', { name: 'b', resource_group_name: 'rg', template_spec_version_id: `${SUB}/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/gpu/versions/1` }),
    ]);
    expect({ resources, unmapped: [...unmapped] }).toEqual({ resources: [], unmapped: [] });
    expect(warnings).toEqual([
      'plan.json: azurerm_resource_group_template_deployment.later: its template_content is known only after terraform apply: the resources it deploys are not scanned',
      `plan.json: azurerm_resource_group_template_deployment.spec deploys the template spec "${SUB}/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/gpu/versions/1", which aiscan cannot read: its resources are not scanned; scan the template the spec was made from`,
    ]);
  });

  it('template_content that is not JSON stops the scan: the azurerm provider would not deploy it', () => {
    expect(() => map([change('azurerm_resource_group_template_deployment.x', 'azurerm_resource_group_template_deployment', { name: 'x', resource_group_name: 'rg', template_content: "{'a': 1}", parameters_content: parameters })])).toThrow(
      'plan.json: azurerm_resource_group_template_deployment.x: template_content:1:2: invalid JSON: invalid symbol (what the azurerm provider deploys must be valid JSON)',
    );
  });

  describe('aiscan scan of the AzureTRE plan', () => {
    const tmp = useTempDir('aiscan-template-deployment-');
    it('a scan of its folder scans the template through the plan, not alone without its parameter values', async () => {
      const out = tmp.path('folder-out');
      const run = await runCli('scan', FIXTURE, '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string }[]; inputSummary: { skipped: { file: string; reason: string }[] } };
      expect(report.inputSummary.skipped).toEqual([
        {
          file: join(FIXTURE, 'deploypl_compute_instance.json'),
          reason: `deployed by azurerm_resource_group_template_deployment.deploy_compute_instance of ${join(FIXTURE, 'plan.json')}, and scanned there with its parameters_content`,
        },
      ]);
      expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual(['AIS-GOV-001', 'AIS-ID-004']);
    });

    it('finds what the template deploys in the file the local_file data block reads it from', async () => {
      const out = tmp.path('out');
      const run = await runCli('scan', join(FIXTURE, 'plan.json'), '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine?: number } }[] };
      // A GPU compute instance (Standard_NC6s_v3) without a managed identity or tags: at the `{` of the template's compute
      // resource, the line before its "type" (whose 0-based index is the brace's 1-based line).
      const computeLine = template.split('\n').findIndex((line) => line.includes('"type": "Microsoft.MachineLearningServices/workspaces/computes"'));
      expect(report.findings.map((finding) => [finding.ruleId, finding.location.file, finding.location.startLine]).sort()).toEqual([
        ['AIS-GOV-001', join(FIXTURE, 'deploypl_compute_instance.json'), computeLine],
        ['AIS-ID-004', join(FIXTURE, 'deploypl_compute_instance.json'), computeLine],
      ]);
    });
  });

  describe('azapi_resource of type Microsoft.Resources/deployments (hand-written plans)', () => {
    // An ML workspace whose public network access is a parameter, Disabled unless the deployment says otherwise.
    const workspaceTemplate = {
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      parameters: { access: { type: 'string', defaultValue: 'Disabled' } },
      resources: [{ type: 'Microsoft.MachineLearningServices/workspaces', apiVersion: '2024-04-01', name: 'mlw-gpu', location: 'westeurope', properties: { publicNetworkAccess: "[parameters('access')]" } }],
    };
    const body = { properties: { mode: 'Incremental', template: workspaceTemplate, parameters: { access: { value: 'Enabled' } } } };
    const deployment = (after: Record<string, unknown>, afterUnknown: Record<string, unknown> = {}) =>
      change('azapi_resource.stage_a', 'azapi_resource', { type: 'Microsoft.Resources/deployments@2022-09-01', name: 'stage-a', parent_id: `${SUB}/resourceGroups/rg-ml`, body, ...after }, afterUnknown);
    const deployed = (changes: unknown[], configuration: Record<string, unknown> = {}) => {
      const { resources, warnings } = mapPlan(readPlan(JSON.stringify({ format_version: '1.2', resource_changes: changes, configuration }), 'plan.json'), 'plan.json', { subscriptionId: SUB.split('/')[2] });
      return { warnings, resources: resources.filter(({ type }) => type !== 'Microsoft.Resources/deployments').map(({ resource, unknown }) => ({ id: resource.id, properties: resource.properties, unknown: (unknown ?? []).map((entry) => entry.path.join('.')) })) };
    };
    const workspace = (group: string, access: string) => ({ id: `${SUB}/resourceGroups/${group}/providers/Microsoft.MachineLearningServices/workspaces/mlw-gpu`, properties: { publicNetworkAccess: access }, unknown: [] });

    it('the template in body.properties is expanded with its parameters in the parent_id resource group, with azapi 2.x\'s object body and 1.x\'s JSON text', () => {
      expect(deployed([deployment({})])).toEqual({ warnings: [], resources: [workspace('rg-ml', 'Enabled')] });
      expect(deployed([deployment({ body: JSON.stringify(body) })])).toEqual({ warnings: [], resources: [workspace('rg-ml', 'Enabled')] });
      expect(deployed([deployment({ body: { properties: { mode: 'Incremental', template: workspaceTemplate } } })]).resources).toEqual([workspace('rg-ml', 'Disabled')]);
    });

    it('parent_id: a resource group the plan creates, followed through the configuration; a subscription deploys at subscription scope', () => {
      const group = change('azapi_resource.group', 'azapi_resource', { type: 'Microsoft.Resources/resourceGroups@2020-06-01', name: 'rg-new', location: 'westeurope' }, { id: true });
      const configuration = { root_module: { resources: [{ address: 'azapi_resource.stage_a', mode: 'managed', type: 'azapi_resource', name: 'stage_a', expressions: { parent_id: { references: ['azapi_resource.group.id', 'azapi_resource.group'] } } }] } };
      // (azapi puts a resource group without parent_id in the subscription.)
      expect(deployed([group, deployment({ parent_id: undefined }, { parent_id: true })], configuration).resources).toEqual([{ id: `${SUB}/resourceGroups/rg-new`, properties: undefined, unknown: [] }, workspace('rg-new', 'Enabled')]);
      const groups = { ...workspaceTemplate, parameters: {}, resources: [{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2022-09-01', name: 'rg-gpu', location: 'westeurope' }] };
      expect(deployed([deployment({ parent_id: SUB, location: 'westeurope', body: { properties: { mode: 'Incremental', template: groups } } })]).resources.map(({ id }) => id)).toEqual([`${SUB}/resourceGroups/rg-gpu`]);
    });

    it('the azapi provider\'s own example (a real configuration, hand-written plan): the template\'s resources, in the resource group the plan creates', () => {
      const plan = readPlan(readFileSync('test/fixtures/terraform/handwritten-azapi-example-deployment/plan.json', 'utf8'), 'plan.json');
      const { resources, warnings, unmapped } = mapPlan(plan, 'plan.json', { subscriptionId: SUB.split('/')[2] });
      expect({ warnings, unmapped: [...unmapped] }).toEqual({ warnings: [], unmapped: [] });
      // The group's parent_id (the subscription, as this hand-written plan gives it) wins over --subscription-id.
      const group = '/subscriptions/0b7c1d2e-3f40-4a51-9c62-7d83e94f0a15/resourceGroups/acctest0001';
      expect(resources.map(({ resource }) => [resource.type, resource.id.startsWith(`${group}/`) || resource.id === group])).toEqual([
        ['Microsoft.Resources/deployments', true],
        ['Microsoft.Resources/resourceGroups', true],
        ['Microsoft.Storage/storageAccounts', true],
        ['Microsoft.Network/publicIPAddresses', true],
      ]);
      expect(resources.find(({ resource }) => resource.type === 'Microsoft.Network/publicIPAddresses')?.resource.properties).toMatchObject({ publicIPAllocationMethod: 'Dynamic' });
    });

    const tmp = useTempDir('aiscan-azapi-deployment-');
    it('a scan finds what the deployment deploys, on the line of the block\'s template', async () => {
      const tf = [
        'resource "azapi_resource" "stage_a" {',
        '  type      = "Microsoft.Resources/deployments@2022-09-01"',
        '  name      = "stage-a"',
        `  parent_id = "${SUB}/resourceGroups/rg-ml"`,
        '  body = {',
        '    properties = {',
        '      mode     = "Incremental"',
        '      template = jsondecode(file("${path.module}/workspace.json"))',
        '      parameters = {',
        '        access = { value = "Enabled" }',
        '      }',
        '    }',
        '  }',
        '}',
        '',
      ].join('\n');
      tmp.write('main.tf', tf);
      const plan = tmp.write('plan.json', JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: [deployment({})], configuration: {} }));
      const out = tmp.path('out');
      expect((await runCli('scan', plan, '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none')).code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] };
      const line = tf.split('\n').findIndex((text) => text.includes('template = jsondecode')) + 1;
      expect(report.findings.filter((finding) => finding.ruleId === 'AIS-ML-001').map((finding) => [finding.location.file, finding.location.startLine])).toEqual([[tmp.path('main.tf'), line]]);
    });

    it('one parameter known only after apply (a module\'s output) leaves that one unknown, and the others keep their values', () => {
      const named = { ...workspaceTemplate, parameters: { ...workspaceTemplate.parameters, name: { type: 'string' } }, resources: [{ ...workspaceTemplate.resources[0], name: "[parameters('name')]" }] };
      const mixed = deployed([deployment({ body: { properties: { mode: 'Incremental', template: named, parameters: { access: { value: 'Enabled' }, name: {} } } } }, { body: { properties: { parameters: { name: { value: true } } } } })]);
      expect(mixed).toEqual({
        warnings: [],
        resources: [{ id: `${SUB}/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/aiscan-unknown-name-resources-0`, properties: { publicNetworkAccess: 'Enabled' }, unknown: ['name'] }],
      });
    });

    it('what cannot be read is said or left unknown: a templateLink, a body known only after apply, parameters known only after apply', () => {
      const linked = deployed([deployment({ body: { properties: { mode: 'Incremental', templateLink: { uri: 'https://example.org/t.json' } } } })]);
      expect(linked).toEqual({ resources: [], warnings: ['plan.json: azapi_resource.stage_a: it deploys the template at "https://example.org/t.json", which aiscan does not fetch; scan that template: the resources it deploys are not scanned'] });
      expect(deployed([deployment({ body: undefined }, { body: true })]).warnings).toEqual(['plan.json: azapi_resource.stage_a: its body is known only after terraform apply: the resources it deploys are not scanned']);
      // (A value known only after apply is missing from the plan's `after`.)
      const later = deployed([deployment({ body: { properties: { ...body.properties, parameters: { access: {} } } } }, { body: { properties: { parameters: { access: { value: true } } } } })]);
      expect(later.resources).toEqual([{ ...workspace('rg-ml', 'Enabled'), properties: {}, unknown: ['properties.publicNetworkAccess'] }]);
      // A value of the template itself known only after apply (a location from a resource still to be created) could be what a rule decides on.
      const partly = deployed([deployment({}, { body: { properties: { template: { resources: [{ location: true }] } } } })]);
      expect(partly).toEqual({ resources: [], warnings: ['plan.json: azapi_resource.stage_a: its body.properties.template holds values known only after terraform apply: the resources it deploys are not scanned'] });
    });

    describe('where findings point: the file jsondecode(file(…)) reads, when it holds the template the plan deploys', () => {
      // Terraform writes an object's keys sorted in the plan; the file has them as its author wrote them.
      const sorted = (value: unknown): unknown =>
        Array.isArray(value) ? value.map(sorted) : typeof value === 'object' && value !== null ? Object.fromEntries(Object.keys(value).sort().map((key) => [key, sorted((value as Record<string, unknown>)[key])])) : value;
      const written = `${JSON.stringify(workspaceTemplate, null, 2)}\n`;
      const propertyLine = written.split('\n').findIndex((line) => line.includes('"publicNetworkAccess"')) + 1;
      const block = (template: string, bodyAs = (properties: string) => `  body = {\n${properties}  }\n`) =>
        [
          'resource "azapi_resource" "stage_a" {',
          '  type      = "Microsoft.Resources/deployments@2022-09-01"',
          '  name      = "stage-a"',
          `  parent_id = "${SUB}/resourceGroups/rg-ml"`,
          bodyAs(['    properties = {', '      mode     = "Incremental"', `      template = ${template}`, '      parameters = {', '        access = { value = "Enabled" }', '      }', '    }', ''].join('\n')),
          '}',
          '',
        ].join('\n');
      const findingsOf = async (name: string, tf: string, file = written, planned: unknown = sorted(body)) => {
        mkdirSync(tmp.path(name));
        tmp.write(`${name}/main.tf`, tf);
        tmp.write(`${name}/workspace.json`, file);
        const plan = tmp.write(`${name}/plan.json`, JSON.stringify({ format_version: '1.2', terraform_version: '1.9.8', resource_changes: [deployment({ body: planned })], configuration: {} }));
        const out = tmp.path(`${name}.out`);
        expect((await runCli('scan', plan, '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none')).code).toBe(0);
        const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] };
        return report.findings.filter((finding) => finding.ruleId === 'AIS-ML-001').map((finding) => [finding.location.file, finding.location.startLine]);
      };
      const templateLine = (tf: string) => tf.split('\n').findIndex((text) => text.includes('template = ')) + 1;

      it('azapi 2.x: at the property in the file, whatever order the plan writes the keys in', async () => {
        expect(await findingsOf('decoded', block('jsondecode(file("${path.module}/workspace.json"))'))).toEqual([[tmp.path('decoded', 'workspace.json'), propertyLine]]);
      });

      it('written over several lines, with comments', async () => {
        const tf = block('jsondecode( # the workspace\n        file(\n          "${path.module}/workspace.json"\n        )\n      )');
        expect(await findingsOf('lines', tf)).toEqual([[tmp.path('lines', 'workspace.json'), propertyLine]]);
      });

      it('azapi 1.x: a body written with jsonencode(), which the plan holds as text', async () => {
        const tf = block('jsondecode(file("${path.module}/workspace.json"))', (properties) => `  body = jsonencode({\n${properties}  })\n`);
        expect(await findingsOf('text', tf, written, JSON.stringify(sorted(body)))).toEqual([[tmp.path('text', 'workspace.json'), propertyLine]]);
      });

      it('a file that is not what the plan deploys, or not JSON, is not pointed into: the line of the block\'s template', async () => {
        const tf = block('jsondecode(file("${path.module}/workspace.json"))');
        expect(await findingsOf('changed', tf, written.replace('"westeurope"', '"northeurope"'))).toEqual([[tmp.path('changed', 'main.tf'), templateLine(tf)]]);
        expect(await findingsOf('broken', tf, `${written}}`)).toEqual([[tmp.path('broken', 'main.tf'), templateLine(tf)]]);
        // file() alone would give azapi a string, not the template: never what the plan deploys here.
        const undecoded = block('file("${path.module}/workspace.json")');
        expect(await findingsOf('undecoded', undecoded)).toEqual([[tmp.path('undecoded', 'main.tf'), templateLine(undecoded)]]);
      });
    });
  });

  it('a real azapi deployment of a template read with jsondecode(file(…)) (KenKilty/aks-flex-anyscale-lab, hand-written plan): its role assignments, scoped to module outputs, are not evaluated, each at its scope in the template file', async () => {
    const folder = 'test/fixtures/terraform/handwritten-anyscale-lab-azapi-deployment';
    const out = mkdtempSync(join(tmpdir(), 'aiscan-anyscale-lab-'));
    try {
      const run = await runCli('scan', join(folder, 'plan.json'), '--out', out, '--format', 'json', '--fail-on', 'none');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as {
        findings: unknown[];
        undecided: { ruleId: string; expression: string; location: { file: string; startLine: number } }[];
        warnings: string[];
      };
      const file = join(folder, 'templates', 'anyscale-platform-cloud.template.json');
      const template = readFileSync(file, 'utf8').split('\n');
      // Each role assignment's scope, the first "scope" after its "type"; the fourth (AcrPull for the kubelet) is off in this configuration.
      const assignments = template.flatMap((line, index) => (line.includes('"type": "Microsoft.Authorization/roleAssignments"') ? [index + template.slice(index).findIndex((text) => text.includes('"scope":')) + 1] : []));
      expect(assignments).toHaveLength(4);
      const parameter = (name: string) => `azapi_resource.anyscale_platform[0].body.properties.parameters.${name}`;
      // Whether their scope holds GPU compute is what AIS-RBAC-003 applies on: unknown until apply, so not evaluated, never passed.
      expect(report.undecided.map((entry) => [entry.ruleId, entry.location.file, entry.location.startLine, entry.expression])).toEqual([
        ['AIS-RBAC-003', file, assignments[0], parameter('storageAccountResourceId')],
        ['AIS-RBAC-003', file, assignments[1], parameter('acrResourceId')],
        ['AIS-RBAC-003', file, assignments[2], parameter('acrResourceId')],
      ]);
      expect(report.findings).toEqual([]);
      expect(report.warnings.filter((warning) => warning.includes('deploys to a resourceGroup known only at deployment'))).toHaveLength(3);

      // A scan of the folder scans the template through the plan, not alone without its parameter values (which stopped it).
      const folderScan = await runCli('scan', folder, '--out', join(out, 'folder'), '--format', 'json', '--fail-on', 'none');
      expect(folderScan.code).toBe(0);
      const folderReport = JSON.parse(readFileSync(join(out, 'folder', 'aiscan.json'), 'utf8')) as typeof report & { inputSummary: { skipped: { file: string; reason: string }[] } };
      expect(folderReport.inputSummary.skipped).toEqual([{ file, reason: `deployed by azapi_resource.anyscale_platform[0] of ${join(folder, 'plan.json')}, and scanned there with its body.properties.parameters` }]);
      expect(folderReport.undecided).toEqual(report.undecided);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('a real heredoc template (briandenicola/private-kubernetes-cluster-setup, hand-written plan): its cluster\'s findings on the heredoc\'s lines', async () => {
    const folder = 'test/fixtures/terraform/handwritten-defender-heredoc';
    const out = mkdtempSync(join(tmpdir(), 'aiscan-defender-heredoc-'));
    try {
      const run = await runCli('scan', join(folder, 'plan.json'), '--subscription-id', '0b7c1d2e-3f40-4a51-9c62-7d83e94f0a15', '--out', out, '--format', 'json', '--fail-on', 'none');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] };
      const tf = readFileSync(join(folder, 'defender.tf'), 'utf8').split('\n');
      const lineOf = (text: string) => tf.findIndex((line) => line.includes(text)) + 1;
      // The cluster resource starts on the line before its "type"; its missing settings are under "properties".
      const cluster = lineOf('"type": "Microsoft.ContainerService/managedClusters"') - 1;
      const properties = lineOf('"properties": {');
      expect(lineOf('template_content = <<TEMPLATE')).toBeLessThan(cluster);
      expect(report.findings.map((finding) => [finding.ruleId, finding.location.file, finding.location.startLine]).sort()).toEqual([
        ['AIS-AKS-004', join(folder, 'defender.tf'), properties],
        ['AIS-AKS-005', join(folder, 'defender.tf'), properties],
        ['AIS-AKS-006', join(folder, 'defender.tf'), properties],
        ['AIS-AKS-007', join(folder, 'defender.tf'), properties],
        ['AIS-ID-001', join(folder, 'defender.tf'), cluster],
      ]);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  describe('where findings point: the template file the block reads, when it holds what the plan deploys', () => {
    const tmp = useTempDir('aiscan-template-file-');
    // Hand-written: an ML workspace open to the public network (AIS-ML-001), read with file() by a module's deployment.
    const workspace = `{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.MachineLearningServices/workspaces",
      "apiVersion": "2024-04-01",
      "name": "mlw-gpu",
      "location": "westeurope",
      "identity": { "type": "SystemAssigned" },
      "properties": {
        "publicNetworkAccess": "Enabled"
      }
    }
  ]
}
`;
    const deployment = (expression: string) => `resource "azurerm_resource_group_template_deployment" "ws" {
  name                = "dpl-ws"
  resource_group_name = "rg-ml"
  deployment_mode     = "Incremental"
  template_content    = ${expression}
}
`;
    /** A root module calling `./modules/ml`, whose deployment reads its template as `expression` says; the plan deploys `deployed`. */
    const configuration = (name: string, expression: string, deployed = workspace) => {
      mkdirSync(tmp.path(name, 'modules', 'ml'), { recursive: true });
      tmp.write(`${name}/main.tf`, 'module "ml" {\n  source = "./modules/ml"\n}\n');
      tmp.write(`${name}/modules/ml/main.tf`, deployment(expression));
      tmp.write(`${name}/modules/ml/workspace.json`, workspace);
      const plan = {
        format_version: '1.2',
        terraform_version: '1.9.8',
        resource_changes: [{ ...change('module.ml.azurerm_resource_group_template_deployment.ws', 'azurerm_resource_group_template_deployment', { name: 'dpl-ws', resource_group_name: 'rg-ml', template_content: deployed }), module_address: 'module.ml' }],
        configuration: { root_module: { module_calls: { ml: { source: './modules/ml', module: {} } } } },
      };
      return tmp.write(`${name}/plan.json`, JSON.stringify(plan));
    };
    const publicAccess = async (plan: string) => {
      const out = `${plan}.out`;
      const run = await runCli('scan', plan, '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none');
      expect(run.code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine: number } }[] };
      return report.findings.filter((finding) => finding.ruleId === 'AIS-ML-001').map((finding) => [finding.location.file, finding.location.startLine]);
    };
    const propertyLine = workspace.split('\n').findIndex((line) => line.includes('"publicNetworkAccess"')) + 1;

    it('file("${path.module}/…") in a module: at the property, in the module\'s template file', async () => {
      expect(await publicAccess(configuration('module-path', 'file("${path.module}/workspace.json") # the ML workspace'))).toEqual([[tmp.path('module-path', 'modules', 'ml', 'workspace.json'), propertyLine]]);
    });

    it('copies of a copy loop share their declaration\'s lines, and their messages tell them apart', async () => {
      const looped = workspace.replace('"name": "mlw-gpu",', '"name": "[concat(\'mlw-gpu-\', copyIndex())]",\n      "copy": { "name": "workspaces", "count": 2 },');
      const plan = configuration('copies', 'file("${path.module}/looped.json")', looped);
      tmp.write('copies/modules/ml/looped.json', looped);
      const out = tmp.path('copies.out');
      expect((await runCli('scan', plan, '--subscription-id', SUB.split('/')[2], '--out', out, '--format', 'json', '--fail-on', 'none')).code).toBe(0);
      const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; message: string; location: { file: string; startLine: number } }[] };
      const line = looped.split('\n').findIndex((text) => text.includes('"publicNetworkAccess"')) + 1;
      expect(report.findings.filter((finding) => finding.ruleId === 'AIS-ML-001').map((finding) => [finding.location.file, finding.location.startLine, / \(copy (\d) of loop "workspaces"; declared in module\.ml\)$/.exec(finding.message)?.[1]])).toEqual([
        [tmp.path('copies', 'modules', 'ml', 'looped.json'), line, '0'],
        [tmp.path('copies', 'modules', 'ml', 'looped.json'), line, '1'],
      ]);
    });

    it('file( written over several lines, a comment among them', async () => {
      expect(await publicAccess(configuration('lines', 'file( // the ML workspace\n    "${path.module}/workspace.json"\n  )'))).toEqual([[tmp.path('lines', 'modules', 'ml', 'workspace.json'), propertyLine]]);
    });

    it('file("…") without path.module is read from the root module, where terraform runs', async () => {
      expect(await publicAccess(configuration('root-path', 'file("modules/ml/workspace.json")'))).toEqual([[tmp.path('root-path', 'modules', 'ml', 'workspace.json'), propertyLine]]);
    });

    it('a file that does not hold what the plan deploys (changed since, or rendered by templatefile()) is not pointed into: the attribute\'s line', async () => {
      const changed = workspace.replace('"location": "westeurope"', '"location": "northeurope"');
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      expect(await publicAccess(configuration('changed', 'file("${path.module}/workspace.json")', changed))).toEqual([[tmp.path('changed', 'modules', 'ml', 'main.tf'), attributeLine]]);
      expect(await publicAccess(configuration('rendered', 'templatefile("${path.module}/workspace.json", {})'))).toEqual([[tmp.path('rendered', 'modules', 'ml', 'main.tf'), attributeLine]]);
    });

    it('a template written in the .tf file as a heredoc: at the property\'s line there, with <<- indentation in its column', async () => {
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      const plain = `<<TEMPLATE\n${workspace}TEMPLATE`;
      expect(await publicAccess(configuration('heredoc', plain))).toEqual([[tmp.path('heredoc', 'modules', 'ml', 'main.tf'), attributeLine + propertyLine]]);
      const indented = `<<-EOT\n${workspace.replace(/^(?=.)/gm, '    ')}  EOT`;
      const deployed = await runCli('scan', configuration('indented', indented), '--subscription-id', SUB.split('/')[2], '--out', tmp.path('indented.out'), '--format', 'json', '--fail-on', 'none');
      expect(deployed.code).toBe(0);
      const report = JSON.parse(readFileSync(tmp.path('indented.out', 'aiscan.json'), 'utf8')) as { findings: { ruleId: string; location: { file: string; startLine: number; startColumn: number } }[] };
      const finding = report.findings.find((entry) => entry.ruleId === 'AIS-ML-001')!;
      expect([finding.location.startLine, finding.location.startColumn]).toEqual([attributeLine + propertyLine, 4 + workspace.split('\n')[propertyLine - 1].indexOf('"') + 1]);
    });

    it('a heredoc of several declarations, a nested deployment among them: each finding on its own declaration\'s lines', async () => {
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      const declaration = workspace.slice(workspace.indexOf('    {\n'), workspace.lastIndexOf('    }') + 5);
      const second = declaration.replace('"mlw-gpu"', '"mlw-second"');
      const nested = `    {\n      "type": "Microsoft.Resources/deployments",\n      "apiVersion": "2022-09-01",\n      "name": "inner",\n      "properties": {\n        "mode": "Incremental",\n        "template": {\n          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n          "contentVersion": "1.0.0.0",\n          "resources": [\n${declaration.replace('"mlw-gpu"', '"mlw-nested"').replace(/^/gm, '        ')}\n          ]\n        }\n      }\n    }`;
      const several = workspace.replace(declaration, [declaration, second, nested].join(',\n'));
      const file = tmp.path('several', 'modules', 'ml', 'main.tf');
      const lines = several.split('\n').flatMap((line, index) => (line.includes('"publicNetworkAccess"') ? [attributeLine + index + 1] : []));
      expect(lines).toHaveLength(3);
      expect((await publicAccess(configuration('several', `<<TEMPLATE\n${several}TEMPLATE`, several))).sort()).toEqual(lines.map((line) => [file, line]).sort());
    });

    it('a heredoc with interpolations in its strings, rendered by Terraform: still at the property\'s line; one that is not JSON as written, or not what was deployed: the attribute\'s line', async () => {
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      const interpolated = `<<TEMPLATE\n${workspace.replace('"mlw-gpu"', '"${var.name}"').replace('"westeurope"', '"%{if var.eu}westeurope%{else}eastus%{endif}"')}TEMPLATE`;
      expect(await publicAccess(configuration('interpolated', interpolated))).toEqual([[tmp.path('interpolated', 'modules', 'ml', 'main.tf'), attributeLine + propertyLine]]);
      const unquoted = `<<TEMPLATE\n${workspace.replace('"properties": {', '"properties": ${jsonencode(var.extra)}, "ignored": {')}TEMPLATE`;
      expect(await publicAccess(configuration('unquoted', unquoted))).toEqual([[tmp.path('unquoted', 'modules', 'ml', 'main.tf'), attributeLine]]);
      const other = `<<TEMPLATE\n${workspace.replace('"identity": { "type": "SystemAssigned" },', '')}TEMPLATE`;
      expect(await publicAccess(configuration('other', other))).toEqual([[tmp.path('other', 'modules', 'ml', 'main.tf'), attributeLine]]);
    });

    it('instances of one block (count) are judged each by its own text: one that is not the file\'s stays on the attribute\'s line', async () => {
      const plan = configuration('instances', 'file("${path.module}/workspace.json")');
      const other = workspace.replace('"mlw-gpu"', '"mlw-other"');
      const instance = (index: number, deployed: string) => ({
        ...change(`module.ml.azurerm_resource_group_template_deployment.ws[${index}]`, 'azurerm_resource_group_template_deployment', { name: `dpl-ws-${index}`, resource_group_name: 'rg-ml', template_content: deployed }),
        module_address: 'module.ml',
        index,
      });
      const written = JSON.parse(readFileSync(plan, 'utf8')) as { resource_changes: unknown[] };
      written.resource_changes = [instance(0, workspace), instance(1, other)];
      writeFileSync(plan, JSON.stringify(written));
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      expect((await publicAccess(plan)).sort()).toEqual([
        [tmp.path('instances', 'modules', 'ml', 'main.tf'), attributeLine],
        [tmp.path('instances', 'modules', 'ml', 'workspace.json'), propertyLine],
      ]);
    });

    it('a path that leaves the repository, or a link out of it, is never read, even to a file that holds the same text', async () => {
      tmp.write('workspace-outside.json', workspace);
      const attributeLine = deployment('').split('\n').findIndex((line) => line.includes('template_content')) + 1;
      const outside = configuration('outside', 'file("${path.module}/../../../workspace-outside.json")');
      // Outside a git repository, the boundary is the root module's folder.
      expect(await publicAccess(outside)).toEqual([[tmp.path('outside', 'modules', 'ml', 'main.tf'), attributeLine]]);
      const linked = configuration('linked', 'file("${path.module}/link.json")');
      symlinkSync(tmp.path('workspace-outside.json'), tmp.path('linked', 'modules', 'ml', 'link.json'));
      expect(await publicAccess(linked)).toEqual([[tmp.path('linked', 'modules', 'ml', 'main.tf'), attributeLine]]);
    });
  });
});
