/**
 * Comparison functions (template-functions-comparison.md). Strings order as ARM orders them,
 * culture-aware: `greater('A', 'a')` is true.
 */
import { compareStrings, deepEqual, describe, isUnknown, type Value } from '../values.js';
import { atLeast, fn, lazyFn, type FunctionDefinition, type Invocation } from './function.js';

export const COMPARISON_FUNCTIONS: readonly FunctionDefinition[] = [
  // The first argument that is not null; an Unknown before it might be null or not, so it decides.
  lazyFn('coalesce', atLeast(1), (args) => {
    for (const arg of args) {
      const value = arg();
      if (isUnknown(value) || value !== null) return value;
    }
    return null;
  }),
  fn('equals', 2, ([a, b]) => deepEqual(a, b)),
  fn('greater', 2, ([a, b], at) => order(a, b, at) > 0),
  fn('greaterOrEquals', 2, ([a, b], at) => order(a, b, at) >= 0),
  fn('less', 2, ([a, b], at) => order(a, b, at) < 0),
  fn('lessOrEquals', 2, ([a, b], at) => order(a, b, at) <= 0),
];

function order(a: Value, b: Value, at: Invocation): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  return at.fail(`compares two integers or two strings, not ${describe(a)} and ${describe(b)}`);
}
