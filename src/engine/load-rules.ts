import { readdirSync, readlinkSync, realpathSync, statSync, type Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { createAjv, describeAjvError, errorPointer, mostSpecificError, pathToPointer } from '../ajv.js';
import { schemaFileValidator } from '../precompiled.js';
import { UserError } from '../errors.js';
import { typeKey } from '../ids.js';
import { packagePath } from '../package-info.js';
import { readJsonFile, readTextFile } from '../json/read-json.js';
import { collectPropertyNames } from './canonical-keys.js';
import { checkRuleReads } from './check-rule-reads.js';
import { decidedBy } from './unknown-values.js';
import { builtinConditions, CONDITIONS_FOLDER, loadConditions, type Conditions } from './conditions.js';
import { expandSchema, type ExpandedSchema } from './expand-schema.js';
import { addRuleKeywords } from './keywords.js';
import { protoKeyPointer } from './skipped-keys.js';
import { nestingDepth, schemaCompileError } from './schema-errors.js';
import { overrideAt, parameterValues, substituteParameters, type OverrideSource } from './parameters.js';
import { requiredTypes } from './required-types.js';
import { builtinRulesHash, readRulePack, type RulePack } from './rule-pack.js';
import { defaultRuleCache, readCachedRule, ruleCacheKey, writeCachedRule, type RuleCache } from './rule-cache.js';
import type { CompiledRule, RuleDefinition, RuleFile } from './rule.js';

export const BUILTIN_RULES_DIR = packagePath('rules');
const RULE_SCHEMA_FILE = packagePath('rules', 'rule.schema.json');

export interface LoadRulesOptions {
  /** Folders of rule files; the built-in pack is included unless `builtin` is false. */
  directories?: readonly string[];
  builtin?: boolean;
  /** Parameter values by rule id, overriding the rules' defaults. */
  parameters?: Readonly<Record<string, Record<string, unknown>>>;
  /** The config file `parameters` come from, named in errors about them. */
  configFile?: string;
}

let ruleFileValidator: ValidateFunction | undefined;
/** The build's name for the rule file schema's validator (scripts/precompile.ts). */
export const RULE_FILE_SCHEMA = { name: 'rule-file-schema', file: RULE_SCHEMA_FILE, options: { allErrors: false } } as const;

function validateRuleFile(): ValidateFunction {
  return (ruleFileValidator ??= schemaFileValidator(RULE_FILE_SCHEMA.name, readTextFile(RULE_SCHEMA_FILE, 'the rule schema'), RULE_FILE_SCHEMA.options));
}

/**
 * The ajv that compiles rule schemas: strict (unknown keywords are errors), with aiscan's keywords.
 * It reads `data.name` as is, which is right for every name but those Object.prototype also has
 * (`required: ["constructor"]` would be met by the prototype's): a rule that names one of those
 * is compiled by a twin that checks own keys only (ownKeysTwin), a few percent slower per check.
 */
export function createRuleAjv(ownPropertiesOnly = false, keepSource = false): Ajv {
  const ajv = createAjv({
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    logger: false,
    ownProperties: ownPropertiesOnly,
    // The build keeps each validator's source to write the precompiled pack (rule-pack.ts).
    ...(keepSource ? { code: { source: true } } : {}),
  });
  addRuleKeywords(ajv);
  return ajv;
}

const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
const ownKeysTwins = new WeakMap<Ajv, Ajv>();

/** The ajv to compile a rule with: `ajv`, or its own-keys twin when the rule names a key Object.prototype has. */
function compilerFor(ajv: Ajv, propertyNames: ReadonlySet<string>): Ajv {
  if (![...propertyNames].some((name) => PROTOTYPE_NAMES.has(name))) return ajv;
  let twin = ownKeysTwins.get(ajv);
  if (!twin) ownKeysTwins.set(ajv, (twin = createRuleAjv(true, Boolean(ajv.opts.code.source))));
  return twin;
}

/**
 * Every `*.json` rule file below a folder (not the schema), sorted for a stable order. An entry
 * that cannot be read (a symbolic link to nothing, a folder without permission) is an error naming
 * it: a rule that silently went missing would pass everything it should have checked. The folder's
 * own `conditions/` holds named conditions, not rules (see conditions.ts).
 */
export function findRuleFiles(directory: string, visited = new Set<string>(), top = true): string[] {
  let entries: string[];
  try {
    if (!statSync(directory).isDirectory()) throw new UserError(`--rules ${directory}: not a folder`);
    // A folder linked from inside itself is read once, not until the path is too long.
    const real = realpathSync(directory);
    if (visited.has(real)) return [];
    visited.add(real);
    entries = readdirSync(directory).sort();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`--rules ${directory}: cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  return entries.flatMap((entry) => {
    const path = join(directory, entry);
    let stats: Stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UserError(`--rules ${directory}: cannot read ${path}: ${describeEntryError(path, error)}`);
    }
    if (stats.isDirectory()) return top && entry === CONDITIONS_FOLDER ? [] : findRuleFiles(path, visited, false);
    return isRuleFileName(entry) ? [path] : [];
  });
}

/** A rule is any `*.json` but a schema and a rule's tests (`<ID>.test.json`, run by `aiscan rules test`). */
export function isRuleFileName(name: string): boolean {
  return name.endsWith('.json') && !name.endsWith('.schema.json') && !name.endsWith('.test.json');
}

function describeEntryError(path: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  let link: string | undefined;
  try {
    link = readlinkSync(path);
  } catch {
    link = undefined;
  }
  if (link !== undefined && code === 'ENOENT') return `it is a symbolic link to ${link}, which does not exist; remove the link or restore its target`;
  if (code === 'ELOOP') return 'it is a symbolic link that leads back to itself; remove it';
  if (code === 'EACCES') return 'permission denied';
  return code ?? (error as Error).message;
}

export function readRuleFile(file: string): RuleDefinition {
  const { value } = readJsonFile(file, 'a rule file');
  const validate = validateRuleFile();
  if (!validate(value)) {
    const error = mostSpecificError(validate.errors ?? []);
    // ajv reports a name that breaks `propertyNames` at the object holding it: point at the name itself.
    const propertyName = (error as typeof error & { propertyName?: string }).propertyName;
    const pointer = propertyName === undefined ? errorPointer(error) : `${error.instancePath}${pathToPointer([propertyName])}`;
    const what = propertyName === undefined ? describeAjvError(error) : `the name ${JSON.stringify(propertyName)} ${describeAjvError(error)}`;
    throw new UserError(`${file}: at ${pointer || '/'}: ${what} (see rules/rule.schema.json)`);
  }
  const { id } = value as RuleFile;
  // Tests (<ID>.test.json), rule pages and error messages find a rule by its file name.
  if (basename(file) !== `${id}.json`) {
    throw new UserError(`${file}: at /id: a rule's file is named after its id: rename the file ${id}.json (and its tests ${id}.test.json), or change the id`);
  }
  return withRemediationObject(value as RuleFile);
}

/** `"remediation": "text"` is shorthand for `{"summary": "text"}`: every consumer sees the object. */
function withRemediationObject(file: RuleFile): RuleDefinition {
  return typeof file.remediation === 'string' ? { ...file, remediation: { summary: file.remediation } } : (file as RuleDefinition);
}

export function compileRule(
  definition: RuleDefinition,
  file: string,
  ajv: Ajv,
  overrides: Readonly<Record<string, unknown>> = {},
  overridesFrom?: OverrideSource,
  conditions: Conditions = builtinConditions(ajv),
): CompiledRule {
  const values = parameterValues(definition, overrides, overridesFrom);
  for (const [name, parameter] of Object.entries(definition.parameters ?? {})) {
    if (!parameter.schema) continue;
    const validate = compileSchema(parameter.schema, file, `/parameters/${name}/schema`, ajv);
    if (!validate(values[name])) {
      const reason = describeAjvError(mostSpecificError(validate.errors ?? []));
      const value = JSON.stringify(values[name]);
      throw new UserError(
        Object.prototype.hasOwnProperty.call(overrides, name)
          ? `${overrideAt(overridesFrom, definition.id, name)}: ${value}: ${reason} (${file} says what rule ${definition.id} takes)`
          : `${file}: at /parameters/${name}/default: ${value}: ${reason} (the default must satisfy the parameter's own schema)`,
      );
    }
  }
  // Parameters first, then `fields` and conditions: errors about either name the place in the rule file.
  const substituted = (key: 'when' | 'assert', with_: Readonly<Record<string, unknown>>): ExpandedSchema | undefined =>
    definition[key] === undefined
      ? undefined
      : expandSchema(substituteParameters(definition[key], with_, { file, pointer: `/${key}` }), { file, pointer: `/${key}`, conditions: conditions.resolve });
  const [when, assert] = [substituted('when', values), substituted('assert', values)!];
  // Names as the rule reads them, parameters in place: `required: [{"$param": "tag"}]` names a tag.
  const propertyNames = collectPropertyNames(assert.schema);
  if (when) collectPropertyNames(when.schema, propertyNames);
  const compiler = compilerFor(ajv, propertyNames);
  const compileAt = (key: 'when' | 'assert', schema: ExpandedSchema | undefined): ValidateFunction | undefined => {
    if (schema === undefined) return undefined;
    try {
      return compileSchema(schema.schema as object, file, `/${key}`, compiler, schema.sourcePointer);
    } catch (error) {
      const overridden = Object.keys(overrides);
      if (!(error instanceof UserError) || overridden.length === 0) throw error;
      const defaults = substituted(key, parameterValues(definition))!;
      compileSchema(defaults.schema as object, file, `/${key}`, compiler, defaults.sourcePointer); // with the defaults: a rule file at fault is still named as such
      const at = overridden.length === 1 ? overrideAt(overridesFrom, definition.id, overridden[0]) : overrideAt(overridesFrom, definition.id);
      throw new UserError(`${at}: rule ${definition.id} cannot use this value: ${error.message.slice(file.length + 2)} (${file} says what it takes)`);
    }
  };
  const whenValidator = compileAt('when', when);
  const assertValidator = compileAt('assert', assert)!;
  const reads = checkRuleReads(file, definition, { when: when?.schema, assert: assert.schema });
  const decidingFacts = reads.decidingFacts;
  return {
    ...definition,
    area: basename(dirname(file)),
    file,
    parameterValues: values,
    resourceTypeKeys: definition.resourceTypes.map(typeKey),
    // `requires` as compiled: every other type the rule needs, derived from what it reads.
    ...requiredTypes(definition, decidingFacts),
    whenValidator,
    assertValidator,
    propertyNames,
    decides: { when: decidedBy(reads.when.paths, reads.when.facts), assert: decidedBy(reads.assert.paths, reads.assert.facts) },
  };
}

/**
 * Compiles one schema of a rule file; anything wrong with it is one line naming the file and the
 * pointer `at` (through `source` for a schema expanded from `fields`).
 */
function compileSchema(schema: object, file: string, at: string, ajv: Ajv, source: (pointer: string) => string = (pointer) => `${at}${pointer}`): ValidateFunction {
  const proto = protoKeyPointer(schema);
  if (proto !== undefined) {
    throw new UserError(
      `${file}: at ${source(proto)}: the schema engine skips a key named "__proto__", so this part would check nothing; match that property with "patternProperties": {"^__proto__$": …} or "required": ["__proto__"]`,
    );
  }
  try {
    return ajv.compile(schema);
  } catch (error) {
    throw schemaCompileError(file, at, schema, ajv, error, source);
  }
}

/** A rule nested thousands of levels deep exhausts the stack while its schemas are walked: say so, in one line. */
function nestingGuard<T>(file: string, definition: RuleDefinition, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    const key = nestingDepth(definition.when) > nestingDepth(definition.assert) ? 'when' : 'assert';
    throw new UserError(`${file}: at /${key}: the schema nests too deeply to load (${nestingDepth(definition[key])} levels); flatten it`);
  }
}

