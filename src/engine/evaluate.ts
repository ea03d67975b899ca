import type { ErrorObject, ValidateFunction } from 'ajv';
import { pathToPointer, pointerToPath } from '../ajv.js';
import { UserError } from '../errors.js';
import { declaredPath, isGap, type CoverageEntry, type Estate, type JsonPath, type ResourceOrigin, type UnknownValue } from '../estate.js';
import type { EvaluationItem } from '../facts/items.js';
import { itemTypeKey } from '../facts/items.js';
import { ownAt, resolveActualPath } from '../facts/read.js';
import { foldCase, idKey, typeKey } from '../ids.js';
import { addTo } from '../multimap.js';
import { canonicalView, vocabularyOf } from './canonical-keys.js';
import { findingFingerprint, formatPath, parsePath, type Finding } from './finding.js';
import { isRecord } from '../json/is-record.js';
import { fillMessage } from './message.js';
import { withAncestorTypes } from './required-types.js';
import type { CompiledRule } from './rule.js';
import { madeValidator } from './rule-pack.js';
import { decidingUnknown, failsOnKnownValues, type RuleDecides, type UnknownFacts } from './unknown-values.js';

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

/** A rule not evaluated on one item because what it decides on is known only at deployment. */
export interface Undecided {
  ruleId: string;
  resourceId: string;
  resourceType: string;
  resourceName: string;
  /** The expression whose value is unknown, and why. */
  expression: string;
  reason: string;
  /** Where the value would be, relative to the item's document. */
  path: JsonPath;
  /** Where to point: the expression in the template, or the resource's declaration (as Finding.location). */
  location: Finding['location'];
}

export interface EvaluateOptions {
  recordOutcomes?: boolean;
  /** For an item, which facts an unknown value may change (template resources and what they join). */
  unknownFacts?: (item: EvaluationItem) => UnknownFacts | undefined;
  /**
   * Count a coverage gap of a rule's own types once per rule and subscription (default). Off when
   * the same estate's gaps were counted by an evaluation before (a template deployment's).
   */
  countScopeGaps?: boolean;
}

export interface Evaluation {
  findings: Finding[];
  /** Present when `recordOutcomes` was asked for. */
  outcomes?: ItemOutcome[];
  counts: Map<string, OutcomeCounts>;
  notEvaluated: NotEvaluated[];
  undecided: Undecided[];
  /** Items that at least one rule applied to. */
  evaluatedItems: number;
}

/** A rule with its validators as made, for running on many items. */
interface RuleRunner {
  rule: CompiledRule;
  when: ValidateFunction | undefined;
  assert: ValidateFunction;
}

export function emptyCounts(): OutcomeCounts {
  return { pass: 0, fail: 0, notApplicable: 0, notEvaluated: 0 };
}

