import { FACT_NAMES, FACTS, type FactDefinition, type FactName } from './contract.js';

/** Where the published schema lives; scripts/generate-facts-schema.ts writes it. */
export const FACTS_SCHEMA_FILE = 'schemas/facts.schema.json';

/** The definition that lists the facts of an item whose type the contract does not name. */
export const OTHER_TYPES = 'otherTypes';

/** Every item type the contract names, in the order it first names them. */
export function contractTypes(): string[] {
  const types = new Set<string>();
  for (const name of FACT_NAMES) for (const { types: on } of FACTS[name].on) if (on !== '*') for (const type of on) types.add(type);
  return [...types];
}

/** The placement of a fact on items of `type` (compared ignoring case), if it is set there. */
export function placementOn(fact: FactDefinition, type: string): FactDefinition['on'][number] | undefined {
  const wanted = type.toLowerCase();
  return fact.on.find(({ types }) => types === '*' || types.some((candidate) => candidate.toLowerCase() === wanted));
}

function sourcesText(from: readonly string[]): string {
  return from.length === 0 ? 'Computed from the item alone.' : `Computed from the item and ${from.join(', ')}.`;
}

function factsOfType(type: string | undefined): object {
  const properties: Record<string, object> = {};
  for (const name of FACT_NAMES) {
    const fact: FactDefinition = FACTS[name];
    const placement = type === undefined ? fact.on.find(({ types }) => types === '*') : placementOn(fact, type);
    if (placement) properties[name] = { $ref: `#/definitions/${name}`, description: sourcesText(placement.from) };
  }
  return {
    description: type === undefined ? 'The facts of an item of any type not listed here.' : `The facts of a ${type} item.`,
    type: 'object',
    additionalProperties: false,
    properties,
  };
}

/**
 * schemas/facts.schema.json: the facts of an item (any type) at the top; under `definitions`, each
 * fact's shape by its name, and the facts of each item type by the type's name.
 */
export function factsSchema(): object {
  const definitions: Record<string, object> = {};
  for (const name of FACT_NAMES) definitions[name] = { description: FACTS[name].description, ...FACTS[name].schema };
  for (const type of contractTypes()) definitions[type] = factsOfType(type);
  definitions[OTHER_TYPES] = factsOfType(undefined);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/aiscan/aiscan/schemas/facts.schema.json',
    title: 'aiscan facts',
    description:
      'The facts aiscan derives for each item at scan time and shows to rules under its reserved `facts` key. Generated from src/facts/contract.ts by scripts/generate-facts-schema.ts: do not edit. `definitions` holds the shape of each fact by name, and the facts an item of each type can have by the type\'s name (compared ignoring case; `otherTypes` for any other type). A rule may read a fact that is set on at least one of its resource types.',
    type: 'object',
    additionalProperties: false,
    properties: Object.fromEntries(FACT_NAMES.map((name: FactName) => [name, { $ref: `#/definitions/${name}` }])),
    definitions,
  };
}

/** The file's text: two-space JSON and a final newline, as every schema in schemas/. */
export function factsSchemaText(): string {
  return `${JSON.stringify(factsSchema(), null, 2)}\n`;
}
