/**
 * A Terraform plan's resources as the ARM REST resources they would be, so that every rule and
 * fact works on them unchanged. The mapping per type is data (mappings/azurerm.json); ids Azure
 * assigns only after apply are built as Azure would build them (or from the Terraform address
 * when even the name is unknown), and references between resources are followed through the
 * plan's `configuration`, so a NIC, a pool's cluster or a role assignment's scope still join.
 */
import type { EstateResource, JsonPath, UnknownValue } from '../../estate.js';
import { isRecord } from '../../json/is-record.js';
import { addTo, entryOf } from '../../multimap.js';
import { PLACEHOLDERS } from '../arm-template/deployment-scope.js';
import { mappingData } from './mapping-data.js';
import { azapiId, isAzapiType, mapAzapi } from './azapi.js';
import { isTemplateDeploymentType, mapTemplateDeployments } from './template-deployment.js';
import { convert, REFERENCE_CONVERTERS, type ConverterName } from './convert.js';
import type { PlanFile, PlannedResource } from './plan-file.js';

type Candidate = string | { path: string; as: ConverterName; element?: string; set?: Record<string, unknown> };
interface TypeMapping {
  armType: string;
  /** The attribute holding the parent resource's id (a node pool's cluster). */
  parent?: string;
  /** The attribute holding the id of the scope an extension resource is created at (a role assignment's `scope`). */
  scope?: string;
  /** The attribute that is the ARM resource's name when `name` is something else (a role definition's GUID, where `name` is its display name). */
  nameFrom?: string;
  /** ARM values every resource of the type has (an ML compute cluster's computeType), by dotted path. */
  constants?: Record<string, unknown>;
  attributes: Record<string, Candidate[]>;
}
interface Mappings {
  types: Record<string, TypeMapping>;
  elements: Record<string, Record<string, Candidate[]>>;
}
const mappings = () => mappingData<Mappings>('azurerm.json');
const COMMON: Record<string, Candidate[]> = { location: ['location'], tags: ['tags'] };
const RESOURCE_GROUP = 'Microsoft.Resources/resourceGroups';

export interface MappedPlan {
  resources: EstateResource[];
  /** Terraform types with no mapping, and how many resources of each the plan holds. */
  unmapped: Map<string, number>;
  /** What could not be scanned of the ARM template deployments, or what their expansion says. */
  warnings: string[];
}

export interface MapOptions {
  subscriptionId?: string;
}

