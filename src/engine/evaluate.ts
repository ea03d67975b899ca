import type { ErrorObject } from 'ajv';
import { pathToPointer, pointerToPath } from '../ajv.js';
import { UserError } from '../errors.js';
import { isGap, type CoverageEntry, type Estate } from '../estate.js';
import type { EvaluationItem } from '../facts/items.js';
import { itemTypeKey } from '../facts/items.js';
import { resolveActualPath } from '../facts/read.js';
import { foldCase, typeKey } from '../ids.js';
import { addTo } from '../multimap.js';
import { canonicalView, vocabularyOf } from './canonical-keys.js';
import { findingFingerprint, formatPath, parsePath, type Finding } from './finding.js';
import { fillMessage } from './message.js';
import { withAncestorTypes } from './required-types.js';
import type { CompiledRule } from './rule.js';

export type Outcome = 'pass' | 'fail' | 'notApplicable' | 'notEvaluated';

export interface OutcomeCounts {
  pass: number;
  fail: number;
  notApplicable: number;
  notEvaluated: number;
}

/** A rule that could not be evaluated in a subscription because data it needs was not read. */
export interface NotEvaluated {
  ruleId: string;
  subscriptionId: string;
  resourceType: string;
  reason: string;
}

/** One rule × item result, recorded only on request (JUnit needs passes too; big estates should not pay for it). */
export interface ItemOutcome {
  ruleId: string;
  resourceId: string;
  resourceType: string;
  outcome: Outcome;
}

export interface EvaluateOptions {
  recordOutcomes?: boolean;
}

export interface Evaluation {
  findings: Finding[];
  /** Present when `recordOutcomes` was asked for. */
  outcomes?: ItemOutcome[];
  counts: Map<string, OutcomeCounts>;
  notEvaluated: NotEvaluated[];
  /** Items that at least one rule applied to. */
  evaluatedItems: number;
}

export function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, notApplicable: 0, notEvaluated: 0 };
}

/** Coverage gaps indexed by subscription and lower-cased type; `*` stands for every type. */
function gapIndex(coverage: readonly CoverageEntry[]): Map<string, Map<string, CoverageEntry>> {
  const gaps = new Map<string, Map<string, CoverageEntry>>();
  for (const entry of coverage) {
    if (!isGap(entry)) continue;
    const subscription = foldCase(entry.subscriptionId);
    if (!gaps.has(subscription)) gaps.set(subscription, new Map());
    gaps.get(subscription)!.set(typeKey(entry.resourceType), entry);
  }
  return gaps;
}

function mergedGaps(gaps: Map<string, Map<string, CoverageEntry>>): Map<string, CoverageEntry> | undefined {
  if (gaps.size === 0) return undefined;
  const merged = new Map<string, CoverageEntry>();
  for (const subscriptionGaps of gaps.values()) for (const [type, entry] of subscriptionGaps) if (!merged.has(type)) merged.set(type, entry);
  return merged;
}

function gapFor(rule: CompiledRule, subscriptionGaps: Map<string, CoverageEntry> | undefined): CoverageEntry | undefined {
  if (!subscriptionGaps) return undefined;
  const everything = subscriptionGaps.get('*');
  if (everything) return everything;
  // Runs per item × rule wherever a subscription has a gap: no allocation.
  for (const type of rule.requiredTypeKeys) {
    const gap = subscriptionGaps.get(type);
    if (gap) return gap;
  }
  return undefined;
}

/**
 * Evaluates every rule against every item of its types. Item-major: each item's canonical view is
 * built once and shared by all the rules that look at it.
 */
