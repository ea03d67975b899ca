/** aiscan's programmatic API: `scan(options)` → `ScanResult`, and the renderers for its reports. */
export { scan, type ScanOptions, type ScanResult, type LocatedFinding } from './scan.js';
export { loadEstate } from './sources/load-estate.js';
export { loadRules } from './engine/load-rules.js';
export { enrichEstate } from './facts/enrich.js';
export { evaluate } from './engine/evaluate.js';
export { renderReports, REPORT_FORMATS, type ReportFormat } from './report/formats.js';
export { renderSarif } from './report/sarif.js';
export { exitCodeFor, EXIT } from './gate/exit-code.js';
export { UserError } from './errors.js';
export type { Estate, ArmResource, CoverageEntry } from './estate.js';
export type { Finding } from './engine/finding.js';
export type { CompiledRule, RuleDefinition } from './engine/rule.js';
