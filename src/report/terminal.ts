import { SEVERITIES } from '../engine/rule.js';
import type { ScanResult } from '../scan.js';
import { summarise } from './summary.js';

const SHOWN = 20;

/** The summary printed on stdout after a scan: verdict, counts, the worst findings, gaps, where the reports are. */
export function renderTerminal(result: ScanResult, writtenFiles: readonly string[] = []): string {
  const summary = summarise(result);
  const lines: string[] = [];
  lines.push(summary.verdict);
  lines.push(
    `${result.resourceCount} resources, ${result.rules.length} rules: ${summary.totals.fail} failed, ${summary.totals.pass} passed, ` +
      `${summary.totals.notApplicable} not applicable, ${summary.totals.notEvaluated} not evaluated`,
  );
  lines.push('Findings: ' + SEVERITIES.map((s) => `${s} ${summary.findingsBySeverity[s]}`).join(', '));
  const worst = [...result.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).slice(0, SHOWN);
  if (worst.length > 0) lines.push('');
  for (const finding of worst) {
    lines.push(`  ${finding.severity.padEnd(8)} ${finding.ruleId.padEnd(13)} ${finding.message}`);
    lines.push(`  ${''.padEnd(8)} ${''.padEnd(13)} at ${finding.location.file}:${finding.region.startLine}`);
  }
  if (result.findings.length > worst.length) lines.push(`  …and ${result.findings.length - worst.length} more in the reports`);
  if (result.gaps.length > 0) {
    lines.push('', `Coverage gaps (not evaluated, never counted as compliant):`);
    for (const gap of result.gaps) lines.push(`  ${gap.subscriptionId} ${gap.resourceType}: ${gap.status}${gap.message ? ` (${gap.message})` : ''}`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  if (writtenFiles.length > 0) lines.push('', `Reports: ${writtenFiles.join(', ')}`);
  return lines.join('\n') + '\n';
}
