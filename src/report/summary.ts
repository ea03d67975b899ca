import { SEVERITIES, type Severity } from '../engine/rule.js';
import { emptyCounts, type OutcomeCounts } from '../engine/evaluate.js';
import type { ScanResult } from '../scan.js';

/** Totals every human-readable report shows, computed in one place. */
export interface ScanSummary {
  findingsBySeverity: Record<Severity, number>;
  byArea: Record<string, OutcomeCounts & { rules: number }>;
  totals: OutcomeCounts;
  verdict: string;
}

export function summarise(result: ScanResult): ScanSummary {
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of result.findings) findingsBySeverity[finding.severity]++;
  const byArea: ScanSummary['byArea'] = {};
  const totals = emptyCounts();
  for (const rule of result.rules) {
    const area = (byArea[rule.area] ??= { ...emptyCounts(), rules: 0 });
    const counts = result.counts[rule.id] ?? emptyCounts();
    area.rules++;
    for (const key of Object.keys(totals) as (keyof OutcomeCounts)[]) {
      area[key] += counts[key];
      totals[key] += counts[key];
    }
  }
  return { findingsBySeverity, byArea, totals, verdict: verdict(result) };
}

function verdict(result: ScanResult): string {
  const n = result.findings.length;
  const gaps = result.gaps.length;
  const head =
    result.exitCode === 1
      ? `FAIL: ${n} finding${n === 1 ? '' : 's'}, at least one at or above "${result.failOn}"`
      : n > 0
        ? `PASS (fail-on ${result.failOn}): ${n} finding${n === 1 ? '' : 's'} below the threshold`
        : 'PASS: no findings';
  return gaps > 0 ? `${head}; INCOMPLETE: ${gaps} coverage gap${gaps === 1 ? '' : 's'}` : head;
}