/** A path as the user would type it: relative inside the working directory, absolute outside it. */
function displayPath(file: string): string {
  const inside = relative(process.cwd(), file);
  return inside && !inside.startsWith('..') && !isAbsolute(inside) ? inside : resolve(file);
}

/** How loadRules compiles: the build uses its own ajv, no pack and no cache (scripts/precompile.ts), tests a given pack or cache. */
export interface CompileContext {
  ajv?: Ajv;
  /** The precompiled built-in pack; null for none. By default the build's (rule-pack.ts), if it was built from the rule files found. */
  pack?: RulePack | null;
  /** Where rules compiled here are kept for the next run; null for nowhere. By default the build's (rule-cache.ts). */
  ruleCache?: RuleCache | null;
}

/** Loads, validates and compiles rules; a duplicate id across folders is an error naming both files. */
export function loadRules(options: LoadRulesOptions = {}, context: CompileContext = {}): CompiledRule[] {
  const directories = [...(options.builtin === false ? [] : [BUILTIN_RULES_DIR]), ...(options.directories ?? [])];
  const cache = context.ruleCache === undefined ? (context.ajv ? undefined : defaultRuleCache()) : (context.ruleCache ?? undefined);
  let ajv = context.ajv;
  let conditions: Conditions | undefined;
  // Made when a rule is compiled here: a scan of the built-in pack alone, precompiled, needs neither. Rules kept in the cache are kept as source.
  const compiler = () => (ajv ??= createRuleAjv(false, cache !== undefined));
  const builtinFiles = directories.length > 0 ? findRuleFiles(BUILTIN_RULES_DIR) : [];
  const pack = directories.length > 0 ? packedRules(builtinFiles, context.pack) : undefined;
  const conditionsOf = () => (conditions ??= loadConditions(options.directories ?? [], compiler, displayPath, pack !== undefined));
  if ((options.directories ?? []).length > 0) conditionsOf(); // a fault in a user's condition is named before any rule that uses it
  const rules: CompiledRule[] = [];
  const filesById = new Map<string, string>();
  const filesByName = new Map<string, string>();
  // Before a rule is compiled: a clash is named whatever else is wrong with the second file.
  const claim = ({ id, name }: { id: string; name: string }, shownFile: string) => {
    const clash = filesById.get(id) ?? filesByName.get(name);
    if (clash) throw new UserError(`${shownFile}: rule id ${id} or name ${name} is already used by ${clash}`);
    filesById.set(id, shownFile);
    filesByName.set(name, shownFile);
  };
  let conditionsPrint: string | undefined;
  for (const directory of directories) {
    const files = directory === BUILTIN_RULES_DIR ? builtinFiles : findRuleFiles(directory);
    const precompiled = directory === BUILTIN_RULES_DIR ? pack : undefined;
    for (const file of files) {
      const shownFile = displayPath(file);
      const packed = options.parameters?.[precompiled?.idOf(file) ?? ''] === undefined ? precompiled?.rule(file, shownFile) : undefined;
      if (packed) {
        claim(packed, shownFile);
        rules.push(packed);
        continue;
      }
      const definition = readRuleFile(shownFile);
      claim(definition, shownFile);
      const overrides = options.parameters?.[definition.id];
      const overridesFrom = options.configFile === undefined ? undefined : { file: options.configFile };
      const key = cache && ruleCacheKey(cache, { definition, area: basename(dirname(file)), overrides, conditions: (conditionsPrint ??= conditionsOf().fingerprint()) });
      let rule = key === undefined ? undefined : readCachedRule(cache!, key, shownFile);
      if (!rule) {
        rule = nestingGuard(shownFile, definition, () => compileRule(definition, shownFile, compiler(), overrides, overridesFrom, conditionsOf()));
        if (key !== undefined) writeCachedRule(cache!, key, rule, compiler());
      }
      rules.push(directory === BUILTIN_RULES_DIR ? { ...rule, builtin: true } : rule);
    }
  }
  const unknown = Object.keys(options.parameters ?? {}).filter((id) => !filesById.has(id));
  if (unknown.length > 0) throw new UserError(`${options.configFile ?? 'the configuration'}: at /rules/parameters: parameters given for unknown rule id(s): ${unknown.join(', ')}`);
  return rules;
}

/**
 * The built-in rules from the precompiled pack, by file, when the pack was built from exactly
 * `files` (and the conditions and schemas beside them); undefined when there is no such pack.
 */
function packedRules(files: readonly string[], given: RulePack | null | undefined) {
  const pack = given === undefined ? readRulePack(builtinRulesHash(files, BUILTIN_RULES_DIR)) : given;
  if (!pack) return undefined;
  const byFile = new Map(pack.rules.map((packed) => [packagePath(packed.rule.file), packed]));
  return {
    idOf: (file: string) => byFile.get(file)?.rule.id,
    rule: (file: string, shownFile: string): CompiledRule | undefined => {
      const packed = byFile.get(file);
      return packed && { ...packed.rule, file: shownFile, ...packed.validators(), builtin: true };
    },
  };
}
