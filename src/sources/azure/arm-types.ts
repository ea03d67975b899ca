import type { ArmResource } from '../../estate.js';
import { getJson, listJson } from './arm-requests.js';
import type { SubscriptionClients } from './clients.js';
import { listRawItems } from './raw-pages.js';
import { PIM_TYPES } from './pim.js';
import { regionFilter } from './skus.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';

/** api-versions of the reads made without an SDK operation (none of the installed SDKs has them). */
export const RAW_API_VERSIONS = {
  subscriptions: '2022-12-01',
  userAssignedIdentities: '2023-01-31',
  autoscaleSettings: '2022-10-01',
};

type Raw = Record<string, unknown>;

export interface ListContext {
  clients: SubscriptionClients;
  baseUrl: string;
}

/** A type read with one subscription-wide list operation (plus its pages). */
export interface SubscriptionWideType {
  type: string;
  list(context: ListContext): Promise<Raw[]>;
}

/** A type with no subscription-wide list: read once per parent resource. */
export interface PerParentType {
  type: string;
  parentType: string;
  list(context: ListContext, parent: ParentId): Promise<Raw[]>;
}

export interface ParentId {
  resourceGroup: string;
  name: string;
}

const sub = (context: ListContext) => `/subscriptions/${context.clients.subscriptionId}`;

export async function getSubscription(context: ListContext): Promise<ArmResource> {
  const subscription = await getJson(context.clients.resources, context.baseUrl, sub(context), RAW_API_VERSIONS.subscriptions);
  if (typeof subscription?.id !== 'string' || !subscription.id.startsWith('/')) throw new Error('malformed response: the subscription has no id');
  return subscription as ArmResource;
}

/** In the order the snapshot lists them. Role assignments come late so role definitions can be filtered by them. */
export const SUBSCRIPTION_WIDE_TYPES: readonly SubscriptionWideType[] = [
  { type: T.resourceGroup, list: (c) => listRawItems(c.clients.resources.resourceGroups.list()) },
  {
    type: T.userAssignedIdentity,
    list: (c) =>
      listJson(c.clients.resources, c.baseUrl, `${sub(c)}/providers/Microsoft.ManagedIdentity/userAssignedIdentities`, RAW_API_VERSIONS.userAssignedIdentities),
  },
  { type: T.roleDefinition, list: (c) => listRawItems(c.clients.authorization.roleDefinitions.list(sub(c).slice(1))) },
  { type: T.virtualMachine, list: (c) => listRawItems(c.clients.compute.virtualMachines.listAll()) },
  { type: T.networkInterface, list: (c) => listRawItems(c.clients.network.networkInterfaces.listAll()) },
  { type: T.publicIpAddress, list: (c) => listRawItems(c.clients.network.publicIPAddresses.listAll()) },
  { type: T.scaleSet, list: (c) => listRawItems(c.clients.compute.virtualMachineScaleSets.listAll()) },
  {
    type: T.autoscaleSetting,
    list: (c) => listJson(c.clients.resources, c.baseUrl, `${sub(c)}/providers/Microsoft.Insights/autoscalesettings`, RAW_API_VERSIONS.autoscaleSettings),
  },
  { type: T.managedCluster, list: (c) => listRawItems(c.clients.containers.managedClusters.list()) },
  { type: T.mlWorkspace, list: (c) => listRawItems(c.clients.machineLearning.workspaces.listBySubscription()) },
  { type: T.roleAssignment, list: (c) => listRawItems(c.clients.authorization.roleAssignments.listForSubscription()) },
  ...PIM_TYPES,
  { type: T.classicAdministrator, list: (c) => listRawItems(c.clients.authorization.classicAdministrators.list()) },
];

/** Neither has a subscription-wide list operation in ARM: one request per cluster or workspace. */
export const PER_PARENT_TYPES: readonly PerParentType[] = [
  {
    type: T.managedNamespace,
    parentType: T.managedCluster,
    list: (c, p) => listRawItems(c.clients.containers.managedNamespaces.listByManagedCluster(p.resourceGroup, p.name)),
  },
  {
    type: T.mlCompute,
    parentType: T.mlWorkspace,
    list: (c, p) => listRawItems(c.clients.machineLearning.computeOperations.list(p.resourceGroup, p.name)),
  },
];

/** Compute usages of one region (per region: ARM has no subscription-wide usage list). */
export function listUsages(context: ListContext, region: string): Promise<Raw[]> {
  return listRawItems(context.clients.compute.usage.list(region));
}

/**
 * The resource SKUs of one region: `GET /subscriptions/{id}/providers/Microsoft.Compute/skus` with
 * `$filter=location eq '{region}'` (the only filter the operation supports; api-version 2021-07-01,
 * as @azure/arm-compute sends it). Extended locations (edge zones) are not asked for.
 */
export function listSkus(context: ListContext, region: string): Promise<Raw[]> {
  return listRawItems(context.clients.compute.resourceSkus.list({ filter: regionFilter(region) }));
}

/** Azure ML usages of one region: subscription-wide, per workspace and per cluster (api-version 2022-10-01, as @azure/arm-machinelearning sends it). */
export function listMlUsages(context: ListContext, region: string): Promise<Raw[]> {
  return listRawItems(context.clients.machineLearning.usages.list(region));
}

/** Azure ML quotas of one region: the subscription's per VM family, and the caps set on workspaces. */
export function listMlQuotas(context: ListContext, region: string): Promise<Raw[]> {
  return listRawItems(context.clients.machineLearning.quotas.list(region));
}

/** Items that are resources (they have an id); an item without one is malformed, and counted so. */
export function asResources(items: Raw[]): { resources: ArmResource[]; malformed: number } {
  const resources = items.filter((item): item is ArmResource => typeof item?.id === 'string' && item.id.startsWith('/'));
  return { resources, malformed: items.length - resources.length };
}
