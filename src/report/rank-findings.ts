import { SEVERITIES } from '../engine/rule.js';
import type { GatedFinding } from '../scan.js';

/**
 * The order a reader wants: what fails the build first, then what is new, then the rest;
 * accepted (suppressed) findings last; within each, the most severe first. Stable otherwise.
 */
export function rankFindings(findings: readonly GatedFinding[]): GatedFinding[] {
  const weight = (f: GatedFinding) => (f.gating ? 0 : f.suppression ? 3 : f.baselineState === 'new' ? 1 : 2);
  return [...findings].sort((a, b) => weight(a) - weight(b) || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
}
