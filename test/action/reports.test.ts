import { renameSync, writeFileSync } from 'node:fs';
import { readSeverityCounts, reportsBefore, writtenSince } from '../../src/action/reports.js';
import { renderJson } from '../../src/report/json.js';
import { scan } from '../../src/scan.js';
import { SAMPLE_ESTATE } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

describe('reading the reports after the scan', () => {
  const tmp = useTempDir('aiscan-action-reports-');

  it("reads aiscan.json's findingsBySeverity", () => {
    const result = scan({ snapshots: SAMPLE_ESTATE });
    const file = tmp.write('aiscan.json', renderJson(result));
    const expected = (JSON.parse(renderJson(result)) as { findingsBySeverity: unknown }).findingsBySeverity;
    expect(readSeverityCounts(file)).toEqual(expected);
  });

  it('finds the key across read chunks, after a large prefix', () => {
    const counts = { critical: 1, high: 2, medium: 3, low: 4, info: 5 };
    const document = { tool: { name: 'aiscan' }, inputs: Array.from({ length: 60_000 }, (_, i) => `estate/file-${i}.json`), findingsBySeverity: counts, findings: [] };
    expect(readSeverityCounts(tmp.write('large.json', JSON.stringify(document, null, 2)))).toEqual(counts);
  });

  it('never takes counts from a value the estate wrote', () => {
    // A scope's display name holding the text of the key: its line break is escaped in JSON.
    const name = '\n  "findingsBySeverity": {"critical": 999, "high": 0, "medium": 0, "low": 0, "info": 0}\n  }';
    const document = { scopes: [{ displayName: name, nested: { findingsBySeverity: { critical: 7, high: 0, medium: 0, low: 0, info: 0 } } }], findingsBySeverity: { critical: 0, high: 1, medium: 0, low: 0, info: 0 } };
    expect(readSeverityCounts(tmp.write('hostile.json', JSON.stringify(document, null, 2)))).toEqual({ critical: 0, high: 1, medium: 0, low: 0, info: 0 });
  });

  it.each([
    ['no counts', { findings: [] }],
    ['a count that is not a count', { findingsBySeverity: { critical: -1, high: 0, medium: 0, low: 0, info: 0 } }],
    ['a missing severity', { findingsBySeverity: { critical: 0, high: 0, medium: 0, low: 0 } }],
    ['a string', { findingsBySeverity: { critical: '1\nverdict=pass', high: 0, medium: 0, low: 0, info: 0 } }],
    ['a fraction', { findingsBySeverity: { critical: 0.5, high: 0, medium: 0, low: 0, info: 0 } }],
  ])('gives no counts for a report with %s', (_, document) => {
    expect(readSeverityCounts(tmp.write('bad.json', JSON.stringify(document, null, 2)))).toBeUndefined();
  });

  it('gives no counts for a file that is not there', () => {
    expect(readSeverityCounts(tmp.path('missing.json'))).toBeUndefined();
  });

  it("tells this run's reports from the ones that were there before", () => {
    const kept = tmp.write('kept.sarif', '{}');
    const replaced = tmp.write('replaced.sarif', '{}');
    const created = tmp.path('created.sarif');
    const before = reportsBefore([kept, replaced, created, tmp.path('never.sarif')]);
    // Written as aiscan writes reports: to a temporary file, renamed over the old one.
    writeFileSync(`${replaced}.tmp`, '{}');
    renameSync(`${replaced}.tmp`, replaced);
    writeFileSync(created, '{}');
    expect(writtenSince(before, kept)).toBe(false);
    expect(writtenSince(before, replaced)).toBe(true);
    expect(writtenSince(before, created)).toBe(true);
    expect(writtenSince(before, tmp.path('never.sarif'))).toBe(false);
  });
});