export function evaluate(
  rules: readonly CompiledRule[],
  items: readonly EvaluationItem[],
  estate: Pick<Estate, 'coverage' | 'scopes'>,
  options: EvaluateOptions = {},
): Evaluation {
  const rulesByType = new Map<string, CompiledRule[]>();
  for (const rule of rules) for (const type of rule.resourceTypeKeys) addTo(rulesByType, type, rule);
  const vocabulary = vocabularyOf(rules.flatMap((rule) => [...rule.propertyNames]));
  const gaps = gapIndex(estate.coverage);
  // Something above every subscription (a role assignment on a management group) depends on all
  // of them: a gap in any subscription leaves it not evaluated.
  const gapsAnywhere = mergedGaps(gaps);
  const counts = new Map(rules.map((rule) => [rule.id, emptyCounts()]));
  const findings: Finding[] = [];
  // `outcomes?.push(…)` does not even build its argument when outcomes is undefined.
  const outcomes: ItemOutcome[] | undefined = options.recordOutcomes ? [] : undefined;
  let evaluatedItems = 0;

  for (const item of items) {
    const applicable = rulesByType.get(itemTypeKey(item));
    if (!applicable) continue;
    evaluatedItems++;
    try {
      const document = { ...canonicalView(item.document, vocabulary), facts: item.facts };
      const subscriptionGaps = item.subscriptionId ? gaps.get(foldCase(item.subscriptionId)) : gapsAnywhere;
      for (const rule of applicable) {
        const ruleCounts = counts.get(rule.id)!;
        if (gapFor(rule, subscriptionGaps)) {
          ruleCounts.notEvaluated++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'notEvaluated' });
          continue;
        }
        if (rule.whenValidator && !rule.whenValidator(document)) {
          ruleCounts.notApplicable++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'notApplicable' });
          continue;
        }
        if (rule.assertValidator(document)) {
          ruleCounts.pass++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'pass' });
          continue;
        }
        ruleCounts.fail++;
        outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'fail' });
        findings.push(toFinding(rule, item, document, rule.assertValidator.errors ?? []));
      }
    } catch (error) {
      throw tooDeep(item, error);
    }
  }

  const notEvaluated = notEvaluatedScopes(rules, estate, gaps);
  // A gap in the rule's own resource types, or in a type they are read through (an agent pool's
  // cluster), leaves nothing to count item by item: count the scope. (A gap in another type it
  // requires was counted above, on each item it left unevaluated.)
  const ownTypes = new Map(rules.map((rule) => [rule.id, new Set(withAncestorTypes(rule.resourceTypeKeys))]));
  for (const entry of notEvaluated) {
    const type = typeKey(entry.resourceType);
    if (type === '*' || ownTypes.get(entry.ruleId)!.has(type)) counts.get(entry.ruleId)!.notEvaluated++;
  }
  return { findings, ...(outcomes ? { outcomes } : {}), counts, notEvaluated, evaluatedItems };
}

/**
 * A resource nested so deeply that a schema (a recursive `$ref`, say) runs out of stack on it is
 * the input's fault, not aiscan's: say which resource, in one line.
 */
function tooDeep(item: EvaluationItem, error: unknown): unknown {
  if (!(error instanceof RangeError)) return error;
  return new UserError(
    `${item.origin.file}: at ${pathToPointer(item.origin.path) || '/'}: ${item.id} is nested too deeply to evaluate (${error.message}); simplify or remove it`,
  );
}

/** One entry per rule and subscription whose data for the rule could not be read. */
function notEvaluatedScopes(
  rules: readonly CompiledRule[],
  estate: Pick<Estate, 'scopes'>,
  gaps: Map<string, Map<string, CoverageEntry>>,
): NotEvaluated[] {
  const result: NotEvaluated[] = [];
  const subscriptions = new Set([...estate.scopes.map((s) => s.subscriptionId), ...gaps.keys()].map(foldCase));
  for (const subscription of subscriptions) {
    const subscriptionGaps = gaps.get(subscription);
    if (!subscriptionGaps) continue;
    for (const rule of rules) {
      const gap = gapFor(rule, subscriptionGaps);
      if (gap) {
        result.push({
          ruleId: rule.id,
          subscriptionId: gap.subscriptionId,
          resourceType: gap.resourceType,
          reason: `${gap.resourceType} was ${gap.status}${gap.message ? `: ${gap.message}` : ''}`,
        });
      }
    }
  }
  return result;
}

function toFinding(
  rule: CompiledRule,
  item: EvaluationItem,
  document: Record<string, unknown>,
  errors: readonly ErrorObject[],
): Finding {
  // Paths into derived facts are reported as the property the rule names in `locate` (or the
  // resource itself): users read the resource, not aiscan's facts.
  const located = rule.locate ? resolveActualPath(item.document, parsePath(rule.locate)) : [];
  const failing = failingPathsOf(errors).map((path) => (path[0] === 'facts' ? located : resolveActualPath(item.document, path)));
  const pointAt = failing[0] ?? [];
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    area: rule.area,
    severity: rule.severity,
    resourceId: item.id,
    resourceType: item.type,
    resourceName: item.name,
    subscriptionId: item.subscriptionId,
    resourceGroup: item.resourceGroup,
    message: fillMessage(rule.message, document, rule.parameterValues),
    failingPaths: [...new Set(failing.filter((path) => path.length > 0).map(formatPath))],
    location: { file: item.origin.file, path: [...item.origin.path, ...pointAt] },
    fingerprint: findingFingerprint(rule.id, item.id),
  };
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else']);

/**
 * The properties an assert failed on: each error's instance path, with the missing name for
 * `required`. Errors from inside a failed `contains` are dropped: every item failing the inner
 * schema is expected; the finding is about the array.
 */
function failingPathsOf(errors: readonly ErrorObject[]): (string | number)[][] {
  const containsSchemas = errors.filter((e) => e.keyword === 'contains').map((e) => `${e.schemaPath}/`);
  const relevant = errors.filter((e) => !containsSchemas.some((prefix) => e.schemaPath.startsWith(prefix)));
  const leaves = relevant.filter((error) => !COMBINATORS.has(error.keyword));
  const chosen = leaves.length > 0 ? leaves : relevant;
  const paths = chosen.map((error) => {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    return path;
  });
  return paths.length > 0 ? paths : [[]];
}
