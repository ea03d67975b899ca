/**
 * Every function ARM template expressions can call, by name ignoring case as ARM matches them,
 * grouped as ARM's reference groups them (template-functions-*.md), one file per group.
 * `lambda` and `lambdaVariables` are syntax the evaluator reads itself.
 */
import { ARRAY_FUNCTIONS } from './array.js';
import { CIDR_FUNCTIONS } from './cidr.js';
import { COMPARISON_FUNCTIONS } from './comparison.js';
import { DATE_FUNCTIONS } from './date.js';
import { DEPLOYMENT_FUNCTIONS } from './deployment.js';
import type { FunctionDefinition } from './function.js';
import { LAMBDA_FUNCTIONS as LAMBDA_GROUP } from './lambda.js';
import { LOGICAL_FUNCTIONS } from './logical.js';
import { NUMERIC_FUNCTIONS } from './numeric.js';
import { OBJECT_FUNCTIONS } from './object.js';
import { listFunction, RESOURCE_FUNCTIONS } from './resource.js';
import { SCOPE_FUNCTIONS } from './scope.js';
import { STRING_FUNCTIONS } from './string.js';

export const FUNCTIONS: readonly FunctionDefinition[] = [
  ...ARRAY_FUNCTIONS,
  ...CIDR_FUNCTIONS,
  ...COMPARISON_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...DEPLOYMENT_FUNCTIONS,
  ...LAMBDA_GROUP,
  ...LOGICAL_FUNCTIONS,
  ...NUMERIC_FUNCTIONS,
  ...OBJECT_FUNCTIONS,
  ...RESOURCE_FUNCTIONS,
  ...SCOPE_FUNCTIONS,
  ...STRING_FUNCTIONS,
];

/** The functions a `lambda(...)` may be an argument of, for the message when one stands elsewhere. */
export const LAMBDA_FUNCTIONS: readonly string[] = LAMBDA_GROUP.map((definition) => `${definition.name}()`);

const BY_NAME = new Map(FUNCTIONS.map((definition) => [definition.name.toLowerCase(), definition]));

export function findFunction(name: string): FunctionDefinition | undefined {
  return BY_NAME.get(name.toLowerCase()) ?? (/^list/i.test(name) ? listFunction(name) : undefined);
}
