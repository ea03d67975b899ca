import { SEVERITIES, type Severity } from '../engine/rule.js';
import { emptyCounts, type OutcomeCounts } from '../engine/evaluate.js';
import type { ScanResult } from '../scan.js';
import { shardVerdict } from './shards.js';

export type AreaCounts = OutcomeCounts & { rules: number };

/** Totals every human-readable report shows, computed in one place. */
export interface ScanSummary {
  findingsBySeverity: Record<Severity, number>;
  /**
   * Per area, sorted by name. A Map, because an area is the name of a rule folder, which a user
   * chooses: as a key of a plain object, `__proto__` or `constructor` would find Object.prototype
   * or Object instead of a row, and lose the area.
   */
  byArea: Map<string, AreaCounts>;
  totals: OutcomeCounts;
  verdict: string;
}

export function summarise(result: ScanResult): ScanSummary {
  const findingsBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of result.findings) findingsBySeverity[finding.severity]++;
  const byArea = new Map<string, AreaCounts>();
  const totals = emptyCounts();
  for (const rule of [...result.rules].sort((a, b) => (a.area < b.area ? -1 : a.area > b.area ? 1 : 0))) {
    let area = byArea.get(rule.area);
    if (!area) byArea.set(rule.area, (area = { ...emptyCounts(), rules: 0 }));
    const counts = countsOf(result, rule.id);
    area.rules++;
    for (const key of Object.keys(totals) as (keyof OutcomeCounts)[]) {
      area[key] += counts[key];
      totals[key] += counts[key];
    }
  }
  return { findingsBySeverity, byArea, totals, verdict: verdict(result, totals) };
}

/** A rule's outcome counts; all zero for a rule the result has none for (an own key only, never one of Object.prototype's). */
export function countsOf(result: ScanResult, ruleId: string): OutcomeCounts {
  return Object.hasOwn(result.counts, ruleId) ? result.counts[ruleId] : emptyCounts();
}

/** The one line every report leads with. It speaks of the findings that decided the exit code. */
function verdict(result: ScanResult, totals: OutcomeCounts): string {
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
        : totals.pass + totals.fail === 0
          ? `NOTHING EVALUATED: no rule passed or failed on any resource${more}`
          : `PASS: no findings${more}`;
  const gaps = result.gaps.length;
  const changes = result.configChanges.length;
  const changed = changes > 0 ? `; ${plural(changes, 'setting')} ${changes === 1 ? 'changes' : 'change'} the built-in checks` : '';
  const incomplete = [result.shards && shardVerdict(result.shards), gaps > 0 ? plural(gaps, 'coverage gap') : undefined].filter(Boolean);
  return incomplete.length > 0 ? `${head}; INCOMPLETE: ${incomplete.join(', ')}${changed}` : `${head}${changed}`;
}
