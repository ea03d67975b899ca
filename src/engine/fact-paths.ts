/**
 * Whether a `facts.…` path can exist on an item of a rule's types, by the facts contract. A path
 * is valid when the contract defines it for at least one of the rule's types: a rule over several
 * types often reads, in `when`, a fact only some of them have, precisely to select those. A path
 * that exists for none of them is a typo or a misunderstanding: facts are matched exactly (unlike
 * resource properties, which are matched ignoring case), so it would silently never match.
 */
import { FACT_NAMES, FACTS, type FactName } from '../facts/contract.js';
import { FACTS_SCHEMA_FILE, placementOn } from '../facts/facts-schema.js';
import type { ShapeSchema } from '../facts/schema-type.js';
import { nearestName } from './nearest-name.js';
import { ANY_KEY, ELEMENT, formatReadPath, type ReadSegment } from './schema-reads.js';

export type FactPathCheck = { fact: FactName; problem?: undefined } | { fact?: FactName; problem: string };

const MAX_LISTED = 12;

function listed(names: readonly string[]): string {
  return names.length > MAX_LISTED ? `${names.slice(0, MAX_LISTED).join(', ')}, …` : names.join(', ');
}

function isFactName(name: string): name is FactName {
  return Object.prototype.hasOwnProperty.call(FACTS, name);
}

function typeNames(types: readonly string[] | typeof ANY_TYPE): string {
  return types === ANY_TYPE ? ANY_TYPE : types.join(' or ');
}

function describeShape(shape: ShapeSchema): string {
  if (shape.enum) return `one of ${shape.enum.map((value) => JSON.stringify(value)).join(', ')}`;
  const types = shape.type === undefined ? [] : Array.isArray(shape.type) ? shape.type : [shape.type];
  const words: Record<string, string> = { string: 'a string', number: 'a number', integer: 'an integer', boolean: 'a boolean', null: 'null', array: 'an array', object: 'an object' };
  if (types.includes('array') && shape.items) return `an array of ${describeShape(shape.items).replace(/^(a|an) /, '')}s`;
  return types.map((type) => words[type]).join(' or ') || 'a value';
}

function hasType(shape: ShapeSchema, type: 'object' | 'array'): boolean {
  return shape.type === type || (Array.isArray(shape.type) && shape.type.includes(type));
}

const factsByTypes = new Map<string, FactName[]>();

/** The facts set on at least one of `types`, remembered per list of types: every read of a rule asks. */
function factsOf(types: readonly string[]): FactName[] {
  const key = types.join('\n').toLowerCase();
  let names = factsByTypes.get(key);
  if (!names) {
    names = FACT_NAMES.filter((name) => types.some((type) => placementOn(FACTS[name], type)));
    if (factsByTypes.size < 1000) factsByTypes.set(key, names);
  }
  return names;
}

/** For a schema that is not tied to resource types (a named condition): the facts of every type. */
export const ANY_TYPE = 'any resource type';

/** Checks `facts.<path>` (the segments after `facts`) against the contract for items of `types`. */
export function checkFactPath(path: readonly ReadSegment[], types: readonly string[] | typeof ANY_TYPE): FactPathCheck | undefined {
  const [first, ...rest] = path;
  if (first === undefined || first === ANY_KEY) return undefined;
  if (first === ELEMENT) return { problem: `facts is an object, not an array, so "items" and "contains" check nothing there` };
  const here = types === ANY_TYPE ? FACT_NAMES : factsOf(types);
  if (!isFactName(first) || !here.includes(first)) {
    const elsewhere = isFactName(first) ? FACTS[first].on.flatMap((placement) => (placement.types === '*' ? [] : placement.types)) : [];
    const suggestion = nearestName(first, here);
    return {
      problem:
        `facts.${first} is not a fact of ${typeNames(types)}` +
        (elsewhere.length > 0 ? ` (it is set on ${elsewhere.join(', ')})` : '') +
        (suggestion !== undefined ? `; did you mean facts.${suggestion}?` : '') +
        ` (its facts: ${listed(here)}; see ${FACTS_SCHEMA_FILE})`,
    };
  }
  let shape: ShapeSchema = FACTS[first].schema;
  const walked: ReadSegment[] = [first];
  for (const segment of rest) {
    const at = `facts.${formatReadPath(walked)}`;
    if (segment === ANY_KEY) break;
    if (segment === ELEMENT) {
      if (!hasType(shape, 'array') || !shape.items) return { fact: first, problem: `${at} is ${describeShape(shape)}, not an array, so "items" and "contains" check nothing there` };
      shape = shape.items;
    } else if (hasType(shape, 'object') && shape.properties) {
      const fields = Object.keys(shape.properties);
      if (!Object.prototype.hasOwnProperty.call(shape.properties, segment)) {
        const suggestion = nearestName(segment, fields);
        return {
          fact: first,
          problem:
            `facts.${formatReadPath([...walked, segment])} is not a fact of ${typeNames(types)}` +
            (suggestion !== undefined ? `; did you mean ${at}.${suggestion}?` : '') +
            ` (${at} has: ${listed(fields)}; see ${FACTS_SCHEMA_FILE})`,
        };
      }
      shape = shape.properties[segment];
    } else if (hasType(shape, 'array')) {
      return { fact: first, problem: `${at}.${segment}: ${at} is ${describeShape(shape)}; check its elements with "items" or "contains"` };
    } else {
      return { fact: first, problem: `${at}.${segment}: ${at} is ${describeShape(shape)}, which has no properties` };
    }
    walked.push(segment);
  }
  return { fact: first };
}
