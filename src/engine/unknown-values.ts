/**
 * Whether a rule's decision on an item depends on a value only the deployment can know (a
 * template's `reference()`, `listKeys()`, a Key Vault secret). Such a rule is not evaluated on
 * that item: never a pass, never a failure, for what nobody can read before deployment.
 *
 * Static, from what the rule reads: the paths its `when` and `assert` schemas read, and the facts
 * they decide on. A value the rule reads decides it when the unknown value is that value, holds
 * it, or lies inside a value the rule reads whole (a leaf of what it reads: `const`, `enum`,
 * `minItems` on it). Walking through an object to one of its properties does not read the
 * object's other properties.
 */
import type { ErrorObject } from 'ajv';
import { pointerToPath } from '../ajv.js';
import type { UnknownValue } from '../estate.js';
import type { FactName } from '../facts/contract.js';
import { foldCase } from '../ids.js';
import { ANY_KEY, ELEMENT, type ReadSegment } from './schema-reads.js';

export interface DecidingRead {
  path: ReadSegment[];
  /** Nothing the rule reads lies below it: the rule reads this value whole. */
  whole: boolean;
}

export interface RuleDecides {
  reads: DecidingRead[];
  facts: FactName[];
}

/**
 * Facts an unknown value can change, for an item: the facts computed from that item's unknown
 * values or from its joined resources' (src/facts/fact-reads.ts when it knows; otherwise every fact).
 */
export type UnknownFacts = (fact: FactName) => UnknownValue | undefined;

export function decidedBy(paths: readonly ReadSegment[][], facts: Iterable<FactName>): RuleDecides {
  const reads = paths.map((path) => ({ path, whole: !paths.some((other) => other.length > path.length && startsWith(other, path)) }));
  return { reads, facts: [...new Set(facts)] };
}

/**
 * `['facts', name]`: what the facts code found the scan cannot know about one of the item's facts
 * (a role assignment whose PIM schedule was not read: src/facts/pim.ts). It decides a rule that
 * decides on that fact, and nothing else.
 */
function isFactPath(path: readonly (string | number)[]): path is ['facts', string] {
  return path.length === 2 && path[0] === 'facts' && typeof path[1] === 'string';
}

/** The first unknown value the rule's decision depends on, if any. */
export function decidingUnknown(decides: RuleDecides, unknown: readonly UnknownValue[], unknownFacts?: UnknownFacts): UnknownValue | undefined {
  for (const value of unknown) {
    if (isFactPath(value.path)) {
      if (decides.facts.includes(value.path[1] as FactName)) return value;
      continue;
    }
    for (const read of decides.reads) {
      if (covers(value.path, read.path) || (read.whole && covers(read.path, value.path))) return value;
    }
  }
  if (unknownFacts) {
    for (const fact of decides.facts) {
      const value = unknownFacts(fact);
      if (value) return value;
    }
  }
  return undefined;
}

/**
 * Keywords under which one failure does not fail the schema (another branch, or the opposite
 * outcome, may hold), and `$ref`s, whose errors name the referenced schema's path, not where it is used.
 */
const NOT_CONJUNCTIVE = /\/(?:anyOf|oneOf|not|if|then|else|contains|dependentSchemas|dependencies|\$defs|definitions)(?:\/|$)/;

/**
 * Whether a schema that failed on an item fails whatever its unknown values turn out to be: one
 * of its errors is on a value no unknown value touches (nor a fact one may change), under keywords
 * that must all hold (`properties`, `allOf`, `items`, …). A rule whose `when` fails so does not
 * apply: nothing unknown can make it apply.
 */
export function failsOnKnownValues(errors: readonly ErrorObject[], unknown: readonly UnknownValue[], unknownFacts?: UnknownFacts): boolean {
  return errors.some((error) => {
    if (!error.schemaPath.startsWith('#/') || NOT_CONJUNCTIVE.test(error.schemaPath)) return false;
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    if (path[0] === 'facts') return path.length > 1 && !unknownFacts?.(String(path[1]) as FactName) && !unknown.some((value) => isFactPath(value.path) && value.path[1] === path[1]);
    return !unknown.some((value) => covers(value.path, path) || covers(path, value.path));
  });
}

/** `outer` is `inner` or one of its ancestors; elements and any-key segments match their kind. */
export function covers(outer: readonly (ReadSegment | string | number)[], inner: readonly (ReadSegment | string | number)[]): boolean {
  if (outer.length > inner.length) return false;
  for (let i = 0; i < outer.length; i++) if (!sameSegment(outer[i], inner[i])) return false;
  return true;
}

function startsWith(path: readonly ReadSegment[], prefix: readonly ReadSegment[]): boolean {
  return prefix.every((segment, index) => path[index] === segment);
}

function sameSegment(a: ReadSegment | string | number, b: ReadSegment | string | number): boolean {
  if (a === ELEMENT || b === ELEMENT) return typeof a === 'number' || typeof b === 'number' || a === b;
  if (a === ANY_KEY || b === ANY_KEY) return typeof a === 'string' || typeof b === 'string' || a === b;
  if (typeof a === 'number' || typeof b === 'number') return a === b;
  // ARM property names are case-insensitive, and rules match them so.
  return foldCase(a) === foldCase(b);
}
