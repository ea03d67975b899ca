/**
 * A Terraform plan's resources as the ARM REST resources they would be, so that every rule and
 * fact works on them unchanged. The mapping per type is data (mappings/azurerm.json); ids Azure
 * assigns only after apply are built as Azure would build them (or from the Terraform address
 * when even the name is unknown), and references between resources are followed through the
 * plan's `configuration`, so a NIC, a pool's cluster or a role assignment's scope still join.
 */
import type { EstateResource, JsonPath, UnknownValue } from '../../estate.js';
import { isRecord } from '../../json/is-record.js';
import { PLACEHOLDERS } from '../arm-template/deployment-scope.js';
import { mappingData } from './mapping-data.js';
import { azapiId, isAzapiType, mapAzapi } from './azapi.js';
import { convert, REFERENCE_CONVERTERS, type ConverterName } from './convert.js';
import type { PlanFile, PlannedResource } from './plan-file.js';

type Candidate = string | { path: string; as: ConverterName; element?: string; set?: Record<string, unknown> };
interface TypeMapping {
  armType: string;
  /** The attribute holding the parent resource's id (a node pool's cluster). */
  parent?: string;
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

export interface MappedPlan {
  resources: EstateResource[];
  /** Terraform types with no mapping, and how many resources of each the plan holds. */
  unmapped: Map<string, number>;
}

export interface MapOptions {
  subscriptionId?: string;
}

export function mapPlan(plan: PlanFile, file: string, options: MapOptions = {}): MappedPlan {
  const unmapped = new Map<string, number>();
  const byAddress = new Map(plan.resources.map((resource) => [resource.address, resource]));
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

  /** The id a reference-holding attribute names: its value, else that of the resource the configuration says it refers to. */
  const referencedIds = (planned: PlannedResource, attribute: string, seen: Set<string>): string[] | undefined => {
    const value = planned.after[attribute];
    if (!unknownAt(planned.afterUnknown, [attribute])) return typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
    const targets = references.get(configAddress(planned.address))?.get(attribute) ?? [];
    const resolved = targets.flatMap((target) => instancesOf(target, planned.address, byAddress)).filter((target) => !seen.has(target.address));
    if (resolved.length === 0) return undefined;
    return resolved.map((target) => idOf(target, new Set([...seen, planned.address])));
  };

  const builtId = (planned: PlannedResource, mapping: TypeMapping | undefined, seen: Set<string>): string => {
    if (isAzapiType(planned.type)) return azapiId(planned, (attribute) => referencedIds(planned, attribute, seen)?.[0], options.subscriptionId);
    const name = knownString(planned, 'name') ?? `aiscan-unknown-name-${planned.address.replace(/[^A-Za-z0-9_.-]+/g, '-')}`;
    const armType = mapping?.armType ?? `terraform/${planned.type}`;
    if (mapping?.parent) {
      const parent = referencedIds(planned, mapping.parent, seen)?.[0];
      if (parent) return `${parent}/${armType.split('/').pop()}/${name}`;
    }
    const group = knownString(planned, 'resource_group_name') ?? PLACEHOLDERS.resourceGroup;
    return `/subscriptions/${options.subscriptionId ?? PLACEHOLDERS.subscriptionId}/resourceGroups/${group}/providers/${armType}/${name}`;
  };

  const resources: EstateResource[] = [];
  for (const planned of plan.resources) {
    const mapping = mappings().types[planned.type];
    if (!mapping) {
      if (isAzapiType(planned.type)) continue;
      unmapped.set(planned.type, (unmapped.get(planned.type) ?? 0) + 1);
      continue;
    }
    const afterPath: JsonPath = ['resource_changes', planned.index, 'change', 'after'];
    const unknown: UnknownValue[] = [];
    const renamed: { from: JsonPath; to: JsonPath }[] = [];
    const id = idOf(planned);
    const resource: Record<string, unknown> = { id, name: id.split('/').pop(), type: mapping.armType };
    for (const [path, value] of Object.entries(mapping.constants ?? {})) setAt(resource, path.split('.'), value);
    const reference = (attribute: string) => referencedIds(planned, attribute, new Set());
    const mapper = new AttributeMapper(planned, unknown, renamed, afterPath, reference);
    mapper.apply(resource, { ...COMMON, ...mapping.attributes }, [], []);
    resources.push({
      resource: resource as EstateResource['resource'],
      type: mapping.armType,
      origin: { file, path: afterPath, declared: { as: planned.address, renamed } },
      ...(unknown.length > 0 ? { unknown } : {}),
    });
  }
  mapAzapi(plan, file, { resources, unmapped, idOf: (planned) => idOf(planned) });
  return { resources, unmapped };
}

class AttributeMapper {
  constructor(
    private readonly planned: PlannedResource,
    private readonly unknown: UnknownValue[],
    private readonly renamed: { from: JsonPath; to: JsonPath }[],
    private readonly afterPath: JsonPath,
    private readonly reference: (attribute: string) => string[] | undefined,
  ) {}

