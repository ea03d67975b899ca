import { shown } from './text/shown.js';

/**
 * Azure resource ids, compared the way Azure compares them: ignoring ASCII case, and only ASCII case.
 *
 * Forms handled:
 *   /subscriptions/S
 *   /subscriptions/S/resourceGroups/G
 *   /subscriptions/S/resourceGroups/G/providers/NS/type/name[/childType/childName…]
 *   /subscriptions/S/providers/NS/type/name…        (subscription-level, e.g. role assignments, usages)
 *   /providers/Microsoft.Management/managementGroups/M[/providers/…]
 *   /providers/NS/type/name                          (tenant-level, e.g. built-in role definitions)
 */

export interface ParsedResourceId {
  subscriptionId?: string;
  resourceGroup?: string;
  managementGroup?: string;
  /** Resource type derived from the id: `NS/type/childType`, or Microsoft.Resources/… for scopes. */
  type?: string;
  name?: string;
}

/**
 * Lower-cases A–Z and nothing else, as ARM compares ids, types and property names (ordinal,
 * ignoring ASCII case). JavaScript's toLowerCase() also folds the Kelvin sign (U+212A) to `k`, the
 * Angstrom sign to `å`, the Ohm sign to `ω` and `İ` to `i̇`: with it, a resource in `rg-\u212Aube`
 * would be the same resource as one in `rg-kube`, which Azure keeps apart.
 */
export function foldCase(text: string): string {
  // Pure ASCII (nearly every id) folds the same either way, and the built-in is fast.
  return NON_ASCII.test(text) ? text.replace(UPPER_ASCII, (letters) => letters.toLowerCase()) : text.toLowerCase();
}

/** A region as a key: ARM writes `eastus` in ids and `East US` in some displays, the same region. */
export function regionKey(location: string): string {
  return foldCase(location.replace(/\s+/g, ''));
}

const NON_ASCII = /[^\u0000-\u007f]/;
const UPPER_ASCII = /[A-Z]+/g;

/** Whether two ids, types, names or values are equal ignoring ASCII case, as ARM compares them. */
export function equalsIgnoringCase(a: string, b: string): boolean {
  return a === b || (a.length === b.length && foldCase(a) === foldCase(b));
}

export function idKey(id: string): string {
  return foldCase(trimTrailingSlash(id));
}

export function typeKey(type: string): string {
  return foldCase(type);
}

function trimTrailingSlash(id: string): string {
  return id.length > 1 && id.endsWith('/') ? id.slice(0, -1) : id;
}

export function parseResourceId(id: string): ParsedResourceId {
  const { parsed } = walkResourceId(id);
  return parsed;
}

/**
 * The resource type an id names, read strictly: the id must have the shape of an ARM id, every
 * type segment followed by a name, else `problem` says what is wrong. (parseResourceId reads what
 * it can of any id, for joins; deciding what a resource *is* needs the strict reading.)
 */
export function typeOfId(id: string): { type: string; problem?: undefined } | { type?: undefined; problem: string } {
  const { parsed, problem } = walkResourceId(id);
  if (problem) return { problem };
  if (!parsed.type) return { problem: 'it names no resource type' };
  return { type: parsed.type };
}

/**
 * Reads an id left to right, so that a segment is taken for a keyword (`providers`,
 * `resourceGroups`) only where a keyword can stand, never where a name stands: a VM named
 * `providers` is a VM.
 */
