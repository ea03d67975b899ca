/**
 * azapi resources of a Terraform plan: `azapi_resource` declares an ARM resource by its REST type
 * and body, so the body is the resource as ARM has it; `azapi_update_resource` changes part of a
 * resource declared elsewhere, so its body is merged onto that resource instead of adding one.
 */
import type { EstateResource, JsonPath, UnknownValue } from '../../estate.js';
import { idKey } from '../../ids.js';
import { isRecord } from '../../json/is-record.js';
import { PLACEHOLDERS } from '../arm-template/deployment-scope.js';
import { convert } from './convert.js';
import { setAt, unknownAt } from './map-plan.js';
import type { PlanFile, PlannedResource } from './plan-file.js';

const CREATE = 'azapi_resource';
const UPDATE = 'azapi_update_resource';

export function isAzapiType(type: string): boolean {
  return type === CREATE || type === UPDATE;
}

/** `Microsoft.Compute/virtualMachines@2024-07-01` → `Microsoft.Compute/virtualMachines`. */
function resourceType(planned: PlannedResource): string | undefined {
  const type = planned.after.type;
  return typeof type === 'string' && !unknownAt(planned.afterUnknown, ['type']) ? type.split('@')[0] : undefined;
}

function known(planned: PlannedResource, attribute: string): string | undefined {
  const value = planned.after[attribute];
  return typeof value === 'string' && value !== '' && !unknownAt(planned.afterUnknown, [attribute]) ? value : undefined;
}

/**
 * The id ARM gives the resource: the parent's id, then the provider path of the type. An update
 * targets `resource_id` when it names it; a reference resolves through the plan (`reference`).
 */
