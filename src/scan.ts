import type { ScopeSettings } from './config/config.js';
import { describeConfigChanges, type ConfigChange } from './config/config-changes.js';
import { hasScopes, scopeFilter } from './config/scopes.js';
import type { ScanSettings } from './config/settings.js';
import { selectRules, type RuleSelection } from './config/select-rules.js';
import type { Suppression } from './config/suppressions.js';
import type { Evaluation, ItemOutcome, OutcomeCounts, NotEvaluated, Undecided } from './engine/evaluate.js';
import type { Finding } from './engine/finding.js';
import { loadRules, type LoadRulesOptions } from './engine/load-rules.js';
import type { CompiledRule } from './engine/rule.js';
import { isGap, type CoverageEntry, type Estate, type ScannedScope, type ShardSet } from './estate.js';
import type { SuppressionStatus } from './gate/apply-suppressions.js';
import { readBaseline, type Baseline, type BaselineFinding } from './gate/baseline.js';
import { EXIT, type FailOn } from './gate/exit-code.js';
import { applyGate, NEW_ONLY_NEEDS_BASELINE, type GateMarks } from './gate/gate.js';
import { UserError } from './errors.js';
import { idKey, parseResourceId } from './ids.js';
import type { ElementIndex } from './json/element-index.js';
import { locateFindings, type LocatedRegion } from './report/locate.js';
import { loadIndexedEstate } from './sources/load-estate.js';
import { judgeShards } from './sources/shard-set.js';
import type { InputSummary, TemplateDeployment } from './sources/inputs/load-inputs.js';
import { emptyEstate, evaluateDeployments, withDeploymentScopes } from './scan-deployments.js';
import type { EvaluationItem } from './facts/items.js';
import { ruleWarnings } from './engine/check-rule-reads.js';
import { compareText } from './text/order.js';

export interface ScanOptions extends LoadRulesOptions {
  /** Estate files (snapshots, resource arrays, ARM list responses, Resource Graph results). */
  snapshots?: readonly string[];
  /** An estate already in memory (e.g. just collected); used instead of `snapshots`. */
  estate?: Estate;
  /**
   * Templates expanded into the resources their deployments would create (see
   * sources/inputs/load-inputs.ts). Each is evaluated on its own, with the estate (if any) as
   * what exists already: its joins see the estate's resources, not another template's.
   */
  deployments?: readonly TemplateDeployment[];
  /** What `aiscan scan PATH…` found: files read by kind, and those skipped (reports list them). */
  inputs?: InputSummary;
  failOn?: FailOn;
  /** Clock, injectable for reproducible output and suppression expiry. */
  now?: () => Date;
  /** Which rules run and their severity overrides (from aiscan.config.json). */
  ruleSelection?: RuleSelection;
  /** Which resources produce findings; the rest are still read for joins. */
  scopes?: ScopeSettings;
  /** The SARIF of an earlier scan (its path, or already read): findings are marked new/unchanged/updated, fixed ones listed as absent. */
  baseline?: string | Baseline;
  /** Only findings new against the baseline fail the gate. */
  newOnly?: boolean;
  suppressions?: readonly Suppression[];
  /** Keep every rule × resource outcome, passes included (the JUnit report needs them). */
  recordOutcomes?: boolean;
  /** When the built-in rules are left out: the flag or file that did it (reports list it). */
  builtinRulesOffBy?: string;
}

export interface LocatedFinding extends Finding {
  region: LocatedRegion;
}

/** A finding as the reports see it: located, and marked by the gate. */
export type GatedFinding = LocatedFinding & GateMarks;

export interface ScanResult {
  startedAt: string;
  finishedAt: string;
  files: string[];
  resourceCount: number;
  scopes: ScannedScope[];
  rules: CompiledRule[];
  findings: GatedFinding[];
  /** Findings of the baseline that this scan re-checked and no longer has. */
  absent: BaselineFinding[];
  /** Findings of the baseline that this scan could not re-check (not scanned, not read, rule not run). */
  unverified: BaselineFinding[];
  baseline?: { file: string; startedAt?: string; findingCount: number };
  newOnly: boolean;
  suppressions: SuppressionStatus[];
  /** Every rule × resource outcome, when `recordOutcomes` was set. */
  outcomes?: ItemOutcome[];
  counts: Record<string, OutcomeCounts>;
  notEvaluated: NotEvaluated[];
  /** Rules not evaluated on a template's resource because what they decide on is known only at deployment. */
  undecided: (Undecided & { region: LocatedRegion })[];
  /** Files read by kind and skipped, when the scan was given paths. */
  inputs?: InputSummary;
  gaps: CoverageEntry[];
  /**
   * Present when snapshots of a sharded collection (`aiscan collect --shard`) were scanned: whether
   * every shard of it is here. One that is not is a coverage gap (exit 3, unless findings fail the gate).
   */
  shards?: ShardSet;
  warnings: string[];
  /** What the configuration changed about the built-in checks: every report lists it. */
  configChanges: ConfigChange[];
  failOn: FailOn;
  exitCode: number;
}

