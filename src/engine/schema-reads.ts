/**
 * The instance paths a JSON Schema reads, each with the JSON pointer where it is written, so
 * that a name the data cannot have is reported at its place in the rule file. A path steps
 * into `properties` (and the names `required` and `dependencies` list), into array elements
 * (`items`, `contains`, …), and into "any key" (`additionalProperties`, `patternProperties`);
 * `allOf`/`anyOf`/`oneOf`/`not`/`if`/`then`/`else` and local `$ref`s read at the same place.
 */
import { pathToPointer } from '../ajv.js';
import { writtenAt } from './schema-source.js';

/** An element of an array (`items`, `contains`, `[0]` in a message). */
export const ELEMENT = Symbol('element');
/** Any key of an object (`additionalProperties`, `patternProperties`): nothing below it can be checked by name. */
export const ANY_KEY = Symbol('any key');

export type ReadSegment = string | typeof ELEMENT | typeof ANY_KEY;

export interface SchemaRead {
  path: ReadSegment[];
  /** Where the last segment is written in the rule file. */
  pointer: string;
}

type SchemaObject = Record<string, unknown>;

const SAME_PLACE_LISTS = ['allOf', 'anyOf', 'oneOf'] as const;
const SAME_PLACE = ['not', 'if', 'then', 'else'] as const;
const ELEMENT_SCHEMAS = ['additionalItems', 'contains', 'unevaluatedItems'] as const;
const ANY_KEY_SCHEMAS = ['additionalProperties', 'unevaluatedProperties'] as const;

function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function own(record: SchemaObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** `/a~1b` → ['a/b'], for following `$ref: "#/definitions/x"`. */
function resolveLocal(root: unknown, fragment: string): unknown {
  let current = root;
  for (const segment of fragment.split('/').slice(1).map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isSchemaObject(current)) current = own(current, segment);
    else return undefined;
  }
  return current;
}

/**
 * Every path `schema` reads, parents before children, in the order written. `at` is the pointer of
 * `schema` in the rule file (`/when`, `/assert`). A schema node that an expansion built from
 * shorthand (see schema-source.ts) is reported where the shorthand is written.
 */
export function schemaReads(schema: unknown, at: string): SchemaRead[] {
  const reads: SchemaRead[] = [];
  const following = new Set<string>();

  function walk(node: unknown, path: ReadSegment[], pointer: string): void {
    if (!isSchemaObject(node)) return;
    const source = writtenAt(node);
    const here = source ?? pointer;
    // Inside a node built from shorthand there is no finer place in the file than the shorthand itself.
    const place = (...segments: (string | number)[]) => (source !== undefined ? source : `${here}${pathToPointer(segments)}`);
    const name = (segment: string, where: string) => reads.push({ path: [...path, segment], pointer: where });

    const properties = own(node, 'properties');
    if (isSchemaObject(properties)) {
      for (const key of Object.keys(properties)) {
        const child = properties[key];
        const where = (isSchemaObject(child) ? writtenAt(child) : undefined) ?? place('properties', key);
        name(key, where);
        walk(child, [...path, key], where);
      }
    }
    const required = own(node, 'required');
    if (Array.isArray(required)) {
      required.forEach((entry, index) => {
        if (typeof entry !== 'string') return;
        const child = isSchemaObject(properties) ? own(properties, entry) : undefined;
        name(entry, (isSchemaObject(child) ? writtenAt(child) : undefined) ?? place('required', index));
      });
    }
    for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas']) {
      const named = own(node, keyword);
      if (!isSchemaObject(named)) continue;
      for (const key of Object.keys(named)) {
        name(key, place(keyword, key));
        const value = named[key];
        if (Array.isArray(value)) value.forEach((entry, index) => typeof entry === 'string' && name(entry, place(keyword, key, index)));
        else walk(value, path, place(keyword, key));
      }
    }
    for (const keyword of SAME_PLACE_LISTS) {
      const list = own(node, keyword);
      if (Array.isArray(list)) list.forEach((entry, index) => walk(entry, path, place(keyword, index)));
    }
    for (const keyword of SAME_PLACE) walk(own(node, keyword), path, place(keyword));

    // Stepping into the elements is a read of its own: `items` under something that is no array checks nothing.
    const element = (schemaNode: unknown, where: string) => {
      if (!isSchemaObject(schemaNode)) return;
      reads.push({ path: [...path, ELEMENT], pointer: where });
      walk(schemaNode, [...path, ELEMENT], where);
    };
    const items = own(node, 'items');
    if (Array.isArray(items)) items.forEach((entry, index) => element(entry, place('items', index)));
    else element(items, place('items'));
    const prefixItems = own(node, 'prefixItems');
    if (Array.isArray(prefixItems)) prefixItems.forEach((entry, index) => element(entry, place('prefixItems', index)));
    for (const keyword of ELEMENT_SCHEMAS) element(own(node, keyword), place(keyword));

    for (const keyword of ANY_KEY_SCHEMAS) walk(own(node, keyword), [...path, ANY_KEY], place(keyword));
    const patternProperties = own(node, 'patternProperties');
    if (isSchemaObject(patternProperties)) {
      for (const key of Object.keys(patternProperties)) walk(patternProperties[key], [...path, ANY_KEY], place('patternProperties', key));
    }

    // A local reference reads at the place it is used; one already being followed is not followed again.
    const ref = own(node, '$ref');
    if (typeof ref === 'string' && ref.startsWith('#') && !following.has(ref)) {
      following.add(ref);
      walk(resolveLocal(schema, ref.slice(1)), path, `${at}${ref.slice(1)}`);
      following.delete(ref);
    }
  }

  walk(schema, [], at);
  return reads;
}

/** `facts.gpu.isGpu`, `properties.ipConfigurations[*].properties`: a path as rule authors write it. */
export function formatReadPath(path: readonly ReadSegment[]): string {
  let text = '';
  for (const segment of path) {
    if (segment === ELEMENT) text += '[*]';
    else if (segment === ANY_KEY) text += text ? '.*' : '*';
    else text += text ? `.${segment}` : segment;
  }
  return text;
}
