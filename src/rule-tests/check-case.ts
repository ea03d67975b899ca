import type { Outcome } from '../engine/evaluate.js';
import type { Finding } from '../engine/finding.js';
import type { CaseRun } from './run-case.js';
import type { LocatedCase } from './test-file.js';

/** One way a case did not hold: what was expected and what the rule did, both as short text. */
export interface Difference {
  aspect: 'outcome' | 'paths' | 'message' | 'elsewhere';
  expected: string;
  actual: string;
}

const OUTCOME_WORDS: Record<Outcome, string> = {
  pass: 'pass',
  fail: 'fail',
  notApplicable: 'not applicable',
  notEvaluated: 'not evaluated',
};

/**
 * What each kind of case asserts (docs/rule-tests.md):
 * - valid: the target passes, and nothing in the estate fails;
 * - invalid: the target fails on exactly `paths` (in order) with `message` when given, and nothing else fails;
 * - notApplicable: the target is not applicable or not evaluated (`outcome` when given), and nothing passes or fails.
 */
export function checkCase(located: LocatedCase, run: CaseRun): Difference[] {
  const { kind, testCase } = located;
  const differences: Difference[] = [];
  const expected: Outcome[] = kind === 'valid' ? ['pass'] : kind === 'invalid' ? ['fail'] : testCase.outcome ? [testCase.outcome] : ['notApplicable', 'notEvaluated'];
  if (run.target === 'absent' || !expected.includes(run.target)) {
    differences.push({ aspect: 'outcome', expected: expected.map((o) => OUTCOME_WORDS[o]).join(' or '), actual: describeOutcome(run) });
  } else if (kind === 'invalid' && run.targetFinding) {
    const actualPaths = run.targetFinding.failingPaths;
    const expectedPaths = testCase.paths ?? [];
    if (JSON.stringify(actualPaths) !== JSON.stringify(expectedPaths)) {
      differences.push({ aspect: 'paths', expected: JSON.stringify(expectedPaths), actual: JSON.stringify(actualPaths) });
    }
    if (testCase.message !== undefined && testCase.message !== run.targetFinding.message) {
      differences.push({ aspect: 'message', expected: JSON.stringify(testCase.message), actual: JSON.stringify(run.targetFinding.message) });
    }
  }
  for (const finding of run.otherFindings) {
    differences.push({ aspect: 'elsewhere', expected: `no finding on ${finding.resourceId}`, actual: `fail: ${describeFinding(finding)}` });
  }
  if (kind === 'notApplicable') {
    for (const id of run.otherPasses) differences.push({ aspect: 'elsewhere', expected: `${id} not applicable or not evaluated`, actual: 'pass' });
  }
  return differences;
}

function describeOutcome(run: CaseRun): string {
  if (run.target === 'absent') {
    const shown = run.evaluated.slice(0, 5);
    const more = run.evaluated.length > shown.length ? `, and ${run.evaluated.length - shown.length} more` : '';
    return `no outcome: the rule evaluated no item with this id (${shown.length ? `it evaluated ${shown.join(', ')}${more}` : 'it evaluated nothing in this estate'})`;
  }
  if (run.target === 'fail' && run.targetFinding) return `fail: ${describeFinding(run.targetFinding)}`;
  return OUTCOME_WORDS[run.target];
}

function describeFinding(finding: Finding): string {
  return `${JSON.stringify(finding.message)} at ${JSON.stringify(finding.failingPaths)}`;
}
