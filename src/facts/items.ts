import type { Estate, ResourceOrigin } from '../estate.js';
import { parseResourceId, typeKey } from '../ids.js';
import { findKey, getString, isObject, type JsonObject } from './read.js';
import { AGENT_POOL_TYPE, TYPES } from './resource-types.js';

/**
 * One thing a rule is evaluated against: an ARM resource, or a part of one that deserves its own
 * findings (an AKS agent pool inside its cluster). `document` is that JSON exactly as read; the
 * derived facts sit beside it and are shown to rules under the reserved `facts` key.
 */
export interface EvaluationItem {
  id: string;
  type: string;
  name: string;
  subscriptionId?: string;
  resourceGroup?: string;
  location?: string;
  document: JsonObject;
  facts: JsonObject;
  origin: ResourceOrigin;
}

export function itemTypeKey(item: EvaluationItem): string {
  return typeKey(item.type);
}

/** One item per resource, plus one per agent pool of each AKS cluster. */
export function evaluationItems(estate: Estate): EvaluationItem[] {
  const items: EvaluationItem[] = [];
  for (const { resource, type, origin } of estate.resources) {
    const parsed = parseResourceId(resource.id);
    const item: EvaluationItem = {
      id: resource.id,
      type,
      name: resource.name ?? parsed.name ?? resource.id,
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      location: resource.location,
      document: resource,
      facts: {},
      origin,
    };
    items.push(item);
    if (typeKey(type) === TYPES.managedCluster) items.push(...agentPoolItems(item));
  }
  return items;
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
      name,
      subscriptionId: cluster.subscriptionId,
      resourceGroup: cluster.resourceGroup,
      location: cluster.location,
      document: pool,
      facts: {},
      origin: { file: cluster.origin.file, path: [...cluster.origin.path, propertiesKey, poolsKey, index] },
    };
    return [item];
  });
}
