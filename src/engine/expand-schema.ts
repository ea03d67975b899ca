/**
 * `fields` and `condition`, aiscan's two shorthands in rule schemas, turned into the plain JSON
 * Schema that ajv compiles: a pure function run once per rule at load, after parameters are
 * filled in. The output nests exactly as a hand-written schema would (`required` + `properties`
 * per step, `type: "array"` + `items` per `[*]`), so ajv's failing paths, and with them the
 * lines findings point at, are the same whichever way a rule is written.
 *
 *   { "fields": { "properties.ipConfigurations[*].properties.publicIPAddress?": false } }
 *   { "condition": "gpuCompute" }
 */
import { isRecord } from '../json/is-record.js';
import { pathToPointer, pointerToPath } from '../ajv.js';
import { UserError } from '../errors.js';
import { FieldPathError, parseFieldPath } from './field-paths.js';
import { noteWrittenAt } from './schema-source.js';

/**
 * The plain schema of the named condition, for a reference at `pointer` in `file`; throws a
 * UserError naming that place when there is no such condition or it refers to itself.
 */
export type ConditionResolver = (name: string, file: string, pointer: string) => unknown;

export interface ExpandOptions {
  /** The file the schema is in, and the JSON pointer of the schema in it (`/assert`), for errors. */
  file: string;
  pointer: string;
  conditions?: ConditionResolver;
  /** Leave `{"condition": name}` in place (the rule pages name conditions rather than inline them). */
  keepConditions?: boolean;
}

export interface ExpandedSchema {
  schema: unknown;
  /** The JSON pointer, in the file, of the part of the source a pointer into `schema` came from. */
  sourcePointer(pointer: string): string;
}

export const CONDITION_NAME = /^[a-z][A-Za-z0-9]*$/;

/** Keywords whose value is a schema, an array of schemas, or an object of schemas (draft-07 and the newer names ajv knows). */
const ONE_SCHEMA = new Set(['additionalProperties', 'additionalItems', 'contains', 'propertyNames', 'not', 'if', 'then', 'else', 'unevaluatedProperties', 'unevaluatedItems']);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas']);

/** Where a node of the output came from: a place in the source, or a `fields` key that generated it. */
interface Origin {
  pointer: string;
  /** Made by a `fields` key: nothing below it is in the source, everything maps to the key. */
  generated: boolean;
  /** Keys of a merged node that came from elsewhere than `pointer`. */
  keys?: Map<string, Origin>;
}

type Schema = Record<string, unknown> | boolean;

export function expandSchema(schema: unknown, options: ExpandOptions): ExpandedSchema {
  const origins = new WeakMap<object, Origin>();
  const expander = new Expander(options, origins);
  const expanded = expander.node(schema, options.pointer);
  const toSource = (pointer: string) => sourcePointer(expanded, pointer, origins, options.pointer);
  // The load-time checks walk the expanded schema: each node that is not where its position says
  // is noted, so that what they report points at the `fields` key or `condition` the author wrote.
  walkSchemas(expanded, (node, pointer) => {
    const source = toSource(pointer);
    if (source !== `${options.pointer}${pointer}`) noteWrittenAt(node, source);
  });
  return { schema: expanded, sourcePointer: toSource };
}

/** True when a schema uses `fields` or `condition` anywhere it walks. */
export function usesShorthand(schema: unknown): boolean {
  let found = false;
  walkSchemas(schema, (node) => {
    if (has(node, 'fields') || has(node, 'condition')) found = true;
  });
  return found;
}

