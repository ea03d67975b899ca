import { readFileSync } from 'node:fs';
import { createAjv } from '../../src/ajv.js';
import type { Estate } from '../../src/estate.js';
import { FACT_NAMES, FACTS } from '../../src/facts/contract.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { contractTypes, FACTS_SCHEMA_FILE, factsSchemaText, OTHER_TYPES, placementOn } from '../../src/facts/facts-schema.js';
import { FACTS_TABLE_END, FACTS_TABLE_START, factsTable } from '../../src/facts/facts-table.js';
import { KUBERNETES_WORKLOAD_TYPES, TYPE_NAMES } from '../../src/facts/resource-types.js';
import { idKey } from '../../src/ids.js';
import { loadEstate } from '../../src/sources/load-estate.js';
import { withAncestorTypes } from '../../src/engine/required-types.js';

const SAMPLE_ESTATE = ['examples/estate/subscription-research.json', 'examples/estate/subscription-production.json'];
const MANAGEMENT_GROUP = '/providers/Microsoft.Management/managementGroups/ai-platform';

/** The sample estate, with a management group above its subscriptions and an assignment made there. */
function sampleEstate(): Estate {
  const estate = loadEstate(SAMPLE_ESTATE);
  const template = estate.resources.find((entry) => entry.type.toLowerCase() === TYPES_LOWER.roleAssignment)!;
  const atGroup = {
    ...template,
    resource: {
      ...template.resource,
      id: `${MANAGEMENT_GROUP}/providers/Microsoft.Authorization/roleAssignments/ra-at-group`,
      name: 'ra-at-group',
      properties: { ...(template.resource.properties as object), scope: MANAGEMENT_GROUP },
    },
  };
  return {
    ...estate,
    resources: [...estate.resources, atGroup],
    scopes: estate.scopes.map((scope) => ({ ...scope, managementGroupAncestors: [MANAGEMENT_GROUP] })),
  };
}

const TYPES_LOWER = Object.fromEntries(Object.entries(TYPE_NAMES).map(([key, name]) => [key, name.toLowerCase()])) as Record<keyof typeof TYPE_NAMES, string>;

describe('the published facts schema', () => {
  it('is what the facts contract generates (after changing the contract, run scripts/generate-facts-schema.ts)', () => {
    expect(readFileSync(FACTS_SCHEMA_FILE, 'utf8')).toBe(factsSchemaText());
  });

  it('is listed in docs/facts.md as the contract says (the same script rewrites the table)', () => {
    expect(readFileSync('docs/facts.md', 'utf8')).toContain(`${FACTS_TABLE_START}\n${factsTable()}\n${FACTS_TABLE_END}`);
  });

  it('describes the facts the enrichment really sets on every item of the sample estate, type by type', () => {
    const ajv = createAjv({ allErrors: true }).addSchema(JSON.parse(factsSchemaText()) as object, 'facts');
    const definitionOf = (type: string) => contractTypes().find((candidate) => candidate.toLowerCase() === type.toLowerCase()) ?? OTHER_TYPES;
    const problems: string[] = [];
    for (const item of enrichEstate(sampleEstate())) {
      const validate = ajv.getSchema(`facts#/definitions/${definitionOf(item.type).replaceAll('/', '~1')}`)!;
      if (!validate(JSON.parse(JSON.stringify(item.facts)))) problems.push(`${item.type} ${item.id}: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
    }
    expect(problems).toEqual([]);
  });
});

describe('the facts contract', () => {
  it('names a source for every fact that changes when a type it does not name is taken out of the estate', () => {
    const estate = sampleEstate();
    const before = new Map(enrichEstate(estate).map((item) => [idKey(item.id), JSON.parse(JSON.stringify(item.facts)) as Record<string, unknown>]));
    const present = [...new Set(estate.resources.map((entry) => entry.type.toLowerCase()))];
    const undeclared: string[] = [];
    let changedSomewhere = 0;
    for (const removed of [...present, TYPES_LOWER.managementGroup]) {
      const without: Estate =
        removed === TYPES_LOWER.managementGroup
          ? { ...estate, scopes: estate.scopes.map((scope) => ({ ...scope, managementGroupAncestors: [] })) }
          : { ...estate, resources: estate.resources.filter((entry) => entry.type.toLowerCase() !== removed) };
      for (const item of enrichEstate(without)) {
        const earlier = before.get(idKey(item.id));
        if (!earlier) continue;
        const now = JSON.parse(JSON.stringify(item.facts)) as Record<string, unknown>;
        for (const name of FACT_NAMES) {
          if (JSON.stringify(earlier[name]) === JSON.stringify(now[name])) continue;
          changedSomewhere++;
          const placement = placementOn(FACTS[name], item.type);
          const sources = withAncestorTypes([item.type, ...(placement?.from ?? [])]).map((type) => type.toLowerCase());
          if (!sources.includes(removed)) undeclared.push(`facts.${name} of ${item.type} changed when ${removed} was removed`);
        }
      }
    }
    expect(undeclared).toEqual([]);
    // The check above proves something only if taking types out changes facts at all.
    expect(changedSomewhere).toBeGreaterThan(10);
  });

  it('spells every type it names as TYPE_NAMES (or, for Kubernetes kinds, KUBERNETES_WORKLOAD_TYPES) does', () => {
    const spellings: string[] = [...Object.values(TYPE_NAMES), ...KUBERNETES_WORKLOAD_TYPES];
    for (const name of FACT_NAMES) {
      for (const { types, from } of FACTS[name].on) {
        for (const type of [...(types === '*' ? [] : types), ...from]) expect(spellings).toContain(type);
      }
    }
  });
});
