/**
 * What an expression reads from outside itself: the template's parameters and variables, the copy
 * loop it is in, the deployment and its scope, the template's own functions. The template expander
 * implements this for each place it evaluates; the evaluator only asks.
 *
 * A method answers `undefined` for what does not exist (no such parameter, no loop of that name,
 * `resourceGroup()` in a subscription deployment), and the evaluator raises ARM's error for it. Any
 * value may be, or hold, an `Unknown`: a Key Vault reference parameter, a resource group's location.
 */
import type { Value } from './values.js';

/**
 * Where the deployment goes, and the ids that `resourceId()` and its siblings fill in when the
 * template leaves them out. An id the deployment has but the caller does not know (a template
 * scanned before anyone chose its subscription) is left out: what needs it is then Unknown.
 */
export interface DeploymentScope {
  readonly kind: 'resourceGroup' | 'subscription' | 'managementGroup' | 'tenant';
  readonly subscriptionId?: string;
  readonly resourceGroup?: string;
  readonly managementGroup?: string;
}

/** A function from the template's `functions` section. */
export interface UserFunction {
  /** Its parameters' names, in order. */
  readonly parameters: readonly string[];
  /** Its `output.value` as the template writes it: a template string, or JSON holding template strings. */
  readonly output: unknown;
}

export interface ExpressionContext {
  readonly scope: DeploymentScope;
  /** `parameters(name)`; ARM compares the name ignoring case. */
  parameter(name: string): Value | undefined;
  /** `variables(name)`; ARM compares the name ignoring case. */
  variable(name: string): Value | undefined;
  /** The current iteration of the named copy loop, or of the innermost one when no name is given. */
  copyIndex(loopName?: string): number | undefined;
  deployment(): Value;
  environment(): Value;
  resourceGroup(): Value | undefined;
  subscription(): Value | undefined;
  tenant(): Value;
  managementGroup(): Value | undefined;
  userFunction(namespace: string, name: string): UserFunction | undefined;
  /**
   * The time `utcNow()` stands for where ARM allows it (a parameter's default value). Elsewhere,
   * or left out, `utcNow()` is Unknown: the time of a future deployment is not the time of a scan.
   */
  utcNow?(): Date | undefined;
}
