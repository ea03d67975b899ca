import type { ArmResource } from '../../src/estate.js';
import { parseResourceId } from '../../src/ids.js';
import { armErrors, type ArmErrorResponse } from './arm-errors.js';
import type { EmulatorEstate } from './emulator-estate.js';

interface GraphRequest {
  subscriptions?: string[];
  managementGroups?: string[];
  query?: string;
  options?: { $top?: number; $skipToken?: string; resultFormat?: string };
}

type Table = 'resources' | 'authorizationresources' | 'resourcecontainers';
const TABLES: Table[] = ['resources', 'authorizationresources', 'resourcecontainers'];

/** The only query shape the emulator understands: `<table> | where type in~ ('a', 'b') | order by id asc`. */
const QUERY = /^\s*(\w+)\s*\|\s*where\s+type\s+in~\s*\(([^)]*)\)\s*\|\s*order\s+by\s+id\s+asc\s*$/i;

const RESOURCE_GROUP = 'microsoft.resources/subscriptions/resourcegroups';

/**
 * An interpreter of the fixed queries aiscan sends to Resource Graph, over the emulator's estate,
 * answering as Resource Graph does: rows with lower-cased types, the extra columns (tenantId,
 * resourceGroup, subscriptionId), null or "" for absent fields, `$skipToken` paging, and no rows
 * at all for subscriptions the caller cannot read.
 */
export function answerGraphQuery(
  text: string,
  estate: EmulatorEstate,
  denied: (subscriptionId: string) => boolean,
  maxPageSize: number,
  cache: Map<string, Record<string, unknown>[]>,
): { status: number; body: unknown } | ArmErrorResponse {
  let request: GraphRequest;
  try {
    request = JSON.parse(text) as GraphRequest;
  } catch {
    return armErrors.invalidQuery('The request body is not JSON.');
  }
  const match = QUERY.exec(request.query ?? '');
  if (!match || !TABLES.includes(match[1].toLowerCase() as Table)) return armErrors.invalidQuery(`Unsupported query: ${request.query}`);
  const table = match[1].toLowerCase() as Table;
  const types = new Set([...match[2].matchAll(/'([^']*)'/g)].map((m) => m[1].toLowerCase()));

  const scope = new Set(
    (request.managementGroups?.length ? request.managementGroups.flatMap((group) => estate.subscriptionsBelow(group)) : (request.subscriptions ?? []))
      .map((id) => id.toLowerCase())
      .filter((id) => estate.subscriptions.has(id) && !denied(id)),
  );
  const key = `${table}|${[...types].sort().join(',')}|${[...scope].sort().join(',')}`;
  let rows = cache.get(key);
  if (!rows) {
    rows = estate.resources
      .map((resource) => toGraphRow(resource, estate))
      .filter((row) => tableOf(String(row.type)) === table && types.has(String(row.type)) && scope.has(String(row.subscriptionId).toLowerCase()))
      .sort((a, b) => (String(a.id).toLowerCase() < String(b.id).toLowerCase() ? -1 : 1));
    cache.set(key, rows);
  }

  const offset = request.options?.$skipToken ? Number(Buffer.from(request.options.$skipToken, 'base64').toString()) : 0;
  const top = Math.min(request.options?.$top ?? 1000, 1000, maxPageSize);
  const data = rows.slice(offset, offset + top);
  const more = offset + top < rows.length;
  return {
    status: 200,
    body: {
      totalRecords: rows.length,
      count: data.length,
      resultTruncated: 'false',
      ...(more ? { $skipToken: Buffer.from(String(offset + top)).toString('base64') } : {}),
      facets: [],
      data,
    },
  };
}

function tableOf(type: string): Table | undefined {
  if (type === 'microsoft.resources/subscriptions' || type === RESOURCE_GROUP) return 'resourcecontainers';
  if (type === 'microsoft.authorization/classicadministrators' || type === 'microsoft.compute/locations/usages') return undefined;
  return type.startsWith('microsoft.authorization/') ? 'authorizationresources' : 'resources';
}

/** A resource as a Resource Graph row: the fixed columns only, in Resource Graph's spelling. */
export function toGraphRow(resource: ArmResource, estate: EmulatorEstate): Record<string, unknown> {
  const parsed = parseResourceId(resource.id);
  const subscriptionId = parsed.subscriptionId ?? '';
  const tenantId = String(estate.subscriptions.get(subscriptionId.toLowerCase())?.tenantId ?? '');
  if (/^\/subscriptions\/[^/]+$/i.test(resource.id)) {
    const subscription = resource as Record<string, unknown>;
    return {
      ...columns(resource, tenantId, subscriptionId),
      name: subscription.displayName,
      type: 'microsoft.resources/subscriptions',
      properties: {
        subscriptionPolicies: subscription.subscriptionPolicies,
        managementGroupAncestorsChain: estate.ancestorsOf(subscriptionId),
        state: subscription.state,
      },
    };
  }
  const type = (resource.type ?? parsed.type ?? '').toLowerCase();
  return { ...columns(resource, tenantId, subscriptionId), type: type === 'microsoft.resources/resourcegroups' ? RESOURCE_GROUP : type };
}

function columns(resource: ArmResource, tenantId: string, subscriptionId: string): Record<string, unknown> {
  const r = resource as Record<string, unknown>;
  return {
    id: r.id,
    name: r.name,
    type: r.type,
    tenantId,
    kind: r.kind ?? '',
    location: r.location ?? '',
    resourceGroup: (parseResourceId(resource.id).resourceGroup ?? '').toLowerCase(),
    subscriptionId,
    managedBy: r.managedBy ?? '',
    sku: r.sku ?? null,
    plan: r.plan ?? null,
    properties: r.properties ?? {},
    tags: r.tags ?? {},
    identity: r.identity ?? null,
    zones: r.zones ?? null,
    extendedLocation: r.extendedLocation ?? null,
  };
}
