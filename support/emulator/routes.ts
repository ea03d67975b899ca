import type { ArmResource } from '../../src/estate.js';
import { API_VERSIONS } from './api-versions.js';
import type { EmulatorEstate } from './emulator-estate.js';
import { filteredRegion } from './resource-skus.js';

/** What a request asks for, once its path is understood (paths compare ignoring case, as in ARM). */
export type Route =
  | { kind: 'list'; apiKey: string; subscriptionId?: string; items: unknown[] }
  | { kind: 'badRequest'; apiKey: string; subscriptionId?: string; message: string }
  | { kind: 'get'; apiKey: string; subscriptionId: string; body: ArmResource | undefined }
  | { kind: 'resource'; apiKey: string; subscriptionId: string; id: string; body: ArmResource | undefined }
  | { kind: 'aksUserCredential'; apiKey: string; subscriptionId: string; clusterId: string; format: string | undefined }
  | { kind: 'graph'; apiKey: string }
  | { kind: 'unknownType'; apiKey: string; namespace: string; type: string; subscriptionId?: string }
  | { kind: 'notFound' };

const SEGMENT = '([^/]+)';
const pattern = (source: string) => new RegExp(`^${source}/?$`, 'i');
const ROUTES = {
  subscriptions: pattern('/subscriptions'),
  subscription: pattern(`/subscriptions/${SEGMENT}`),
  resourceGroups: pattern(`/subscriptions/${SEGMENT}/resourcegroups`),
  usages: pattern(`/subscriptions/${SEGMENT}/providers/microsoft\\.compute/locations/${SEGMENT}/usages`),
  skus: pattern(`/subscriptions/${SEGMENT}/providers/microsoft\\.compute/skus`),
  mlCapacity: pattern(`/subscriptions/${SEGMENT}/providers/microsoft\\.machinelearningservices/locations/${SEGMENT}/(usages|quotas)`),
  topLevel: pattern(`/subscriptions/${SEGMENT}/providers/${SEGMENT}/${SEGMENT}`),
  children: pattern(`(/subscriptions/${SEGMENT}/resourcegroups/${SEGMENT}/providers/${SEGMENT}/${SEGMENT}/${SEGMENT})/${SEGMENT}`),
  graph: pattern('/providers/microsoft\\.resourcegraph/resources'),
  resource: pattern(`/subscriptions/${SEGMENT}/resourcegroups/${SEGMENT}/providers/${SEGMENT}/${SEGMENT}/${SEGMENT}`),
  aksUserCredential: pattern(`(/subscriptions/${SEGMENT}/resourcegroups/${SEGMENT}/providers/microsoft\\.containerservice/managedclusters/${SEGMENT})/listclusterusercredential`),
};

export function resolveRoute(method: string, path: string, estate: EmulatorEstate, denied: (subscriptionId: string) => boolean, query?: URLSearchParams): Route {
  let m: RegExpExecArray | null;
  if (method === 'POST' && (m = ROUTES.aksUserCredential.exec(path))) {
    return { kind: 'aksUserCredential', apiKey: 'microsoft.containerservice/managedclusters', subscriptionId: m[2], clusterId: m[1], format: query?.get('format') ?? undefined };
  }
  if (method === 'POST') return ROUTES.graph.test(path) ? { kind: 'graph', apiKey: 'microsoft.resourcegraph/resources' } : { kind: 'notFound' };
  if (method !== 'GET') return { kind: 'notFound' };
  if (ROUTES.subscriptions.test(path)) {
    return { kind: 'list', apiKey: 'subscriptions', items: [...estate.subscriptions.entries()].filter(([id]) => !denied(id)).map(([, s]) => s) };
  }
  if ((m = ROUTES.subscription.exec(path))) return { kind: 'get', apiKey: 'subscriptions', subscriptionId: m[1], body: estate.subscriptions.get(m[1].toLowerCase()) };
  if ((m = ROUTES.resourceGroups.exec(path))) {
    return { kind: 'list', apiKey: 'microsoft.resources/resourcegroups', subscriptionId: m[1], items: estate.listTopLevel(m[1], 'Microsoft.Resources/resourceGroups') };
  }
  if ((m = ROUTES.usages.exec(path))) return { kind: 'list', apiKey: 'microsoft.compute/locations/usages', subscriptionId: m[1], items: estate.listUsages(m[1], m[2]) };
  if ((m = ROUTES.mlCapacity.exec(path))) {
    const kind = m[3].toLowerCase() as 'usages' | 'quotas';
    return { kind: 'list', apiKey: `microsoft.machinelearningservices/locations/${kind}`, subscriptionId: m[1], items: estate.listMlCapacity(kind, m[1], m[2]) };
  }
  if ((m = ROUTES.skus.exec(path))) {
    try {
      return { kind: 'list', apiKey: 'microsoft.compute/skus', subscriptionId: m[1], items: estate.listSkus(m[1], filteredRegion(query?.get('$filter'))) };
    } catch (error) {
      return { kind: 'badRequest', apiKey: 'microsoft.compute/skus', subscriptionId: m[1], message: (error as Error).message };
    }
  }
  if ((m = ROUTES.topLevel.exec(path))) {
    const apiKey = `${m[2]}/${m[3]}`.toLowerCase();
    if (!API_VERSIONS[apiKey]) return { kind: 'unknownType', apiKey, namespace: m[2], type: m[3], subscriptionId: m[1] };
    return { kind: 'list', apiKey, subscriptionId: m[1], items: estate.listTopLevel(m[1], apiKey) };
  }
  if ((m = ROUTES.resource.exec(path))) {
    const apiKey = `${m[3]}/${m[4]}`.toLowerCase();
    if (!API_VERSIONS[apiKey]) return { kind: 'unknownType', apiKey, namespace: m[3], type: m[4], subscriptionId: m[1] };
    return { kind: 'resource', apiKey, subscriptionId: m[1], id: path, body: estate.get(path) };
  }
  if ((m = ROUTES.children.exec(path))) {
    const apiKey = `${m[4]}/${m[5]}/${m[7]}`.toLowerCase();
    if (!API_VERSIONS[apiKey]) return { kind: 'unknownType', apiKey, namespace: m[4], type: `${m[5]}/${m[7]}`, subscriptionId: m[2] };
    return { kind: 'list', apiKey, subscriptionId: m[2], items: estate.listChildren(m[1], m[7]) };
  }
  return { kind: 'notFound' };
}
