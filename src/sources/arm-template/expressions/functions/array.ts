/**
 * Array functions (template-functions-array.md). Several also take strings or objects, as the
 * string and object pages repeat (`concat`, `contains`, `empty`, `first`, `indexOf`,
 * `intersection`, `last`, `lastIndexOf`, `length`, `skip`, `take`, `union`): each is one function
 * here, for every type it takes. `min` and `max` are with the numeric functions.
 *
 * Arrays compare their elements as `equals()` does: strings exactly. Strings search ignoring case
 * in `indexOf` and `lastIndexOf`, exactly in `contains`, as ARM's reference says of each.
 */
import { foldCase } from '../../../../ids.js';
import { deepEqual, describe, isArray, isInteger, isObject, isUnknown, keyOf, known, objectFrom, type Value, type ValueObject } from '../values.js';
import { arrayArg, asText, intArg, wrongType } from './arguments.js';
import { atLeast, fn, type FunctionDefinition, type Invocation } from './function.js';

const MAX_RANGE = 10000;
const MAX_INT32 = 2147483647;

export const ARRAY_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('array', 1, ([value]) => (isArray(value) ? value : [value])),
  fn('concat', atLeast(1), (args, at) => {
    if (args.some(isArray)) {
      return args.flatMap((arg, index) => (isArray(arg) ? arg : wrongType(at, index, 'an array, as the other arguments are', arg)));
    }
    return args.map((arg, index) => (arg === null ? '' : asText(arg, at, `its ${ordinalName(index)} argument`))).join('');
  }),
  fn('contains', 2, ([container, item], at) => {
    if (typeof container === 'string') return container.includes(asText(item, at, 'the value to find in a string'));
    if (isArray(container)) return container.some((element) => deepEqual(element, item));
    if (isObject(container)) return keyOf(container, asText(item, at, "the key to find in an object")) !== undefined;
    return wrongType(at, 0, 'an array, an object or a string', container);
  }),
  fn('createArray', atLeast(0), (args) => [...args]),
  fn('empty', 1, ([value], at) => {
    if (value === null) return true;
    if (typeof value === 'string' || isArray(value)) return value.length === 0;
    if (isObject(value)) return Object.keys(value).length === 0;
    return wrongType(at, 0, 'an array, an object, a string or null', value);
  }),
  fn('first', 1, ([value], at) => {
    if (isArray(value)) return value.length > 0 ? value[0] : null;
    if (typeof value === 'string') return value.slice(0, 1);
    return wrongType(at, 0, 'an array or a string', value);
  }),
  fn('last', 1, ([value], at) => {
    if (isArray(value)) return value.length > 0 ? value[value.length - 1] : null;
    if (typeof value === 'string') return value.slice(-1);
    return wrongType(at, 0, 'an array or a string', value);
  }),
  fn('flatten', 1, (args, at) => arrayArg(args, 0, at).flatMap((element) => {
    const value = known(element);
    return isArray(value) ? value : at.fail(`takes an array of arrays, and its array holds ${describe(value)}`);
  })),
  fn('indexOf', 2, ([container, item], at) => find(container, item, at, 'first')),
  fn('lastIndexOf', 2, ([container, item], at) => find(container, item, at, 'last')),
  fn('intersection', atLeast(2), (args, at) => {
    if (isArray(args[0])) {
      const others = args.slice(1).map((_, i) => arrayArg(args, i + 1, at));
      return distinct(args[0]).filter((element) => others.every((other) => other.some((item) => deepEqual(item, element))));
    }
    if (isObject(args[0])) {
      const others = args.slice(1).map((arg, i) => (isObject(arg) ? arg : wrongType(at, i + 1, 'an object, as the first argument is', arg)));
      return objectFrom(
        Object.entries(args[0]).filter(([key, value]) =>
          others.every((other) => {
            const match = keyOf(other, key);
            return match !== undefined && deepEqual(other[match], value);
          }),
        ),
      );
    }
    return wrongType(at, 0, 'an array or an object', args[0]);
  }),
  fn('union', atLeast(2), (args, at) => {
    if (isArray(args[0])) return distinct(args.flatMap((arg, index) => (isArray(arg) ? arg : wrongType(at, index, 'an array, as the first argument is', arg))));
    if (isObject(args[0])) {
      return args.reduce<ValueObject>((merged, arg, index) => deepMerge(merged, isObject(arg) ? arg : wrongType(at, index, 'an object, as the first argument is', arg)), {});
    }
    return wrongType(at, 0, 'an array or an object', args[0]);
  }),
  fn('length', 1, ([value], at) => {
    if (typeof value === 'string' || isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    return wrongType(at, 0, 'an array, an object or a string', value);
  }),
  fn('range', 2, (args, at) => {
    const [start, count] = [intArg(args, 0, at), intArg(args, 1, at)];
    if (count < 0 || count > MAX_RANGE) at.fail(`takes a count from 0 to ${MAX_RANGE}, not ${count}`);
    if (start + count > MAX_INT32) at.fail(`needs the start index and the count to add up to no more than ${MAX_INT32}, not ${start + count}`);
    return Array.from({ length: count }, (_, i) => start + i);
  }),
  fn('skip', 2, ([value, count], at) => {
    const n = Math.max(0, intArg([value, count], 1, at));
    if (isArray(value) || typeof value === 'string') return value.slice(n);
    return wrongType(at, 0, 'an array or a string', value);
  }),
  fn('take', 2, ([value, count], at) => {
    const n = Math.max(0, intArg([value, count], 1, at));
    if (isArray(value) || typeof value === 'string') return value.slice(0, n);
    return wrongType(at, 0, 'an array or a string', value);
  }),
  // tryGet(value, key or index, ...): each step reads a property or an element, and a step that
  // finds nothing, or null, makes the result null instead of an error.
  fn('tryGet', atLeast(2), ([target, ...path], at) => {
    let current = target;
    for (const [i, step] of path.entries()) {
      if (current === null || isUnknown(current)) return current;
      if (isObject(current) && typeof step === 'string') {
        const key = keyOf(current, step);
        current = key === undefined ? null : current[key];
      } else if (isArray(current) && isInteger(step)) {
        current = step >= 0 && step < current.length ? current[step] : null;
      } else if (isObject(current) || isArray(current)) {
        return wrongType(at, i + 1, isArray(current) ? 'an integer, to index an array' : 'a string, to read an object', step);
      } else {
        return null;
      }
    }
    return current;
  }),
  // Bicep's `array[^1]` and `array[?^1]`: 1 is the last element.
  fn('indexFromEnd', 2, (args, at) => {
    const [array, fromEnd] = [arrayArg(args, 0, at), intArg(args, 1, at)];
    if (fromEnd < 1 || fromEnd > array.length) at.fail(`the index ${fromEnd} from the end is out of bounds: the array has ${array.length} element${array.length === 1 ? '' : 's'}`);
    return array[array.length - fromEnd];
  }),
  fn('tryIndexFromEnd', 2, (args, at) => {
    const [array, fromEnd] = [arrayArg(args, 0, at), intArg(args, 1, at)];
    return fromEnd >= 1 && fromEnd <= array.length ? array[array.length - fromEnd] : null;
  }),
];

