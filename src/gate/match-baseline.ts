import type { Finding } from '../engine/finding.js';
import type { Baseline, BaselineFinding } from './baseline.js';

/** SARIF's `result.baselineState`. `absent` belongs to findings of the baseline that are gone now. */
export type BaselineState = 'new' | 'unchanged' | 'updated' | 'absent';

/** What matching looks at: the fingerprint, and the message and paths that tell unchanged from updated. */
export type Comparable = Pick<Finding, 'fingerprint' | 'message' | 'failingPaths'>;

export interface BaselineComparison {
  stateOf: (finding: Comparable) => Exclude<BaselineState, 'absent'>;
  /** When the baseline says this finding was first detected: its own date, else the baseline scan's start. */
  firstDetectedAtOf: (finding: Comparable) => string | undefined;
  /** Findings of the baseline with no current counterpart: fixed, or their resource is gone. */
  absent: BaselineFinding[];
}

/**
 * Matches by fingerprint (rule id + resource id ignoring case), never by position, so re-ordering
 * or re-collecting the estate does not turn old findings into new ones.
 */
export function compareWithBaseline(findings: readonly Comparable[], baseline: Pick<Baseline, 'findings' | 'startedAt'>): BaselineComparison {
  const previous = new Map(baseline.findings.map((finding) => [finding.fingerprint, finding]));
  const current = new Set(findings.map((finding) => finding.fingerprint));
  return {
    stateOf: (finding) => {
      const before = previous.get(finding.fingerprint);
      if (!before) return 'new';
      return before.message === finding.message && samePaths(before.failingPaths, finding.failingPaths) ? 'unchanged' : 'updated';
    },
    firstDetectedAtOf: (finding) => {
      const before = previous.get(finding.fingerprint);
      return before ? (before.firstDetectedAt ?? baseline.startedAt) : undefined;
    },
    absent: baseline.findings.filter((finding) => !current.has(finding.fingerprint)),
  };
}

function samePaths(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sortedB = [...b].sort();
  return [...a].sort().every((path, index) => path === sortedB[index]);
}
