import type { ValidateFunction } from 'ajv';
import type { RuleDecides } from './unknown-values.js';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export interface RuleReference {
  kind: 'azure-policy' | 'psrule' | 'checkov' | 'mcsb' | 'cis' | 'docs' | 'none';
  id: string;
  title?: string;
  url?: string;
}

export interface RuleParameter {
  description: string;
  default: unknown;
  schema?: object;
}

export interface RuleRemediation {
  summary: string;
  portal?: string;
  cli?: string;
  bicep?: string;
}

/** A rule as loaded from its file under rules/<area>/ (`remediation` given as a string is read as its summary). */
export interface RuleDefinition {
  id: string;
  name: string;
  title: string;
  severity: Severity;
  resourceTypes: string[];
  requires?: string[];
  when?: object;
  assert: object;
  locate?: string;
  message: string;
  description: string;
  rationale?: string;
  remediation: RuleRemediation;
  /** The rule's own documentation (https); SARIF and the reports link to it. Built-in rules without one link to docs/rules/<ID>.md. */
  helpUri?: string;
  parameters?: Record<string, RuleParameter>;
  references?: RuleReference[];
  tags?: string[];
}

/** A rule file as written: `remediation` may be just the summary. */
export type RuleFile = Omit<RuleDefinition, 'remediation'> & { remediation: string | RuleRemediation };

/** A rule ready to run: its schemas compiled once with its parameter values in place. */
export interface CompiledRule extends RuleDefinition {
  area: string;
  /** The rule file, for error messages and docs. */
  file: string;
  /** One of the rules shipped with aiscan (reports list what the configuration changed about them). */
  builtin?: boolean;
  parameterValues: Record<string, unknown>;
  resourceTypeKeys: string[];
  requiredTypeKeys: string[];
  whenValidator?: ValidateFunction;
  assertValidator: ValidateFunction;
  /** Property names the schemas use, for matching the resource's keys ignoring case. */
  propertyNames: Set<string>;
  /** What `when` and `assert` decide on: a value unknown there leaves the rule not evaluated on the item. */
  decides: { when: RuleDecides; assert: RuleDecides };
  /** Its warnings (ruleWarnings), when they were found as it was compiled: none, for a rule of the built pack that has none. */
  warnings?: readonly string[];
}

export function severityRank(severity: Severity | 'none'): number {
  return severity === 'none' ? -1 : SEVERITIES.length - SEVERITIES.indexOf(severity);
}