/**
 * The scan options that resolved settings (defaults, then aiscan.config.json, then flags) stand
 * for: what `aiscan scan` runs with. The estate (`snapshots` or `estate`) is the caller's to add.
 */
export function scanOptionsFromSettings(settings: ScanSettings): ScanOptions {
  return {
    directories: settings.ruleFolders,
    builtin: settings.builtinRules,
    parameters: settings.parameters,
    ...(settings.configFile !== undefined ? { configFile: settings.configFile } : {}),
    ...(settings.builtinRulesOffBy !== undefined ? { builtinRulesOffBy: settings.builtinRulesOffBy } : {}),
    ruleSelection: settings.ruleSelection,
    scopes: settings.scopes,
    failOn: settings.failOn,
    ...(settings.baseline !== undefined ? { baseline: settings.baseline } : {}),
    newOnly: settings.newOnly,
    suppressions: settings.suppressions,
    recordOutcomes: settings.formats.includes('junit'),
  };
}

/** load → facts → evaluate → locate → gate. Reports are rendered from the result by report/. */
export function scan(options: ScanOptions): ScanResult {
  const clock = options.now ?? (() => new Date());
  const started = clock();
  if (options.newOnly && !options.baseline) {
    throw new UserError(NEW_ONLY_NEEDS_BASELINE);
  }
  const loaded = loadRules(options);
  const selection = selectRules(loaded, options.ruleSelection ?? {});
  const rules = selection.rules;
  const deployments = options.deployments ?? [];
  const scope = hasScopes(options.scopes) ? scopeFilter(options.scopes) : undefined;
  const { evaluation, elementIndexes, read, warnings: evaluationWarnings } = evaluateInputs(rules, deployments, scope, options);
  const baseline = typeof options.baseline === 'string' ? readBaseline(options.baseline) : options.baseline;
  const sorted = sortFindings(evaluation.findings);
  const readAs = new Map(deployments.flatMap((deployment) => (deployment.readAs ? [[deployment.readAs.file, deployment.readAs.json] as const] : [])));
  const locatedFindings = located(sorted, elementIndexes, readAs);
  const gaps = read.coverage.filter(isGap);
  const failOn = options.failOn ?? 'high';
  const rechecked = recheckedBy(rules, read.scopes, evaluation.notEvaluated, scope?.includesResource);
  const gate = applyGate(locatedFindings, { failOn, newOnly: options.newOnly, baseline, suppressions: options.suppressions, now: started, gaps, rechecked });
  const shards = read.shards ? judgeShards(read.shards) : undefined;
  return {
    startedAt: started.toISOString(),
    finishedAt: clock().toISOString(),
    files: read.files,
    resourceCount: read.resourceCount,
    scopes: read.scopes,
    rules,
    findings: gate.findings,
    absent: gate.absent,
    unverified: gate.unverified,
    ...(baseline ? { baseline: { file: baseline.file, ...(baseline.startedAt ? { startedAt: baseline.startedAt } : {}), findingCount: baseline.findings.length } } : {}),
    newOnly: options.newOnly ?? false,
    suppressions: gate.suppressions,
    ...(evaluation.outcomes ? { outcomes: evaluation.outcomes } : {}),
    counts: Object.fromEntries(evaluation.counts),
    notEvaluated: evaluation.notEvaluated,
    undecided: located(evaluation.undecided, elementIndexes, readAs),
    ...(options.inputs ? { inputs: options.inputs } : {}),
    gaps,
    ...(shards ? { shards } : {}),
    warnings: [...evaluationWarnings, ...selection.warnings, ...rules.flatMap(ruleWarnings)],
    configChanges: describeConfigChanges({
      loaded,
      selected: rules,
      ...(options.builtin === false ? { builtinRulesOffBy: options.builtinRulesOffBy ?? 'the scan options' } : {}),
      parameters: options.parameters,
      scopes: options.scopes,
      configFile: options.configFile,
    }),
    failOn,
    // A missing shard weighs as a coverage gap: below a failing finding, above a pass.
    exitCode: shards && !shards.complete && gate.exitCode === EXIT.clean ? EXIT.incomplete : gate.exitCode,
  };
}

/** What a scan's result keeps of what it read: the estate itself is not kept past the evaluation. */
interface ReadSummary {
  files: string[];
  resourceCount: number;
  scopes: ScannedScope[];
  coverage: CoverageEntry[];
  shards?: Estate['shards'];
}

/**
 * Loads the estate (unless given) and evaluates it with the deployments. The estate is let go when
 * this returns, before findings are sorted, located and gated: on a large estate it is most of the
 * heap, and every full collection in those steps would otherwise mark it again.
 */
