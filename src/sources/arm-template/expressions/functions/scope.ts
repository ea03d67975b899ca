/**
 * Scope functions (template-functions-scope.md): the objects for the deployment's resource group,
 * subscription, management group and tenant, as the context has them. Each is valid only at the
 * scopes ARM allows it.
 */
import { fn, type FunctionDefinition } from './function.js';

export const SCOPE_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('resourceGroup', 0, (_, at) => at.context.resourceGroup() ?? at.fail('is only valid in a deployment to a resource group')),
  fn('subscription', 0, (_, at) => at.context.subscription() ?? at.fail('is only valid in a deployment to a subscription or a resource group')),
  fn('managementGroup', 0, (_, at) => at.context.managementGroup() ?? at.fail('is only valid in a deployment to a management group')),
  fn('tenant', 0, (_, at) => at.context.tenant()),
];
