/**
 * Azure spells some property names differently across API versions and tools
 * (`enableAzureRBAC`, `enableAzureRbac`). Rules are written with one spelling; before evaluation a
 * resource's keys that match a rule's property name ignoring case are renamed to the rule's
 * spelling. Objects that need no rename are shared, not copied.
 */

import { isRecord } from '../json/is-record.js';
import { foldCase } from '../ids.js';

/**
 * Property names a schema refers to, at any depth: keys of `properties`, entries of `required`, and
 * the names `dependencies`, `dependentRequired` and `dependentSchemas` are keyed by or list.
 */
export function collectPropertyNames(schema: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(schema)) {
    for (const entry of schema) collectPropertyNames(entry, into);
  } else if (typeof schema === 'object' && schema !== null) {
    const record = schema as Record<string, unknown>;
    if (isRecord(record.properties)) for (const key of Object.keys(record.properties)) into.add(key);
    if (Array.isArray(record.required)) for (const key of record.required) if (typeof key === 'string') into.add(key);
    for (const keyword of ['dependencies', 'dependentRequired', 'dependentSchemas'] as const) {
      const named = record[keyword];
      if (!isRecord(named)) continue;
      for (const [key, value] of Object.entries(named)) {
        into.add(key);
        if (Array.isArray(value)) for (const entry of value) if (typeof entry === 'string') into.add(entry);
      }
    }
    for (const value of Object.values(record)) collectPropertyNames(value, into);
  }
  return into;
}

/** name with A–Z lower-cased (foldCase) → the spelling rules use. */
export type Vocabulary = ReadonlyMap<string, string>;

export function vocabularyOf(names: Iterable<string>): Vocabulary {
  const vocabulary = new Map<string, string>();
  for (const name of names) if (!vocabulary.has(foldCase(name))) vocabulary.set(foldCase(name), name);
  return vocabulary;
}

/** Documents nested deeper than this are left as they are below it: no rule schema reaches so far, and the stack stays safe. */
const MAX_DEPTH = 256;
/** How many distinct keys of the estate each vocabulary remembers the answer for. */
const MAX_REMEMBERED_KEYS = 100_000;
const NO_RENAME = '';

/** Per vocabulary: a key as it is spelled in some resource → the spelling to rename it to, or NO_RENAME. */
const renamings = new WeakMap<Vocabulary, Map<string, string>>();

function renamingOf(key: string, vocabulary: Vocabulary, remembered: Map<string, string>): string {
  let spelling = remembered.get(key);
  if (spelling === undefined) {
    const wanted = vocabulary.get(foldCase(key));
    spelling = wanted === undefined || wanted === key ? NO_RENAME : wanted;
    if (remembered.size < MAX_REMEMBERED_KEYS) remembered.set(key, spelling);
  }
  return spelling;
}

export function canonicalView<T>(value: T, vocabulary: Vocabulary): T {
  let remembered = renamings.get(vocabulary);
  if (!remembered) renamings.set(vocabulary, (remembered = new Map()));
  return view(value, vocabulary, remembered, 0) as T;
}

function view(value: unknown, vocabulary: Vocabulary, remembered: Map<string, string>, depth: number): unknown {
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return value;
  if (Array.isArray(value)) {
    let mapped: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const entry: unknown = value[i];
      if (typeof entry !== 'object' || entry === null) continue;
      const entryView = view(entry, vocabulary, remembered, depth + 1);
      if (entryView !== entry) (mapped ??= value.slice())[i] = entryView;
    }
    return mapped ?? value;
  }
  const record = value as Record<string, unknown>;
  let result: Record<string, unknown> | undefined;
  for (const key in record) {
    if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
    const child = record[key];
    const childView = typeof child === 'object' && child !== null ? view(child, vocabulary, remembered, depth + 1) : child;
    const spelling = renamingOf(key, vocabulary, remembered);
    const rename = spelling !== NO_RENAME && !Object.prototype.hasOwnProperty.call(record, spelling);
    if (rename || childView !== child) {
      result ??= { ...record };
      if (rename) delete result[key];
      // Defined, not assigned: a key spelled `__proto__` stays a plain property.
      Object.defineProperty(result, rename ? spelling : key, { value: childView, writable: true, enumerable: true, configurable: true });
    }
  }
  return result ?? value;
}