/** Coverage gaps indexed by subscription and lower-cased type; `*` stands for every type. Gaps confined to a resource are not here (see scopedGapIndex). */
function gapIndex(coverage: readonly CoverageEntry[]): Map<string, Map<string, CoverageEntry>> {
  const gaps = new Map<string, Map<string, CoverageEntry>>();
  for (const entry of coverage) {
    if (!isGap(entry) || entry.scope !== undefined) continue;
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

interface ScopedGap {
  /** idKey of the resource the gap is confined to. */
  scope: string;
  type: string;
  entry: CoverageEntry;
}

/** Gaps confined to one resource (a cluster read inside), by subscription. */
function scopedGapIndex(coverage: readonly CoverageEntry[]): Map<string, ScopedGap[]> {
  const gaps = new Map<string, ScopedGap[]>();
  for (const entry of coverage) {
    if (isGap(entry) && entry.scope !== undefined) addTo(gaps, foldCase(entry.subscriptionId), { scope: idKey(entry.scope), type: typeKey(entry.resourceType), entry });
  }
  return gaps;
}

/** A gap confined to the item or a resource above it, in a type the rule needs. */
function scopedGapFor(rule: CompiledRule, gaps: readonly ScopedGap[] | undefined, itemKey: string): CoverageEntry | undefined {
  if (!gaps) return undefined;
  for (const gap of gaps) {
    if ((itemKey === gap.scope || itemKey.startsWith(`${gap.scope}/`)) && (gap.type === '*' || rule.requiredTypeKeys.includes(gap.type))) return gap.entry;
  }
  return undefined;
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
  // Each type's rules with their validators made, on the type's first item: a rule of a type the
  // estate does not hold never loads its validators.
  const runnersByType = new Map<string, RuleRunner[]>();
  const runnersFor = (type: string): RuleRunner[] | undefined => {
    let runners = runnersByType.get(type);
    if (!runners) {
      const typeRules = rulesByType.get(type);
      if (!typeRules) return undefined;
      runners = typeRules.map((rule) => ({ rule, when: rule.whenValidator && madeValidator(rule.whenValidator), assert: madeValidator(rule.assertValidator) }));
      runnersByType.set(type, runners);
    }
    return runners;
  };
  const vocabulary = vocabularyOf(rules.flatMap((rule) => [...rule.propertyNames]));
  const gaps = gapIndex(estate.coverage);
  const scopedGaps = scopedGapIndex(estate.coverage);
  // Something above every subscription (a role assignment on a management group) depends on all
  // of them: a gap in any subscription leaves it not evaluated.
  const gapsAnywhere = mergedGaps(gaps);
  const counts = new Map(rules.map((rule) => [rule.id, emptyCounts()]));
  const findings: Finding[] = [];
  const undecided: Undecided[] = [];
  // `outcomes?.push(…)` does not even build its argument when outcomes is undefined.
  const outcomes: ItemOutcome[] | undefined = options.recordOutcomes ? [] : undefined;
  let evaluatedItems = 0;

  for (const item of items) {
    const applicable = runnersFor(itemTypeKey(item));
    if (!applicable) continue;
    evaluatedItems++;
    try {
      const document = { ...canonicalView(item.document, vocabulary), facts: item.facts };
      const subscriptionGaps = item.subscriptionId ? gaps.get(foldCase(item.subscriptionId)) : gapsAnywhere;
      const itemScopedGaps = item.subscriptionId ? scopedGaps.get(foldCase(item.subscriptionId)) : undefined;
      const unknownFacts = options.unknownFacts?.(item);
      const mayBeUnknown = item.unknown !== undefined || unknownFacts !== undefined;
      const unknownIn = (decides: RuleDecides) => decidingUnknown(decides, item.unknown ?? [], unknownFacts);
      const knownFailure = (errors: readonly ErrorObject[]) => failsOnKnownValues(errors, item.unknown ?? [], unknownFacts);
      for (const { rule, when, assert } of applicable) {
        const ruleCounts = counts.get(rule.id)!;
        if (gapFor(rule, subscriptionGaps) || (itemScopedGaps && scopedGapFor(rule, itemScopedGaps, idKey(item.id)))) {
          ruleCounts.notEvaluated++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'notEvaluated' });
          continue;
        }
        const unknown = mayBeUnknown ? unknownDecision(rule, document, unknownIn, knownFailure) : undefined;
        if (unknown) {
          ruleCounts.notEvaluated++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'notEvaluated' });
          undecided.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, resourceName: item.name, expression: unknown.expression, reason: unknown.reason, path: unknown.path, location: unknownLocation(item, unknown) });
          continue;
        }
        if (when && !when(document)) {
          ruleCounts.notApplicable++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'notApplicable' });
          continue;
        }
        if (assert(document)) {
          ruleCounts.pass++;
          outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'pass' });
          continue;
        }
        ruleCounts.fail++;
        outcomes?.push({ ruleId: rule.id, resourceId: item.id, resourceType: item.type, outcome: 'fail' });
        findings.push(toFinding(rule, item, document, assert.errors ?? []));
      }
    } catch (error) {
      throw tooDeep(item, error);
    }
  }

  const notEvaluated = [...notEvaluatedScopes(rules, estate, gaps), ...notEvaluatedInScopedGaps(rules, scopedGaps)];
  // A gap in the rule's own resource types, or in a type they are read through (an agent pool's
  // cluster), leaves nothing to count item by item: count the scope. (A gap in another type it
  // requires was counted above, on each item it left unevaluated.)
  const ownTypes = new Map(rules.map((rule) => [rule.id, new Set(withAncestorTypes(rule.resourceTypeKeys))]));
  for (const entry of options.countScopeGaps === false ? [] : notEvaluated) {
    const type = typeKey(entry.resourceType);
    if (type === '*' || ownTypes.get(entry.ruleId)!.has(type)) counts.get(entry.ruleId)!.notEvaluated++;
  }
  return { findings, ...(outcomes ? { outcomes } : {}), counts, notEvaluated, undecided, evaluatedItems };
}

