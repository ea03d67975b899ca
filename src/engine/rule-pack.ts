/**
 * The built-in rule pack, compiled when aiscan is built (src/precompiled.ts): each rule as
 * loadRules makes it, its validators as code. loadRules takes the built-in rules from it when it
 * was built from exactly the rule files it finds, and compiles them itself otherwise. A rule whose
 * parameters the configuration changes is always compiled at run time.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Ajv, ValidateFunction } from 'ajv';
import { packageRoot } from '../package-info.js';
import { precompiledFiles, readPrecompiled, sourceHash, type PrecompiledFiles } from '../precompiled.js';
import { KEYWORD_RUNTIME_NAMES } from './keywords.js';
import { ruleWarnings } from './check-rule-reads.js';
import { findConditionFiles } from './conditions.js';
import { ANY_KEY, ELEMENT } from './schema-reads.js';
import type { CompiledRule } from './rule.js';

export const RULE_PACK = 'builtin-rules';

/** A built-in rule as the pack keeps it: what loadRules computes, the validators as their places in the pack. */
interface PackedRule {
  /** `file` relative to the package root, with `/`. */
  rule: Omit<CompiledRule, 'whenValidator' | 'assertValidator'>;
  when?: { validator: number; schema: unknown };
  assert: { validator: number; schema: unknown };
  /** Whether ruleWarnings found none at the build (its warnings name the file as the user sees it, so they are not kept). */
  warningFree: boolean;
}

export interface RulePack {
  /** Each rule as loadRules made it, with `file` relative to the package root, and its validators, made on first use. */
  rules: { rule: Omit<CompiledRule, 'whenValidator' | 'assertValidator'>; validators: () => Pick<CompiledRule, 'whenValidator' | 'assertValidator'> }[];
}

/**
 * A hash of everything the pack is compiled from that a user can change without a build: the
 * built-in rule files, the condition files and the two file schemas, by path and bytes.
 */
export function builtinRulesHash(ruleFiles: readonly string[], rulesFolder: string): string {
  const files = [...ruleFiles, ...findConditionFiles(rulesFolder), join(rulesFolder, 'rule.schema.json'), join(rulesFolder, 'condition.schema.json')];
  return sourceHash(...files.flatMap((file) => [relative(rulesFolder, file), readFileSync(file)]));
}

/** The pack's files, for `rules` compiled by `ajv` (made with `code: { source: true }`) or its own-keys twin. */
export function rulePackFiles(rules: readonly CompiledRule[], hash: string, ajv: Ajv): PrecompiledFiles {
  const validators: ValidateFunction[] = [];
  const place = (validator: ValidateFunction) => ({ validator: validators.push(validator) - 1, schema: validator.schema });
  const packed: PackedRule[] = rules.map(({ whenValidator, assertValidator, ...rule }) => ({
    rule: { ...rule, file: relative(packageRoot, resolve(rule.file)).split(sep).join('/') },
    ...(whenValidator ? { when: place(whenValidator) } : {}),
    assert: place(assertValidator),
    warningFree: ruleWarnings({ ...rule, whenValidator, assertValidator }).length === 0,
  }));
  return precompiledFiles(hash, encodePacked(packed), validators, ajv, KEYWORD_RUNTIME_NAMES);
}

/**
 * The pack the build wrote from the files `hash` stands for; undefined when there is none (see
 * readPrecompiled). `folder` and `name` read another set in the same format (tests, rule-cache.ts).
 */
export function readRulePack(hash: string, folder?: string, name = RULE_PACK): RulePack | undefined {
  const precompiled = readPrecompiled(name, hash, KEYWORD_RUNTIME_NAMES, ...(folder === undefined ? [] : [folder]));
  if (!precompiled) return undefined;
  const deferred = (place: PackedRule['assert']) => deferredValidator(() => precompiled.validator(place.validator), place.schema);
  return {
    rules: decodePacked(precompiled.data).map(({ rule, when, assert, warningFree }) => ({
      rule: warningFree ? { ...rule, warnings: [] } : rule,
      validators: () => ({ whenValidator: when && deferred(when), assertValidator: deferred(assert) }),
    })),
  };
}

const MADE = Symbol('the validator a deferred one stands for');
type Deferred = ValidateFunction & { [MADE]?: () => ValidateFunction };

/**
 * A validator made on its first call: a scan loads the code of the rules it evaluates only. It
 * carries its schema, as ajv's own do (property-path warnings read it), and its last errors.
 */
function deferredValidator(make: () => ValidateFunction, schema: unknown): ValidateFunction {
  let made: ValidateFunction | undefined;
  const madeOnce = () => (made ??= make());
  const validate = ((data: unknown, context?: Parameters<ValidateFunction>[1]) => {
    const real = madeOnce();
    const valid = real(data, context);
    validate.errors = real.errors;
    return valid;
  }) as Deferred;
  validate.schema = schema as ValidateFunction['schema'];
  validate.errors = null;
  validate[MADE] = madeOnce;
  return validate;
}

/**
 * The validator itself, made now when `validate` is a deferred one (and the same function on
 * every call), else `validate`: for a caller that runs it on many items, without a wrapper between.
 */
export function madeValidator(validate: ValidateFunction): ValidateFunction {
  return (validate as Deferred)[MADE]?.() ?? validate;
}

/**
 * JSON for what JSON cannot hold: a Set (`propertyNames`) and the read-path symbols
 * (`decides.*.reads[].path`), as one-key objects whose key no rule file can hold (a NUL).
 */
const SET = '\0set';
const SYMBOL = '\0symbol';
const SYMBOLS: Record<string, symbol> = { element: ELEMENT, anyKey: ANY_KEY };

function encodePacked(rules: PackedRule[]): string {
  return JSON.stringify(rules, (_key, value: unknown) => {
    if (value instanceof Set) return { [SET]: [...(value as Set<unknown>)] };
    if (typeof value === 'symbol') {
      const name = Object.keys(SYMBOLS).find((key) => SYMBOLS[key] === value);
      if (name === undefined) throw new Error(`rule pack: cannot save the symbol ${String(value)}`);
      return { [SYMBOL]: name };
    }
    return value;
  });
}

function decodePacked(text: string): PackedRule[] {
  return JSON.parse(text, (_key, value: unknown) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
    if (Object.prototype.hasOwnProperty.call(value, SET)) return new Set((value as Record<string, unknown[]>)[SET]);
    if (Object.prototype.hasOwnProperty.call(value, SYMBOL)) return SYMBOLS[(value as Record<string, string>)[SYMBOL]];
    return value;
  }) as PackedRule[];
}
