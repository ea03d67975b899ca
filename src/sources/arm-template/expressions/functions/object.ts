/**
 * Object functions (template-functions-object.md). `contains`, `empty`, `intersection`,
 * `length` and `union` take arrays too and are with the array functions.
 *
 * `items` and `objectKeys` list keys in ARM's order, alphabetical in ARM's collation: ARM's
 * reference says the order is consistent, and Bicep's evaluation tests pin it (`123Key`,
 * `456Key`, `abcKey`, `ABCKey`, …).
 */
import { LenientJsonError, parseLenientJson } from '../lenient-json.js';
import { compareStrings, isObject, known, objectFrom, type Value, type ValueObject } from '../values.js';
import { arrayArg, objectArg, stringArg, wrongType } from './arguments.js';
import { atLeast, fn, type FunctionDefinition, type Invocation } from './function.js';

export const OBJECT_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('createObject', atLeast(0), (args, at) => {
    if (args.length % 2 !== 0) at.fail(`takes keys and values in pairs, and has ${args.length} argument${args.length === 1 ? '' : 's'}`);
    const entries: [string, Value][] = [];
    for (let i = 0; i < args.length; i += 2) entries.push([stringArg(args, i, at), args[i + 1]]);
    return objectFrom(entries);
  }),
  fn('items', 1, (args, at) => sortedKeys(objectArg(args, 0, at)).map(([key, value]) => objectFrom([['key', key], ['value', value]]))),
  fn('objectKeys', 1, (args, at) => sortedKeys(objectArg(args, 0, at)).map(([key]) => key)),
  fn('json', 1, (args, at) => parseJson(stringArg(args, 0, at), at)),
  fn('null', 0, () => null),
  // One level only: an object under a key both have is replaced, not merged (union() merges).
  fn('shallowMerge', 1, (args, at) => {
    const objects = arrayArg(args, 0, at).map((item) => {
      const value = known(item);
      return isObject(value) ? value : wrongType(at, 0, 'an array of objects', value);
    });
    return objectFrom(objects.flatMap((object) => Object.entries(object)));
  }),
];

function sortedKeys(object: ValueObject): [string, Value][] {
  return Object.entries(object).sort(([a], [b]) => compareStrings(a, b));
}

export function parseJson(text: string, at: Invocation): Value {
  try {
    return parseLenientJson(text);
  } catch (error) {
    if (error instanceof LenientJsonError) return at.fail(`expects its argument to be JSON: ${error.message}`);
    throw error;
  }
}
