import { foldCase } from '../ids.js';
import { isObject, type JsonObject } from '../own-fields.js';

/**
 * Reading ARM JSON the way Azure means it: property names compared ignoring case, because the
 * same API returns `enableAzureRBAC` in one version and `enableAzureRbac` in another.
 */

export { isObject, ownAt, ownField, type JsonObject } from '../own-fields.js';

/** Lower-cased spellings of the names seen, so that each is lower-cased once, not once per look-up. */
const lowerCased = new Map<string, string>();

/** `foldCase(text)` (A–Z only, as ARM compares names), remembered for the first 100,000 distinct names. */
export function lowerCase(text: string): string {
  let lower = lowerCased.get(text);
  if (lower === undefined) {
    lower = foldCase(text);
    if (lowerCased.size < 100_000) lowerCased.set(text, lower);
  }
  return lower;
}

/** The actual key in `object` that equals `name` ignoring case, exact match first. */
export function findKey(object: JsonObject, name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(object, name)) return name;
  const wanted = lowerCase(name);
  for (const key in object) {
    if (Object.prototype.hasOwnProperty.call(object, key) && lowerCase(key) === wanted) return key;
  }
  return undefined;
}

export function get(value: unknown, ...path: (string | number)[]): unknown {
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[segment];
    } else {
      if (!isObject(current)) return undefined;
      const key = findKey(current, segment);
      if (key === undefined) return undefined;
      current = current[key];
    }
  }
  return current;
}

export function getString(value: unknown, ...path: (string | number)[]): string | undefined {
  const found = get(value, ...path);
  return typeof found === 'string' ? found : undefined;
}

export function getNumber(value: unknown, ...path: (string | number)[]): number | undefined {
  const found = get(value, ...path);
  return typeof found === 'number' && Number.isFinite(found) ? found : undefined;
}

export function getArray(value: unknown, ...path: (string | number)[]): unknown[] {
  const found = get(value, ...path);
  return Array.isArray(found) ? found : [];
}

/**
 * Maps a path written in one spelling onto the keys really present in `value`, for as far as the
 * path exists. Used to point a finding at the property as it is spelled in the file.
 */
export function resolveActualPath(value: unknown, path: readonly (string | number)[]): (string | number)[] {
  const actual: (string | number)[] = [];
  let current = value;
  for (const segment of path) {
    if (typeof segment === 'number' || Array.isArray(current)) {
      actual.push(segment);
      current = Array.isArray(current) ? current[Number(segment)] : undefined;
      continue;
    }
    const key = isObject(current) ? findKey(current, segment) : undefined;
    actual.push(key ?? segment);
    current = key !== undefined ? (current as JsonObject)[key] : undefined;
  }
  return actual;
}

