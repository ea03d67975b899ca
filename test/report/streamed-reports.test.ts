import { readFileSync } from 'node:fs';
import type { Result } from 'sarif';
import { findingFingerprint } from '../../src/engine/finding.js';
import { REPORT_FORMATS } from '../../src/report/formats.js';
import { jsonReport, jsonReportChunks, renderJson } from '../../src/report/json.js';
import { renderSarif, sarifChunks, sarifLog } from '../../src/report/sarif.js';
import { writeFilesAtomically } from '../../src/files/write-atomic.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { generateSnapshot, writeSnapshot } from '../../support/large-estate/estate.js';
import { SAMPLE_ESTATE } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';
import { suppression } from '../gate/findings.js';

const REMOVED_VM = '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26/resourceGroups/rg-old/providers/Microsoft.Compute/virtualMachines/vm-removed';

/**
 * SARIF and aiscan.json are written a chunk at a time (each result or finding made and written on
 * its own); their text must be byte for byte what JSON.stringify of the whole report gives.
 */
describe('SARIF and JSON reports written as chunks', () => {
  const tmp = useTempDir('aiscan-streamed-');
  const now = () => new Date('2026-11-21T02:00:00Z');
  let plain: ScanResult;
  let gated: ScanResult;
  let large: ScanResult;

  beforeAll(() => {
    plain = scan({ snapshots: SAMPLE_ESTATE, failOn: 'none', now });
    // Findings enough for many batches of results.
    const estate = tmp.path('estate.json');
    writeSnapshot(estate, generateSnapshot(3_000));
    large = scan({ snapshots: [estate], failOn: 'none', now });
    // A baseline with a result dropped (→ new), one reworded (→ updated), one gone (→ absent); suppressions in force, expired and stale.
    const first = sarifLog(plain);
    const previous = first.runs[0].results!;
    const [dropped, changed] = previous;
    changed.message.text = 'an older wording of the message';
    const gone: Result = JSON.parse(JSON.stringify(previous[2]));
    gone.partialFingerprints = { 'aiscanFinding/v1': findingFingerprint(gone.ruleId!, REMOVED_VM) };
    gone.properties!.resourceId = REMOVED_VM;
    first.runs[0].results = [...previous.filter((r) => r !== dropped), gone];
    gated = scan({
      snapshots: SAMPLE_ESTATE,
      failOn: 'high',
      baseline: tmp.write('baseline.sarif', JSON.stringify(first)),
      newOnly: true,
      now,
      suppressions: [
        suppression({ rule: previous[3].ruleId!, resource: String(previous[3].properties!.resourceId), owner: 'team', ticket: 'SEC-1' }),
        suppression({ rule: previous[4].ruleId!, resource: String(previous[4].properties!.resourceId), expires: '2026-01-31', source: 's#/suppressions/1' }),
        suppression({ rule: '*', resource: '/subscriptions/*/resourceGroups/rg-none/**', permanent: true, expires: undefined, approvedBy: 'ciso' }),
      ],
    });
  });

  it('has fixtures with what the text must survive: non-Latin-1 characters, every baseline state, both kinds of suppression', () => {
    expect(JSON.stringify(sarifLog(plain))).toMatch(/[^\u0000-\u00ff]/);
    expect(new Set(sarifLog(gated).runs[0].results!.map((r) => r.baselineState))).toEqual(new Set(['new', 'unchanged', 'updated', 'absent']));
    expect(gated.findings.some((f) => f.suppression) && gated.findings.some((f) => f.expiredSuppression)).toBe(true);
    expect(gated.absent.length).toBeGreaterThan(0);
    expect(large.findings.length).toBeGreaterThan(1000);
  });

  it.each([
    ['the sample estate', () => plain, {}],
    ['a scan with baseline states and suppressions', () => gated, { category: 'nightly/gpu', sourceRoot: 'examples' }],
    ['a synthetic estate of 3,000 resources', () => large, {}],
  ])('gives the SARIF of %s as JSON.stringify(sarifLog(…), null, 2) does', (_, result, options) => {
    const text = [...sarifChunks(result(), options)].join('');
    expect(text).toBe(JSON.stringify(sarifLog(result(), options), null, 2) + '\n');
    expect(renderSarif(result(), options)).toBe(text);
  });

  it.each([
    ['the sample estate', () => plain],
    ['a scan with baseline states and suppressions', () => gated],
    ['a synthetic estate of 3,000 resources', () => large],
  ])('gives the JSON of %s as JSON.stringify of the whole report does', (_, result) => {
    const text = [...jsonReportChunks(result())].join('');
    expect(text).toBe(JSON.stringify(jsonReport(result()), null, 2) + '\n');
    expect(renderJson(result())).toBe(text);
  });

  it('never holds all the results or findings of a large scan in one chunk', () => {
    const longest = (chunks: Iterable<string>) => Math.max(...[...chunks].map((chunk) => chunk.length));
    expect(longest(sarifChunks(large))).toBeLessThan(renderSarif(large).length / 4);
    expect(longest(jsonReportChunks(large))).toBeLessThan(renderJson(large).length / 4);
  });

  it('writes through writeFilesAtomically the bytes of the whole text, for every format', () => {
    const options = { category: 'nightly/gpu' };
    const files = new Map(Object.values(REPORT_FORMATS).map(({ file, chunks }) => [tmp.path('reports', file), () => chunks(gated, options)]));
    writeFilesAtomically(files);
    const expected: Record<string, string> = {
      'aiscan.sarif': JSON.stringify(sarifLog(gated, options), null, 2) + '\n',
      'aiscan.json': JSON.stringify(jsonReport(gated), null, 2) + '\n',
    };
    for (const { file, render } of Object.values(REPORT_FORMATS)) {
      const bytes = readFileSync(tmp.path('reports', file));
      expect(bytes.equals(Buffer.from(render(gated, options), 'utf8'))).toBe(true);
      if (expected[file]) expect(bytes.equals(Buffer.from(expected[file], 'utf8'))).toBe(true);
    }
  });
});
