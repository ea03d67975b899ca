/**
 * Where the property trees of src/facts/azure-properties.json come from: for each resource type,
 * the SDK package (exact version), the api-version its models describe, and the model.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KnownType, PropertyTree } from '../../src/engine/property-paths.js';
import { treeFromDeserializer, treeFromMapper } from './model-trees.js';

export interface Source {
  type: string;
  package: string;
  version: string;
  apiVersion: string;
  /** `mapper`: an AutoRest mapper by class name; `deserializer`: a TypeSpec deserializer function. */
  kind: 'mapper' | 'deserializer';
  file: string;
  model: string;
  /** How aiscan shows the item, where that is not the model itself. */
  shape?: 'usage';
  note?: string;
}

const COMPUTE = { package: '@azure/arm-compute', version: '24.1.0', apiVersion: '2026-03-01', kind: 'deserializer', file: 'dist/esm/models/compute/models.js' } as const;
const AKS = { package: '@azure/arm-containerservice', version: '25.3.0', apiVersion: '2026-04-01', kind: 'deserializer', file: 'dist/esm/models/models.js' } as const;
const NETWORK = { package: '@azure/arm-network', version: '36.0.0', apiVersion: '2025-05-01', kind: 'mapper', file: 'dist/esm/models/mappers.js' } as const;
const ML = { package: '@azure/arm-machinelearning', version: '2.1.1', apiVersion: '2022-10-01', kind: 'mapper', file: 'dist-esm/src/models/mappers.js' } as const;
const AUTHORIZATION = { package: '@azure/arm-authorization', version: '9.0.0', kind: 'mapper', file: 'dist-esm/src/models/mappers.js' } as const;

export const SOURCES: Source[] = [
  { type: 'Microsoft.Compute/virtualMachines', ...COMPUTE, model: 'virtualMachineDeserializer' },
  { type: 'Microsoft.Compute/virtualMachineScaleSets', ...COMPUTE, model: 'virtualMachineScaleSetDeserializer' },
  {
    type: 'Microsoft.Compute/locations/usages',
    ...COMPUTE,
    model: 'usageDeserializer',
    shape: 'usage',
    note: 'A usage is not a resource: aiscan gives it an id, type, name and location, and keeps the usage as returned under properties.',
  },
  { type: 'Microsoft.Network/networkInterfaces', ...NETWORK, model: 'NetworkInterface' },
  { type: 'Microsoft.Network/publicIPAddresses', ...NETWORK, model: 'PublicIPAddress' },
  { type: 'Microsoft.ContainerService/managedClusters', ...AKS, model: 'managedClusterDeserializer' },
  {
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    ...AKS,
    model: 'managedClusterAgentPoolProfileDeserializer',
    note: "aiscan shows a pool as its cluster's agentPoolProfiles element (a pool read from the agentPools API is flattened to that shape).",
  },
  { type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', ...AKS, model: 'managedNamespaceDeserializer' },
  { type: 'Microsoft.MachineLearningServices/workspaces', ...ML, model: 'Workspace' },
  { type: 'Microsoft.MachineLearningServices/workspaces/computes', ...ML, model: 'ComputeResource' },
  {
    type: 'Microsoft.MachineLearningServices/locations/usages',
    ...ML,
    model: 'Usage',
    shape: 'usage',
    note: 'An Azure ML usage is not a resource (its own id is not unique and names no region): aiscan gives it an id, type, name and location, and keeps the usage as returned under properties.',
  },
  {
    type: 'Microsoft.MachineLearningServices/locations/quotas',
    ...ML,
    model: 'ResourceQuota',
    shape: 'usage',
    note: 'An Azure ML quota is not a resource (its own id names no region): aiscan gives it an id, type, name and location, and keeps the quota as returned under properties.',
  },
  { type: 'Microsoft.Authorization/roleAssignments', ...AUTHORIZATION, apiVersion: '2022-04-01', model: 'RoleAssignment' },
  { type: 'Microsoft.Authorization/roleDefinitions', ...AUTHORIZATION, apiVersion: '2022-04-01', model: 'RoleDefinition' },
  { type: 'Microsoft.Authorization/classicAdministrators', ...AUTHORIZATION, apiVersion: '2015-07-01', model: 'ClassicAdministrator' },
  { type: 'Microsoft.Authorization/roleEligibilityScheduleInstances', ...AUTHORIZATION, apiVersion: '2020-10-01', model: 'RoleEligibilityScheduleInstance' },
  { type: 'Microsoft.Authorization/roleAssignmentScheduleInstances', ...AUTHORIZATION, apiVersion: '2020-10-01', model: 'RoleAssignmentScheduleInstance' },
  {
    type: 'Microsoft.Insights/autoscaleSettings',
    package: '@azure/arm-monitor',
    version: '7.0.0',
    apiVersion: '2015-04-01',
    kind: 'mapper',
    file: 'dist-esm/src/models/mappers.js',
    model: 'AutoscaleSettingResource',
    note: 'aiscan reads api-version 2022-10-01, which adds properties.predictiveAutoscalePolicy; the SDK models 2015-04-01.',
  },
  { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', package: '@azure/arm-msi', version: '2.2.0', apiVersion: '2024-11-30', kind: 'mapper', file: 'dist/esm/models/mappers.js', model: 'Identity' },
  { type: 'Microsoft.Resources/resourceGroups', package: '@azure/arm-resources', version: '7.0.0', apiVersion: '2025-04-01', kind: 'mapper', file: 'dist/esm/models/mappers.js', model: 'ResourceGroup' },
  { type: 'Microsoft.Resources/subscriptions', package: '@azure/arm-resources-subscriptions', version: '2.1.1', apiVersion: '2022-12-01', kind: 'mapper', file: 'dist/esm/models/mappers.js', model: 'Subscription' },
];

export function packageDirectory(name: string, roots: readonly string[]): string {
  for (const root of roots) {
    const directory = join(root, 'node_modules', ...name.split('/'));
    if (existsSync(join(directory, 'package.json'))) return directory;
  }
  throw new Error(`${name} is not installed under ${roots.join(' or ')}; see the top of this script`);
}

function withShape(source: Source, tree: PropertyTree): PropertyTree {
  if (source.shape !== 'usage') return tree;
  return { id: 0, type: 0, name: 0, location: 0, properties: tree };
}

export async function knownType(source: Source, roots: readonly string[]): Promise<KnownType> {
  const directory = packageDirectory(source.package, roots);
  const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version: string };
  if (version !== source.version) throw new Error(`${source.package} is ${version} here, not ${source.version}: install that version or update the table`);
  const models = (await import(pathToFileURL(join(directory, source.file)).href)) as Record<string, unknown>;
  const tree =
    source.kind === 'mapper'
      ? treeFromMapper(models as Parameters<typeof treeFromMapper>[0], source.model)
      : treeFromDeserializer(models[source.model] as (item: unknown) => unknown);
  return {
    source: { package: `${source.package}@${source.version}`, apiVersion: source.apiVersion, model: source.model, ...(source.note ? { note: source.note } : {}) },
    properties: withShape(source, tree),
  };
}

