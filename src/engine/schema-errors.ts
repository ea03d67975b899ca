import type { Ajv, ErrorObject } from 'ajv';
import { describeAjvError, errorPointer, mostSpecificError, pathToPointer } from '../ajv.js';
import { UserError } from '../errors.js';
import { shown } from '../text/shown.js';

/**
 * Why ajv would not compile a schema of a rule (`when`, `assert`, a parameter's `schema`, at the
 * pointer `at`), as one line that names the rule file and the JSON pointer of the offending part:
 * never ajv's raw text alone. A schema expanded from `fields` or conditions names places in the
 * file through `source` (a pointer into `schema` → the pointer in the file, `at` included).
 */
export function schemaCompileError(
  file: string,
  at: string,
  schema: unknown,
  ajv: Ajv,
  error: unknown,
  source: (pointer: string) => string = (pointer) => `${at}${pointer}`,
): UserError {
  if (error instanceof RangeError) {
    return new UserError(`${file}: at ${source('')}: the schema is nested too deeply to compile (${error.message}); flatten it`);
  }
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  const dialect = dialectProblem(schema, message);
  if (dialect) return new UserError(`${file}: at ${source('/$schema')}: ${dialect}`);
  const duplicateId = /^schema with key or id "(.*)" already exists$/.exec(message)?.[1];
  if (duplicateId !== undefined) {
    const where = find(schema, (name, value) => name === '$id' && value === duplicateId);
    return new UserError(`${file}: at ${source(where ?? '')}: the $id ${JSON.stringify(duplicateId)} is already used by another schema aiscan loaded; give each schema its own $id, or none`);
  }
  let invalid: ErrorObject | undefined;
  try {
    if (!ajv.validateSchema(schema as object) && ajv.errors?.length) invalid = mostSpecificError(ajv.errors);
  } catch {
    // validateSchema throws on some of what compile threw on; the compile error says what is wrong.
  }
  if (invalid) {
    return new UserError(`${file}: at ${source(errorPointer(invalid))}: not a valid JSON Schema: ${describeAjvError(invalid)}`);
  }
  // ajv: `keyword "enumIgnoreCase" value is invalid at path "#/properties/mode": data must be array`
  const keywordValue = /^keyword "([^"]+)" value is invalid at path "#([^"]*)": data(\S*) (.*)$/.exec(message);
  if (keywordValue) {
    const [, keyword, inSchema, below, reason] = keywordValue;
    return new UserError(`${file}: at ${source(`${inSchema}/${keyword}${below}`)}: the value of "${keyword}" ${reason}`);
  }
  const where = pointerOf(schema, message);
  return new UserError(`${file}: at ${source('')}: not a valid JSON Schema: ${message}${where ? ` (at ${source(where)})` : ''}`);
}

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** A `$schema` naming a dialect aiscan does not evaluate rules in (2020-12, draft-04, an https spelling, a URL of one's own). */
function dialectProblem(schema: unknown, message: string): string | undefined {
  if (typeof schema !== 'object' || schema === null || !Object.prototype.hasOwnProperty.call(schema, '$schema')) return undefined;
  const dialect = (schema as { $schema: unknown }).$schema;
  if (message !== `no schema with key or ref "${String(dialect)}"` && !/\$schema must be a string/.test(message)) return undefined;
  const named = typeof dialect === 'string' ? shown(dialect) : `a ${dialect === null ? 'null' : Array.isArray(dialect) ? 'array' : typeof dialect}`;
  return `${named} is not a dialect aiscan reads rules in: rule schemas are JSON Schema draft-07; set "$schema" to "${DRAFT_07}" or leave it out`;
}

/** Where in the schema the compile error is, from what ajv's message names. */
function pointerOf(schema: unknown, message: string): string {
  const atPath = /at path "#([^"]*)"/.exec(message)?.[1];
  if (atPath !== undefined) return atPath;
  const keyword = /unknown keyword: "([^"]+)"/.exec(message)?.[1];
  if (keyword !== undefined) return find(schema, (name) => name === keyword) ?? '';
  const reference = /can't resolve reference (\S+)/.exec(message)?.[1];
  if (reference !== undefined) return find(schema, (name, value) => name === '$ref' && value === reference) ?? '';
  const pattern = /^pattern ("(?:[^"\\]|\\.)*")/.exec(message)?.[1];
  if (pattern !== undefined) {
    const text = JSON.parse(pattern) as string;
    return find(schema, (name, value, parent) => (name === 'pattern' && value === text) || (parent === 'patternProperties' && name === text)) ?? '';
  }
  return '';
}

/** The pointer of the first property (depth first, iteratively) for which `matches` holds. */
function find(root: unknown, matches: (name: string, value: unknown, parentName: string | undefined) => boolean): string | undefined {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [name, child] of entries) {
      if (typeof name === 'string' && matches(name, child, path[path.length - 1] as string | undefined)) return pathToPointer([...path, name]);
    }
    for (let i = entries.length - 1; i >= 0; i--) stack.push({ value: entries[i][1], path: [...path, entries[i][0]] });
  }
  return undefined;
}

/** How many objects and arrays deep a value goes, counted without recursion. */
export function nestingDepth(root: unknown): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    deepest = Math.max(deepest, depth + 1);
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return deepest;
}