/** Calls `visit` on every schema object in `schema` (those under data keywords are data, not schemas). Iterative. */
export function walkSchemas(schema: unknown, visit: (node: Record<string, unknown>, pointer: string) => void): void {
  const pending: [unknown, string][] = [[schema, '']];
  while (pending.length > 0) {
    const [node, pointer] = pending.pop()!;
    if (!isRecord(node)) continue;
    visit(node, pointer);
    for (const [key, value] of Object.entries(node)) {
      const at = `${pointer}${pathToPointer([key])}`;
      if (ONE_SCHEMA.has(key)) pending.push([value, at]);
      else if (key === 'items' || SCHEMA_LISTS.has(key)) {
        if (Array.isArray(value)) value.forEach((entry, index) => pending.push([entry, `${at}/${index}`]));
        else pending.push([value, at]);
      } else if (SCHEMA_MAPS.has(key) || key === 'dependencies' || key === 'fields') {
        if (isRecord(value)) for (const [name, entry] of Object.entries(value)) pending.push([entry, `${at}${pathToPointer([name])}`]);
      }
    }
  }
}

class Expander {
  constructor(
    private readonly options: ExpandOptions,
    private readonly origins: WeakMap<object, Origin>,
  ) {}

  private fail(pointer: string, reason: string): never {
    throw new UserError(`${this.options.file}: at ${pointer || '/'}: ${reason}`);
  }

  /** A schema at `pointer` in the source, expanded. */
  node(source: unknown, pointer: string): unknown {
    if (!isRecord(source)) return source;
    let result: Record<string, unknown> = {};
    this.origins.set(result, { pointer, generated: false });
    for (const [key, value] of Object.entries(source)) {
      if (key === 'fields' || (key === 'condition' && !this.options.keepConditions)) continue;
      put(result, key, this.keyword(key, value, `${pointer}${pathToPointer([key])}`));
    }
    if (has(source, 'fields')) result = asRecord(this.merge(result, this.fields(source.fields, `${pointer}/fields`)));
    if (has(source, 'condition')) {
      const name = source.condition;
      const at = `${pointer}/condition`;
      if (typeof name !== 'string' || !CONDITION_NAME.test(name)) {
        this.fail(at, `"condition" takes the name of a condition (letters and digits, starting with a lower-case letter), not ${JSON.stringify(name)}`);
      }
      if (!this.options.keepConditions) {
        if (!this.options.conditions) this.fail(at, `condition "${name}" cannot be resolved here: no conditions are loaded`);
        const condition = copyWithOrigin(this.options.conditions(name, this.options.file, at), at, this.origins);
        result = asRecord(this.merge(result, condition));
      }
    }
    return result;
  }

  private keyword(key: string, value: unknown, pointer: string): unknown {
    if (ONE_SCHEMA.has(key)) return this.node(value, pointer);
    if (key === 'items' || SCHEMA_LISTS.has(key)) return Array.isArray(value) ? this.list(value, pointer) : this.node(value, pointer);
    if ((SCHEMA_MAPS.has(key) || key === 'dependencies') && isRecord(value)) {
      const map: Record<string, unknown> = {};
      this.origins.set(map, { pointer, generated: false });
      for (const [name, entry] of Object.entries(value)) {
        const at = `${pointer}${pathToPointer([name])}`;
        put(map, name, key === 'dependencies' && Array.isArray(entry) ? entry : this.node(entry, at));
      }
      return map;
    }
    return value;
  }

  private list(values: unknown[], pointer: string): unknown[] {
    const list = values.map((entry, index) => this.node(entry, `${pointer}/${index}`));
    this.origins.set(list, { pointer, generated: false });
    return list;
  }

