import type { Finding } from '../engine/finding.js';
import type { CoverageEntry } from '../estate.js';
import { UserError } from '../errors.js';
import { applySuppressions, type SuppressionStatus } from './apply-suppressions.js';
import type { Baseline, BaselineFinding } from './baseline.js';
import { exitCodeFor, reachesThreshold, type FailOn } from './exit-code.js';
import { compareWithBaseline, type BaselineState } from './match-baseline.js';
import type { Suppression } from './suppression.js';

export const NEW_ONLY_NEEDS_BASELINE = '--new-only needs --baseline PREVIOUS.sarif (the SARIF of an earlier scan) to know what is new';

/** What the gate adds to each finding. */
export interface GateMarks {
  /** Against the baseline, when one was given. */
  baselineState?: Exclude<BaselineState, 'absent'>;
  /** The suppression in force that accepts this finding. */
  suppression?: Suppression;
  /** A matching suppression that has expired: the finding gates again, and reports say why. */
  expiredSuppression?: Suppression;
  /** Whether this finding fails the build. */
  gating: boolean;
  /**
   * When a scan first found it (ISO 8601): carried from the baseline, whose SARIF carried it from
   * its own; this scan's start for a finding the baseline does not have (or without a baseline).
   */
  firstDetectedAt: string;
}

export interface GateOptions {
  failOn: FailOn;
  /** Only findings new against the baseline count toward the gate. */
  newOnly?: boolean;
  baseline?: Baseline;
  suppressions?: readonly Suppression[];
  now: Date;
  gaps: readonly CoverageEntry[];
  /**
   * Whether this scan really re-evaluated a baseline finding's rule on its resource. One it did not
   * (subscription not scanned or not readable, rule left out, resource out of scope) is not fixed,
   * only unverified; by default every baseline finding counts as re-checked.
   */
  rechecked?: (finding: BaselineFinding) => boolean;
}

export interface GateResult<F extends Finding> {
  findings: (F & GateMarks)[];
  /** Findings of the baseline that are gone: fixed, or their resource was removed. */
  absent: BaselineFinding[];
  /** Findings of the baseline this scan could not re-check; neither fixed nor present. */
  unverified: BaselineFinding[];
  suppressions: SuppressionStatus[];
  exitCode: number;
}

/** Marks each finding new/unchanged/updated and suppressed or not, and decides the exit code. */
export function applyGate<F extends Finding>(findings: readonly F[], options: GateOptions): GateResult<F> {
  if (options.newOnly && !options.baseline) {
    throw new UserError(NEW_ONLY_NEEDS_BASELINE);
  }
  const comparison = options.baseline ? compareWithBaseline(findings, options.baseline) : undefined;
  const suppressions = applySuppressions(findings, options.suppressions ?? [], options.now);
  const marked = findings.map((finding) => {
    const baselineState = comparison?.stateOf(finding);
    const firstDetectedAt = comparison?.firstDetectedAtOf(finding) ?? options.now.toISOString();
    const { active, expired } = suppressions.decisionFor(finding);
    // An expired suppression is a deadline: its finding fails again even when it is not new.
    const excusedAsOld = options.newOnly === true && baselineState !== 'new' && !expired;
    return {
      ...finding,
      ...(baselineState ? { baselineState } : {}),
      ...(active ? { suppression: active } : {}),
      ...(expired && !active ? { expiredSuppression: expired } : {}),
      gating: reachesThreshold(finding.severity, options.failOn) && !active && !excusedAsOld,
      firstDetectedAt,
    };
  });
  return {
    findings: marked,
    absent: (comparison?.absent ?? []).filter((f) => options.rechecked?.(f) ?? true),
    unverified: (comparison?.absent ?? []).filter((f) => !(options.rechecked?.(f) ?? true)),
    suppressions: suppressions.statuses,
    exitCode: exitCodeFor(marked, options.failOn, options.gaps),
  };
}
