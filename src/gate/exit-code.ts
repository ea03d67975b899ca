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
} as const;

export function gatingFindings(findings: readonly Finding[], failOn: FailOn): Finding[] {
  if (failOn === 'none') return [];
  const threshold = severityRank(failOn);
  return findings.filter((finding) => severityRank(finding.severity) >= threshold);
}

/** 1 when a finding reaches the threshold; else 3 when something could not be read; else 0. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn, gaps: readonly CoverageEntry[]): number {
  if (gatingFindings(findings, failOn).length > 0) return EXIT.findings;
  if (gaps.length > 0) return EXIT.incomplete;
  return EXIT.clean;
}
