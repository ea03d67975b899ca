import fc from 'fast-check';
import { evaluate } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { redactResource } from '../../src/redaction/redact.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';
import { resource, type Resource } from './arbitrary-estate.js';

/** Values people put secrets in, put anywhere: under secret names, in URLs, in connection strings. */
const secret = fc.oneof(
  fc.constant('https://a.blob.core.windows.net/c/b?sv=2022-11-02&sp=r&sig=c2ln'),
  fc.constant('DefaultEndpointsProtocol=https;AccountName=a;AccountKey=a2V5;EndpointSuffix=core.windows.net'),
  fc.constant('https://user:pa55@host/x'),
  fc.string({ maxLength: 12 }),
);
const secretName = fc.constantFrom('commandToExecute', 'customData', 'adminPassword', 'client_secret', 'storageAccountKey', 'script', 'tags', 'note');
/** A resource with a few secret-bearing members added to its top level or its properties. */
const withSecrets = fc
  .tuple(resource, fc.array(fc.tuple(fc.boolean(), secretName, secret), { maxLength: 3 }))
  .map(([r, added]) => {
    const copy: Resource = { ...r };
    for (const [inProperties, name, value] of added) {
      if (inProperties && typeof copy.properties === 'object' && copy.properties !== null && !Array.isArray(copy.properties)) {
        copy.properties = { ...(copy.properties as object), [name]: value };
      } else if (name !== 'tags') copy[name] = value;
    }
    return copy;
  });

/** Every key path of a JSON value: redaction may replace values, never add or remove a key. */
function keyPaths(value: unknown, at = ''): string[] {
  if (typeof value !== 'object' || value === null) return [];
  return Object.keys(value).flatMap((key) => [`${at}/${key}`, ...keyPaths((value as Record<string, unknown>)[key], `${at}/${key}`)]);
}
const replacedWhole = (redacted: unknown) => typeof redacted === 'string' && redacted.startsWith('[redacted by aiscan: ');

function estateOf(resources: readonly Resource[]) {
  return mergeEstateFiles([
    { file: 'estate.json', shape: 'resource-array', resources: resources.map((r, index) => ({ resource: r as ArmResource, path: [index] })), scopes: [], coverage: [], warnings: [] },
  ]);
}

describe('redaction, for any resource', () => {
  let rules: CompiledRule[];
  beforeAll(() => {
    rules = loadRules();
  });

  it('keeps the id and every key, leaves the resource read as it was, and redacts nothing twice', () => {
    fc.assert(
      fc.property(withSecrets, (read) => {
        const before = JSON.stringify(read);
        const { resource: redacted } = redactResource(read as ArmResource);
        expect(JSON.stringify(read)).toBe(before);
        expect(redacted.id).toBe(read.id);
        // A value replaced whole (an object under protectedSettings, say) loses the keys below it, and only those.
        const kept = keyPaths(redacted);
        const lost = keyPaths(read).filter((path) => !kept.includes(path));
        for (const path of lost) {
          const parent = path.split('/').slice(0, -1);
          const replaced = parent.some((_, depth) => replacedWhole(parent.slice(1, depth + 1).reduce<unknown>((v, k) => (v as Record<string, unknown>)?.[k], redacted)));
          expect(replaced).toBe(true);
        }
        expect(kept.every((path) => keyPaths(read).includes(path))).toBe(true);
        expect(redactResource(redacted)).toEqual({ resource: redacted, redacted: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it('changes no rule outcome', () => {
    fc.assert(
      fc.property(fc.array(withSecrets, { maxLength: 12 }), (resources) => {
        const outcomesOf = (list: readonly Resource[]) => {
          const estate = estateOf(list);
          const evaluation = evaluate(rules, enrichEstate(estate), estate, { recordOutcomes: true });
          return evaluation.outcomes!.map(({ ruleId, resourceId, outcome }) => `${ruleId} ${resourceId} ${outcome}`).sort();
        };
        expect(outcomesOf(resources.map((r) => redactResource(r as ArmResource).resource))).toEqual(outcomesOf(resources));
      }),
      { numRuns: 60 },
    );
  });
});
