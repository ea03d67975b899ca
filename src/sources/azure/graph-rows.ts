import type { ArmResource } from '../../estate.js';
import { typeKey } from '../../ids.js';
import { COLLECTED_TYPES as T } from './subscription-collection.js';

/** Resource Graph spells resource groups as a child of subscriptions. */
const GRAPH_RESOURCE_GROUP_TYPE = 'microsoft.resources/subscriptions/resourcegroups';

export interface GraphTable {
  table: 'resources' | 'authorizationresources' | 'resourcecontainers';
  /** Canonical (ARM REST) spellings of the types read from the table. */
  types: string[];
}

/**
 * The three tables aiscan reads and which of the collected types each one holds. AKS managed
 * namespaces and ML computes are child resources that Resource Graph's table reference does not
 * list; they are read from ARM per cluster and per workspace, so that "not indexed" is never
 * mistaken for "none".
 */
export const GRAPH_TABLES: readonly GraphTable[] = [
  { table: 'resourcecontainers', types: [T.subscription, T.resourceGroup] },
  {
    table: 'resources',
    types: [
      T.userAssignedIdentity,
      T.virtualMachine,
      T.networkInterface,
      T.publicIpAddress,
      T.scaleSet,
      T.autoscaleSetting,
      T.managedCluster,
      T.mlWorkspace,
    ],
  },
  { table: 'authorizationresources', types: [T.roleDefinition, T.roleAssignment] },
];

const graphTypeOf = (type: string) => (type === T.resourceGroup ? GRAPH_RESOURCE_GROUP_TYPE : typeKey(type));

/** The one query per table: the collected types, ordered by id so `$skipToken` paging is stable. */
export function graphQueryText({ table, types }: GraphTable): string {
  return `${table} | where type in~ (${types.map((type) => `'${graphTypeOf(type)}'`).join(', ')}) | order by id asc`;
}

const CANONICAL = new Map(Object.values(T).map((type) => [graphTypeOf(type), type]));

export function canonicalTypeOfRow(row: Record<string, unknown>): string | undefined {
  return typeof row.type === 'string' ? CANONICAL.get(typeKey(row.type)) : undefined;
}

/** Columns Resource Graph adds to every row that are not part of the resource in ARM. */
const GRAPH_ONLY_COLUMNS = ['tenantId', 'resourceGroup', 'subscriptionId'];
/** Columns Resource Graph fills with null or "" when the resource has no such field. */
const OPTIONAL_COLUMNS = ['kind', 'managedBy', 'sku', 'plan', 'identity', 'zones', 'extendedLocation', 'location', 'tags', 'properties'];

/**
 * A Resource Graph row turned back into the resource as ARM returns it: the row's ARM fields
 * (`properties`, `sku`, `identity`, …) are kept as they are; the columns Resource Graph adds are
 * dropped, absent fields (null, "" or empty tags) are left out, and the type is spelled as ARM
 * spells it (Resource Graph lower-cases it).
 */
export function restShapeOfRow(row: Record<string, unknown>): ArmResource {
  const resource: Record<string, unknown> = { ...row };
  for (const column of GRAPH_ONLY_COLUMNS) delete resource[column];
  for (const column of OPTIONAL_COLUMNS) {
    const value = resource[column];
    const emptyTags = column === 'tags' && typeof value === 'object' && value !== null && Object.keys(value).length === 0;
    if (value === null || value === '' || emptyTags) delete resource[column];
  }
  const type = canonicalTypeOfRow(row);
  if (type) resource.type = type;
  return resource as ArmResource;
}

/** Management groups above a subscription, nearest first, from its resourcecontainers row. */
export function managementGroupAncestorsOf(row: Record<string, unknown> | undefined): string[] | undefined {
  const chain = (row?.properties as { managementGroupAncestorsChain?: unknown } | undefined)?.managementGroupAncestorsChain;
  if (!Array.isArray(chain)) return undefined;
  return chain
    .map((group) => (group as { name?: unknown }).name)
    .filter((name): name is string => typeof name === 'string' && name !== '')
    .map((name) => `/providers/Microsoft.Management/managementGroups/${name}`);
}
