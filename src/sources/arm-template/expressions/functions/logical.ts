/**
 * Logical functions (template-functions-logical.md). `and`, `or` and `if` evaluate their
 * arguments only as far as the result needs: a known false ends `and`, a known true ends `or`,
 * and `if` evaluates only the branch its condition picks, so an Unknown or a failure elsewhere
 * does not reach the result.
 */
import { isUnknown, type Unknown, type Value } from '../values.js';
import { boolArg, wrongType } from './arguments.js';
import { atLeast, fn, lazyFn, type FunctionDefinition, type Invocation } from './function.js';

export const LOGICAL_FUNCTIONS: readonly FunctionDefinition[] = [
  lazyFn('and', atLeast(2), (args, at) => shortCircuit(args, at, false)),
  lazyFn('or', atLeast(2), (args, at) => shortCircuit(args, at, true)),
  fn('bool', 1, ([value], at) => {
    if (typeof value === 'boolean') return value;
    if (typeof value === 'number' && Number.isInteger(value)) return value !== 0;
    if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
    return wrongType(at, 0, "'true', 'false', an integer or a boolean", value);
  }),
  fn('not', 1, (args, at) => !boolArg(args, 0, at)),
  fn('true', 0, () => true),
  fn('false', 0, () => false),
  lazyFn('if', 3, ([condition, whenTrue, whenFalse], at) => {
    const value = condition();
    if (isUnknown(value)) return value;
    if (typeof value !== 'boolean') return wrongType(at, 0, 'a boolean', value);
    return value ? whenTrue() : whenFalse();
  }),
];

/** `and` stops at the first known false, `or` at the first known true; otherwise an Unknown argument leaves the result Unknown. */
function shortCircuit(args: readonly (() => Value)[], at: Invocation, decisive: boolean): Value {
  let unknown: Unknown | undefined;
  for (const [index, arg] of args.entries()) {
    const value = arg();
    if (isUnknown(value)) {
      unknown ??= value;
      continue;
    }
    if (typeof value !== 'boolean') return wrongType(at, index, 'a boolean', value);
    if (value === decisive) return decisive;
  }
  return unknown ?? !decisive;
}
