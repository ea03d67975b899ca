/**
 * A context for evaluating expressions in tests, from plain data, and a one-call evaluation of a
 * template string. Names compare ignoring case, as ARM's do.
 */
import type { DeploymentScope, ExpressionContext, UserFunction } from '../../../../src/sources/arm-template/expressions/context.js';
import { ExpressionError } from '../../../../src/sources/arm-template/expressions/errors.js';
import { evaluateTemplateString } from '../../../../src/sources/arm-template/expressions/evaluate.js';
import { Unknown, type Value } from '../../../../src/sources/arm-template/expressions/values.js';

export const SUBSCRIPTION_ID = '11111111-1111-1111-1111-111111111111';
export const RESOURCE_GROUP = 'examplegroup';

export interface TestContextOptions {
  parameters?: Record<string, Value>;
  variables?: Record<string, Value>;
  /** Copy loops from the innermost out: name and current index. */
  loops?: [string, number][];
  scope?: DeploymentScope;
  functions?: Record<string, UserFunction>;
  utcNow?: Date;
}

export function testContext(options: TestContextOptions = {}): ExpressionContext {
  const scope = options.scope ?? { kind: 'resourceGroup', subscriptionId: SUBSCRIPTION_ID, resourceGroup: RESOURCE_GROUP };
  const lookup = (record: Record<string, Value> | undefined, name: string) => {
    const key = Object.keys(record ?? {}).find((k) => k.toLowerCase() === name.toLowerCase());
    return key === undefined ? undefined : record![key];
  };
  return {
    scope,
    parameter: (name) => lookup(options.parameters, name),
    variable: (name) => lookup(options.variables, name),
    copyIndex: (loopName) => {
      const loops = options.loops ?? [];
      const loop = loopName === undefined ? loops[0] : loops.find(([name]) => name.toLowerCase() === loopName.toLowerCase());
      return loop?.[1];
    },
    deployment: () => ({ name: 'exampledeployment', properties: { templateLink: { uri: 'https://example.com/templates/main.json' } } }),
    environment: () => ({ name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } }),
    resourceGroup: () =>
      scope.kind === 'resourceGroup'
        ? { id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`, name: scope.resourceGroup!, type: 'Microsoft.Resources/resourceGroups', location: new Unknown('the resource group is not read', 'resourceGroup().location') }
        : undefined,
    subscription: () =>
      scope.kind === 'resourceGroup' || scope.kind === 'subscription'
        ? { id: `/subscriptions/${scope.subscriptionId}`, subscriptionId: scope.subscriptionId!, tenantId: '22222222-2222-2222-2222-222222222222', displayName: 'Example' }
        : undefined,
    tenant: () => ({ id: '/tenants/22222222-2222-2222-2222-222222222222', tenantId: '22222222-2222-2222-2222-222222222222' }),
    managementGroup: () => (scope.kind === 'managementGroup' ? { id: `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}`, name: scope.managementGroup! } : undefined),
    userFunction: (namespace, name) => options.functions?.[`${namespace}.${name}`],
    utcNow: () => options.utcNow,
  };
}

/** The value of a template string. */
export function run(text: string, options: TestContextOptions | ExpressionContext = {}): Value {
  const context = 'parameter' in options ? options : testContext(options);
  return evaluateTemplateString(text, context);
}

/** The message of the ExpressionError a template string raises. */
export function failure(text: string, options: TestContextOptions = {}): string {
  try {
    run(text, options);
  } catch (error) {
    if (error instanceof ExpressionError) return error.message;
    throw error;
  }
  throw new Error(`${text} evaluated without an error`);
}
