import fc from 'fast-check';
import { evaluate, type Outcome } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { CompiledRule } from '../../src/engine/rule.js';
import type { ArmResource, CoverageEntry } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { itemTypeKey } from '../../src/facts/items.js';
import { renderSarif } from '../../src/report/sarif.js';
import { scan } from '../../src/scan.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';
import { useTempDir } from '../helpers/temp.js';
import { distinctResources, resource, type Resource } from './arbitrary-estate.js';

function estateOf(resources: readonly Resource[], coverage: CoverageEntry[] = []) {
  return mergeEstateFiles([
    {
      file: 'estate.json',
      shape: 'resource-array',
      resources: resources.map((r, index) => ({ resource: r as ArmResource, path: [index] })),
      scopes: [],
      coverage,
      warnings: [],
    },
  ]);
}

function snapshotText(resources: readonly Resource[]): string {
  return JSON.stringify({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-11-20T02:00:00Z', scopes: [], coverage: [], resources }, null, 2);
}

const OUTCOMES: readonly Outcome[] = ['pass', 'fail', 'notApplicable', 'notEvaluated'];
const gap = fc.option(
  fc.record({
    subscriptionId: fc.constant('11111111-1111-1111-1111-111111111111'),
    resourceType: fc.constantFrom('Microsoft.Compute/virtualMachines', 'Microsoft.Authorization/roleDefinitions', '*'),
    status: fc.constantFrom('denied' as const, 'failed' as const),
  }),
  { nil: undefined },
);

describe('the rule engine, for any estate', () => {
  let rules: CompiledRule[];
  beforeAll(() => {
    rules = loadRules();
  });

  it('gives each rule exactly one outcome per item of its types, and counts that add up to them', () => {
    fc.assert(
      fc.property(fc.array(resource, { maxLength: 15 }), gap, (resources, coverageGap) => {
        const estate = estateOf(resources, coverageGap ? [coverageGap] : []);
        const items = enrichEstate(estate);
        const evaluation = evaluate(rules, items, estate, { recordOutcomes: true });
        for (const rule of rules) {
          const ofItsTypes = items.filter((item) => rule.resourceTypeKeys.includes(itemTypeKey(item)));
          const outcomes = evaluation.outcomes!.filter((o) => o.ruleId === rule.id);
          // one outcome per item, each one of the four
          expect(outcomes.map((o) => o.resourceId).sort()).toEqual(ofItsTypes.map((item) => item.id).sort());
          for (const outcome of outcomes) expect(OUTCOMES).toContain(outcome.outcome);
          // the counts are those outcomes, plus one notEvaluated per subscription whose own-type data was not read
          const counts = evaluation.counts.get(rule.id)!;
          const scopeGaps = evaluation.notEvaluated.filter(
            (n) => n.ruleId === rule.id && (n.resourceType === '*' || rule.resourceTypeKeys.includes(n.resourceType.toLowerCase())),
          ).length;
          for (const kind of OUTCOMES) {
            expect(counts[kind]).toBe(outcomes.filter((o) => o.outcome === kind).length + (kind === 'notEvaluated' ? scopeGaps : 0));
          }
          expect(evaluation.findings.filter((f) => f.ruleId === rule.id)).toHaveLength(counts.fail);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('finds the same findings, with the same fingerprints, whatever the order of the resources', () => {
    fc.assert(
      fc.property(
        distinctResources(15).chain((resources) => fc.tuple(fc.constant(resources), fc.shuffledSubarray(resources, { minLength: resources.length }))),
        ([resources, reordered]) => {
          const findingsOf = (list: readonly Resource[]) => {
            const estate = estateOf(list);
            return evaluate(rules, enrichEstate(estate), estate)
              .findings.map(({ location: _location, ...finding }) => finding)
              .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint) || a.ruleId.localeCompare(b.ruleId));
          };
          expect(findingsOf(reordered)).toEqual(findingsOf(resources));
        },
      ),
      { numRuns: 60 },
    );
  });

  describe('SARIF', () => {
    const tmp = useTempDir('aiscan-sarif-props-');
    let counter = 0;
    const timestamps = (sarif: string) => sarif.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, '<time>');

    it('is byte-identical when the same input is scanned twice at the same time, and differs only in timestamps at another', () => {
      fc.assert(
        fc.property(distinctResources(12), fc.date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true }), (resources, when) => {
          const file = tmp.write(`estate-${counter++}.json`, snapshotText(resources));
          const render = (at: Date) => renderSarif(scan({ snapshots: [file], now: () => at }), { sourceRoot: tmp.path() });
          const first = render(when);
          expect(render(when)).toBe(first);
          const later = render(new Date(when.getTime() + 86_400_000));
          expect(timestamps(later)).toBe(timestamps(first));
        }),
        { numRuns: 40 },
      );
    });

    it('gives the same results and fingerprints when the file lists the resources in another order', () => {
      fc.assert(
        fc.property(
          distinctResources(12).chain((resources) => fc.tuple(fc.constant(resources), fc.shuffledSubarray(resources, { minLength: resources.length }))),
          ([resources, reordered]) => {
            const resultsOf = (list: readonly Resource[]) => {
              const file = tmp.write(`order-${counter++}.json`, snapshotText(list));
              const log = JSON.parse(renderSarif(scan({ snapshots: [file], now: () => new Date(0) }), { sourceRoot: tmp.path() })) as {
                runs: { results: { ruleId: string; message: { text: string }; partialFingerprints: Record<string, string>; properties: object }[] }[];
              };
              return log.runs[0].results.map(({ ruleId, message, partialFingerprints, properties }) => ({ ruleId, message, partialFingerprints, properties }));
            };
            expect(resultsOf(reordered)).toEqual(resultsOf(resources));
          },
        ),
        { numRuns: 40 },
      );
    });
  });
});
