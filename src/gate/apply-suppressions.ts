import type { Finding } from '../engine/finding.js';
import { idKey } from '../ids.js';
import { addTo } from '../multimap.js';
import { idMatcher, isGlob } from '../glob.js';
import type { Suppression } from './suppression.js';

/**
 * active: in force and matching at least one finding; expired: past its date, so what it matched
 * gates again; stale: in force but matching nothing (the risk is gone, or the pattern is wrong).
 */
export type SuppressionState = 'active' | 'expired' | 'stale';

export interface SuppressionStatus {
  suppression: Suppression;
  state: SuppressionState;
  /** Findings of this scan that it matches (for an expired one: that it would have matched). */
  matched: number;
  /** The first instant it no longer holds (UTC); absent for permanent suppressions. */
  endsAt?: string;
  /** Whole days left until it ends, for active and stale ones with an end date. */
  daysLeft?: number;
}

export interface SuppressionDecision {
  /** The first suppression in force that matches the finding. */
  active?: Suppression;
  /** A matching suppression that has expired, reported so people know why the finding gates again. */
  expired?: Suppression;
}

export interface AppliedSuppressions {
  decisionFor: (finding: Finding) => SuppressionDecision;
  statuses: SuppressionStatus[];
}

const DAY_MS = 86_400_000;

/** The instant a suppression stops holding: the start of the day after `expires`, in UTC. */
export function suppressionEnd(suppression: Suppression): Date | undefined {
  if (suppression.permanent || !suppression.expires) return undefined;
  const [year, month, day] = suppression.expires.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + 1));
}

export function applySuppressions(findings: readonly Finding[], suppressions: readonly Suppression[], now: Date): AppliedSuppressions {
  const compiled = suppressions.map((suppression, order) => {
    const end = suppressionEnd(suppression);
    return {
      suppression,
      order,
      end,
      expired: end !== undefined && now.getTime() >= end.getTime(),
      matchesRule: suppression.rule === '*' ? () => true : idMatcher(suppression.rule),
      matchesResource: idMatcher(suppression.resource),
      matched: 0,
    };
  });
  // Most suppressions name one resource: index those by id so large estates stay linear.
  const byResource = new Map<string, typeof compiled>();
  const patterns: typeof compiled = [];
  for (const entry of compiled) {
    if (isGlob(entry.suppression.resource)) patterns.push(entry);
    else addTo(byResource, idKey(entry.suppression.resource), entry);
  }
  const decisions = new Map<Finding, SuppressionDecision>();
  for (const finding of findings) {
    const candidates = [...(byResource.get(idKey(finding.resourceId)) ?? []), ...patterns].sort((a, b) => a.order - b.order);
    const decision: SuppressionDecision = {};
    for (const entry of candidates) {
      if (!entry.matchesRule(finding.ruleId) || !entry.matchesResource(finding.resourceId)) continue;
      entry.matched++;
      if (entry.expired) decision.expired ??= entry.suppression;
      else decision.active ??= entry.suppression;
    }
    if (decision.active || decision.expired) decisions.set(finding, decision);
  }
  const statuses = compiled.map(({ suppression, end, expired, matched }): SuppressionStatus => ({
    suppression,
    state: expired ? 'expired' : matched > 0 ? 'active' : 'stale',
    matched,
    ...(end ? { endsAt: end.toISOString() } : {}),
    ...(end && !expired ? { daysLeft: Math.ceil((end.getTime() - now.getTime()) / DAY_MS) } : {}),
  }));
  return { decisionFor: (finding) => decisions.get(finding) ?? {}, statuses };
}
