import type { CoverageEntry } from '../estate.js';
import { typeKey } from '../ids.js';
import type { ScanResult } from '../scan.js';

/**
 * The ids of the rules each coverage gap left not evaluated, so that every report can say which
 * rules a missing read cost, not only that some were. A rule blocked by several gaps of one
 * subscription is listed under the one the evaluation named.
 */
export function rulesNotEvaluatedBy(result: Pick<ScanResult, 'notEvaluated'>): (gap: CoverageEntry) => string[] {
  const byGap = new Map<string, string[]>();
  const keyOf = (subscriptionId: string, resourceType: string) => `${subscriptionId.toLowerCase()}|${typeKey(resourceType)}`;
  for (const entry of result.notEvaluated) {
    const key = keyOf(entry.subscriptionId, entry.resourceType);
    const ids = byGap.get(key);
    if (ids) ids.push(entry.ruleId);
    else byGap.set(key, [entry.ruleId]);
  }
  return (gap) => byGap.get(keyOf(gap.subscriptionId, gap.resourceType)) ?? [];
}

/** `A, B, C`, or the first `max` and how many more. */
export function listWithMore(ids: readonly string[], max: number): string {
  return ids.length <= max ? ids.join(', ') : `${ids.slice(0, max).join(', ')} and ${ids.length - max} more`;
}
