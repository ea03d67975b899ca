import { evaluate, type Outcome } from '../engine/evaluate.js';
import type { Finding } from '../engine/finding.js';
import type { CompiledRule } from '../engine/rule.js';
import { enrichEstate } from '../facts/enrich.js';
import { idKey } from '../ids.js';
import { interpretEstateDocument } from '../sources/estate-file.js';
import { mergeEstateFiles } from '../sources/load-estate.js';
import type { LocatedCase } from './test-file.js';

/** What the rule made of a case's estate. */
export interface CaseRun {
  /** The target's outcome; `absent` when the rule evaluated nothing with the target's id. */
  target: Outcome | 'absent';
  /** The target's finding, when it failed. */
  targetFinding?: Finding;
  /** Findings on anything but the target. */
  otherFindings: Finding[];
  /** Ids of the other items that passed. */
  otherPasses: string[];
  /** The ids the rule evaluated, for saying what a missing target could have been. */
  evaluated: string[];
}

const SUBSCRIPTION_ID = /^\/subscriptions\/([^/]+)\/?$/i;

/**
 * Runs one rule over one case's estate through the scan's own stages: the estate read as a
 * snapshot is, facts derived, the rule evaluated. `source` names the estate in errors about it.
 */
export function runCase(rule: CompiledRule, located: LocatedCase, source: string): CaseRun {
  const { testCase } = located;
  const estateFile = interpretEstateDocument(
    {
      format: 'aiscan-snapshot',
      version: 1,
      collectedAt: '2026-01-01T00:00:00Z',
      scopes: testCase.scopes ?? [],
      coverage: testCase.coverage ?? [],
      resources: testCase.resources,
    },
    source,
  );
  const estate = mergeEstateFiles([estateFile]);
  const evaluation = evaluate([rule], enrichEstate(estate), estate, { recordOutcomes: true });
  const target = idKey(testCase.target);
  const isTarget = (id: string) => idKey(id) === target;
  const outcomes = evaluation.outcomes ?? [];
  let outcome: Outcome | 'absent' = outcomes.find((o) => isTarget(o.resourceId))?.outcome ?? 'absent';
  // A rule whose own resource type could not be read has no items: it is not evaluated in the subscription.
  const subscription = SUBSCRIPTION_ID.exec(testCase.target)?.[1];
  if (outcome === 'absent' && subscription !== undefined && evaluation.notEvaluated.some((entry) => idKey(entry.subscriptionId) === idKey(subscription))) {
    outcome = 'notEvaluated';
  }
  return {
    target: outcome,
    targetFinding: evaluation.findings.find((finding) => isTarget(finding.resourceId)),
    otherFindings: evaluation.findings.filter((finding) => !isTarget(finding.resourceId)),
    otherPasses: outcomes.filter((o) => o.outcome === 'pass' && !isTarget(o.resourceId)).map((o) => o.resourceId),
    evaluated: outcomes.map((o) => o.resourceId),
  };
}
