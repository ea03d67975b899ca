/**
 * The values ARM template expressions compute: JSON values, and `Unknown` for what only the
 * deployment itself can tell (a deployed resource's state, a secret, the time, a new GUID).
 *
 * Numbers are JavaScript numbers: ARM's integers are 64-bit, and aiscan evaluates exactly only
 * the integers a double holds exactly (the functions refuse to go beyond them rather than round).
 * Objects are plain objects whose keys ARM compares ignoring case: read them through `property`.
 */
import { foldCase } from '../../../ids.js';
import { compareText } from '../../../text/order.js';

export type Value = null | boolean | number | string | readonly Value[] | ValueObject | Unknown;

export interface ValueObject {
  readonly [key: string]: Value;
}

/** A value no template can know before deployment; `expression` is the text that asked for it. */
export class Unknown {
  readonly unknown = true;

  constructor(
    readonly reason: string,
    readonly expression: string,
  ) {
    Object.freeze(this);
  }
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/**
 * Thrown where a result needs a value inside an array or object that is Unknown (comparing it,
 * writing it out, adding it up); the evaluator turns it into that Unknown as the call's result.
 * A result that only carries such a value along (`first`, `union`, a property read) stays known.
 */
export class UnknownNeeded extends Error {
  constructor(readonly value: Unknown) {
    super(value.reason);
    this.name = 'UnknownNeeded';
  }
}

/** The value itself, or the signal that a result depends on what cannot be known. */
export function known<T extends Value>(value: T): Exclude<T, Unknown> {
  if (isUnknown(value)) throw new UnknownNeeded(value);
  return value as Exclude<T, Unknown>;
}

export function isArray(value: Value): value is readonly Value[] {
  return Array.isArray(value);
}

export function isObject(value: Value): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !isUnknown(value);
}

export function isInteger(value: Value): value is number {
  return typeof value === 'number' && Number.isInteger(value);
}

/** The key an object holds `name` under: spelled the same if there is one, else the first that differs only in ASCII case. */
export function keyOf(object: ValueObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const folded = foldCase(name);
  return Object.keys(object).find((key) => foldCase(key) === folded);
}

export function property(object: ValueObject, name: string): Value | undefined {
  const key = keyOf(object, name);
  return key === undefined ? undefined : object[key];
}

/**
 * An object from key/value pairs. A key equal to an earlier one ignoring case replaces its value
 * in place, as ARM treats the two spellings as one property. Keys are defined, not assigned, so
 * that `__proto__` is an ordinary key.
 */
export function objectFrom(entries: Iterable<readonly [string, Value]>): ValueObject {
  const result: Record<string, Value> = {};
  const keys = new Map<string, string>();
  for (const [key, value] of entries) {
    const folded = foldCase(key);
    const existing = keys.get(folded) ?? key;
    keys.set(folded, existing);
    Object.defineProperty(result, existing, { value, writable: true, enumerable: true, configurable: true });
  }
  return result;
}

/** Equality as `equals()` decides it: strings exactly, objects by keys ignoring case, arrays in order. */
export function deepEqual(a: Value, b: Value): boolean {
  const left = known(a);
  const right = known(b);
  if (isArray(left) || isArray(right)) {
    return isArray(left) && isArray(right) && left.length === right.length && left.every((item, i) => deepEqual(item, right[i]));
  }
  if (isObject(left) || isObject(right)) {
    if (!isObject(left) || !isObject(right)) return false;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => {
      const other = keyOf(right, key);
      return other !== undefined && deepEqual(left[key], right[other]);
    });
  }
  return left === right;
}

/**
 * ARM's own ordering of strings (`less('A', 'a')` is false, `items()` lists `abc` before `ABC`),
 * which is culture-aware rather than ordinal: lower case before upper, then case-insensitively
 * alphabetical. ARM compares in the invariant culture, never the deployer's, and so does this,
 * whatever the scanning machine's locale.
 */
export function compareStrings(a: string, b: string): number {
  return compareText(a, b);
}

/** How a value reads in a message: its kind, and for a scalar the value itself. */
export function describe(value: Value): string {
  if (isUnknown(value)) return 'a value not known before deployment';
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value)}`;
  if (typeof value === 'boolean') return `the boolean ${value}`;
  if (typeof value === 'number') return Number.isInteger(value) ? `the integer ${value}` : `the number ${value}`;
  return isArray(value) ? 'an array' : 'an object';
}

/**
 * The value as JSON without whitespace, as `string()` writes it. `quote` is `'` for `format()`,
 * which writes objects and arrays with single-quoted strings.
 */
export function toJson(value: Value, quote: '"' | "'" = '"'): string {
  const v = known(value);
  if (v === null) return 'null';
  if (typeof v === 'string') return quoted(v, quote);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isArray(v)) return `[${v.map((item) => toJson(item, quote)).join(',')}]`;
  return `{${Object.entries(v)
    .map(([key, item]) => `${quoted(key, quote)}:${toJson(item, quote)}`)
    .join(',')}}`;
}

function quoted(text: string, quote: '"' | "'"): string {
  const json = JSON.stringify(text);
  return quote === '"' ? json : `'${json.slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

/**
 * aiscan's bound on the size of any value an expression builds: characters of its strings and
 * keys plus its elements, counted with shared parts counted each time they appear. A template from
 * a pull request could otherwise double a value through a chain of variables until the scan runs
 * out of memory or time writing it out; no real template comes near.
 */
export const MAX_VALUE_SIZE = 10_000_000;

const sizes = new WeakMap<object, number>();

/** The size MAX_VALUE_SIZE bounds, remembered per array and object so that shared parts are summed, not walked again. */
export function valueSize(value: Value): number {
  if (typeof value === 'string') return value.length;
  if (value === null || typeof value !== 'object' || isUnknown(value)) return 1;
  const known = sizes.get(value);
  if (known !== undefined) return known;
  let size = 1;
  if (Array.isArray(value)) for (const item of value as readonly Value[]) size += valueSize(item);
  else for (const [key, item] of Object.entries(value)) size += key.length + valueSize(item);
  sizes.set(value, size);
  return size;
}
