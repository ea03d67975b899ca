/**
 * An accepted risk: findings of `rule` on `resource` (each an id or a glob) do not fail the gate
 * until the end of `expires`, or ever when `permanent`. Config files declare them
 * (config/suppressions.ts reads them); the gate applies them.
 */
export interface SuppressionEntry {
  rule: string;
  resource: string;
  justification: string;
  expires?: string;
  permanent?: boolean;
  approvedBy?: string;
  owner?: string;
  ticket?: string;
}

export interface Suppression extends SuppressionEntry {
  /** Where it is declared, `file#/json/pointer`, so a report can send the reader to it. */
  source: string;
}