function evaluateInputs(
  rules: readonly CompiledRule[],
  deployments: readonly TemplateDeployment[],
  scope: ReturnType<typeof scopeFilter> | undefined,
  options: ScanOptions,
): { evaluation: Evaluation; elementIndexes: ReadonlyMap<string, ElementIndex> | undefined; read: ReadSummary; warnings: string[] } {
  const { estate, elementIndexes } = options.estate
    ? { estate: options.estate, elementIndexes: undefined }
    : deployments.length > 0 && (options.snapshots ?? []).length === 0
      ? { estate: emptyEstate(), elementIndexes: undefined }
      : loadIndexedEstate(options.snapshots ?? []);
  const coverage = scope ? estate.coverage.filter((entry) => scope.includesSubscription(entry.subscriptionId)) : estate.coverage;
  const inScope = (items: EvaluationItem[]) => (scope ? items.filter((item) => scope.includesResource(item.id)) : items);
  const { evaluation, itemCount, warnings } = evaluateDeployments(rules, estate, deployments, { coverage, inScope, recordOutcomes: options.recordOutcomes });
  return {
    evaluation,
    elementIndexes,
    read: {
      files: [...estate.files, ...new Set(deployments.flatMap((deployment) => [...(deployment.files ?? [deployment.template]), ...(deployment.parameters !== undefined ? [deployment.parameters] : [])]))],
      resourceCount: estate.resources.length + deployments.reduce((sum, deployment) => sum + deployment.resources.length, 0),
      scopes: withDeploymentScopes(estate.scopes, deployments),
      coverage,
      ...(estate.shards ? { shards: estate.shards } : {}),
    },
    warnings: [...nothingEvaluatedWarning(evaluation.counts, estate, itemCount, deployments, options), ...estate.warnings, ...warnings],
  };
}

/**
 * A scan in which no rule passed or failed anywhere has checked nothing, whatever its exit code:
 * say so first, and why, so that it never reads as a clean result.
 */
function nothingEvaluatedWarning(counts: ReadonlyMap<string, OutcomeCounts>, estate: Estate, inScope: number, deployments: readonly TemplateDeployment[], options: ScanOptions): string[] {
  for (const count of counts.values()) if (count.pass + count.fail > 0) return [];
  const total = estate.resources.length + deployments.reduce((sum, deployment) => sum + deployment.resources.length, 0);
  const why =
    total === 0
      ? deployments.length > 0
        ? 'the templates and plans declare no resources'
        : 'the estate holds no resources'
      : inScope === 0
        ? `the scopes in ${options.configFile ?? 'the configuration'} leave none of its ${total} resources in scope`
        : `no rule applies to, or could be evaluated on, any of the ${inScope} resources in scope`;
  return [`nothing was evaluated: ${why}; no rule passed or failed anywhere, so this scan shows nothing to be compliant`];
}

function located<T extends Pick<Finding, 'location'>>(entries: readonly T[], elementIndexes: Parameters<typeof locateFindings>[1], readAs: ReadonlyMap<string, string>): (T & { region: LocatedRegion })[] {
  const regions = locateFindings(entries, elementIndexes, readAs);
  return entries.map((entry) => ({ ...entry, region: regions.get(entry)! }));
}

/** A baseline finding counts as fixed only where this scan ran its rule on readable data in scope. */
function recheckedBy(
  rules: readonly CompiledRule[],
  scopes: readonly ScannedScope[],
  notEvaluated: readonly NotEvaluated[],
  inScope: ((id: string) => boolean) | undefined,
): (finding: BaselineFinding) => boolean {
  const ruleIds = new Set(rules.map((rule) => rule.id));
  const subscriptions = new Set(scopes.map((scope) => scope.subscriptionId.toLowerCase()));
  const unread = new Set(notEvaluated.map((entry) => `${entry.ruleId}|${entry.subscriptionId.toLowerCase()}`));
  return (finding) => {
    const subscription = parseResourceId(finding.resourceId).subscriptionId?.toLowerCase();
    if (!ruleIds.has(finding.ruleId) || (inScope && !inScope(finding.resourceId))) return false;
    return subscription === undefined || (subscriptions.has(subscription) && !unread.has(`${finding.ruleId}|${subscription}`));
  };
}

/**
 * A stable order that does not depend on the order of the input: by rule, then by resource id
 * ignoring case. Each finding's id key is made once, not once per comparison (a sort of 47,000
 * findings makes about 1.5 million comparisons).
 */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const keyed = findings.map((finding) => ({ finding, resource: idKey(finding.resourceId) }));
  keyed.sort((a, b) => compareText(a.finding.ruleId, b.finding.ruleId) || compareText(a.resource, b.resource));
  return keyed.map(({ finding }) => finding);
}
