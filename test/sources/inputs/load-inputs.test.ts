import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { UserError } from '../../../src/errors.js';
import { loadInputs } from '../../../src/sources/inputs/load-inputs.js';
import { useTempDir } from '../../helpers/temp.js';

/**
 * What `aiscan scan PATH…` reads, end to end up to the estate: folders walked, parameter files
 * paired, Bicep compiled by a stand-in CLI (the real one cannot be installed here) that prints what
 * the real one printed for the fixture, and each deployment expanded once per parameter file.
 */
const TEMPLATES = resolve('test', 'fixtures', 'templates');
const BICEP = resolve('test', 'fixtures', 'bicep');
const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const lineOf = (file: string, needle: string) => readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle)) + 1;

/** The AVM managed cluster needs these two; nothing in the fixture gives them. */
const CLUSTER_PARAMETERS = {
  name: 'aks-gpu',
  primaryAgentPoolProfiles: [{ name: 'system', mode: 'System', vmSize: 'Standard_D4s_v5', count: 3 }],
};

describe('loading the inputs of a scan', () => {
  const tmp = useTempDir('aiscan-load-inputs-');
  let stubs = 0;

  /** A stand-in `bicep` printing `output` for any build. */
  function bicepPrinting(output: string): NodeJS.ProcessEnv {
    const dir = tmp.path(`stub-${stubs++}`);
    mkdirSync(dir);
    const printed = join(dir, 'output.json');
    writeFileSync(printed, output);
    const script = join(dir, 'bicep');
    writeFileSync(script, ['#!/bin/sh', 'if [ "$1" = "--version" ]; then echo "Bicep CLI version 0.44.1 (0123456789)"; exit 0; fi', `exec cat ${quote(printed)}`, ''].join('\n'));
    chmodSync(script, 0o755);
    return { PATH: [dir, '/usr/bin', '/bin'].join(delimiter) };
  }

  test('a template with two parameter files is two deployments; the summary counts files by kind', async () => {
    const loaded = await loadInputs([join(TEMPLATES, 'carml-vmss')]);
    expect(loaded.deployments.map((deployment) => [deployment.template, deployment.parameters])).toEqual([
      [join(TEMPLATES, 'carml-vmss', 'deploy.json'), join(TEMPLATES, 'carml-vmss', 'linux.parameters.json')],
      [join(TEMPLATES, 'carml-vmss', 'deploy.json'), join(TEMPLATES, 'carml-vmss', 'windows.parameters.json')],
    ]);
    expect(loaded.summary.read).toEqual([
      { kind: 'arm-template', label: 'ARM template', count: 1 },
      { kind: 'arm-parameters', label: 'ARM parameter file', count: 2 },
    ]);
    const [linux, windows] = loaded.deployments.map((deployment) => deployment.resources.find((resource) => resource.type === 'Microsoft.Compute/virtualMachineScaleSets')!);
    expect(linux.origin.declared).toMatchObject({ parameters: join(TEMPLATES, 'carml-vmss', 'linux.parameters.json') });
    expect(windows.origin.declared).toMatchObject({ parameters: join(TEMPLATES, 'carml-vmss', 'windows.parameters.json') });
  });

  test('the configuration gives required parameters that nothing else gives; a template default still wins', async () => {
    const folder = tmp.path('defaults');
    mkdirSync(folder);
    const template = join(folder, 'main.json');
    writeFileSync(
      template,
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { vmName: { type: 'string' }, size: { type: 'string', defaultValue: 'Standard_NC24ads_A100_v4' } },
        resources: [{ type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-03-01', name: "[parameters('vmName')]", properties: { hardwareProfile: { vmSize: "[parameters('size')]" } } }],
      }),
    );
    await expect(loadInputs([template])).rejects.toThrow(new UserError(`${template}: no value for the parameter vmName, which has no default: give a parameter file (main.parameters.json beside it, metadata.template, or --parameters FILE), or a value in "templates": {"parameters": …} of aiscan.config.json`));
    const loaded = await loadInputs([template], { parameterDefaults: { VMNAME: 'gpu-vm', size: 'Standard_B2s' } });
    const [vm] = loaded.deployments[0].resources;
    expect(vm.resource).toMatchObject({ name: 'gpu-vm', properties: { hardwareProfile: { vmSize: 'Standard_NC24ads_A100_v4' } } });
  });

  test('a Bicep file is compiled and its resources sit on the line of the statement that declares them; the compiled twin beside it is skipped', async () => {
    const source = join(BICEP, 'managed-cluster');
    const env = bicepPrinting(readFileSync(join(source, 'main.json'), 'utf8'));
    const loaded = await loadInputs([source], { bicep: { env }, parameterDefaults: CLUSTER_PARAMETERS });
    expect(loaded.deployments).toHaveLength(1);
    expect(loaded.deployments[0].template).toBe(join(source, 'main.bicep'));
    expect(loaded.summary.skipped).toEqual([{ file: join(source, 'main.json'), reason: 'compiled by Bicep from main.bicep beside it, which is scanned instead' }]);
    expect(loaded.summary.read).toEqual([{ kind: 'bicep', label: 'Bicep file', count: 1 }]);
    const cluster = loaded.deployments[0].resources.find((resource) => resource.type === 'Microsoft.ContainerService/managedClusters')!;
    expect(cluster.origin.file).toBe(join(source, 'main.bicep'));
    expect(cluster.origin.declared).toMatchObject({ as: 'managedCluster', line: lineOf(join(source, 'main.bicep'), "resource managedCluster 'Microsoft.ContainerService/managedClusters@"), column: 1 });
    expect(cluster.resource.name).toBe('aks-gpu');
  });

  test('a compiled twin is skipped only when it deploys what its .bicep file does; otherwise it is scanned too, or its error stops the scan', async () => {
    const folder = tmp.path('twin');
    mkdirSync(folder);
    copyFileSync(join(BICEP, 'managed-cluster', 'main.bicep'), join(folder, 'main.bicep'));
    const compiled = readFileSync(join(BICEP, 'managed-cluster', 'main.json'), 'utf8');
    const env = bicepPrinting(compiled); // what main.bicep compiles to
    const twinFile = join(folder, 'main.json');
    type Resource = { type: string; dependsOn?: unknown; properties?: Record<string, unknown> };
    type Template = { parameters: Record<string, unknown>; resources: Record<string, Resource> }; // symbolic names: Bicep writes languageVersion 2.0 here
    const resourcesOf = (template: Template) => Object.values(template.resources);
    const writeTwin = (change: (template: Template) => void) => {
      const template = JSON.parse(compiled) as Template;
      change(template);
      writeFileSync(twinFile, JSON.stringify(template));
    };
    const load = () => loadInputs([folder], { bicep: { env }, parameterDefaults: CLUSTER_PARAMETERS });

    // Written by another Bicep (fewer dependsOn): the same deployment, skipped.
    writeTwin((template) => resourcesOf(template).forEach((resource) => delete resource.dependsOn));
    expect((await load()).summary.skipped).toEqual([{ file: twinFile, reason: 'compiled by Bicep from main.bicep beside it, which is scanned instead' }]);

    // Changed by hand (its metadata still says Bicep): scanned as it is, beside the .bicep file.
    writeTwin((template) => {
      const cluster = resourcesOf(template).find((resource) => resource.type === 'Microsoft.ContainerService/managedClusters')!;
      cluster.properties = { ...cluster.properties, enableRBAC: false };
    });
    const tampered = await load();
    expect(tampered.deployments.map((deployment) => deployment.template)).toEqual([join(folder, 'main.bicep'), twinFile]);
    expect(tampered.summary.skipped).toEqual([]);
    expect(tampered.warnings).toContain(`${twinFile}: its metadata says Bicep compiled it from main.bicep beside it, but it does not deploy what main.bicep does: both are scanned`);
    const twinCluster = tampered.deployments[1].resources.find((resource) => resource.type === 'Microsoft.ContainerService/managedClusters')!;
    expect(twinCluster.resource.properties).toMatchObject({ enableRBAC: false });

    // A parameter the .bicep file does not have, and no value for it: the scan stops, naming the twin.
    writeTwin((template) => (template.parameters.extra = { type: 'string' }));
    await expect(load()).rejects.toThrow(`${twinFile}: no value for the parameter extra`);
  });

  test('a .bicepparam file is the deployment of the Bicep file it uses, which is not also scanned alone', async () => {
    const folder = tmp.path('bicepparam');
    mkdirSync(folder);
    copyFileSync(join(BICEP, 'managed-cluster', 'main.bicep'), join(folder, 'main.bicep'));
    const parameters = join(folder, 'prod.bicepparam');
    writeFileSync(parameters, "using './main.bicep'\n\nparam name = 'aks-prod'\n");
    const parametersJson = JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
      contentVersion: '1.0.0.0',
      parameters: { name: { value: 'aks-prod' }, primaryAgentPoolProfiles: { value: CLUSTER_PARAMETERS.primaryAgentPoolProfiles } },
    });
    const env = bicepPrinting(JSON.stringify({ parametersJson, templateJson: readFileSync(join(BICEP, 'managed-cluster', 'main.json'), 'utf8') }));
    const loaded = await loadInputs([folder], { bicep: { env } });
    expect(loaded.deployments.map((deployment) => [deployment.template, deployment.parameters])).toEqual([[join(folder, 'main.bicep'), parameters]]);
    const cluster = loaded.deployments[0].resources.find((resource) => resource.type === 'Microsoft.ContainerService/managedClusters')!;
    expect(cluster.resource.name).toBe('aks-prod');
    expect(cluster.origin.declared?.line).toBe(lineOf(join(folder, 'main.bicep'), "resource managedCluster 'Microsoft.ContainerService/managedClusters@"));
  });

  test('estate files found among the paths are handed on as they are', async () => {
    const loaded = await loadInputs([resolve('examples', 'estate')]);
    expect(loaded.estateFiles).toEqual(['kubernetes-aks-research-gpu.json', 'subscription-production.json', 'subscription-research.json'].map((file) => resolve('examples', 'estate', file)));
    expect(loaded.deployments).toEqual([]);
  });
});
