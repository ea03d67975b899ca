import type { Finding } from '../engine/finding.js';
import { severityRank, type Severity } from '../engine/rule.js';
import type { CoverageEntry } from '../estate.js';

export type FailOn = Severity | 'none';
export const FAIL_ON_CHOICES: readonly FailOn[] = ['critical', 'high', 'medium', 'low', 'info', 'none'];

/** The documented exit codes. */
export const EXIT = {
  clean: 0,
  findings: 1,
  usage: 2,
  incomplete: 3,
  /** A defect in aiscan itself, never something the user caused: a bug report, not a fix to the input. */
  internal: 4,
} as const;

export function reachesThreshold(severity: Severity, failOn: FailOn): boolean {
  return failOn !== 'none' && severityRank(severity) >= severityRank(failOn);
}

/**
 * The findings that fail the build: at or above the threshold, and not excused by the gate
 * (suppressed, or not new under --new-only), which marks those `gating: false`.
 */
export function gatingFindings<F extends Finding & { gating?: boolean }>(findings: readonly F[], failOn: FailOn): F[] {
  return findings.filter((finding) => finding.gating !== false && reachesThreshold(finding.severity, failOn));
}

/** 1 when a finding fails the gate; else 3 when something could not be read; else 0. */
export function exitCodeFor(findings: readonly (Finding & { gating?: boolean })[], failOn: FailOn, gaps: readonly CoverageEntry[]): number {
  if (gatingFindings(findings, failOn).length > 0) return EXIT.findings;
  if (gaps.length > 0) return EXIT.incomplete;
  return EXIT.clean;
}
