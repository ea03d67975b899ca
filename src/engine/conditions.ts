/**
 * Named conditions: a test several rules share ("is GPU compute"), written once in
 * `<rules folder>/conditions/<name>.json` and referenced from any rule schema as
 * `{"condition": "<name>"}`. The built-in pack's and every `--rules` folder's conditions share one
 * namespace: a name defined twice is an error naming both files.
 */
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { describeAjvError, errorPointer, mostSpecificError, pathToPointer } from '../ajv.js';
import { schemaFileValidator } from '../precompiled.js';
import { UserError } from '../errors.js';
import { packagePath } from '../package-info.js';
import { readJsonFile, readTextFile } from '../json/read-json.js';
import { CONDITION_NAME, expandSchema, walkSchemas } from './expand-schema.js';
import { schemaCompileError } from './schema-errors.js';
import { ANY_TYPE, checkFactPath } from './fact-paths.js';
import { schemaReads } from './schema-reads.js';

export const CONDITIONS_FOLDER = 'conditions';
const CONDITION_SCHEMA_FILE = packagePath('rules', 'condition.schema.json');

export interface Condition {
  name: string;
  file: string;
  title: string;
  description: string;
  /** As written: may use `fields` and other conditions. */
  schema: unknown;
}

export class Conditions {
  private readonly byName = new Map<string, Condition>();
  private readonly expanded = new Map<string, unknown>();

  get(name: string): Condition | undefined {
    return this.byName.get(name);
  }

  names(): string[] {
    return [...this.byName.keys()].sort();
  }

  /** What every condition says, in one string: rules compiled with the same fingerprint expanded the same conditions (rule-cache.ts). */
  fingerprint(): string {
    return JSON.stringify(this.names().map((name) => [name, this.byName.get(name)!.schema]));
  }

  add(condition: Condition): void {
    const clash = this.byName.get(condition.name);
    if (clash) throw new UserError(`${condition.file}: condition "${condition.name}" is already defined by ${clash.file}; give one of them another name`);
    this.byName.set(condition.name, condition);
  }

  /** The plain JSON Schema of a condition referenced at `pointer` in `file`. */
  readonly resolve = (name: string, file: string, pointer: string): unknown => this.plain(name, file, pointer, []);

  private plain(name: string, file: string, pointer: string, chain: string[]): unknown {
    const condition = this.byName.get(name);
    if (!condition) {
      const known = this.names();
      throw new UserError(
        `${file}: at ${pointer}: there is no condition "${name}" (${known.length ? `known: ${known.join(', ')}` : 'none are defined'}); conditions are files <rules folder>/conditions/<name>.json`,
      );
    }
    if (chain.includes(name)) throw new UserError(`${file}: at ${pointer}: condition "${name}" refers to itself (${[...chain, name].join(' → ')}); a condition cannot use itself`);
    if (!this.expanded.has(name)) {
      const resolver = (inner: string, innerFile: string, innerPointer: string) => this.plain(inner, innerFile, innerPointer, [...chain, name]);
      this.expanded.set(name, expandSchema(condition.schema, { file: condition.file, pointer: '/schema', conditions: resolver }).schema);
    }
    return this.expanded.get(name);
  }

  /**
   * Expands and compiles every condition on its own, and checks the facts it reads exist for some
   * resource type, so that a fault in one is named in its own file, not in each rule that uses it.
   * (Whether a fact exists for a rule's own types is checked with the rule.) `skip` leaves out
   * conditions checked already (the built-in ones, when the build checked them: rule-pack.ts).
   */
  check(ajvOf: () => Ajv, skip: (condition: Condition) => boolean = () => false): void {
    for (const condition of this.byName.values()) {
      if (skip(condition)) continue;
      const ajv = ajvOf();
      const { schema, sourcePointer } = expandSchema(condition.schema, { file: condition.file, pointer: '/schema', conditions: this.resolve });
      try {
        ajv.compile(schema as object);
      } catch (error) {
        throw schemaCompileError(condition.file, '', schema, ajv, error, sourcePointer);
      }
      for (const read of schemaReads(schema, '/schema')) {
        if (read.path[0] !== 'facts') continue;
        const problem = checkFactPath(read.path.slice(1), ANY_TYPE)?.problem;
        if (problem !== undefined) throw new UserError(`${condition.file}: at ${read.pointer}: ${problem}`);
      }
    }
  }
}

let conditionFileValidator: ValidateFunction | undefined;
/** The build's name for the condition file schema's validator (scripts/precompile.ts). */
export const CONDITION_FILE_SCHEMA = { name: 'condition-file-schema', file: CONDITION_SCHEMA_FILE, options: { allErrors: false } } as const;

