import { truncateSync } from 'node:fs';
import fc from 'fast-check';
import { FINGERPRINT_KEY, readBaseline, readBaselineInParts, readWholeBaseline, UNVERIFIED_NOTIFICATION_ID } from '../../src/gate/baseline.js';
import { largeSarifFile } from '../../src/gate/sarif-results.js';
import { toolName } from '../../src/package-info.js';
import { FindingPool, readRun, readRunInParts, readWholeRun } from '../../src/trend/read-run.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * The trend and the baseline gate make each result of a SARIF log what they keep as soon as it is
 * read, never holding the log parsed (gate/sarif-results.ts). Every log must come out as it does
 * read whole.
 */
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const text = fc.string({ unit: 'binary', maxLength: 12 });
const SUBSCRIPTION = '11111111-1111-1111-1111-111111111111';
const resourceId = fc.constantFrom(`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1`, `/subscriptions/${SUBSCRIPTION.toUpperCase()}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-2`, '/providers/Microsoft.Management/managementGroups/mg');
const date = fc.constantFrom('2026-11-30', '2026-12-31', 'not a date');
const time = fc.constantFrom('2026-11-01T00:00:00Z', '2026-11-02T10:00:00.000Z', 'yesterday');
// Few fingerprints: the same finding twice in a log, and across runs, is common.
const fingerprint = fc.constantFrom('fp-a', 'fp-b', 'fp-c', 'fp-d', 'fp-é');

const suppression = fc.record(
  {
    status: maybe(fc.constantFrom('accepted', 'rejected', 'underReview')),
    justification: maybe(fc.oneof(text, text.map((why) => `Expired on 2026-11-30: ${why}`))),
    properties: maybe(fc.record({ expires: maybe(date.filter((d) => d !== 'not a date')), source: maybe(text), owner: maybe(text), ticket: maybe(text) }, { requiredKeys: [] })),
  },
  { requiredKeys: [] },
);
const result = fc.record(
  {
    ruleId: fc.constantFrom('AIS-GPU-001', 'AIS-RBAC-006', 'AIS-NET-002'),
    level: maybe(fc.constantFrom('error', 'warning', 'note')),
    baselineState: maybe(fc.constantFrom('new', 'unchanged', 'updated', 'absent')),
    message: fc.record({ text }),
    partialFingerprints: fingerprint.map((value) => ({ [FINGERPRINT_KEY]: value })),
    locations: fc.array(
      fc.record(
        {
          physicalLocation: fc.record({ artifactLocation: fc.record({ uri: fc.constantFrom('estate.json', 'main.bicep') }), region: maybe(fc.record({ startLine: fc.integer({ min: 1, max: 9 }), startColumn: fc.integer({ min: 1, max: 9 }) }, { requiredKeys: [] })) }, { requiredKeys: ['artifactLocation'] }),
          logicalLocations: maybe(fc.array(fc.record({ name: maybe(text), fullyQualifiedName: maybe(resourceId) }, { requiredKeys: [] }), { maxLength: 2 })),
        },
        { requiredKeys: ['physicalLocation'] },
      ),
      { minLength: 1, maxLength: 2 },
    ),
    suppressions: maybe(fc.array(suppression, { maxLength: 2 })),
    properties: maybe(fc.record({ severity: maybe(fc.constantFrom('critical', 'high', 'medium', 'low', 'unknown')), resourceId: maybe(resourceId), subscriptionId: maybe(fc.constantFrom(SUBSCRIPTION, SUBSCRIPTION.toUpperCase())), firstDetectedAt: maybe(time), failingPaths: maybe(fc.array(text, { maxLength: 2 })) }, { requiredKeys: [] })),
  },
  { requiredKeys: ['ruleId', 'message', 'partialFingerprints', 'locations'] },
);
const notification = fc.oneof(
  fc.record({ descriptor: fc.constant({ id: 'AIS-COVERAGE-GAP' }), properties: maybe(fc.record({ subscriptionId: maybe(fc.constantFrom(SUBSCRIPTION, SUBSCRIPTION.toUpperCase())) }, { requiredKeys: [] })) }, { requiredKeys: ['descriptor'] }),
  fc.record({ descriptor: fc.constant({ id: UNVERIFIED_NOTIFICATION_ID }), properties: fc.record({ fingerprints: maybe(fc.array(fingerprint, { maxLength: 3 })), results: maybe(fc.array(result, { maxLength: 3 })) }, { requiredKeys: [] }) }),
  fc.record({ descriptor: fc.constant({ id: 'AIS-SHARDS-INCOMPLETE' }) }),
  fc.record({ descriptor: fc.constant({ id: 'AIS-OTHER' }), properties: fc.constant({ subscriptionId: 7 }) }),
);
const run = (first: boolean) =>
  fc.record(
    {
      tool: fc.record({ driver: fc.record({ name: fc.constant(toolName), rules: maybe(fc.array(fc.record({ id: fc.constantFrom('AIS-GPU-001', 'AIS-RBAC-006') }), { maxLength: 2 })) }, { requiredKeys: ['name'] }) }),
      invocations: first ? fc.tuple(fc.record({ startTimeUtc: fc.constant('2026-12-01T02:00:00Z'), toolExecutionNotifications: maybe(fc.array(notification, { maxLength: 3 })) }, { requiredKeys: ['startTimeUtc'] })) : maybe(fc.array(fc.record({ toolExecutionNotifications: maybe(fc.array(notification, { maxLength: 2 })) }, { requiredKeys: [] }), { maxLength: 1 })),
      results: fc.array(result, { maxLength: 8 }),
      properties: maybe(fc.record({ baseline: maybe(text) }, { requiredKeys: [] })),
    },
    { requiredKeys: ['tool', 'results', ...(first ? ['invocations' as const] : [])] },
  );