  /** The schema a `fields` object stands for: one nested schema for all its paths, shared steps merged. */
  private fields(fields: unknown, pointer: string): Schema {
    if (!isRecord(fields)) {
      this.fail(pointer, `"fields" takes an object whose keys are paths (like "properties.enableRBAC") and whose values are JSON Schemas, true (present) or false (absent)`);
    }
    const root = new Step(pointer);
    for (const [key, value] of Object.entries(fields)) {
      const at = `${pointer}${pathToPointer([key])}`;
      let path;
      try {
        path = parseFieldPath(key);
      } catch (error) {
        if (error instanceof FieldPathError) this.fail(at, `the path ${JSON.stringify(key)} is not valid: ${error.message}`);
        throw error;
      }
      if (typeof value !== 'boolean' && !isRecord(value)) {
        this.fail(at, `the value of a path is a JSON Schema (an object), true (present) or false (absent or null), not ${describeType(value)}`);
      }
      const last = path.steps[path.steps.length - 1];
      if (value === false && last.elements > 0) {
        this.fail(at, `false after "[*]" would mean every element is absent; write ${JSON.stringify(key.replace(/(\[\*\])+\??$/, ''))}: false for no array, or {"maxItems": 0} for an empty one`);
      }
      let step = root;
      path.steps.forEach(({ name, elements }, index) => {
        const isLast = index === path.steps.length - 1;
        step = step.child(name, at, !path.optional && !(isLast && value === false));
        for (let i = 0; i < elements; i++) step = step.element(at);
      });
      // Absent: ARM, the Azure CLI and Terraform write an unset reference as null, so null counts as absent.
      const schema = value === false ? withOrigin({ type: 'null' }, { pointer: at, generated: true }, this.origins) : this.node(value, at);
      step.schemas.push(schema as Schema);
    }
    return this.emit(root);
  }

  private emit(step: Step): Schema {
    const scaffold: Record<string, unknown> = {};
    this.origins.set(scaffold, { pointer: step.pointer, generated: true });
    if (step.children.size > 0) {
      const required = [...step.children].filter(([, child]) => child.required).map(([name]) => name);
      if (required.length > 0) scaffold.required = required;
      const properties: Record<string, unknown> = {};
      this.origins.set(properties, { pointer: step.pointer, generated: true });
      for (const [name, child] of step.children) put(properties, name, this.emit(child));
      scaffold.properties = properties;
    }
    if (step.elements) {
      scaffold.type = 'array';
      scaffold.items = this.emit(step.elements);
    }
    return step.schemas.reduce<Schema>((merged, schema) => this.merge(merged, schema), scaffold);
  }

  /**
   * Both schemas at one place: keywords that combine do (required lists, properties by name,
   * items, allOf lists, equal values); any other keyword both have is kept from each, the
   * second's moved into `allOf`. Never moves what `a` had, so `$ref`s into it still resolve.
   */
  private merge(a: Schema, b: Schema): Schema {
    // An empty `a` still gives the result its place (the schema that held `fields`), for errors at its root.
    if (a === true || (isEmpty(a) && typeof b === 'boolean')) return b;
    if (isEmpty(b)) return a;
    if (typeof a === 'boolean' || typeof b === 'boolean') return withOrigin({ allOf: [a, b] }, this.origins.get(a as object) ?? { pointer: '', generated: true }, this.origins);
    const aOrigin = this.origins.get(a) ?? { pointer: '', generated: true };
    const bOrigin = this.origins.get(b) ?? { pointer: '', generated: true };
    const result: Record<string, unknown> = { ...a };
    const origin: Origin = { ...aOrigin, keys: new Map(aOrigin.keys) };
    const conflicts: Record<string, unknown>[] = [];
    for (const [key, value] of Object.entries(b)) {
      const fromB = bOrigin.keys?.get(key) ?? (bOrigin.generated ? bOrigin : { pointer: `${bOrigin.pointer}${pathToPointer([key])}`, generated: false });
      if (!has(result, key)) {
        put(result, key, value);
        origin.keys!.set(key, fromB);
      } else if (key === 'required' && Array.isArray(result.required) && Array.isArray(value)) {
        result.required = [...new Set([...(result.required as unknown[]), ...value])];
      } else if (key === 'properties' && isRecord(result.properties) && isRecord(value)) {
        result.properties = this.mergeProperties(result.properties, value);
      } else if (key === 'items' && isSchema(result.items) && isSchema(value)) {
        result.items = this.merge(result.items, value);
      } else if (key === 'allOf' && Array.isArray(result.allOf) && Array.isArray(value)) {
        result.allOf = withOrigin([...(result.allOf as unknown[]), ...value], origin.keys!.get('allOf') ?? { pointer: `${aOrigin.pointer}/allOf`, generated: aOrigin.generated }, this.origins);
      } else if (JSON.stringify(result[key]) !== JSON.stringify(value)) {
        conflicts.push(withOrigin(defined(key, value), bOrigin, this.origins));
      }
    }
    if (conflicts.length > 0) {
      const earlier = Array.isArray(result.allOf) ? (result.allOf as unknown[]) : [];
      result.allOf = [...earlier, ...conflicts];
    }
    this.origins.set(result, origin);
    return result;
  }

