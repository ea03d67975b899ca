/**
 * Reading a function's arguments as the types it takes, with ARM's error when one is not. Each
 * reader also meets Unknowns held inside arrays and objects: reading one is needing it.
 */
import { describe, isArray, isInteger, isObject, known, type Value, type ValueObject } from '../values.js';
import { Lambda, type Argument, type Invocation } from './function.js';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

export function ordinal(index: number): string {
  return ORDINALS[index] ?? `${index + 1}th`;
}

export function wrongType(at: Invocation, index: number, expected: string, value: Argument): never {
  const got = value instanceof Lambda ? 'a lambda' : describe(value);
  return at.fail(`expects its ${ordinal(index)} argument to be ${expected}, not ${got}`);
}

function valueAt(args: readonly Argument[], index: number, at: Invocation, expected: string): Value {
  const value = args[index];
  if (value instanceof Lambda) return wrongType(at, index, expected, value);
  return known(value);
}

export function stringArg(args: readonly Argument[], index: number, at: Invocation): string {
  const value = valueAt(args, index, at, 'a string');
  return typeof value === 'string' ? value : wrongType(at, index, 'a string', value);
}

export function intArg(args: readonly Argument[], index: number, at: Invocation): number {
  const value = valueAt(args, index, at, 'an integer');
  return isInteger(value) ? value : wrongType(at, index, 'an integer', value);
}

export function boolArg(args: readonly Argument[], index: number, at: Invocation): boolean {
  const value = valueAt(args, index, at, 'a boolean');
  return typeof value === 'boolean' ? value : wrongType(at, index, 'a boolean', value);
}

export function arrayArg(args: readonly Argument[], index: number, at: Invocation): readonly Value[] {
  const value = valueAt(args, index, at, 'an array');
  return isArray(value) ? value : wrongType(at, index, 'an array', value);
}

export function objectArg(args: readonly Argument[], index: number, at: Invocation): ValueObject {
  const value = valueAt(args, index, at, 'an object');
  return isObject(value) ? value : wrongType(at, index, 'an object', value);
}

export function valueArg(args: readonly Argument[], index: number, at: Invocation): Value {
  return valueAt(args, index, at, 'a value');
}

/** A lambda with one of the numbers of variables the function passes (`map` passes the element, and its index if asked). */
export function lambdaArg(args: readonly Argument[], index: number, at: Invocation, variables: readonly number[]): Lambda {
  const value = args[index];
  if (!(value instanceof Lambda)) return wrongType(at, index, 'a lambda', value);
  if (!variables.includes(value.parameters.length)) {
    const counts = variables.length === 1 ? `${variables[0]}` : `${variables.slice(0, -1).join(', ')} or ${variables[variables.length - 1]}`;
    at.fail(`expects its ${ordinal(index)} argument to be a lambda of ${counts} variable${variables.every((n) => n === 1) ? '' : 's'}, not of ${value.parameters.length}`);
  }
  return value;
}

/** Strings, integers and booleans as ARM writes them into text (`concat`, `join`, `format`): booleans as True and False. */
export function asText(value: Value, at: Invocation, what: string): string {
  const v = known(value);
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return at.fail(`${what} must be a string, an integer or a boolean, not ${describe(v)}`);
}

/** An integer result that a double still holds exactly; beyond it aiscan would compute a wrong value. */
export function exactInteger(value: number, at: Invocation): number {
  if (!Number.isSafeInteger(value)) at.fail(`the result ${value} is beyond the integers evaluated exactly (±${Number.MAX_SAFE_INTEGER})`);
  return value;
}
