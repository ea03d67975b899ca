import type { Ajv, ErrorObject, ValidateFunction } from 'ajv';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { createAjv, describeAjvError, errorPointer, mostSpecificError, pointerToPath } from '../ajv.js';
import { UserError } from '../errors.js';
import { packagePath } from '../package-info.js';
import { lineAndColumn, readTextFile } from '../sources/read-json.js';

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
 * Reads a JSON file that may hold comments and trailing commas (people edit these by hand) and
 * validates it. Any problem is one line: `file:line:column: at /pointer: reason; hint`.
 */
export function readValidatedFile(file: string, what: string, schemaFile: string, hints: Hints = {}): { value: unknown; text: string } {
  const text = readTextFile(file, what);
  if (text.trim() === '') throw new UserError(`${file}:1:1: ${what} is empty`);
  const errors: ParseError[] = [];
  const value: unknown = parse(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false });
  if (errors.length > 0) {
    const { line, column } = lineAndColumn(text, errors[0].offset);
    const reason = printParseErrorCode(errors[0].error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${reason} (${what} must be JSON; comments are allowed)`);
  }
  const validate = validatorFor(schemaFile);
  if (!validate(value)) throw schemaError(file, text, mostSpecificError(validate.errors ?? []), schemaFile, hints);
  return { value, text };
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
    hints[property] ??
    (error.keyword === 'additionalProperties' ? hints['*additional'] : undefined) ??
    (definition ? hints[`#${definition}`] : undefined);
  return fileError(file, text, pointer, `${describe(error, propertyName)}${hint ? `; ${hint}` : ''} (see ${schemaFile})`);
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
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
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
