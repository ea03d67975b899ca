/**
 * Azure resource ids, compared the way Azure compares them: case-insensitively.
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

export function idKey(id: string): string {
  return trimTrailingSlash(id).toLowerCase();
}

export function typeKey(type: string): string {
  return type.toLowerCase();
}

function trimTrailingSlash(id: string): string {
  return id.length > 1 && id.endsWith('/') ? id.slice(0, -1) : id;
}

export function parseResourceId(id: string): ParsedResourceId {
  const segments = trimTrailingSlash(id).split('/').filter((s) => s.length > 0);
  const parsed: ParsedResourceId = {};
  let i = 0;
  const at = (offset: number) => segments[i + offset]?.toLowerCase();

  if (at(0) === 'providers' && at(1) === 'microsoft.management' && at(2) === 'managementgroups' && segments[i + 3]) {
    parsed.managementGroup = segments[i + 3];
    parsed.type = 'Microsoft.Management/managementGroups';
    parsed.name = parsed.managementGroup;
    i += 4;
  }
  if (at(0) === 'subscriptions' && segments[i + 1]) {
    parsed.subscriptionId = segments[i + 1];
    parsed.type = 'Microsoft.Resources/subscriptions';
    parsed.name = parsed.subscriptionId;
    i += 2;
  }
  if (at(0) === 'resourcegroups' && segments[i + 1]) {
    parsed.resourceGroup = segments[i + 1];
    parsed.type = 'Microsoft.Resources/resourceGroups';
    parsed.name = parsed.resourceGroup;
    i += 2;
  }
  // The last provider segment wins: an extension resource (…/providers/NS/t/n/providers/Microsoft.Authorization/roleAssignments/x)
  // has the type of its own provider, not of the resource it extends.
  const lastProviders = lastIndexOfProviders(segments, i);
  if (lastProviders >= 0 && segments[lastProviders + 1]) {
    const namespace = segments[lastProviders + 1];
    const rest = segments.slice(lastProviders + 2);
    const typeParts = rest.filter((_, index) => index % 2 === 0);
    if (typeParts.length > 0) {
      parsed.type = [namespace, ...typeParts].join('/');
      parsed.name = rest.length % 2 === 0 ? rest[rest.length - 1] : undefined;
    }
  }
  return parsed;
}

function lastIndexOfProviders(segments: string[], from: number): number {
  for (let i = segments.length - 2; i >= from; i--) {
    if (segments[i].toLowerCase() === 'providers') return i;
  }
  return -1;
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
    const subscription = `/subscriptions/${parsed.subscriptionId.toLowerCase()}`;
    if (parsed.resourceGroup) scopes.push(`${subscription}/resourcegroups/${parsed.resourceGroup.toLowerCase()}`);
    scopes.push(subscription);
  }
  if (scopes.length === 0) scopes.push(idKey(id));
  return [...new Set(scopes)];
}
