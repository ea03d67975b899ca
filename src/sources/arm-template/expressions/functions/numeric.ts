/**
 * Numeric functions (template-functions-numeric.md) on ARM's 64-bit integers: `div` and `mod`
 * truncate toward zero as ARM does (`div(-7, 2)` is -3, `mod(-7, 2)` is -1), computed on BigInts
 * so that no rounding of a double creeps in.
 */
import { isArray, isInteger, known, type Value } from '../values.js';
import { exactInteger, intArg, stringArg, wrongType } from './arguments.js';
import { atLeast, fn, type FunctionDefinition, type Invocation } from './function.js';

export const NUMERIC_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('add', 2, (args, at) => exactInteger(intArg(args, 0, at) + intArg(args, 1, at), at)),
  fn('sub', 2, (args, at) => exactInteger(intArg(args, 0, at) - intArg(args, 1, at), at)),
  fn('mul', 2, (args, at) => exactInteger(intArg(args, 0, at) * intArg(args, 1, at), at)),
  fn('div', 2, (args, at) => {
    const [dividend, divisor] = [intArg(args, 0, at), intArg(args, 1, at)];
    if (divisor === 0) at.fail('cannot divide by zero');
    return Number(BigInt(dividend) / BigInt(divisor));
  }),
  fn('mod', 2, (args, at) => {
    const [dividend, divisor] = [intArg(args, 0, at), intArg(args, 1, at)];
    if (divisor === 0) at.fail('cannot divide by zero');
    return Number(BigInt(dividend) % BigInt(divisor));
  }),
  fn('int', 1, ([value], at) => {
    if (isInteger(value)) return value;
    if (typeof value !== 'string' || !/^\s*[+-]?\d+\s*$/.test(value)) return wrongType(at, 0, 'an integer or a string of one', value);
    return exactInteger(Number(value.trim()), at);
  }),
  fn('float', 1, ([value], at) => {
    if (typeof value === 'number') return value;
    const parsed = typeof value === 'string' && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(value) ? Number(value) : NaN;
    return Number.isFinite(parsed) ? parsed : wrongType(at, 0, 'an integer or a string of a number', value);
  }),
  fn('min', atLeast(1), (args, at) => Math.min(...integers(args, at))),
  fn('max', atLeast(1), (args, at) => Math.max(...integers(args, at))),
  fn('copyIndex', [0, 2], (args, at) => {
    const named = typeof args[0] === 'string';
    const loopName = named ? stringArg(args, 0, at) : undefined;
    const offset = args.length > (named ? 1 : 0) ? intArg(args, named ? 1 : 0, at) : 0;
    const index = at.context.copyIndex(loopName);
    if (index === undefined) {
      return at.fail(loopName === undefined ? 'is only valid inside a copy loop' : `there is no copy loop named '${loopName}' around this expression`);
    }
    return exactInteger(index + offset, at);
  }),
];

/** `min` and `max` take integers, arrays of them, or both. */
function integers(args: readonly Value[], at: Invocation): number[] {
  const values: number[] = [];
  args.forEach((arg, index) => {
    for (const item of isArray(arg) ? arg : [arg]) {
      const value = known(item);
      if (!isInteger(value)) wrongType(at, index, 'an integer or an array of integers', isArray(arg) ? value : arg);
      values.push(value as number);
    }
  });
  if (values.length === 0) at.fail('has no integers to compare: its array is empty');
  return values;
}