function ordinalName(index: number): string {
  return ['first', 'second', 'third'][index] ?? `${index + 1}th`;
}

/** A string's index of another ignoring case, or an array's index of a value (strings exactly); -1 when absent. */
function find(container: Value, item: Value, at: Invocation, which: 'first' | 'last'): number {
  if (typeof container === 'string') {
    if (typeof item !== 'string') return wrongType(at, 1, 'a string, to find in a string', item);
    // foldCase keeps every character's length, so indexes in the folded text are indexes in the original.
    const [text, sought] = [foldCase(container), foldCase(item)];
    return which === 'first' ? text.indexOf(sought) : text.lastIndexOf(sought);
  }
  if (isArray(container)) {
    const indexes = which === 'first' ? container.keys() : [...container.keys()].reverse();
    for (const index of indexes) if (deepEqual(container[index], item)) return index;
    return -1;
  }
  return wrongType(at, 0, 'an array or a string', container);
}

function distinct(values: readonly Value[]): Value[] {
  const result: Value[] = [];
  for (const value of values) if (!result.some((kept) => deepEqual(kept, value))) result.push(value);
  return result;
}

/** `union` of objects: later keys win, and an object under a key both have is merged in turn (arrays are not). */
function deepMerge(base: ValueObject, overlay: ValueObject): ValueObject {
  return objectFrom([
    ...Object.entries(base),
    ...Object.entries(overlay).map(([key, value]): [string, Value] => {
      const existing = keyOf(base, key);
      const earlier = existing === undefined ? undefined : base[existing];
      return [key, earlier !== undefined && isObject(earlier) && isObject(value) ? deepMerge(earlier, value) : value];
    }),
  ]);
}
