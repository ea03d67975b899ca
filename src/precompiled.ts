/**
 * Validators compiled when aiscan is built, not at every run.
 *
 * ajv generating (and checking) the code of a validator is most of what a scan of a small estate
 * used to cost. The build (scripts/precompile.ts) compiles aiscan's own schemas, as the code that
 * uses them would, and writes each set to dist/precompiled/: the validators as ajv's standalone
 * source in a CommonJS module, loaded when one is first needed, and beside it as JSON a hash of
 * what they were compiled from and any data the user needs with them. The user compares that hash
 * with the hash of what it would compile now, and compiles itself when they differ (a file edited
 * since the build). Only the built code (dist/, bundled or not) reads these sets: code run from
 * src/ was not built with them, so it always compiles.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, Options, ValidateFunction } from 'ajv';
import { createAjv } from './ajv.js';
import { UserError } from './errors.js';
import { acceptedSafeRegExp, SAFE_REGEXP_NAME } from './safe-regexp.js';
import { packagePath, toolVersion } from './package-info.js';
import { ajvStandaloneModule, requireDependency } from './load-on-use.js';

// ajv's standalone module is CommonJS with `exports.default`; under NodeNext the callable may sit on `.default`.
type StandaloneCode = (ajv: Ajv, validate: ValidateFunction) => string;
const standaloneCode: StandaloneCode = (ajv, validate) => {
  const writer = ajvStandaloneModule() as unknown as StandaloneCode & { default?: StandaloneCode };
  return (writer.default ?? writer)(ajv, validate);
};

/** Where the build writes each set `name`: `<name>.json` and `<name>.cjs`. */
export const PRECOMPILED_FOLDER = packagePath('dist', 'precompiled');
const inside = (folder: string, file: string) => {
  const path = relative(folder, file);
  return path !== '' && !path.startsWith('..') && !isAbsolute(path);
};
/** Whether this is the build's code (dist/), the code the modules were compiled with. */
const BUILT = inside(packagePath('dist'), fileURLToPath(import.meta.url));

export const BUILD_FILE = 'build.json';

/** What tells one build from another (scripts/precompile.ts writes it); undefined for code that is not the build's. */
export function buildId(): string | undefined {
  if (!BUILT) return undefined;
  try {
    return (JSON.parse(readFileSync(join(PRECOMPILED_FOLDER, BUILD_FILE), 'utf8')) as { id: string }).id;
  } catch {
    return undefined;
  }
}

/**
 * Functions generated code calls by name: the pattern engine, and what the user of the validators
 * adds (the code of its own keywords). The same names must be given to precompiledFiles and
 * readPrecompiled.
 */
export type RuntimeNames = Readonly<Record<string, unknown>>;
// `require`: ajv's runtime helpers, which generated code requires, come from aiscan's node_modules wherever the module is.
const withPatternEngine = (names: RuntimeNames): RuntimeNames => ({ ...names, [SAFE_REGEXP_NAME]: acceptedSafeRegExp, require: requireDependency });

export interface Precompiled {
  /** Text the build kept with the validators. */
  data: string;
  /** The validator at `index` in the order given to the build; its code is loaded on the first call. */
  validator(index: number): ValidateFunction;
}

/** What the build writes for a set: the hash and data as JSON (`<name>.json`), the validators as code (`<name>.cjs`, loaded when one is first needed). */
export interface PrecompiledFiles {
  json: string;
  code: string;
}

interface ValidatorsModule {
  sourceHash: string;
  validators: (names: RuntimeNames) => (() => ValidateFunction)[];
}

/** A hash of the inputs of a compilation, and of the version that compiles them. */
export function sourceHash(...parts: (string | Uint8Array)[]): string {
  const hash = createHash('sha256').update(`aiscan ${toolVersion}\0`);
  for (const part of parts) hash.update(`${part.length}\0`).update(part);
  return hash.digest('hex');
}

/**
 * The files for `validators`, compiled by `ajv` or an instance made with the same `code` options
 * (made with `code: { source: true }`): ajv gives only its output options, the code comes with
 * each validator. Each validator is a function of its own that makes it, so that loading the
 * module compiles none of them.
 */
export function precompiledFiles(hash: string, data: string, validators: readonly ValidateFunction[], ajv: Ajv, names: RuntimeNames = {}): PrecompiledFiles {
  const maker = (validator: ValidateFunction) => `function () {\nconst module = {};\n${standaloneCode(ajv, validator)}\nreturn module.exports;\n}`;
  const code = [
    "'use strict';",
    '// Written by `npm run build` (scripts/precompile.ts, src/precompiled.ts): do not edit.',
    `exports.sourceHash = ${JSON.stringify(hash)};`,
    'exports.validators = function (names) {',
    `const ${Object.keys(withPatternEngine(names))
      .map((name) => `${name} = names.${name}`)
      .join(', ')};`,
    `return [\n${validators.map(maker).join(',\n')}\n];`,
    '};',
    '',
  ].join('\n');
  return { json: `${JSON.stringify({ sourceHash: hash, data })}\n`, code };
}

/**
 * The set `name` when the build wrote it from what `hash` says; undefined when it did not, or
 * this code is not the build's. `folder` overrides where it is read from (tests).
 */
export function readPrecompiled(name: string, hash: string, names: RuntimeNames = {}, folder = BUILT ? PRECOMPILED_FOLDER : undefined): Precompiled | undefined {
  const jsonFile = folder === undefined ? undefined : join(folder, `${name}.json`);
  if (jsonFile === undefined || !existsSync(jsonFile)) return undefined;
  let built: { sourceHash?: unknown; data?: unknown };
  try {
    built = JSON.parse(readFileSync(jsonFile, 'utf8')) as typeof built;
  } catch {
    return undefined; // damaged: compiled here instead
  }
  if (built.sourceHash !== hash || typeof built.data !== 'string') return undefined;
  const data = built.data;
  let makers: (() => ValidateFunction)[] | undefined;
  const made = new Map<number, ValidateFunction>();
  const validator = (index: number): ValidateFunction => {
    if (!makers) {
      const loaded = requireDependency(join(folder!, `${name}.cjs`)) as ValidatorsModule;
      // Written just before the JSON: another hash means a build ran between the two reads.
      if (loaded.sourceHash !== hash) throw new UserError(`${join(folder!, `${name}.cjs`)} was rebuilt while aiscan ran; run it again`);
      makers = loaded.validators(withPatternEngine(names));
    }
    let validate = made.get(index);
    if (!validate) made.set(index, (validate = makers[index]()));
    return validate;
  };
  return { data, validator };
}

/**
 * The validator of one of aiscan's own schema files, as `createAjv(options)` compiles it: from the
 * build's set `name` while it was compiled from this same text, else compiled here.
 */
export function schemaFileValidator(name: string, schemaText: string, options: Options): ValidateFunction {
  return readPrecompiled(name, sourceHash(schemaText, JSON.stringify(options)))?.validator(0) ?? createAjv(options).compile(JSON.parse(schemaText) as object);
}

/** What the build writes as `name` for schemaFileValidator. */
export function schemaFileFiles(schemaText: string, options: Options): PrecompiledFiles {
  const ajv = createAjv({ ...options, code: { source: true } });
  return precompiledFiles(sourceHash(schemaText, JSON.stringify(options)), '', [ajv.compile(JSON.parse(schemaText) as object)], ajv);
}
