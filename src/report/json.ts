import { toolName, toolVersion } from '../package-info.js';
import type { ScanResult } from '../scan.js';
import { summarise } from './summary.js';

/** aiscan.json: the findings and the pass/fail/not-applicable/not-evaluated counts per rule and per area. */
export function renderJson(result: ScanResult): string {
  const summary = summarise(result);
  const report = {
    tool: { name: toolName, version: toolVersion },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    inputs: result.files,
    resourceCount: result.resourceCount,
    scopes: result.scopes,
    failOn: result.failOn,
    exitCode: result.exitCode,
    verdict: summary.verdict,
    totals: summary.totals,
    findingsBySeverity: summary.findingsBySeverity,
    areas: summary.byArea,
    rules: result.rules.map((rule) => ({
      id: rule.id,
      name: rule.name,
      title: rule.title,
      area: rule.area,
      severity: rule.severity,
      counts: result.counts[rule.id],
    })),
    findings: result.findings.map(({ region, location, ...finding }) => ({
      ...finding,
      location: { file: location.file, startLine: region.startLine, startColumn: region.startColumn, endLine: region.endLine, endColumn: region.endColumn },
    })),
    ...(result.baseline ? { baseline: result.baseline, newOnly: result.newOnly, absent: result.absent, unverified: result.unverified } : {}),
    suppressions: result.suppressions.map(({ suppression, ...status }) => ({ ...suppression, ...status })),
    notEvaluated: result.notEvaluated,
    coverageGaps: result.gaps,
    warnings: result.warnings,
  };
  return JSON.stringify(report, null, 2) + '\n';
}