  private mergeProperties(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
    const merged: Record<string, unknown> = { ...a };
    this.origins.set(merged, this.origins.get(a) ?? { pointer: '', generated: true });
    for (const [name, schema] of Object.entries(b)) {
      put(merged, name, has(merged, name) && isSchema(merged[name]) && isSchema(schema) ? this.merge(merged[name] as Schema, schema) : schema);
    }
    return merged;
  }
}

/** A step of the `fields` paths being merged: its properties by name, its elements, the schemas given for it. */
class Step {
  readonly children = new Map<string, Step>();
  elements?: Step;
  required = false;
  readonly schemas: Schema[] = [];

  constructor(readonly pointer: string) {}

  child(name: string, pointer: string, required: boolean): Step {
    let child = this.children.get(name);
    if (!child) this.children.set(name, (child = new Step(pointer)));
    child.required ||= required;
    return child;
  }

  element(pointer: string): Step {
    return (this.elements ??= new Step(pointer));
  }
}

/** A condition's schema, copied for this place (each use its own objects), every node traced to the reference. */
function copyWithOrigin(value: unknown, pointer: string, origins: WeakMap<object, Origin>): Schema {
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return withOrigin(node.map(copy), { pointer, generated: true }, origins);
    if (!isRecord(node)) return node;
    const result: Record<string, unknown> = {};
    for (const [key, entry] of Object.entries(node)) put(result, key, copy(entry));
    return withOrigin(result, { pointer, generated: true }, origins);
  };
  return copy(value) as Schema;
}

function sourcePointer(root: unknown, pointer: string, origins: WeakMap<object, Origin>, fallback: string): string {
  const segments = pointerToPath(pointer).map(String);
  let node: unknown = root;
  let best: { origin: Origin; consumed: number } = { origin: { pointer: fallback, generated: false }, consumed: 0 };
  for (let i = 0; i <= segments.length; i++) {
    const origin = typeof node === 'object' && node !== null ? origins.get(node) : undefined;
    if (origin) {
      const keyed = i < segments.length ? origin.keys?.get(segments[i]) : undefined;
      best = keyed ? { origin: keyed, consumed: i + 1 } : { origin, consumed: i };
    }
    if (i === segments.length || typeof node !== 'object' || node === null) break;
    node = (node as Record<string, unknown>)[segments[i]];
  }
  return best.origin.generated ? best.origin.pointer : `${best.origin.pointer}${pathToPointer(segments.slice(best.consumed))}`;
}

function withOrigin<T extends object>(value: T, origin: Origin, origins: WeakMap<object, Origin>): T {
  origins.set(value, origin);
  return value;
}

/** Defined, not assigned: a key spelled `__proto__` stays a plain property (and the prototype check refuses it). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
}

function defined(key: string, value: unknown): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  put(result, key, value);
  return result;
}

function has(value: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(value, key);
}

function isSchema(value: unknown): value is Schema {
  return typeof value === 'boolean' || isRecord(value);
}

function isEmpty(schema: Schema): boolean {
  return schema === true || (typeof schema === 'object' && Object.keys(schema).length === 0);
}

function asRecord(schema: Schema): Record<string, unknown> {
  return typeof schema === 'boolean' ? { allOf: [schema] } : schema;
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
