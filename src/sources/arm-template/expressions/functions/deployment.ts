/**
 * Deployment value functions (template-functions-deployment.md): what the context holds for the
 * deployment, its parameters and its variables.
 */
import { stringArg } from './arguments.js';
import { fn, type FunctionDefinition } from './function.js';

export const DEPLOYMENT_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('deployment', 0, (_, at) => at.context.deployment()),
  // The principal that runs the deployment: a pipeline's, a person's; no scan can know which.
  fn('deployer', 0, (_, at) => at.unknown('deployer() is the principal that runs the deployment')),
  fn('environment', 0, (_, at) => at.context.environment()),
  fn('parameters', 1, (args, at) => {
    const name = stringArg(args, 0, at);
    // null is a value (an optional parameter left out); only undefined means no such parameter.
    const value = at.context.parameter(name);
    return value !== undefined ? value : at.fail(`the template parameter '${name}' is not found`);
  }),
  fn('variables', 1, (args, at) => {
    const name = stringArg(args, 0, at);
    const value = at.context.variable(name);
    return value !== undefined ? value : at.fail(`the template variable '${name}' is not found`);
  }),
];