function walkResourceId(id: string): { parsed: ParsedResourceId; problem?: string } {
  const trimmed = trimTrailingSlash(id);
  let problem = !id.startsWith('/') || trimmed.includes('//') ? 'it does not start with / or has an empty segment' : undefined;
  // The usual id has no empty segment but the one before its leading slash: skip that one, copy nothing.
  let segments = trimmed === '/' ? [''] : trimmed.split('/');
  let i = segments[0] === '' ? 1 : 0;
  if (problem) {
    segments = segments.filter((s) => s.length > 0);
    i = 0;
  }
  const parsed: ParsedResourceId = {};
  const is = (offset: number, keyword: string) => isKeyword(segments[i + offset], keyword);

  if (is(0, 'providers') && is(1, 'microsoft.management') && is(2, 'managementgroups') && segments[i + 3]) {
    parsed.managementGroup = segments[i + 3];
    parsed.type = 'Microsoft.Management/managementGroups';
    parsed.name = parsed.managementGroup;
    i += 4;
  }
  if (is(0, 'subscriptions') && segments[i + 1]) {
    parsed.subscriptionId = segments[i + 1];
    parsed.type = 'Microsoft.Resources/subscriptions';
    parsed.name = parsed.subscriptionId;
    i += 2;
    if (is(0, 'resourcegroups') && segments[i + 1]) {
      parsed.resourceGroup = segments[i + 1];
      parsed.type = 'Microsoft.Resources/resourceGroups';
      parsed.name = parsed.resourceGroup;
      i += 2;
    }
  }
  // Provider blocks: `providers/NS/type/name[/childType/childName…]`, and after a complete one,
  // another for an extension resource (…/vm/providers/Microsoft.Authorization/roleAssignments/x):
  // the last block names the type, as ARM does.
  while (i < segments.length) {
    if (!is(0, 'providers') || segments[i + 1] === undefined) {
      problem ??= `${shown(segments[i])} stands where "providers" or the end of the id should`;
      break;
    }
    const namespace = segments[i + 1];
    i += 2;
    let type = namespace;
    let name: string | undefined;
    let typeSegments = 0;
    while (i < segments.length && !(typeSegments > 0 && name !== undefined && is(0, 'providers'))) {
      type += `/${segments[i]}`;
      typeSegments++;
      name = segments[i + 1];
      i += 2;
    }
    if (typeSegments === 0) {
      problem ??= `the provider ${shown(namespace)} is followed by no resource type`;
      break;
    }
    parsed.type = type;
    parsed.name = name;
    if (name === undefined) problem ??= `its last type segment ${shown(type.slice(type.lastIndexOf('/') + 1))} has no name after it`;
  }
  return { parsed, ...(problem ? { problem } : {}) };
}

/** Whether a segment is the keyword (given in lower case), ignoring ASCII case. */
function isKeyword(segment: string | undefined, keyword: string): boolean {
  return segment !== undefined && segment.length === keyword.length && (segment === keyword || foldCase(segment) === keyword);
}

/**
 * Every scope a role assignment could be made at and still apply to this id, from the id itself
 * through its parent resources and resource group up to its subscription, as lower-case keys.
 * Management groups are added by the caller, which knows the hierarchy.
 */
export function enclosingScopeKeys(id: string): string[] {
  const segments = idKey(id).split('/').filter((s) => s.length > 0);
  const scopes: string[] = [];
  const providers = segments.indexOf('providers');
  if (providers >= 0) {
    // `providers/NS/t1/n1/t2/n2` → the resource and each parent resource: …/t1/n1/t2/n2, …/t1/n1
    for (let end = segments.length; end >= providers + 4; end -= 2) {
      scopes.push('/' + segments.slice(0, end).join('/'));
    }
  }
  const parsed = parseResourceId(id);
  if (parsed.subscriptionId) {
    const subscription = `/subscriptions/${foldCase(parsed.subscriptionId)}`;
    if (parsed.resourceGroup) scopes.push(`${subscription}/resourcegroups/${foldCase(parsed.resourceGroup)}`);
    scopes.push(subscription);
  }
  if (scopes.length === 0) scopes.push(idKey(id));
  return [...new Set(scopes)];
}

/**
 * The AKS cluster a Kubernetes object's id is under (`<cluster>/providers/Kubernetes.…`, as
 * src/sources/kubernetes/kubernetes-ids.ts builds it); undefined for any other id.
 */
export function clusterOfKubernetesObject(id: string): string | undefined {
  return /^(.*\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+)\/providers\/kubernetes\./i.exec(id)?.[1];
}

/** The id of an AKS cluster: `/subscriptions/S/resourceGroups/G/providers/Microsoft.ContainerService/managedClusters/NAME`. */
export function isClusterId(id: string): boolean {
  const parsed = typeOfId(id);
  return parsed.type !== undefined && equalsIgnoringCase(parsed.type, 'Microsoft.ContainerService/managedClusters') && parseResourceId(id).subscriptionId !== undefined;
}
