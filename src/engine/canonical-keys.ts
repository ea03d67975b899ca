/**
 * Azure spells some property names differently across API versions and tools
 * (`enableAzureRBAC`, `enableAzureRbac`). Rules are written with one spelling; before evaluation a
 * resource's keys that match a rule's property name ignoring case are renamed to the rule's
 * spelling. Objects that need no rename are shared, not copied.
 */

/** Property names a schema refers to: keys of `properties` and entries of `required`, at any depth. */
export function collectPropertyNames(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const entry of schema) collectPropertyNames(entry, into);
  } else if (typeof schema === 'object' && schema !== null) {
    const record = schema as Record<string, unknown>;
    if (isRecord(record.properties)) for (const key of Object.keys(record.properties)) into.add(key);
    if (Array.isArray(record.required)) for (const key of record.required) if (typeof key === 'string') into.add(key);
    for (const value of Object.values(record)) collectPropertyNames(value, into);
  }
  return into;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** lower-case name → the spelling rules use. */
export type Vocabulary = ReadonlyMap<string, string>;

export function vocabularyOf(names: Iterable<string>): Vocabulary {
  const vocabulary = new Map<string, string>();
  for (const name of names) if (!vocabulary.has(name.toLowerCase())) vocabulary.set(name.toLowerCase(), name);
  return vocabulary;
}

export function canonicalView<T>(value: T, vocabulary: Vocabulary): T {
  if (Array.isArray(value)) {
    let changed = false;
    const mapped = value.map((entry) => {
      const view = canonicalView(entry, vocabulary);
      if (view !== entry) changed = true;
      return view;
    });
    return (changed ? mapped : value) as T;
  }
  if (!isRecord(value)) return value;
  let result: Record<string, unknown> | undefined;
  for (const key of Object.keys(value)) {
    const child = value[key];
    const view = canonicalView(child, vocabulary);
    const spelling = vocabulary.get(key.toLowerCase());
    const rename = spelling !== undefined && spelling !== key && !Object.prototype.hasOwnProperty.call(value, spelling);
    if (rename || view !== child) {
      result ??= { ...value };
      if (rename) {
        delete result[key];
        result[spelling] = view;
      } else {
        result[key] = view;
      }
    }
  }
  return (result ?? value) as T;
}
