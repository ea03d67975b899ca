import type { OutcomeCounts, NotEvaluated } from './engine/evaluate.js';
import { evaluate } from './engine/evaluate.js';
import type { Finding } from './engine/finding.js';
import { loadRules, type LoadRulesOptions } from './engine/load-rules.js';
import type { CompiledRule } from './engine/rule.js';
import { isGap, type CoverageEntry, type Estate, type ScannedScope } from './estate.js';
import { enrichEstate } from './facts/enrich.js';
import { exitCodeFor, type FailOn } from './gate/exit-code.js';
import { idKey } from './ids.js';
import { locateFindings, type LocatedRegion } from './report/locate.js';
import { loadEstate } from './sources/load-estate.js';

export interface ScanOptions extends LoadRulesOptions {
  /** Estate files (snapshots, resource arrays, ARM list responses, Resource Graph results). */
  snapshots?: readonly string[];
  /** An estate already in memory (e.g. just collected); used instead of `snapshots`. */
  estate?: Estate;
  failOn?: FailOn;
  /** Clock, injectable for reproducible output. */
  now?: () => Date;
}

export interface LocatedFinding extends Finding {
  region: LocatedRegion;
}

export interface ScanResult {
  startedAt: string;
  finishedAt: string;
  files: string[];
  resourceCount: number;
  scopes: ScannedScope[];
  rules: CompiledRule[];
  findings: LocatedFinding[];
  counts: Record<string, OutcomeCounts>;
  notEvaluated: NotEvaluated[];
  gaps: CoverageEntry[];
  warnings: string[];
  failOn: FailOn;
  exitCode: number;
}

/** load → facts → evaluate → locate → gate. Reports are rendered from the result by report/. */
export function scan(options: ScanOptions): ScanResult {
  const now = options.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const rules = loadRules(options);
  const estate = options.estate ?? loadEstate(options.snapshots ?? []);
  const items = enrichEstate(estate);
  const evaluation = evaluate(rules, items, estate);
  const sorted = [...evaluation.findings].sort(compareFindings);
  const regions = locateFindings(sorted);
  const findings = sorted.map((finding) => ({ ...finding, region: regions.get(finding)! }));
  const gaps = estate.coverage.filter(isGap);
  const failOn = options.failOn ?? 'high';
  return {
    startedAt,
    finishedAt: now().toISOString(),
    files: estate.files,
    resourceCount: estate.resources.length,
    scopes: estate.scopes,
    rules,
    findings,
    counts: Object.fromEntries(evaluation.counts),
    notEvaluated: evaluation.notEvaluated,
    gaps,
    warnings: estate.warnings,
    failOn,
    exitCode: exitCodeFor(findings, failOn, gaps),
  };
}

/** A stable order that does not depend on the order of the input. */
function compareFindings(a: Finding, b: Finding): number {
  return a.ruleId.localeCompare(b.ruleId) || idKey(a.resourceId).localeCompare(idKey(b.resourceId));
}