  /** Sets each ARM path of `attributes` on `target` from the first candidate the plan gives, under `armBase`/`tfBase`. */
  apply(target: Record<string, unknown>, attributes: Record<string, Candidate[]>, armBase: JsonPath, tfBase: JsonPath): void {
    for (const [armPath, candidates] of Object.entries(attributes)) {
      const arm = armPath.split('.');
      // A candidate known only after apply is often computed from a later one the configuration sets (role_definition_id from role_definition_name): that one decides when it gives a value.
      let unknown: UnknownValue | undefined;
      let given = false;
      for (const candidate of candidates) {
        const spec: { path: string; as?: ConverterName; element?: string; set?: Record<string, unknown> } = typeof candidate === 'string' ? { path: candidate } : candidate;
        const tf: JsonPath = [...tfBase, ...spec.path.split('.').map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))];
        const isReference = spec.as !== undefined && REFERENCE_CONVERTERS.has(spec.as);
        if (unknownAt(this.planned.afterUnknown, tf)) {
          const resolved = isReference && tfBase.length === 0 ? this.reference(String(tf[0])) : undefined;
          if (resolved === undefined) {
            unknown ??= { path: [...armBase, ...arm], expression: `${this.planned.address}.${tf.join('.')}`, reason: 'known only after terraform apply' };
            continue;
          }
          setAt(target, arm, convert(spec.as!, spec.as === 'idObjects' ? resolved : resolved[0]));
          this.renamed.push({ from: [...this.afterPath, ...armBase, ...arm], to: [...this.afterPath, ...tf] });
          given = true;
          break;
        }
        const value = valueAt(this.planned.after, tf);
        if (value === undefined || value === null) continue;
        const converted = spec.as === 'elements' ? this.elements(value, [...armBase, ...arm], tf, spec) : spec.as !== undefined ? convert(spec.as, value) : value;
        if (converted === undefined) continue;
        setAt(target, arm, converted);
        this.renamed.push({ from: [...this.afterPath, ...armBase, ...arm], to: [...this.afterPath, ...tf] });
        given = true;
        break;
      }
      if (!given && unknown) this.unknown.push(unknown);
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
 * references to other resources (`azurerm_network_interface.nic` of `azurerm_network_interface.nic.id`).
 */
function configurationReferences(configuration: Record<string, unknown>): Map<string, Map<string, string[]>> {
  const result = new Map<string, Map<string, string[]>>();
  const walk = (module: unknown, prefix: string) => {
    if (!isRecord(module)) return;
    for (const resource of Array.isArray(module.resources) ? module.resources : []) {
      if (!isRecord(resource) || typeof resource.address !== 'string' || !isRecord(resource.expressions)) continue;
      const attributes = new Map<string, string[]>();
      for (const [attribute, expression] of Object.entries(resource.expressions)) {
        const refs = isRecord(expression) && Array.isArray(expression.references) ? expression.references.filter((ref): ref is string => typeof ref === 'string') : [];
        // `azurerm_network_interface.nic.id` and `azurerm_network_interface.nic` both come: the resource is the part before an attribute.
        const targets = [...new Set(refs.map((ref) => resourcePart(ref)).filter((ref): ref is string => ref !== undefined).map((ref) => `${prefix}${ref}`))];
        if (targets.length > 0) attributes.set(attribute, targets);
      }
      result.set(`${prefix}${resource.address}`, attributes);
    }
    if (isRecord(module.module_calls)) {
      for (const [name, call] of Object.entries(module.module_calls)) if (isRecord(call)) walk(call.module, `${prefix}module.${name}.`);
    }
  };
  walk(configuration.root_module, '');
  return result;
}

/** `azurerm_network_interface.nic[0].id` → `azurerm_network_interface.nic`; a variable or local is no resource. */
function resourcePart(reference: string): string | undefined {
  const match = /^((?:data\.)?[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*)/.exec(reference.replace(/\[[^\]]*\]/g, ''));
  if (!match || /^(var|local|module|each|count|path|terraform|self)\./.test(match[1]) || match[1].startsWith('data.')) return undefined;
  return match[1];
}

/** The planned instances of a configuration address: the one with the referring resource's own index, else all of them. */
function instancesOf(target: string, from: string, byAddress: ReadonlyMap<string, PlannedResource>): PlannedResource[] {
  const index = /(\[[^\]]*\])$/.exec(from)?.[1];
  const same = index !== undefined ? byAddress.get(`${target}${index}`) : undefined;
  if (same) return [same];
  const exact = byAddress.get(target);
  if (exact) return [exact];
  return [...byAddress.values()].filter((planned) => configAddress(planned.address) === target);
}
