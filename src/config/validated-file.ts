import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { createScanner, findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError, type ParseOptions } from 'jsonc-parser';
import { createAjv, describeAjvError, errorPointer, mostSpecificError, pointerToPath } from '../ajv.js';
import { UserError } from '../errors.js';
import { packagePath } from '../package-info.js';
import { lineAndColumn, readTextFile } from '../json/read-json.js';

export const CONFIG_SCHEMA_FILE = 'schemas/config.schema.json';
export const SUPPRESSIONS_SCHEMA_FILE = 'schemas/suppressions.schema.json';

let ajv: Ajv | undefined;
const validators = new Map<string, ValidateFunction>();

/** Both schemas in one ajv, because the config schema reuses the suppression definition. */
function validatorFor(schemaFile: string): ValidateFunction {
  let validate = validators.get(schemaFile);
  if (!validate) {
    if (!ajv) {
      ajv = createAjv({ allErrors: true, verbose: true, strictRequired: false });
      for (const file of [SUPPRESSIONS_SCHEMA_FILE, CONFIG_SCHEMA_FILE]) {
        ajv.addSchema(JSON.parse(readTextFile(packagePath(file), `aiscan's ${file}`)) as object, file);
      }
    }
    validate = ajv.getSchema(schemaFile)!;
    validators.set(schemaFile, validate);
  }
  return validate;
}

/** Extra words for an error, chosen by the property it is about. */
export type Hints = Readonly<Record<string, string>>;

/**
 * How many objects and arrays deep a file may go. jsonc-parser recurses once per level (a few
 * thousand levels exhaust the stack); no hand-written config or suppressions file comes near this.
 */
export const MAX_NESTING = 1000;

const PARSE_OPTIONS: ParseOptions = { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false };

/**
 * Reads a JSON file that may hold comments and trailing commas (people edit these by hand) and
 * validates it. Any problem is one line: `file:line:column: at /pointer: reason; hint`.
 */
export function readValidatedFile(file: string, what: string, schemaFile: string, hints: Hints = {}): { value: unknown; text: string } {
  const text = readTextFile(file, what);
  if (text.trim() === '') throw new UserError(`${file}:1:1: ${what} is empty`);
  const tooDeep = offsetBeyondNesting(text, MAX_NESTING);
  if (tooDeep !== undefined) {
    const { line, column } = lineAndColumn(text, tooDeep);
    throw new UserError(`${file}:${line}:${column}: ${what} is nested too deeply to read (more than ${MAX_NESTING} levels of objects and arrays); flatten it`);
  }
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, PARSE_OPTIONS);
  if (errors.length > 0 || !root) {
    const { line, column } = lineAndColumn(text, errors[0]?.offset ?? 0);
    const reason = errors[0] ? printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase() : 'value expected';
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${reason} (${what} must be JSON; comments are allowed)`);
  }
  const value = valueOf(root);
  const validate = validatorFor(schemaFile);
  if (!validate(value)) throw schemaError(file, text, mostSpecificError(validate.errors ?? []), schemaFile, hints);
  return { value, text };
}

// jsonc-parser's SyntaxKind is a const enum, which isolatedModules cannot read: its values, as documented.
const OPEN_BRACE = 1;
const CLOSE_BRACE = 2;
const OPEN_BRACKET = 3;
const CLOSE_BRACKET = 4;
const EOF = 17;

/** The offset of the first `{` or `[` more than `limit` levels deep, found without recursion; undefined when there is none. */
function offsetBeyondNesting(text: string, limit: number): number | undefined {
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== EOF; token = scanner.scan()) {
    if (token === OPEN_BRACE || token === OPEN_BRACKET) {
      if (++depth > limit) return scanner.getTokenOffset();
    } else if (token === CLOSE_BRACE || token === CLOSE_BRACKET) {
      depth = Math.max(0, depth - 1); // an unbalanced close is a syntax error, reported by the parse
    }
  }
  return undefined;
}

/**
 * The value of a parsed file, as JSON.parse would build it: every key an own property, so
 * `"__proto__"` is a property to validate (and reject), never the object's prototype, and a
 * repeated key keeps its first place and its last value. (jsonc-parser's own `parse` assigns keys,
 * and assigning `__proto__` replaces the prototype.) Depth is bounded by MAX_NESTING.
 */
function valueOf(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const object: Record<string, unknown> = {};
      for (const property of node.children ?? []) {
        const [key, child] = property.children ?? [];
        if (!key || !child) continue;
        Object.defineProperty(object, key.value as string, { value: valueOf(child), writable: true, enumerable: true, configurable: true });
      }
      return object;
    }
    case 'array':
      return (node.children ?? []).map(valueOf);
    default:
      return node.value as unknown;
  }
}

/** A problem found after the schema passed (a conflict between fields), reported the same way. */
export function fileError(file: string, text: string | undefined, pointer: string, reason: string): UserError {
  return new UserError(`${file}${text === undefined ? '' : positionOf(text, pointer)}: at ${pointer || '/'}: ${reason}`);
}

function schemaError(file: string, text: string, error: ErrorObject, schemaFile: string, hints: Hints): UserError {
  // ajv reports a bad key under propertyNames at the object; point at the key itself.
  const propertyName = (error as ErrorObject & { propertyName?: string }).propertyName;
  const pointer = propertyName === undefined ? errorPointer(error) : `${error.instancePath}/${escapePointer(propertyName)}`;
  const property = pointer.split('/').pop() ?? '';
  const definition = /\/definitions\/([^/]+)\//.exec(error.schemaPath)?.[1];
  const hint =
    hintFor(hints, property) ??
    (error.keyword === 'additionalProperties' ? hintFor(hints, '*additional') : undefined) ??
    (definition ? hintFor(hints, `#${definition}`) : undefined);
  return fileError(file, text, pointer, `${describe(error, propertyName)}${hint ? `; ${hint}` : ''} (see ${schemaFile})`);
}

/** The hint for a key the user wrote: only the table's own entries, never Object.prototype's (`constructor`, `toString`). */
function hintFor(hints: Hints, key: string): string | undefined {
  return Object.hasOwn(hints, key) ? hints[key] : undefined;
}

function describe(error: ErrorObject, propertyName: string | undefined): string {
  if (error.keyword === 'format') return `expected a ${String(error.params.format)}${error.params.format === 'date' ? ' (YYYY-MM-DD)' : ''}`;
  if (error.keyword === 'minLength' && error.params.limit === 1) return 'must not be empty';
  if (error.keyword === 'pattern') return `${JSON.stringify(propertyName ?? error.data)} is not in the expected form`;
  return describeAjvError(error);
}

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `:line:column` of the value at a pointer, or of its nearest parent present in the file. */
function positionOf(text: string, pointer: string): string {
  const root = parseTree(text, [], PARSE_OPTIONS);
  if (!root) return '';
  let path = pointerToPath(pointer);
  let node = findNodeAtLocation(root, path);
  while (!node && path.length > 0) {
    path = path.slice(0, -1);
    node = findNodeAtLocation(root, path);
  }
  const target = node?.parent?.type === 'property' ? node.parent : node;
  const { line, column } = lineAndColumn(text, target?.offset ?? 0);
  return `:${line}:${column}`;
}