export function azapiId(planned: PlannedResource, reference: (attribute: string) => string | undefined, subscriptionId?: string): string {
  const subscription = `/subscriptions/${subscriptionId ?? PLACEHOLDERS.subscriptionId}`;
  if (planned.type === UPDATE) {
    const target = known(planned, 'resource_id') ?? reference('resource_id');
    if (target !== undefined) return target;
  }
  const type = resourceType(planned) ?? `terraform/${planned.type}`;
  const name = known(planned, 'name') ?? `aiscan-unknown-name-${planned.address.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
  // azapi defaults a resource group's parent_id to the subscription (its docs/resources/resource.md); any other type needs one.
  const parent = known(planned, 'parent_id') ?? reference('parent_id') ?? (/^Microsoft\.Resources\/resourceGroups$/i.test(type) ? subscription : `${subscription}/resourceGroups/${PLACEHOLDERS.resourceGroup}`);
  return childId(parent, type, name);
}

/** The type a resource id names: `/…/providers/Microsoft.Compute/virtualMachines/vm/extensions/x` → `Microsoft.Compute/virtualMachines/extensions`. */
function typeOfId(id: string): string | undefined {
  const segments = id.split('/').filter((segment) => segment !== '');
  const at = segments.map((segment) => segment.toLowerCase()).lastIndexOf('providers');
  if (at < 0 || at + 3 > segments.length) return undefined;
  const rest = segments.slice(at + 2);
  return [segments[at + 1], ...rest.filter((_, index) => index % 2 === 0)].join('/');
}

function childId(parent: string, type: string, name: string): string {
  const trimmed = parent.replace(/\/+$/, '');
  // Resource groups and subscriptions are written without `providers/Microsoft.Resources`.
  if (/^Microsoft\.Resources\/resourceGroups$/i.test(type)) return `${trimmed}/resourceGroups/${name}`;
  if (/^Microsoft\.Resources\/subscriptions$/i.test(type)) return `/subscriptions/${name}`;
  const parentType = typeOfId(trimmed);
  if (parentType !== undefined && type.toLowerCase().startsWith(`${parentType.toLowerCase()}/`)) {
    return `${trimmed}/${type.slice(parentType.length + 1)}/${name}`;
  }
  return `${trimmed}/providers/${type}/${name}`;
}

/** The body: an object (azapi 2.x) or a JSON string (azapi 1.x); undefined when it cannot be read. */
export function bodyOf(planned: PlannedResource): Record<string, unknown> | undefined {
  const body = planned.after.body;
  if (isRecord(body)) return body;
  if (typeof body !== 'string' || body.trim() === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(body);
    return isRecord(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Each value of the body `after_unknown` marks, as an unknown value of the resource. */
function unknownBody(planned: PlannedResource): UnknownValue[] {
  const marks = isRecord(planned.afterUnknown) ? planned.afterUnknown.body : undefined;
  const unknown = (path: JsonPath, written: JsonPath = path): UnknownValue => ({
    path,
    expression: [planned.address, 'body', ...written].join('.'),
    reason: 'known only after terraform apply',
  });
  // A whole body unknown (azapi 1.x's jsonencode of a value known after apply) hides every property.
  if (marks === true) return [unknown(['properties'], [])];
  const found: UnknownValue[] = [];
  const walk = (node: unknown, path: JsonPath) => {
    if (node === true) found.push(unknown(path));
    else if (Array.isArray(node)) node.forEach((child, index) => walk(child, [...path, index]));
    else if (isRecord(node)) for (const [key, child] of Object.entries(node)) walk(child, [...path, key]);
  };
  walk(marks, []);
  return found;
}

function deepMerge(target: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = target[key];
    if (isRecord(current) && isRecord(value)) deepMerge(current, value);
    else target[key] = structuredClone(value);
  }
}

export interface AzapiContext {
  resources: EstateResource[];
  unmapped: Map<string, number>;
  idOf: (planned: PlannedResource) => string;
  /** The id `parent_id` names, followed through the plan when it is known only after apply. */
  parentOf: (planned: PlannedResource) => string | undefined;
}

/** Extension resources (a role assignment, a lock): their parent_id is the scope they apply at, what their rules decide on. */
const EXTENSION_NAMESPACE = /^Microsoft\.Authorization\//i;

/**
 * An extension resource whose parent_id is known only after apply and cannot be followed through
 * the plan (a module's output) is placed in the placeholder resource group, which is not its
 * scope: its id is unknown, so that no rule decides on where it applies (as azurerm's `scope`).
 */
function unknownScope(planned: PlannedResource, type: string, context: AzapiContext): UnknownValue[] {
  if (!EXTENSION_NAMESPACE.test(type) || known(planned, 'parent_id') !== undefined || context.parentOf(planned) !== undefined) return [];
  return [{ path: ['id'], writtenAt: ['parent_id'], expression: `${planned.address}.parent_id`, reason: 'known only after terraform apply' }];
}

/**
 * Adds each `azapi_resource` to `resources`, then merges each `azapi_update_resource` onto the
 * resource it targets. An update whose target is not in the plan has nothing to be merged onto: it
 * is counted as unmapped, so that the summary says it was not scanned.
 */
export function mapAzapi(plan: PlanFile, file: string, context: AzapiContext): void {
  const creates = plan.resources.filter((planned) => planned.type === CREATE);
  const updates = plan.resources.filter((planned) => planned.type === UPDATE);
  for (const planned of creates) {
    const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
    const id = context.idOf(planned);
    const type = resourceType(planned) ?? `terraform/${planned.type}`;
    const resource: Record<string, unknown> = {};
    const renamed: { from: JsonPath; to: JsonPath }[] = [];
    for (const attribute of ['location', 'tags']) {
      const value = planned.after[attribute];
      if (value === undefined || value === null || unknownAt(planned.afterUnknown, [attribute])) continue;
      resource[attribute] = value;
      renamed.push({ from: [...afterPath, attribute], to: [...afterPath, attribute] });
    }
    const identity = Array.isArray(planned.after.identity) ? planned.after.identity[0] : undefined;
    if (isRecord(identity) && typeof identity.type === 'string') {
      setAt(resource, ['identity', 'type'], identity.type);
      const assigned = convert('keys', identity.identity_ids);
      if (isRecord(assigned) && Object.keys(assigned).length > 0) setAt(resource, ['identity', 'userAssignedIdentities'], assigned);
      renamed.push({ from: [...afterPath, 'identity'], to: [...afterPath, 'identity', 0] });
    }
    const body = bodyOf(planned);
    if (body) {
      deepMerge(resource, body);
      // A body written as a JSON string is one value in the file: findings point at it.
      for (const key of Object.keys(body)) renamed.push({ from: [...afterPath, key], to: isRecord(planned.after.body) ? [...afterPath, 'body', key] : [...afterPath, 'body'] });
    }
    Object.assign(resource, { id, name: id.split('/').pop(), type });
    const unknown = [...unknownScope(planned, type, context), ...unknownBody(planned)];
    context.resources.push({
      resource: resource as EstateResource['resource'],
      type,
      origin: { file, path: afterPath, declared: { as: planned.address, renamed } },
      ...(unknown.length > 0 ? { unknown } : {}),
    });
  }
  for (const planned of updates) {
    const target = idKey(context.idOf(planned));
    const resource = context.resources.find((candidate) => idKey(String(candidate.resource.id)) === target);
    if (!resource) {
      context.unmapped.set(planned.type, (context.unmapped.get(planned.type) ?? 0) + 1);
      continue;
    }
    const body = bodyOf(planned);
    if (body) {
      const { id: _id, name: _name, type: _type, ...patch } = body;
      deepMerge(resource.resource as Record<string, unknown>, patch);
    }
    const unknown = unknownBody(planned);
    if (unknown.length > 0) resource.unknown = [...(resource.unknown ?? []), ...unknown];
  }
}
