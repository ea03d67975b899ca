import type { ValidateFunction } from 'ajv';

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

/** A rule file as written under rules/<area>/. */
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
  remediation: { summary: string; portal?: string; cli?: string; bicep?: string };
  parameters?: Record<string, RuleParameter>;
  references?: RuleReference[];
  tags?: string[];
}

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
}

export function severityRank(severity: Severity | 'none'): number {
  return severity === 'none' ? -1 : SEVERITIES.length - SEVERITIES.indexOf(severity);
}
