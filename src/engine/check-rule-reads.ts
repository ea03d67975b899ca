/**
 * Load-time checks of what a rule reads, so that a typo fails when the rule loads instead of
 * silently never matching: every `facts.…` path in `when`, `assert`, `locate` and `message` must
 * be in the facts contract for the rule's types, and every `{parameters.x}` placeholder must name
 * a parameter (errors). A resource property path that the Azure REST API does not define for the
 * rule's types is a warning: Azure adds properties before its published specs say so.
 *
 * It runs on plain JSON Schema, after any shorthand has been expanded (see schema-source.ts for
 * how an expansion keeps errors pointing at what the author wrote). The work is a walk over the
 * rule's schemas, once per rule at load, nothing per resource.
 */
import type { ValidateFunction } from 'ajv';
import { UserError } from '../errors.js';
import type { FactName } from '../facts/contract.js';
import { checkFactPath } from './fact-paths.js';
import { parsePath } from './finding.js';
import { nearestName } from './nearest-name.js';
import { propertyPathProblem } from './property-paths.js';
import { ELEMENT, schemaReads, type ReadSegment, type SchemaRead } from './schema-reads.js';

/** What of a rule file the checks look at. */
export interface RuleText {
  resourceTypes: readonly string[];
  locate?: string;
  message: string;
  parameters?: Readonly<Record<string, unknown>>;
}

/** The schemas the rule is compiled from: parameters in place, shorthand expanded. */
export interface RuleSchemas {
  when?: unknown;
  assert: unknown;
}

/** `{dotted.path}` as message.ts fills it: the same pattern, so that what is checked is what is filled. */
const PLACEHOLDER = /\{([A-Za-z_$][\w$]*(?:\.[\w$]+|\[\d+\])*)\}/g;

function toReadPath(path: readonly (string | number)[]): ReadSegment[] {
  return path.map((segment) => (typeof segment === 'number' ? ELEMENT : segment));
}

/** Every path the rule reads, with where it is written: its schemas, then `locate`, then the message. */
function ruleReads(rule: RuleText, schemas: RuleSchemas): (SchemaRead & { deciding?: 'when' | 'assert' })[] {
  const reads: (SchemaRead & { deciding?: 'when' | 'assert' })[] = [];
  if (schemas.when !== undefined) for (const read of schemaReads(schemas.when, '/when')) reads.push({ ...read, deciding: 'when' });
  for (const read of schemaReads(schemas.assert, '/assert')) reads.push({ ...read, deciding: 'assert' });
  if (rule.locate !== undefined) reads.push({ path: toReadPath(parsePath(rule.locate)), pointer: '/locate' });
  for (const match of rule.message.matchAll(PLACEHOLDER)) {
    const path = parsePath(match[1]);
    // `{parameters.x}` is filled from the rule's parameters, not the resource.
    if (path[0] !== 'parameters') reads.push({ path: toReadPath(path), pointer: '/message' });
  }
  return reads;
}

function placeholderNote(read: SchemaRead): string {
  return read.pointer === '/message' ? ' (a placeholder in the message)' : read.pointer === '/locate' ? ' (the locate path)' : '';
}

/**
 * Throws a one-line UserError, naming the file and the pointer, for the first `facts.…` path the
 * contract does not define for the rule's types or `{parameters.x}` naming no parameter. Returns
 * the facts `when` and `assert` decide on, whose sources the rule then requires.
 */
export interface RuleReads {
  /** Every fact `when` or `assert` decides on. */
  decidingFacts: Set<FactName>;
  /** What each schema reads: resource paths, and facts. */
  when: { paths: ReadSegment[][]; facts: Set<FactName> };
  assert: { paths: ReadSegment[][]; facts: Set<FactName> };
}

export function checkRuleReads(file: string, rule: RuleText, schemas: RuleSchemas): RuleReads {
  const decidingFacts = new Set<FactName>();
  const bySchema = { when: { paths: [] as ReadSegment[][], facts: new Set<FactName>() }, assert: { paths: [] as ReadSegment[][], facts: new Set<FactName>() } };
  for (const read of ruleReads(rule, schemas)) {
    if (read.path[0] !== 'facts') {
      if (read.deciding) bySchema[read.deciding].paths.push(read.path);
      continue;
    }
    const checked = checkFactPath(read.path.slice(1), rule.resourceTypes);
    if (checked?.problem !== undefined) throw new UserError(`${file}: at ${read.pointer}: ${checked.problem}${placeholderNote(read)}`);
    if (checked && read.deciding) {
      decidingFacts.add(checked.fact);
      bySchema[read.deciding].facts.add(checked.fact);
    }
  }
  const declared = Object.keys(rule.parameters ?? {});
  for (const match of rule.message.matchAll(PLACEHOLDER)) {
    const [head, name] = parsePath(match[1]);
    if (head !== 'parameters' || (typeof name === 'string' && declared.includes(name))) continue;
    const suggestion = typeof name === 'string' ? nearestName(name, declared) : undefined;
    throw new UserError(
      `${file}: at /message: ${match[0]} names no parameter of this rule` +
        (suggestion !== undefined ? `; did you mean {parameters.${suggestion}}?` : '') +
        (declared.length > 0 ? ` (it takes: ${declared.join(', ')})` : '; declare it under "parameters" with a default'),
    );
  }
  return { decidingFacts, ...bySchema };
}

/**
 * One line per resource property path the rule reads that the Azure REST API does not define for
 * any of the rule's types (types aiscan has no property list for are not checked). Warnings, not
 * errors: Azure adds properties, and a rule may be written for one before the specs list it.
 */
export function propertyPathWarnings(file: string, rule: RuleText, schemas: RuleSchemas): string[] {
  const warnings: string[] = [];
  const seen = new Set<string>();
  for (const read of ruleReads(rule, schemas)) {
    if (read.path[0] === 'facts') continue;
    const problem = propertyPathProblem(read.path, rule.resourceTypes);
    const line = problem === undefined ? undefined : `${file}: at ${read.pointer}: ${problem}${placeholderNote(read)}`;
    // A wrong name is reported once, where it is first written, not again for each path below it.
    if (line !== undefined && !seen.has(problem!)) warnings.push(line);
    if (problem !== undefined) seen.add(problem);
  }
  return warnings;
}

/** The warnings of a loaded rule, from the schemas it was compiled from: for `rules validate` and scan warnings. */
export function ruleWarnings(rule: RuleText & { file: string; whenValidator?: ValidateFunction; assertValidator: ValidateFunction; warnings?: readonly string[] }): string[] {
  if (rule.warnings) return [...rule.warnings];
  return propertyPathWarnings(rule.file, rule, { when: rule.whenValidator?.schema, assert: rule.assertValidator.schema });
}
