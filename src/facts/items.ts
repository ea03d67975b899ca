import type { Estate, JsonPath, ResourceOrigin, UnknownValue } from '../estate.js';
import { idKey, parseResourceId } from '../ids.js';
import type { Facts } from './contract.js';
import { findKey, getString, isObject, lowerCase, type JsonObject } from './read.js';
import { AGENT_POOL_TYPE, TYPES } from './resource-types.js';

/**
 * One thing a rule is evaluated against: an ARM resource, or a part of one that deserves its own
 * findings (an AKS agent pool inside its cluster). `document` is that JSON exactly as read; the
 * derived facts sit beside it and are shown to rules under the reserved `facts` key, shaped as
 * the facts contract (contract.ts) says.
 */
export interface EvaluationItem {
  id: string;
  type: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  document: JsonObject;
  facts: Facts;
  origin: ResourceOrigin;
  /**
   * Values of `document` only the deployment can know (a template's `reference()`, …), with paths
   * relative to `document`; and what the facts code found the scan cannot know (a binding's role that
   * is not in the estate: src/facts/kubernetes-rbac.ts).
   */
  unknown?: UnknownValue[];
  /** `type` lower-cased, set once by evaluationItems: every join and the evaluation ask for it. */
  typeKey?: string;
}

export function itemTypeKey(item: EvaluationItem): string {
  return item.typeKey ?? lowerCase(item.type);
}

/**
 * One item per resource, plus one per agent pool of each AKS cluster. An agent pool read as a
 * resource of its own (the agentPools API) becomes the same kind of item as a pool inside its
 * cluster, unless its cluster's `agentPoolProfiles` already gave that pool.
 */
export function evaluationItems(estate: Estate): EvaluationItem[] {
  const items: EvaluationItem[] = [];
  const standalonePools: EvaluationItem[] = [];
  for (const { resource, type, origin, unknown } of estate.resources) {
    const parsed = parseResourceId(resource.id);
    const item: EvaluationItem = {
      id: resource.id,
      type,
      typeKey: lowerCase(type),
      name: resource.name ?? parsed.name ?? resource.id,
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      // A location that is not a string (a file can say anything) is no region to join quotas on.
      location: typeof resource.location === 'string' ? resource.location : undefined,
      document: resource,
      facts: {},
      origin,
      ...(unknown && unknown.length > 0 ? { unknown } : {}),
    };
    const key = item.typeKey;
    if (key === TYPES.agentPool) {
      standalonePools.push(asPoolItem(item));
      continue;
    }
    items.push(item);
    // A loop, not push(...pools): a cluster with 100,000s of pools would overflow the stack.
    if (key === TYPES.managedCluster) for (const pool of agentPoolItems(item)) items.push(pool);
  }
  const poolIds = new Set(items.filter((item) => itemTypeKey(item) === TYPES.agentPool).map((item) => idKey(item.id)));
  for (const pool of standalonePools) if (!poolIds.has(idKey(pool.id))) items.push(pool);
  return items;
}

/**
 * The agentPools API nests a pool's settings under `properties`, where a cluster's
 * `agentPoolProfiles[]` element has them at the top beside `name`. The item's document is that
 * `properties` object with the pool's name added, so rules see one shape; paths still point into
 * the file under `properties`. A pool already flat (as the Azure CLI prints it) is kept as is.
 */
function asPoolItem(item: EvaluationItem): EvaluationItem {
  const propertiesKey = findKey(item.document, 'properties');
  const properties = propertiesKey === undefined ? undefined : item.document[propertiesKey];
  if (propertiesKey === undefined || !isObject(properties)) return item;
  const { unknown, ...rest } = item;
  return {
    ...rest,
    document: { name: item.name, ...properties },
    origin: { ...item.origin, path: [...item.origin.path, propertiesKey] },
    ...withUnknown(unknownBelow(unknown, [propertiesKey])),
  };
}

function agentPoolItems(cluster: EvaluationItem): EvaluationItem[] {
  const propertiesKey = findKey(cluster.document, 'properties');
  const properties = propertiesKey === undefined ? undefined : cluster.document[propertiesKey];
  const poolsKey = isObject(properties) ? findKey(properties, 'agentPoolProfiles') : undefined;
  if (propertiesKey === undefined || poolsKey === undefined) return [];
  const pools = (properties as JsonObject)[poolsKey];
  if (!Array.isArray(pools)) return [];

  return pools.flatMap((pool: unknown, index: number) => {
    if (!isObject(pool)) return [];
    const name = getString(pool, 'name') ?? String(index);
    const item: EvaluationItem = {
      id: `${cluster.id}/agentPools/${name}`,
      type: AGENT_POOL_TYPE,
      typeKey: TYPES.agentPool,
      name,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      location: cluster.location,
      document: pool,
      facts: {},
      origin: { ...cluster.origin, path: [...cluster.origin.path, propertiesKey, poolsKey, index] },
      ...withUnknown(unknownBelow(cluster.unknown, [propertiesKey, poolsKey, index])),
    };
    return [item];
  });
}

/** Unknown values under `prefix`, with paths made relative to it: what a part of a resource (a pool profile) does not know. */
function unknownBelow(unknown: readonly UnknownValue[] | undefined, prefix: JsonPath): UnknownValue[] {
  if (!unknown) return [];
  const below = (path: JsonPath) => path.length > prefix.length && prefix.every((segment, index) => path[index] === segment);
  return unknown.filter((value) => below(value.path)).map((value) => ({ ...value, path: value.path.slice(prefix.length) }));
}

function withUnknown(unknown: UnknownValue[]): { unknown?: UnknownValue[] } {
  return unknown.length > 0 ? { unknown } : {};
}
