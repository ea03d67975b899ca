/**
 * Lambda functions (template-functions-lambda.md): each applies `lambda(...)` arguments to the
 * elements of an array or the values of an object. `map`, `filter` and `reduce` pass the
 * element's index as well when the lambda names a variable for it, as Bicep's `(item, i) => …`.
 *
 * An element the lambda cannot know leaves its own result Unknown (`map`), or the whole result
 * where the result depends on it (a `filter` predicate, a `sort` comparison, a key).
 */
import { foldCase } from '../../../../ids.js';
import { describe, known, objectFrom, type Value } from '../values.js';
import { arrayArg, lambdaArg, objectArg, valueArg } from './arguments.js';
import { lambdaFn, type FunctionDefinition, type Invocation, type Lambda } from './function.js';

export const LAMBDA_FUNCTIONS: readonly FunctionDefinition[] = [
  lambdaFn('filter', 2, (args, at) => {
    const [array, predicate] = [arrayArg(args, 0, at), lambdaArg(args, 1, at, [1, 2])];
    return array.filter((item, index) => bool(predicate.call(withIndex(predicate, [item], index)), at));
  }),
  lambdaFn('map', 2, (args, at) => {
    const [array, mapping] = [arrayArg(args, 0, at), lambdaArg(args, 1, at, [1, 2])];
    return array.map((item, index) => mapping.call(withIndex(mapping, [item], index)));
  }),
  lambdaFn('reduce', 3, (args, at) => {
    const [array, initial, combine] = [arrayArg(args, 0, at), valueArg(args, 1, at), lambdaArg(args, 2, at, [2, 3])];
    return array.reduce<Value>((current, next, index) => combine.call(withIndex(combine, [current, next], index)), initial);
  }),
  // The lambda says whether its first argument goes before its second.
  lambdaFn('sort', 2, (args, at) => {
    const [array, before] = [arrayArg(args, 0, at), lambdaArg(args, 1, at, [2])];
    return [...array].sort((a, b) => (bool(before.call([a, b]), at) ? -1 : bool(before.call([b, a]), at) ? 1 : 0));
  }),
  lambdaFn('toObject', [2, 3], (args, at) => {
    const array = arrayArg(args, 0, at);
    const key = lambdaArg(args, 1, at, [1]);
    const value = args.length > 2 ? lambdaArg(args, 2, at, [1]) : undefined;
    return objectFrom(array.map((item) => [text(key.call([item]), at), value ? value.call([item]) : item]));
  }),
  lambdaFn('groupBy', [2, 3], (args, at) => {
    const array = arrayArg(args, 0, at);
    const key = lambdaArg(args, 1, at, [1]);
    const value = args.length > 2 ? lambdaArg(args, 2, at, [1]) : undefined;
    // Keys that differ only in case are one key, as everywhere in ARM's objects: the first spelling names the group.
    const groups = new Map<string, [string, Value[]]>();
    for (const item of array) {
      const name = text(key.call([item]), at);
      const group = groups.get(foldCase(name)) ?? [name, []];
      group[1].push(value ? value.call([item]) : item);
      groups.set(foldCase(name), group);
    }
    return objectFrom(groups.values());
  }),
  lambdaFn('mapValues', 2, (args, at) => {
    const [object, mapping] = [objectArg(args, 0, at), lambdaArg(args, 1, at, [1])];
    return objectFrom(Object.entries(object).map(([key, item]) => [key, mapping.call([item])]));
  }),
];

function withIndex(lambda: Lambda, values: Value[], index: number): Value[] {
  return lambda.parameters.length > values.length ? [...values, index] : values;
}

function bool(result: Value, at: Invocation): boolean {
  const value = known(result);
  return typeof value === 'boolean' ? value : at.fail(`expects its lambda to return a boolean, and it returned ${describe(value)}`);
}

function text(result: Value, at: Invocation): string {
  const value = known(result);
  return typeof value === 'string' ? value : at.fail(`expects its key lambda to return a string, and it returned ${describe(value)}`);
}
