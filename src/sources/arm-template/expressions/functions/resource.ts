/**
 * Resource functions (template-functions-resource.md). The id functions build ids from the
 * deployment's scope; the functions that read deployed resources (`reference`, `references`,
 * `list*`) or Azure's catalogue at deployment time (`pickZones`, `providers`) are Unknown.
 *
 * `pickZones` could be answered from a table of zonal regions, but which zones a region offers
 * depends on the subscription and changes over time: a scan would state as fact what only the
 * deployment learns, so it stays Unknown.
 */
import type { DeploymentScope } from '../context.js';
import type { Value } from '../values.js';
import { stringArg } from './arguments.js';
import { atLeast, fn, type FunctionDefinition, type Invocation } from './function.js';

export const RESOURCE_FUNCTIONS: readonly FunctionDefinition[] = [
  // resourceId([subscriptionId], [resourceGroupName], resourceType, resourceName1, ...)
  fn('resourceId', atLeast(2), (args, at) => {
    const { leading, path } = typedPath(strings(args, at), 2, at);
    const { scope } = at.context;
    if (leading.length === 2) return `/subscriptions/${leading[0]}/resourceGroups/${leading[1]}/providers/${path}`;
    if (leading.length === 1) {
      if (scope.kind === 'managementGroup' || scope.kind === 'tenant') return at.fail(`names the resource group '${leading[0]}' without a subscription, in a deployment to a ${scopeName(scope.kind)}`);
      return scope.subscriptionId === undefined ? unknownId(at, 'subscription') : `/subscriptions/${scope.subscriptionId}/resourceGroups/${leading[0]}/providers/${path}`;
    }
    if (scope.kind === 'resourceGroup') {
      if (scope.subscriptionId === undefined) return unknownId(at, 'subscription');
      if (scope.resourceGroup === undefined) return unknownId(at, 'resource group');
      return `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/${path}`;
    }
    if (scope.kind === 'subscription') return scope.subscriptionId === undefined ? unknownId(at, 'subscription') : `/subscriptions/${scope.subscriptionId}/providers/${path}`;
    return `/providers/${path}`;
  }),
  // subscriptionResourceId([subscriptionId], resourceType, resourceName1, ...)
  fn('subscriptionResourceId', atLeast(2), (args, at) => {
    const { leading, path } = typedPath(strings(args, at), 1, at);
    const { scope } = at.context;
    if (leading.length === 1) return `/subscriptions/${leading[0]}/providers/${path}`;
    if (scope.kind === 'managementGroup' || scope.kind === 'tenant') return at.fail(`needs a subscription id in a deployment to a ${scopeName(scope.kind)}`);
    return scope.subscriptionId === undefined ? unknownId(at, 'subscription') : `/subscriptions/${scope.subscriptionId}/providers/${path}`;
  }),
  // managementGroupResourceId([managementGroupName], resourceType, resourceName1, ...)
  fn('managementGroupResourceId', atLeast(2), (args, at) => {
    const { leading, path } = typedPath(strings(args, at), 1, at);
    const { scope } = at.context;
    const group = leading[0] ?? (scope.kind === 'managementGroup' ? scope.managementGroup : at.fail(`needs a management group name in a deployment to a ${scopeName(scope.kind)}`));
    return group === undefined ? unknownId(at, 'management group') : `/providers/Microsoft.Management/managementGroups/${group}/providers/${path}`;
  }),
  fn('tenantResourceId', atLeast(2), (args, at) => `/providers/${typedPath(strings(args, at), 0, at).path}`),
  // extensionResourceId(baseResourceId, resourceType, resourceName1, ...)
  fn('extensionResourceId', atLeast(3), (args, at) => {
    const [base, ...rest] = strings(args, at);
    return `${base.replace(/\/+$/, '')}/providers/${typedPath(rest, 0, at, 1).path}`;
  }),
  fn('reference', [1, 3], (_, at) => at.unknown('reference() reads the state of a deployed resource')),
  fn('references', [1, 2], (_, at) => at.unknown('references() reads the state of deployed resources')),
  fn('pickZones', [3, 5], (_, at) => at.unknown("pickZones() reads the availability zones Azure offers the subscription in the region at deployment")),
  fn('providers', [1, 2], (_, at) => at.unknown("providers() reads Azure's resource provider catalogue at deployment")),
];

/** `listKeys`, `listSecrets`, `list`, …: any function whose name starts with `list` reads from a deployed resource. */
export function listFunction(name: string): FunctionDefinition {
  return fn(name, [2, 3], (_, at) => at.unknown(`${name}() reads from a deployed resource, secrets often`));
}

function strings(args: readonly Value[], at: Invocation): string[] {
  return args.map((_, i) => stringArg(args, i, at));
}

const SCOPE_NAMES: Record<DeploymentScope['kind'], string> = { resourceGroup: 'resource group', subscription: 'subscription', managementGroup: 'management group', tenant: 'tenant' };

function scopeName(kind: DeploymentScope['kind']): string {
  return SCOPE_NAMES[kind];
}

function unknownId(at: Invocation, which: string): Value {
  return at.unknown(`the ${which} the template is deployed to is not known`);
}

/**
 * Splits `[scope ids…], type, names…`: the type is the first argument with a `/` (its namespace
 * and types), the ids before it are at most `maxLeading`, and the names after it give one name
 * per type after the namespace (a name may hold several, `vnet/subnet`). Returns the type and
 * names interleaved: `Microsoft.Sql/servers/s1/databases/d1`.
 */
function typedPath(args: readonly string[], maxLeading: number, at: Invocation, argumentOffset = 0): { leading: string[]; path: string } {
  const typeIndex = args.findIndex((arg) => arg.includes('/'));
  if (typeIndex === -1) return at.fail('needs a resource type with its namespace, like Microsoft.Storage/storageAccounts, and none of its arguments has a /');
  if (typeIndex > maxLeading) {
    return at.fail(`takes ${maxLeading === 0 ? 'the resource type as its first argument' : `at most ${maxLeading} scope argument${maxLeading === 1 ? '' : 's'} before the resource type`}, and its argument ${typeIndex + 1 + argumentOffset} is the first with a /`);
  }
  // Microsoft's own tutorials write 'Microsoft.Compute/virtualMachines/' and ARM accepts it: one trailing slash is no segment.
  const [namespace, ...types] = args[typeIndex].replace(/\/$/, '').split('/');
  const names = args.slice(typeIndex + 1).flatMap((name) => name.split('/'));
  if (namespace === '' || types.some((type) => type === '')) return at.fail(`has the resource type '${args[typeIndex]}', which has an empty segment`);
  if (names.length !== types.length) {
    return at.fail(`has the resource type '${args[typeIndex]}', which needs ${types.length} name${types.length === 1 ? '' : 's'} (one for each type after the namespace), and ${names.length} ${names.length === 1 ? 'is' : 'are'} given`);
  }
  return { leading: args.slice(0, typeIndex), path: [namespace, ...types.flatMap((type, i) => [type, names[i]])].join('/') };
}