export function mapPlan(plan: PlanFile, file: string, options: MapOptions = {}): MappedPlan {
  const unmapped = new Map<string, number>();
  const lookup = plannedIndex(plan.resources);
  const references = configurationReferences(plan.configuration);
  const ids = new Map<string, string>();

  const idOf = (planned: PlannedResource, seen = new Set<string>()): string => {
    const known = ids.get(planned.address);
    if (known !== undefined) return known;
    const mapping = mappings().types[planned.type];
    const id = typeof planned.after.id === 'string' && !unknownAt(planned.afterUnknown, ['id']) ? planned.after.id : builtId(planned, mapping, seen);
    ids.set(planned.address, id);
    return id;
  };

  /**
   * The ids a reference-holding attribute (at `path` in `after`) names: its value, else those of the
   * resources the configuration says it refers to. An attribute that holds one id (`one`: a scope, a
   * parent) takes the first target that is one instance; several, with no index to choose by, leave
   * it unknown rather than joined to a guess.
   */
  const referencedIds = (planned: PlannedResource, path: JsonPath, seen: Set<string>, one: boolean): string[] | undefined => {
    if (!unknownWithin(planned.afterUnknown, path)) {
      const value = valueAt(planned.after, path);
      return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
    }
    const targets = references.get(configAddress(planned.address))?.get(path.join('.')) ?? [];
    const ids: string[] = [];
    const within = new Set([...seen, planned.address]);
    for (const target of targets) {
      const instances = instancesOf(target, planned.address, lookup).filter((instance) => !seen.has(instance.address));
      if (one && instances.length === 1) return [idOf(instances[0], within)];
      if (!one) for (const instance of instances) ids.push(idOf(instance, within));
    }
    return ids.length > 0 ? ids : undefined;
  };

  const builtId = (planned: PlannedResource, mapping: TypeMapping | undefined, seen: Set<string>): string => {
    if (isAzapiType(planned.type)) return azapiId(planned, (attribute) => referencedIds(planned, [attribute], seen, true)?.[0], options.subscriptionId);
    const name = knownString(planned, mapping?.nameFrom ?? 'name') ?? `aiscan-unknown-name-${planned.address.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
    const armType = mapping?.armType ?? `terraform/${planned.type}`;
    if (mapping?.parent) {
      const parent = referencedIds(planned, [mapping.parent], seen, true)?.[0];
      if (parent) return `${parent}/${armType.split('/').pop()}/${name}`;
    }
    if (mapping?.scope) {
      const scope = referencedIds(planned, [mapping.scope], seen, true)?.[0];
      if (scope) return `${scope.replace(/\/+$/, '')}/providers/${armType}/${name}`;
    }
    const subscription = `/subscriptions/${options.subscriptionId ?? PLACEHOLDERS.subscriptionId}`;
    // A resource group is no provider resource: its id is the subscription's plus its name (a role assignment's scope, often).
    if (armType === RESOURCE_GROUP) return `${subscription}/resourceGroups/${name}`;
    // `resource_group_name = azurerm_resource_group.x.name` (or another resource's group) still to be created: the group that resource is built in.
    const group = knownString(planned, 'resource_group_name') ?? groupOf(referencedIds(planned, ['resource_group_name'], seen, true)?.[0]) ?? PLACEHOLDERS.resourceGroup;
    return `${subscription}/resourceGroups/${group}/providers/${armType}/${name}`;
  };

  const resources: EstateResource[] = [];
  for (const planned of plan.resources) {
    const mapping = mappings().types[planned.type];
    if (!mapping) {
      if (isAzapiType(planned.type) || isTemplateDeploymentType(planned.type)) continue;
      unmapped.set(planned.type, (unmapped.get(planned.type) ?? 0) + 1);
      continue;
    }
    const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
    const unknown: UnknownValue[] = [];
    const renamed: { from: JsonPath; to: JsonPath }[] = [];
    const id = idOf(planned);
    const resource: Record<string, unknown> = { id, name: id.split('/').pop(), type: mapping.armType };
    for (const [path, value] of Object.entries(mapping.constants ?? {})) setAt(resource, path.split('.'), value);
    const reference = (path: JsonPath, all: boolean) => referencedIds(planned, path, new Set(), !all);
    const mapper = new AttributeMapper(planned, unknown, renamed, afterPath, reference);
    mapper.apply(resource, { ...COMMON, ...mapping.attributes }, [], []);
    resources.push({
      resource: resource as EstateResource['resource'],
      type: mapping.armType,
      origin: { file, path: afterPath, declared: { as: planned.address, renamed } },
      ...(unknown.length > 0 ? { unknown } : {}),
    });
  }
  const parentOf = (planned: PlannedResource) => referencedIds(planned, ['parent_id'], new Set(), true)?.[0];
  mapAzapi(plan, file, { resources, unmapped, idOf: (planned) => idOf(planned), parentOf });
  const warnings: string[] = [];
  const resourceGroupOf = (planned: PlannedResource) => knownString(planned, 'resource_group_name') ?? groupOf(referencedIds(planned, ['resource_group_name'], new Set(), true)?.[0]);
  mapTemplateDeployments(plan, file, { resources, warnings, resourceGroupOf, parentOf, ...(options.subscriptionId !== undefined ? { subscriptionId: options.subscriptionId } : {}) });
  return { resources, unmapped, warnings };
}

class AttributeMapper {
  constructor(
    private readonly planned: PlannedResource,
    private readonly unknown: UnknownValue[],
    private readonly renamed: { from: JsonPath; to: JsonPath }[],
    private readonly afterPath: JsonPath,
    /** The ids the configuration says the attribute at `path` refers to: all of them, or the one it names (undefined when that is not clear). */
    private readonly reference: (path: JsonPath, all: boolean) => string[] | undefined,
  ) {}

  /** Sets each ARM path of `attributes` on `target` from the first candidate the plan gives, under `armBase`/`tfBase`. */
  apply(target: Record<string, unknown>, attributes: Record<string, Candidate[]>, armBase: JsonPath, tfBase: JsonPath): void {
    for (const [armPath, candidates] of Object.entries(attributes)) {
      const arm = [...armBase, ...armPath.split('.')];
      // A candidate known only after apply is often computed from a later one the configuration sets (role_definition_id from role_definition_name): that one decides when it gives a value.
      let unknown: { value: UnknownValue; tf: JsonPath } | undefined;
      let given: JsonPath | undefined;
      for (const candidate of candidates) {
        const spec: { path: string; as?: ConverterName; element?: string; set?: Record<string, unknown> } = typeof candidate === 'string' ? { path: candidate } : candidate;
        const tf: JsonPath = [...tfBase, ...spec.path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))];
        const isReference = spec.as !== undefined && REFERENCE_CONVERTERS.has(spec.as);
        // A list of ids with one still to be created (`identity_ids = [azurerm_user_assigned_identity.x.id]`) is unknown as a whole: the configuration names them all.
        if (isReference ? unknownWithin(this.planned.afterUnknown, tf) : unknownAt(this.planned.afterUnknown, tf)) {
          const all = spec.as === 'idObjects' || spec.as === 'keys';
          const resolved = isReference ? this.reference(tf, all) : undefined;
          if (resolved === undefined) {
            unknown ??= { value: { path: arm, expression: `${this.planned.address}.${tf.join('.')}`, reason: 'known only after terraform apply' }, tf };
            continue;
          }
          setAt(target, arm.slice(armBase.length), convert(spec.as!, all ? resolved : resolved[0]));
          given = tf;
          break;
        }
        const value = valueAt(this.planned.after, tf);
        if (value === undefined || value === null) continue;
        const converted = spec.as === 'elements' ? this.elements(value, arm, tf, spec) : spec.as !== undefined ? convert(spec.as, value) : value;
        if (converted === undefined) continue;
        setAt(target, arm.slice(armBase.length), converted);
        given = tf;
        break;
      }
      // An unknown value is reported where it is written, as a known one is.
      const written = given ?? (unknown ? unknown.tf : undefined);
      if (written) this.rename(arm, written);
      if (!given && unknown) this.unknown.push(unknown.value);
    }
  }

  /**
   * Records where the value at `arm` is written (`tf`), and where the block holding it is: a rule
   * that locates `identity` or a scale set's `publicIPAddressConfiguration` points at the
   * `identity { … }` or `public_ip_address { … }` block written around the attribute.
   */
  private rename(arm: JsonPath, tf: JsonPath): void {
    this.renamed.push({ from: [...this.afterPath, ...arm], to: [...this.afterPath, ...tf] });
    const block = tf.slice(0, -1);
    if (arm.length > 1 && typeof block[block.length - 1] === 'number') {
      const from = [...this.afterPath, ...arm.slice(0, -1)];
      if (!this.renamed.some((entry) => samePath(entry.from, from))) this.renamed.push({ from, to: [...this.afterPath, ...block] });
    }
  }

  private elements(value: unknown, arm: JsonPath, tf: JsonPath, spec: { element?: string; set?: Record<string, unknown> }): unknown {
    if (!Array.isArray(value)) return undefined;
    const mapping = mappings().elements[spec.element ?? ''] ?? {};
    return value.map((_, index) => {
      const element: Record<string, unknown> = { ...(spec.set ?? {}) };
      this.apply(element, mapping, [...arm, index], [...tf, index]);
      return element;
    });
  }
}

/** The resource group an id is in, or is. */
function groupOf(id: string | undefined): string | undefined {
  return id === undefined ? undefined : /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)/i.exec(id)?.[1];
}

function knownString(planned: PlannedResource, attribute: string): string | undefined {
  const value = planned.after[attribute];
  return typeof value === 'string' && value !== '' && !unknownAt(planned.afterUnknown, [attribute]) ? value : undefined;
}

/** Whether `after_unknown` marks the value at `path`, or a value holding it, as known only after apply. */
export function unknownAt(afterUnknown: unknown, path: JsonPath): boolean {
  let node = afterUnknown;
  for (const segment of path) {
    if (node === true) return true;
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return false;
  }
  return node === true;
}

/** Whether any value at or inside `path` is known only after apply. */
export function unknownWithin(afterUnknown: unknown, path: JsonPath): boolean {
  if (unknownAt(afterUnknown, path)) return true;
  const node = valueAt(afterUnknown, path);
  const containsUnknown = (value: unknown): boolean => value === true || (Array.isArray(value) ? value.some(containsUnknown) : isRecord(value) && Object.values(value).some(containsUnknown));
  return node !== undefined && containsUnknown(node);
}

function samePath(a: JsonPath, b: JsonPath): boolean {
  return a.length === b.length && a.every((segment, index) => segment === b[index]);
}

function valueAt(value: unknown, path: JsonPath): unknown {
  let node = value;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === 'number') node = node[segment];
    else if (isRecord(node) && typeof segment === 'string') node = node[segment];
    else return undefined;
  }
  return node;
}

export function setAt(target: Record<string, unknown>, path: JsonPath, value: unknown): void {
  let node = target;
  path.slice(0, -1).forEach((segment) => {
    const key = String(segment);
    if (!isRecord(node[key])) node[key] = {};
    node = node[key] as Record<string, unknown>;
  });
  node[String(path[path.length - 1])] = value;
}

/** `module.aks.azurerm_kubernetes_cluster.main["x"]` → `module.aks.azurerm_kubernetes_cluster.main`: how `configuration` names it. */
function configAddress(address: string): string {
  return address.replace(/\[[^\]]*\]/g, '');
}

/**
 * For each resource of the configuration (by its address, module path included), each attribute's
 * references to other resources (`azurerm_network_interface.nic` of `azurerm_network_interface.nic.id`),
 * by the attribute's dotted path: a nested block's attribute as `ip_configuration.0.public_ip_address_id`.
 * A module's output (`module.nic.id`) is followed to the resources its expression names.
 */
function configurationReferences(configuration: Record<string, unknown>): Map<string, Map<string, string[]>> {
  const result = new Map<string, Map<string, string[]>>();
  const outputs = new Map<string, string[]>();
  const walk = (module: unknown, prefix: string) => {
    if (!isRecord(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isRecord(resource) || typeof resource.address !== 'string' || !isRecord(resource.expressions)) continue;
      const attributes = new Map<string, string[]>();
      collectReferences(resource.expressions, '', prefix, attributes);
      result.set(`${prefix}${resource.address}`, attributes);
    }
    if (!isRecord(module.module_calls)) return;
    for (const [name, call] of Object.entries(module.module_calls)) {
      if (!isRecord(call) || !isRecord(call.module)) continue;
      const inner = `${prefix}module.${name}.`;
      for (const [output, declaration] of Object.entries(isRecord(call.module.outputs) ? call.module.outputs : {})) {
        const expression = isRecord(declaration) ? declaration.expression : undefined;
        outputs.set(`${prefix}${moduleOutput(name, output)}`, referencedTargets(expression, inner));
      }
      walk(call.module, inner);
    }
  };
  walk(configuration.root_module, '');
  const resolve = (targets: string[], seen: ReadonlySet<string>): string[] =>
    targets.flatMap((target) => (outputs.has(target) ? (seen.has(target) ? [] : resolve(outputs.get(target)!, new Set([...seen, target]))) : isModuleOutput(target) ? [] : [target]));
  for (const attributes of result.values()) for (const [attribute, targets] of attributes) attributes.set(attribute, [...new Set(resolve(targets, new Set()))]);
  return result;
}

/** An expression is `{ references: […] }` or `{ constant_value: … }`; a nested block is an array of objects of expressions. */
function collectReferences(expressions: Record<string, unknown>, path: string, modulePrefix: string, into: Map<string, string[]>): void {
  for (const [attribute, expression] of Object.entries(expressions)) {
    if (Array.isArray(expression)) {
      expression.forEach((block, index) => {
        if (isRecord(block)) collectReferences(block, `${path}${attribute}.${index}.`, modulePrefix, into);
      });
      continue;
    }
    const targets = referencedTargets(expression, modulePrefix);
    if (targets.length > 0) into.set(`${path}${attribute}`, targets);
  }
}

/** The resources and module outputs an expression refers to, module path included. */
function referencedTargets(expression: unknown, modulePrefix: string): string[] {
  const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references.filter((ref): ref is string => typeof ref === 'string') : [];
  // `azurerm_network_interface.nic.id` and `azurerm_network_interface.nic` both come: the resource is the part before an attribute.
  const targets = new Set(refs.map((ref) => referenceTarget(ref)).filter((ref): ref is string => ref !== undefined).map((ref) => `${modulePrefix}${ref}`));
  // `….gpu[2].id` comes with `….gpu[2]` and `….gpu`: the instance it names is what it refers to.
  return [...targets].filter((target) => ![...targets].some((other) => other.startsWith(`${target}[`)));
}

const OUTPUT_MARK = '#output.';
const moduleOutput = (module: string, output: string) => `module.${module}${OUTPUT_MARK}${output}`;
const isModuleOutput = (target: string) => target.includes(OUTPUT_MARK);

/** A literal index in an address: `[2]` or `["gpu"]` (an index Terraform knows only while planning, `[count.index]`, is never written in a reference). */
const LITERAL_INDEX = String.raw`\[(?:\d+|"(?:[^"\\]|\\.)*")\]`;
const RESOURCE_REFERENCE = new RegExp(String.raw`^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)(${LITERAL_INDEX})?`);
const TRAILING_INDEX = new RegExp(`${LITERAL_INDEX}$`);
const MODULE_INSTANCE = new RegExp(String.raw`^(?:module\.[A-Za-z_][A-Za-z0-9_-]*(?:${LITERAL_INDEX})?\.)*`);

/**
 * `azurerm_network_interface.nic.id` → `azurerm_network_interface.nic`; `azurerm_network_interface.nic[0].id`
 * → `azurerm_network_interface.nic[0]`, the instance it names; `module.nic.id` → that output; a
 * variable or local is no resource.
 */
function referenceTarget(reference: string): string | undefined {
  const output = /^module\.([A-Za-z_][A-Za-z0-9_-]*)\.([A-Za-z_][A-Za-z0-9_-]*)/.exec(reference.replace(/\[[^\]]*\]/g, ''));
  if (output) return moduleOutput(output[1], output[2]);
  const match = RESOURCE_REFERENCE.exec(reference);
  if (!match || /^(var|local|module|each|count|path|terraform|self)\./.test(match[1]) || match[1].startsWith('data.')) return undefined;
  return match[1] + (match[2] ?? '');
}

/** The plan's resources by address, and by configuration address and module instance (every instance of each). */
interface PlannedIndex {
  byAddress: ReadonlyMap<string, PlannedResource>;
  byConfiguration: ReadonlyMap<string, ReadonlyMap<string, PlannedResource[]>>;
}

function plannedIndex(resources: readonly PlannedResource[]): PlannedIndex {
  const byConfiguration = new Map<string, Map<string, PlannedResource[]>>();
  for (const resource of resources) {
    const byModule = entryOf(byConfiguration, configAddress(resource.address), () => new Map<string, PlannedResource[]>());
    addTo(byModule, moduleInstance(resource.address), resource);
  }
  return { byAddress: new Map(resources.map((resource) => [resource.address, resource])), byConfiguration };
}

/**
 * The planned instances a reference from `from` refers to. One with a literal index is that
 * instance. Otherwise: the instance with the referring resource's own index, else all of them. In
 * a module called with count or for_each (whose configuration names it without its key), those in
 * `from`'s own module instance, where there are any. Each is looked up, never searched for: a
 * search per reference made a plan with thousands of resources per module instance quadratic.
 */
function instancesOf(target: string, from: string, planned: PlannedIndex): PlannedResource[] {
  const module = moduleInstance(from);
  const local = inModuleInstance(target, module);
  const literal = TRAILING_INDEX.exec(target)?.[0];
  const index = literal === undefined ? /(\[[^\]]*\])$/.exec(from)?.[1] : undefined;
  const addresses = literal !== undefined ? [local, target] : [index !== undefined && local !== undefined ? local + index : undefined, local, index !== undefined ? target + index : undefined, target];
  for (const address of addresses) {
    const named = address === undefined ? undefined : planned.byAddress.get(address);
    if (named) return [named];
  }
  const byModule = planned.byConfiguration.get(configAddress(target));
  if (!byModule) return [];
  const instances = byModule.get(module) ?? [...byModule.values()].flat();
  return literal === undefined ? instances : instances.filter((instance) => instance.address.endsWith(literal));
}

/**
 * `target`, a configuration address, as written in the module instance `module`:
 * `module.team.azurerm_linux_virtual_machine.gpu` in `module.team["b"].` is
 * `module.team["b"].azurerm_linux_virtual_machine.gpu`. Undefined when the target is in another module.
 */
function inModuleInstance(target: string, module: string): string | undefined {
  const path = configAddress(module);
  const rest = target.slice(path.length);
  return target.startsWith(path) && !rest.startsWith('module.') ? module + rest : undefined;
}

/** `module.team["vision"].azurerm_linux_virtual_machine.gpu[2]` → `module.team["vision"].` */
function moduleInstance(address: string): string {
  return MODULE_INSTANCE.exec(address)![0];
}
