/**
 * The resource properties a fact is computed from, as patterns a path can be matched against: a
 * value left out of a document because it is unknown before deployment leaves undecided every
 * fact whose reads overlap its path, on the item itself or on the resources the fact joins.
 */
import type { JsonPath } from '../estate.js';
import { foldCase, typeKey } from '../ids.js';
import { FACT_NAMES, FACTS, type FactDefinition, type FactName, type FactPlacement } from './contract.js';

/** `[]` in a read path: every element of an array. */
export const ANY_ELEMENT = Symbol('any element');
/** `*` in a read path: any key of an object. */
export const ANY_KEY = Symbol('any key');

export type JsonPattern = (string | typeof ANY_ELEMENT | typeof ANY_KEY)[];

export interface FactReadPaths {
  /** Paths of the item's own document. */
  own: JsonPattern[];
  /** Paths of the resources of each type the fact joins, in the order of the contract's `from`. */
  from: { type: string; paths: JsonPattern[] }[];
}

/**
 * `properties.networkProfile.networkInterfaces[].id` → ['properties', 'networkProfile',
 * 'networkInterfaces', ANY_ELEMENT, 'id']; `identity.userAssignedIdentities.*` ends in ANY_KEY.
 * Throws on an empty name or a bracket that is not `[]`: the paths are written in the contract, so
 * a typo there is a bug to stop at, not a path that silently matches nothing.
 */
export function parseReadPath(text: string): JsonPattern {
  const pattern: JsonPattern = [];
  for (const part of text.split('.')) {
    const match = /^([^[\]]*)((?:\[\])*)$/.exec(part);
    if (!match || match[1] === '') throw new Error(`read path "${text}": "${part}" is not a name, "*", or a name followed by "[]"`);
    pattern.push(match[1] === '*' ? ANY_KEY : match[1]);
    for (let brackets = match[2].length / 2; brackets > 0; brackets--) pattern.push(ANY_ELEMENT);
  }
  return pattern;
}

function segmentMatches(segment: JsonPattern[number], step: JsonPath[number]): boolean {
  if (segment === ANY_ELEMENT) return typeof step === 'number';
  if (typeof step !== 'string') return false;
  // ARM property names compare ignoring ASCII case; foldCase leaves every other letter as it is.
  return segment === ANY_KEY || segment === step || foldCase(segment) === foldCase(step);
}

/**
 * Whether the value at `path` is part of what `pattern` reads, or holds it: one is a prefix of the
 * other. An unknown `properties` hides `properties.hardwareProfile.vmSize`; an unknown
 * `properties.networkProfile.networkInterfaces[2].id` is one of `…networkInterfaces[]`.
 */
export function overlaps(pattern: JsonPattern, path: JsonPath): boolean {
  const length = Math.min(pattern.length, path.length);
  for (let index = 0; index < length; index++) if (!segmentMatches(pattern[index], path[index])) return false;
  return true;
}

function placementFor(fact: FactDefinition, itemTypeKey: string): FactPlacement | undefined {
  return fact.on.find(({ types }) => types === '*' || types.some((type) => typeKey(type) === itemTypeKey));
}

function parseAll(paths: readonly string[] | undefined): JsonPattern[] {
  return (paths ?? []).map(parseReadPath);
}

const EMPTY: FactReadPaths = Object.freeze({ own: [], from: [] }) as FactReadPaths;

/** Parsed once per fact and type: the engine asks for every rule, and the contract never changes. */
const parsed = new Map<string, FactReadPaths>();

/**
 * The paths `fact` reads on an item of `itemType` (compared ignoring case) and on the resources it
 * joins. A fact that is not set on that type reads nothing there: empty lists. The result is
 * shared between callers: do not change it.
 */
export function factReadPaths(fact: FactName, itemType: string): FactReadPaths {
  const key = `${fact}\n${typeKey(itemType)}`;
  let paths = parsed.get(key);
  if (!paths) {
    const placement = placementFor(FACTS[fact], typeKey(itemType));
    paths = placement
      ? {
          own: parseAll(placement.reads),
          from: placement.from.map((type) => ({ type, paths: parseAll(placement.readsFrom?.[type]) })),
        }
      : EMPTY;
    // Bounded like every cache of a type read from a file: item types come from the estate.
    if (parsed.size < FACT_NAMES.length * 1000) parsed.set(key, paths);
  }
  return paths;
}