function validateConditionFile(): ValidateFunction {
  return (conditionFileValidator ??= schemaFileValidator(CONDITION_FILE_SCHEMA.name, readTextFile(CONDITION_SCHEMA_FILE, 'the condition schema'), CONDITION_FILE_SCHEMA.options));
}

/** Keywords whose values are data: a `$param` there is a value like any other. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);
/** What a condition cannot hold, inlined as it is into rules whose roots differ. */
const NOT_IN_CONDITIONS = ['$ref', '$id', 'definitions', '$defs'];

export function readConditionFile(file: string): Condition {
  const name = basename(file).replace(/\.json$/, '');
  if (!CONDITION_NAME.test(name)) {
    throw new UserError(`${file}: a condition's file name is its name: letters and digits, starting with a lower-case letter (like gpuCompute.json)`);
  }
  const { value } = readJsonFile(file, 'a condition file');
  const validate = validateConditionFile();
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    throw new UserError(`${file}: at ${errorPointer(error) || '/'}: ${describeAjvError(error)} (see rules/condition.schema.json)`);
  }
  const definition = value as Omit<Condition, 'name' | 'file'>;
  walkSchemas(definition.schema, (node, pointer) => {
    const keyword = NOT_IN_CONDITIONS.find((key) => Object.prototype.hasOwnProperty.call(node, key));
    if (keyword) {
      throw new UserError(`${file}: at /schema${pointer}/${keyword}: a condition is copied into every rule that uses it, so it cannot hold ${keyword}; write the schema out in place`);
    }
  });
  const parameter = parameterPointer(definition.schema);
  if (parameter !== undefined) {
    throw new UserError(`${file}: at /schema${parameter}: conditions take no parameters; keep the part that needs one in the rule, beside {"condition": "${name}"}`);
  }
  return { name, file, title: definition.title, description: definition.description, schema: definition.schema };
}

/** The pointer of the first `{"$param": …}` outside data keywords. Iterative. */
function parameterPointer(schema: unknown): string | undefined {
  const pending: [unknown, (string | number)[]][] = [[schema, []]];
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, '$param')) return pathToPointer(path);
    for (const [key, child] of Object.entries(value)) if (Array.isArray(value) || !DATA_KEYWORDS.has(key)) pending.push([child, [...path, Array.isArray(value) ? Number(key) : key]]);
  }
  return undefined;
}

/** The condition files of a rules folder: `<folder>/conditions/*.json`, sorted; none when it has no such folder. */
export function findConditionFiles(rulesFolder: string): string[] {
  const folder = join(rulesFolder, CONDITIONS_FOLDER);
  let entries: string[];
  try {
    if (!statSync(folder).isDirectory()) throw new UserError(`${folder}: expected a folder of condition files, found a file; rename or remove it`);
    entries = readdirSync(folder).sort();
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return []; // no conditions; a --rules that is no folder is named by findRuleFiles
    throw new UserError(`${folder}: cannot read the conditions folder (${code ?? 'error'})`);
  }
  return entries.filter((entry) => entry.endsWith('.json') && !entry.endsWith('.schema.json')).map((entry) => join(folder, entry));
}

/**
 * The conditions of the built-in pack and of each rules folder, each read once (a folder given
 * twice, or the built-in folder given as --rules, is the same folder), checked with `ajv` (made
 * when there is one to check). `builtinChecked`: the built pack's conditions were checked when it
 * was built, from these same files.
 */
export function loadConditions(rulesFolders: readonly string[], ajv: Ajv | (() => Ajv), show: (file: string) => string = (file) => file, builtinChecked = false): Conditions {
  const conditions = new Conditions();
  const builtinFiles = new Set<string>();
  const seen = new Set<string>();
  const builtinFolder = packagePath('rules');
  for (const folder of [builtinFolder, ...rulesFolders]) {
    let real: string;
    try {
      real = realpathSync(folder);
    } catch {
      real = folder; // findRuleFiles names a folder that is not there
    }
    if (seen.has(real)) continue;
    seen.add(real);
    for (const file of findConditionFiles(folder)) {
      const condition = readConditionFile(show(file));
      if (folder === builtinFolder) builtinFiles.add(condition.file);
      conditions.add(condition);
    }
  }
  conditions.check(typeof ajv === 'function' ? ajv : () => ajv, (condition) => builtinChecked && builtinFiles.has(condition.file));
  return conditions;
}

let builtin: Conditions | undefined;

/** The built-in pack's conditions, read once: what a rule compiled on its own (a rule test) can use. */
export function builtinConditions(ajv: Ajv): Conditions {
  return (builtin ??= loadConditions([], ajv));
}
