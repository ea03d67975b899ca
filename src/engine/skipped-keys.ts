import { pathToPointer } from '../ajv.js';

/** Keywords whose values are data to compare, not schemas: a `__proto__` inside them is a value like any other. */
const DATA_KEYWORDS = new Set(['const', 'enum', 'default', 'examples']);

/**
 * The pointer of the first key `__proto__` in a schema, if any. ajv skips that key wherever it
 * names a property (`properties`, `patternProperties`, `dependencies`…), so a rule written with it
 * would silently check nothing there: aiscan refuses the rule instead. Iterative: a rule nested
 * thousands of levels deep cannot exhaust the stack here.
 */
export function protoKeyPointer(schema: unknown): string | undefined {
  const pending: { value: unknown; path: (string | number)[] }[] = [{ value: schema, path: [] }];
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (Array.isArray(value)) {
      value.forEach((entry, index) => pending.push({ value: entry, path: [...path, index] }));
      continue;
    }
    for (const key of Object.keys(value)) {
      if (key === '__proto__') return pathToPointer([...path, key]);
      if (!DATA_KEYWORDS.has(key)) pending.push({ value: (value as Record<string, unknown>)[key], path: [...path, key] });
    }
  }
  return undefined;
}