const log = fc.tuple(run(true), fc.array(run(false), { maxLength: 2 })).map(([first, rest]) => ({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [first, ...rest] }));
const layout = fc.constantFrom<(value: unknown) => string>((value) => JSON.stringify(value), (value) => JSON.stringify(value, null, 2));

describe('reading a SARIF log result by result', () => {
  const tmp = useTempDir('aiscan-sarif-run-');
  let counter = 0;

  it('gives the trend record and the baseline the whole log gives, without falling back to reading it whole', () => {
    fc.assert(
      fc.property(log, layout, (value, print) => {
        const file = tmp.write(`run-${counter++}.sarif`, print(value));
        const run = readRunInParts(file, new FindingPool());
        expect(run).toBeDefined();
        expect(run).toEqual(readWholeRun(file, new FindingPool()));
        const baseline = readBaselineInParts(file);
        expect(baseline).toBeDefined();
        // The same findings in the same order: a finding given twice keeps its first place and its last value.
        expect(baseline).toStrictEqual(readWholeBaseline(file));
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a log it cannot read without a word to the whole read, whose message is unchanged', () => {
    const valid = { version: '2.1.0', runs: [{ tool: { driver: { name: toolName } }, invocations: [{ startTimeUtc: '2026-12-01T02:00:00Z' }], results: [{ ruleId: 'AIS-GPU-001', message: { text: 'm' }, partialFingerprints: { [FINGERPRINT_KEY]: 'fp' }, locations: [{ physicalLocation: { artifactLocation: { uri: 'estate.json' } } }] }] }] };
    const cases: [string, unknown][] = [
      ['a result out of shape', { ...valid, runs: [{ ...valid.runs[0], results: [{ ...valid.runs[0].results[0], ruleId: 7 }] }] }],
      ['another tool', { ...valid, runs: [{ ...valid.runs[0], tool: { driver: { name: 'other' } } }] }],
      ['no start time', { ...valid, runs: [{ ...valid.runs[0], invocations: [] }] }],
      ['results left out', { ...valid, runs: [{ ...valid.runs[0], properties: { sarifFor: 'github', resultsLeftOutOfFile: 3 } }] }],
      // Out of shape beside the results only: the rest of the log is checked too.
      ['another SARIF version', { ...valid, version: '2.0.0' }],
      ['a coverage gap out of shape', { ...valid, runs: [{ ...valid.runs[0], invocations: [{ startTimeUtc: '2026-12-01T02:00:00Z', toolExecutionNotifications: [{ descriptor: { id: 'AIS-COVERAGE-GAP' }, properties: { subscriptionId: 7 } }] }] }] }],
    ];
    const messageOf = (read: () => unknown) => {
      try {
        read();
      } catch (error) {
        return (error as Error).message;
      }
      return undefined;
    };
    const refusedBy = { trend: [] as string[], baseline: [] as string[] };
    for (const [name, value] of cases) {
      const file = tmp.write(`bad-${counter++}.sarif`, JSON.stringify(value));
      const readers = {
        trend: { inParts: () => readRunInParts(file, new FindingPool()), whole: () => readWholeRun(file), public: () => readRun(file) },
        baseline: { inParts: () => readBaselineInParts(file), whole: () => readWholeBaseline(file), public: () => readBaseline(file) },
      };
      for (const [reader, read] of Object.entries(readers) as [keyof typeof readers, (typeof readers)['trend']][]) {
        const refusal = messageOf(read.whole);
        if (refusal === undefined) {
          expect([name, reader, read.inParts()]).toEqual([name, reader, read.whole()]);
          continue;
        }
        refusedBy[reader].push(name);
        expect([name, reader, read.inParts()]).toEqual([name, reader, undefined]);
        expect([name, reader, messageOf(read.public)]).toEqual([name, reader, refusal]);
      }
    }
    expect(refusedBy.trend).toEqual(cases.map(([name]) => name));
    expect(refusedBy.baseline).toEqual(['a result out of shape', 'another tool', 'results left out', 'another SARIF version']);
  });

  it('reads a log whose "results" key is given twice as JSON.parse does: the later one', () => {
    const text = `{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"${toolName}"}},"invocations":[{"startTimeUtc":"2026-12-01T02:00:00Z"}],"results":[{"ruleId":"AIS-A","partialFingerprints":{"${FINGERPRINT_KEY}":"early"}}],"results":[{"ruleId":"AIS-B","partialFingerprints":{"${FINGERPRINT_KEY}":"late"}}]}]}`;
    const file = tmp.write('twice.sarif', text);
    expect([...readRun(file).findings.keys()]).toEqual(['late']);
  });
});

describe('which SARIF logs are read result by result', () => {
  const tmp = useTempDir('aiscan-sarif-size-');
  /** A file of `bytes` bytes without writing them (sparse). */
  const fileOf = (name: string, bytes: number) => {
    const file = tmp.write(name, '');
    truncateSync(file, bytes);
    return file;
  };

  it('a file of 16 MiB or more; not a smaller one, standard input, a folder or a file that is not there', () => {
    expect(largeSarifFile(fileOf('large.sarif', 16 << 20))).toBe(true);
    expect(largeSarifFile(fileOf('small.sarif', (16 << 20) - 1))).toBe(false);
    expect(largeSarifFile('-')).toBe(false);
    expect(largeSarifFile(tmp.path())).toBe(false);
    expect(largeSarifFile(tmp.path('missing.sarif'))).toBe(false);
  });
});
