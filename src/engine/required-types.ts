/**
 * Which resource types a rule needs to have been read before its outcome can be trusted: its own
 * types, the types those are read through (an agent pool comes with its cluster), and the types
 * the facts it decides on are computed from. Where one of them could not be read in a
 * subscription, the rule is *not evaluated* there (src/engine/evaluate.ts), never passed.
 */
import { FACTS, type FactName } from '../facts/contract.js';
import { placementOn } from '../facts/facts-schema.js';
import { typeKey } from '../ids.js';
import { compareText } from '../text/order.js';

/**
 * The type ARM lists `type` under: `A.B/x/y` is read through `A.B/x` (a pool with its cluster, a
 * compute per workspace), so where the parent was not read its children were not either. A
 * `locations/…` type (compute usages) has no parent that is read: a region is not a resource.
 */
export function parentType(type: string): string | undefined {
  const [namespace, ...segments] = type.split('/');
  if (segments.length < 2) return undefined;
  const parentSegments = segments.slice(0, -1);
  if (parentSegments[parentSegments.length - 1].toLowerCase() === 'locations') return undefined;
  return [namespace, ...parentSegments].join('/');
}

/** The types and every type they are read through, in order, each once (compared ignoring case; first spelling kept). */
export function withAncestorTypes(types: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const type of types) {
    for (let current: string | undefined = type; current !== undefined; current = parentType(current)) {
      if (!byKey.has(typeKey(current))) byKey.set(typeKey(current), current);
    }
  }
  return [...byKey.values()];
}

/** The types the facts named are computed from, on items of the rule's types. */
export function factSourceTypes(resourceTypes: readonly string[], facts: Iterable<FactName>): string[] {
  const sources: string[] = [];
  for (const name of facts) {
    for (const type of resourceTypes) sources.push(...(placementOn(FACTS[name], type)?.from ?? []));
  }
  return sources;
}

export interface RequiredTypes {
  /** Every type the rule needs, lower-cased: what the evaluation compares coverage gaps with. */
  requiredTypeKeys: string[];
  /** The types among those that are not the rule's own, spelled for people (rule pages, reports). */
  requires: string[];
}

/**
 * The rule's own types, what they are read through, and the sources of the facts it decides on
 * (`when`, `assert`; a fact only named in the message changes words, not the outcome), plus
 * whatever the rule file lists under `requires`: data the contract cannot see.
 */
export function requiredTypes(rule: { resourceTypes: readonly string[]; requires?: readonly string[] }, decidingFacts: Iterable<FactName>): RequiredTypes {
  const all = withAncestorTypes([...rule.resourceTypes, ...factSourceTypes(rule.resourceTypes, decidingFacts), ...(rule.requires ?? [])]);
  const own = new Set(rule.resourceTypes.map(typeKey));
  const others = all.filter((type) => !own.has(typeKey(type))).sort((a, b) => compareText(typeKey(a), typeKey(b)));
  return { requiredTypeKeys: all.map(typeKey), requires: others };
}

/** The hand-written `requires` entries the derivation already covers: a built-in rule should have none. */
export function redundantRequires(rule: { resourceTypes: readonly string[]; requires?: readonly string[] }, decidingFacts: Iterable<FactName>): string[] {
  const derived = new Set(requiredTypes({ resourceTypes: rule.resourceTypes }, decidingFacts).requiredTypeKeys);
  return (rule.requires ?? []).filter((type) => derived.has(typeKey(type)));
}
