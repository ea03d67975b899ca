/**
 * Reading untrusted JSON data by own properties only, names compared exactly: how Kubernetes
 * objects are read (their field names are case-sensitive, and a `__proto__` key is just a key).
 */

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property of an object; undefined for anything else. */
export function ownField(value: unknown, name: string): unknown {
  return isObject(value) && Object.hasOwn(value, name) ? value[name] : undefined;
}

/** The value at `path` read with ownField, array elements by number. */
export function ownAt(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const segment of path) current = typeof segment === 'number' ? (Array.isArray(current) ? current[segment] : undefined) : ownField(current, segment);
  return current;
}
