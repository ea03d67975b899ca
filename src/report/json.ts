import { toolName, toolVersion } from '../package-info.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { jsonChunks, mapEach, streamedArray } from './json-stream.js';
import type { GithubSarifSummary } from './sarif-github.js';
import { countsOf, summarise } from './summary.js';

/** aiscan.json: the findings and the pass/fail/not-applicable/not-evaluated counts per rule and per area. */
export function renderJson(result: ScanResult, options: JsonReportOptions = {}): string {
  return [...jsonReportChunks(result, options)].join('');
}

export interface JsonReportOptions {
  /** With `--sarif-for github`: what that SARIF holds and left out (this report keeps every result). */
  githubSarif?: GithubSarifSummary;
}

/**
 * aiscan.json as text, a chunk at a time: the same text as `renderJson`, for writing to a file
 * without ever holding it whole. The findings (nearly all of a large report) are made and written
 * a few hundred at a time.
 */
export function* jsonReportChunks(result: ScanResult, options: JsonReportOptions = {}): Generator<string> {
  yield* jsonChunks(jsonDocument(result, (items, map) => streamedArray(mapEach(items, map)), options));
  yield '\n';
}

/** The report as one object (what `renderJson` writes, as JSON with 2-space indentation). */
export function jsonReport(result: ScanResult, options: JsonReportOptions = {}): ReturnType<typeof jsonDocument<unknown[]>> {
  return jsonDocument(result, (items, map) => items.map(map), options);
}

/** The report with its long lists made by `list`: as arrays (jsonReport), or as streams of items (jsonReportChunks). */
function jsonDocument<List>(result: ScanResult, list: <T>(items: readonly T[], map: (item: T) => unknown) => List, options: JsonReportOptions) {
  const summary = summarise(result);
  const same = <T>(item: T) => item;
  return {
    tool: { name: toolName, version: toolVersion },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    inputs: result.files,
    resourceCount: result.resourceCount,
    scopes: result.scopes,
    failOn: result.failOn,
    exitCode: result.exitCode,
    verdict: summary.verdict,
    configChanges: result.configChanges,
    totals: summary.totals,
    findingsBySeverity: summary.findingsBySeverity,
    // Object.fromEntries makes own properties, so an area named `__proto__` is a key like any other.
    areas: Object.fromEntries(summary.byArea),
    rules: result.rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      title: rule.title,
      area: rule.area,
      severity: rule.severity,
      counts: countsOf(result, rule.id),
    })),
    findings: list(result.findings, jsonFinding),
    ...(result.baseline ? { baseline: result.baseline, newOnly: result.newOnly, absent: list(result.absent, same), unverified: list(result.unverified, same) } : {}),
    suppressions: result.suppressions.map(({ suppression, ...status }) => ({ ...suppression, ...status })),
    notEvaluated: result.notEvaluated,
    undecided: result.undecided.map(({ region, location, ...entry }) => ({ ...entry, location: { file: location.file, startLine: region.startLine, startColumn: region.startColumn } })),
    ...(result.inputs ? { inputSummary: result.inputs } : {}),
    ...(result.shards ? { shards: result.shards } : {}),
    coverageGaps: result.gaps,
    warnings: result.warnings,
    ...(options.githubSarif ? { githubSarif: options.githubSarif } : {}),
  };
}

function jsonFinding({ region, location, ...finding }: GatedFinding) {
  return {
    ...finding,
    location: { file: location.file, startLine: region.startLine, startColumn: region.startColumn, endLine: region.endLine, endColumn: region.endColumn },
  };
}
