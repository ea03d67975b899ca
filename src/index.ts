/**
 * aiscan's programmatic API, documented in docs/api.md (examples/api/scan.mjs runs it). What a
 * script needs to do what the CLI does: load rules and estates, collect from Azure, scan, gate,
 * render and write reports, and run rule tests. Everything else under src/ is internal and may
 * change between versions.
 */

// Rules
export { loadRules, type LoadRulesOptions } from './engine/load-rules.js';
export { ruleWarnings } from './engine/check-rule-reads.js';
export type { CompiledRule, RuleDefinition, Severity } from './engine/rule.js';
export { runRuleTests, ruleTestsExitCode, type RuleTestResult, type RuleTestStatus, type CaseResult } from './rule-tests/run-tests.js';
export { formatRuleTests } from './rule-tests/report.js';

// Estates: snapshots, resource arrays, ARM list responses and Resource Graph results, from files or Azure
export { loadEstate } from './sources/load-estate.js';
export { collect, type CollectRequest } from './collect.js';
export type { ClusterRequest } from './sources/kubernetes/live/collect-clusters.js';
export type { KubeconfigRequest } from './sources/kubernetes/live/kubeconfig.js';
export type { CollectResult } from './sources/azure/collect.js';
export type { ProgressReporter } from './sources/azure/progress.js';
export type { CloudName } from './sources/azure/choices.js';
export type { CollectEngine, RetrySettings } from './sources/azure/collect-options.js';
export type { Estate, EstateResource, ArmResource, CoverageEntry, CoverageStatus, ScannedScope, JsonPath, Declaration, UnknownValue } from './estate.js';

// Templates: ARM templates with their parameter files, and Bicep files, as the deployments they describe
export { loadInputs, type InputOptions, type InputSummary, type LoadedInputs, type TemplateDeployment } from './sources/inputs/load-inputs.js';

// Scanning, with the settings aiscan.config.json gives
export { scan, scanOptionsFromSettings, type ScanOptions, type ScanResult, type LocatedFinding, type GatedFinding } from './scan.js';
export { resolveScanSettings, type ScanFlags, type ScanSettings } from './config/settings.js';
export type { Finding } from './engine/finding.js';
export type { NotEvaluated, OutcomeCounts, Undecided } from './engine/evaluate.js';

// Gating
export { applyGate, type GateOptions, type GateResult, type GateMarks } from './gate/gate.js';
export { readBaseline, type Baseline, type BaselineFinding } from './gate/baseline.js';
export { exitCodeFor, EXIT, FAIL_ON_CHOICES, type FailOn } from './gate/exit-code.js';

// Reports
export { renderReports, REPORT_FORMATS, DEFAULT_FORMATS, type ReportFormat, type ReportOptions } from './report/formats.js';
export { writeReports } from './report/write-reports.js';
export { renderSarif } from './report/sarif.js';
export { renderTerminal } from './report/terminal.js';
/** Makes text read from an estate, a rule or a template safe to print on a terminal (one line, no control sequences). */
export { terminalText } from './text/terminal-text.js';

// Errors: every problem with an input (a file, a rule, a flag, a scope) is a UserError with a one-line message
export { UserError, isUserError } from './errors.js';
