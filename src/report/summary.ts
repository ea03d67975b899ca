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

/** The one line every report leads with. It speaks of the findings that decided the exit code. */
function verdict(result: ScanResult): string {
  const n = result.findings.length;
  const gating = result.findings.filter((finding) => finding.gating).length;
  const suppressed = result.findings.filter((finding) => finding.suppression).length;
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const extras = [suppressed > 0 ? `${suppressed} suppressed` : '', result.absent.length > 0 ? `${result.absent.length} fixed since the baseline` : '']
    .filter(Boolean)
    .join(', ');
  const excused = result.newOnly || suppressed > 0;
  const more = extras ? `; ${extras}` : '';
  // With no baseline gate and no suppressions, every finding at the threshold gates: say it simply.
  const head =
    result.exitCode === 1
      ? excused
        ? `FAIL: ${plural(gating, 'finding')} at or above "${result.failOn}" ${gating === 1 ? 'fails' : 'fail'} the gate (${n} in total${more})`
        : `FAIL: ${plural(n, 'finding')}, at least one at or above "${result.failOn}"${more}`
      : n > 0
        ? `PASS (fail-on ${result.failOn}${result.newOnly ? ', new only' : ''}): ${plural(n, 'finding')}${excused ? ', none failing the gate' : ' below the threshold'}${more}`
        : `PASS: no findings${more}`;
  const gaps = result.gaps.length;
  return gaps > 0 ? `${head}; INCOMPLETE: ${plural(gaps, 'coverage gap')}` : head;
}