/**
 * The unknown value a rule's outcome on the item hangs on, if any. `when` first: a rule that does
 * not apply to the item for what is known needs nothing unknown.
 */
function unknownDecision(
  rule: CompiledRule,
  document: Record<string, unknown>,
  unknownIn: (decides: RuleDecides) => UnknownValue | undefined,
  knownFailure: (errors: readonly ErrorObject[]) => boolean,
): UnknownValue | undefined {
  if (rule.whenValidator) {
    const unknownWhen = unknownIn(rule.decides.when);
    // Not applicable whatever the unknown values are: the known ones already fail `when`.
    if (!rule.whenValidator(document) && (!unknownWhen || knownFailure(rule.whenValidator.errors ?? []))) return undefined;
    if (unknownWhen) return unknownWhen;
  }
  return unknownIn(rule.decides.assert);
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
          reason: gapReason(gap),
        });
      }
    }
  }
  return result;
}

function gapReason(entry: CoverageEntry): string {
  return `${entry.resourceType} was ${entry.status}${entry.message ? `: ${entry.message}` : ''}`;
}

/** One entry per rule and type a confined gap leaves unread, naming where (its message names the cluster). */
function notEvaluatedInScopedGaps(rules: readonly CompiledRule[], scopedGaps: Map<string, ScopedGap[]>): NotEvaluated[] {
  const result: NotEvaluated[] = [];
  for (const gaps of scopedGaps.values()) {
    for (const rule of rules) {
      for (const gap of gaps) {
        if (gap.type !== '*' && !rule.requiredTypeKeys.includes(gap.type)) continue;
        const { entry } = gap;
        result.push({ ruleId: rule.id, subscriptionId: entry.subscriptionId, resourceType: entry.resourceType, reason: gapReason(entry) });
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
  const failing = failingPathsOf(errors).flatMap(({ path, everyElement }) => {
    if (path[0] !== 'facts') return [resolveActualPath(item.document, path)];
    // A list of a fact that must be empty fails at each of its entries: each says where it is written.
    const entries = everyElement ? ownAt(document, path) : undefined;
    const paths = Array.isArray(entries) && entries.length > 0 ? entries.map((_, index) => [...path, index]) : [path];
    return paths.map((entry) => writtenAt(document, entry) ?? located);
  });
  const pointAt = failing[0] ?? [];
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    area: rule.area,
    severity: rule.severity,
    resourceId: item.id,
    resourceType: item.type,
    resourceName: item.name,
    ...(item.origin.declared ? { declaredAs: item.origin.declared.as } : {}),
    subscriptionId: item.subscriptionId,
    resourceGroup: item.resourceGroup,
    message: fillMessage(rule.message, document, rule.parameterValues) + copyNote(item),
    failingPaths: [...new Set(failing.filter((path) => path.length > 0).map(formatPath))],
    location: locationOf(item.origin, [...item.origin.path, ...pointAt]),
    fingerprint: findingFingerprint(rule.id, identityOf(item), item.origin.declared?.parameters),
  };
}

/**
 * A fact that says where in the resource it was read (`at`: a Kubernetes container's path in its
 * manifest) is located there: the failing value's own `at`, else the nearest one above it (a
 * failing list of tolerations points at the pod template that holds it).
 */
function writtenAt(document: Record<string, unknown>, path: JsonPath): JsonPath | undefined {
  let value: unknown = document;
  let found: JsonPath | undefined;
  for (const segment of path) {
    value = ownAt(value, [segment]);
    found = atOf(value) ?? found;
  }
  return found;
}

function atOf(value: unknown): JsonPath | undefined {
  if (!isRecord(value) || !Array.isArray(value.at)) return undefined;
  return value.at.every((segment) => typeof segment === 'string' || typeof segment === 'number') ? (value.at as JsonPath) : undefined;
}

/** The item as fingerprints know it: its id, or for a resource whose id may change, its key and, for a part of it (a pool), the part's type and name. */
function identityOf(item: EvaluationItem): string {
  const key = item.origin.declared?.key;
  return key === undefined ? item.id : `${key}|${itemTypeKey(item)}|${item.name}`;
}

/**
 * Copies of a template's `copy` loop share one declaration, and so one line: the message tells them
 * apart. A Terraform module's resource is located in the module's source: the message names the call.
 */
function copyNote(item: EvaluationItem): string {
  const { copy, module } = item.origin.declared ?? {};
  const notes = [...(copy ? [`copy ${copy.index} of loop ${JSON.stringify(copy.name)}`] : []), ...(module !== undefined ? [`declared in ${module}`] : [])];
  return notes.length > 0 ? ` (${notes.join('; ')})` : '';
}

/** Where an unknown value is written: in the item's own declaration, or in the joined resource's a fact read it from. */
function unknownLocation(item: EvaluationItem, unknown: UnknownValue): Finding['location'] {
  const origin = unknown.heldBy ?? item.origin;
  return locationOf(origin, [...origin.path, ...(unknown.writtenAt ?? unknown.path)]);
}

function locationOf(origin: ResourceOrigin, path: JsonPath): Finding['location'] {
  const written = declaredPath(origin, path);
  return { file: origin.file, path: written, ...declaredLine(origin, written) };
}

/**
 * A resource declared in a file that is not JSON (Bicep, a `.tf` file) is found by line: the line
 * where the value at `path` is written when the file says (the longest written part of it), else
 * the statement's.
 */
function declaredLine(origin: ResourceOrigin, path: JsonPath): { line?: number; column?: number } {
  const declared = origin.declared;
  if (declared?.line === undefined) return {};
  let best: { path: JsonPath; line: number; column: number } | undefined;
  for (const entry of declared.lines ?? []) {
    if (entry.path.length <= path.length && entry.path.every((segment, index) => path[index] === segment) && (!best || entry.path.length > best.path.length)) best = entry;
  }
  if (best) return { line: best.line, column: best.column };
  return { line: declared.line, ...(declared.column !== undefined ? { column: declared.column } : {}) };
}

const COMBINATORS = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'then', 'else']);

/**
 * The properties an assert failed on: each error's instance path, with the missing name for
 * `required`. Errors from inside a failed `contains` are dropped: every item failing the inner
 * schema is expected; the finding is about the array.
 * `everyElement`: the array there had to be empty (`maxItems: 0`), so each of its elements fails.
 */
function failingPathsOf(errors: readonly ErrorObject[]): { path: (string | number)[]; everyElement: boolean }[] {
  const containsSchemas = errors.filter((e) => e.keyword === 'contains').map((e) => `${e.schemaPath}/`);
  const relevant = errors.filter((e) => !containsSchemas.some((prefix) => e.schemaPath.startsWith(prefix)));
  const leaves = relevant.filter((error) => !COMBINATORS.has(error.keyword));
  const chosen = leaves.length > 0 ? leaves : relevant;
  const paths = chosen.map((error) => {
    const path = pointerToPath(error.instancePath);
    if (error.keyword === 'required') path.push(String(error.params.missingProperty));
    return { path, everyElement: error.keyword === 'maxItems' && error.params.limit === 0 };
  });
  return paths.length > 0 ? paths : [{ path: [], everyElement: false }];
}
