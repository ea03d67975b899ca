/**
 * What a rule schema checks, in plain words: one line per path, as the REST reference writes it
 * ("`properties.enableAcceleratedNetworking` is `true`"), conditions by their title. Works on
 * schemas written with `fields` or by hand alike, since both expand to the same nesting; what it
 * has no words for is shown as compact JSON at its path, never dropped.
 */
import { expandSchema } from '../engine/expand-schema.js';
import { formatFieldPath, type FieldStep } from '../engine/field-paths.js';

export interface Check {
  text: string;
  children?: Check[];
}

/** A named condition as the pages show it. */
export interface ConditionView {
  title: string;
  schema: unknown;
}

export type ConditionLookup = (name: string) => ConditionView | undefined;

/** The checks a schema (as written in a rule or condition file) makes. */
export function describeSchema(schema: unknown, conditions: ConditionLookup): Check[] {
  return new Describer(conditions).describe(withFieldsExpanded(schema), { steps: [], required: [] }).map(plain);
}

/** Checks as a nested Markdown list. */
export function checksMarkdown(checks: readonly Check[], depth = 0): string[] {
  return checks.flatMap((c) => [`${'  '.repeat(depth)}- ${c.text}`, ...checksMarkdown(c.children ?? [], depth + 1)]);
}

function withFieldsExpanded(schema: unknown): unknown {
  return expandSchema(schema, { file: '', pointer: '', keepConditions: true }).schema;
}

/** Where a schema applies: the path to it, and for each step whether it must be there (given the step before it is). */
interface Place {
  steps: FieldStep[];
  required: boolean[];
}

/**
 * A line, and from which step on its path it fails when that step is missing: a line
 * "`a.b.c` is `true`" with only `c` optional fails on no missing step; with all required, on any.
 */
interface Line extends Check {
  demandsFrom: number;
}

type Schema = Record<string, unknown>;

/** Keywords turned into words at the path they apply to. */
const VALUE_KEYWORDS = new Set([
  'const', 'enum', 'enumIgnoreCase', 'type', 'pattern', 'format', 'minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum',
  'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'uniqueItems', 'multipleOf',
]);
/** Keywords described by the nesting they make. */
const STRUCTURE = new Set(['required', 'properties', 'items', 'allOf', 'anyOf', 'oneOf', 'not', 'contains', 'additionalProperties']);
/** Keywords that say nothing about the resource. */
const ANNOTATIONS = new Set(['$schema', '$id', '$comment', 'title', 'description', 'default', 'examples', 'definitions', '$defs']);

class Describer {
  /** Conditions being described, outermost first: one that refers to itself is named, not expanded again. */
  private readonly within: string[] = [];

  constructor(private readonly conditions: ConditionLookup) {}

  describe(schema: unknown, place: Place): Line[] {
    if (schema === true) return [];
    if (schema === false) return [this.line(place, 'is never compliant')];
    if (!isRecord(schema)) return [this.line(place, `satisfies ${json(schema)}`)];
    const lines: Line[] = [];
    if (typeof schema.condition === 'string') lines.push(this.condition(schema.condition, place));
    const rest: Schema = {};
    for (const [key, value] of Object.entries(schema)) if (!VALUE_KEYWORDS.has(key) && !ANNOTATIONS.has(key) && key !== 'condition') rest[key] = value;
    const phrases = isNullOnly(schema) ? [place.required[place.required.length - 1] === false ? 'is absent or null' : 'is null'] : valuePhrases(schema);
    // `[*]` implies the array: "is an array" would only repeat it.
    if (rest.items !== undefined && !Array.isArray(rest.items)) remove(phrases, 'is an array');
    for (const keyword of ['not', 'contains', 'additionalProperties'] as const) {
      const phrase = keywordPhrase(keyword, rest);
      if (phrase === undefined) continue;
      phrases.push(phrase);
      delete rest[keyword];
    }
    // Absent covers every step before it being absent too: "where present" would contradict it.
    if (phrases.length === 1 && phrases[0] === 'is absent or null') lines.push({ text: `${subject(place)} is absent or null`, demandsFrom: Infinity });
    else if (phrases.length > 0) lines.push(this.line(place, joinPhrases(phrases)));
    lines.push(...this.structure(rest, place));
    return lines;
  }

  /** "`path` <phrase>", with ", where present" when some step of the path may be missing. */
  private line(place: Place, phrase: string, children?: Check[]): Line {
    const text = `${subject(place)} ${phrase}${whereOptional(place)}`;
    return { text: children ? `${text}:` : text, ...(children ? { children } : {}), demandsFrom: demandsFrom(place) };
  }

  /** A condition by its title, with what it checks below, at the place it is used. */
  private condition(name: string, place: Place): Line {
    const condition = this.conditions(name);
    if (!condition || this.within.includes(name)) return { text: `condition \`${name}\` holds`, demandsFrom: demandsFrom(place) };
    this.within.push(name);
    const children = this.describe(withFieldsExpanded(condition.schema), place);
    this.within.pop();
    const at = place.steps.length > 0 ? ` at ${subject(place)}` : '';
    return { text: `${condition.title} (condition \`${name}\`)${at}:`, children, demandsFrom: Math.min(Infinity, ...children.map((c) => c.demandsFrom)) };
  }

  private structure(schema: Schema, place: Place): Line[] {
    const lines: Line[] = [];
    const required = Array.isArray(schema.required) ? schema.required.filter((name): name is string => typeof name === 'string') : [];
    const properties = isRecord(schema.properties) ? schema.properties : {};
    const index = place.steps.length;
    for (const name of required) {
      if (!Object.prototype.hasOwnProperty.call(properties, name) || isEmptySchema(properties[name])) lines.push(this.line(child(place, name, true), 'is present'));
    }
    for (const [name, propertySchema] of Object.entries(properties)) {
      const isRequired = required.includes(name);
      if (isRequired && isEmptySchema(propertySchema)) continue;
      const inner = this.describe(propertySchema, child(place, name, isRequired));
      // Required, but no line says so (all its lines are "where present" below it): say it.
      if (isRequired && !inner.some((l) => l.demandsFrom <= index)) inner.unshift(this.line(child(place, name, true), 'is present'));
      lines.push(...inner);
    }
    if (schema.items !== undefined && !Array.isArray(schema.items)) lines.push(...this.describe(schema.items, elements(place)));
    if (Array.isArray(schema.allOf)) for (const entry of schema.allOf) lines.push(...this.describe(entry, place));
    for (const keyword of ['anyOf', 'oneOf'] as const) {
      if (!Array.isArray(schema[keyword])) continue;
      const branches = (schema[keyword] as unknown[]).map((entry) => this.describe(entry, place));
      const children = branches.map((branch): Check => (branch.length === 1 ? branch[0] : { text: 'all of:', children: branch }));
      const demands = Math.max(...branches.map((branch) => Math.min(Infinity, ...branch.map((l) => l.demandsFrom))));
      lines.push({ text: keyword === 'anyOf' ? 'at least one of:' : 'exactly one of:', children, demandsFrom: demands });
    }
    if (schema.not !== undefined) {
      const at = place.steps.length > 0 ? ` (at ${subject(place)})` : '';
      lines.push({ text: `not all of these hold${at}:`, children: this.describe(schema.not, place), demandsFrom: Infinity });
    }
    if (schema.contains !== undefined) lines.push(this.line(place, 'has at least one element for which', this.describe(schema.contains, elements(place))));
    const others = Object.entries(schema).filter(([key]) => !STRUCTURE.has(key) || (key === 'items' && Array.isArray(schema.items)) || key === 'additionalProperties');
    if (others.length > 0) lines.push(this.line(place, `satisfies ${json(Object.fromEntries(others))}`));
    return lines;
  }
}

function plain(c: Check): Check {
  return c.children ? { text: c.text, children: c.children.map(plain) } : { text: c.text };
}

function demandsFrom(place: Place): number {
  const lastOptional = place.required.lastIndexOf(false);
  return lastOptional < 0 ? 0 : lastOptional + 1;
}

function child(place: Place, name: string, required: boolean): Place {
  return { steps: [...place.steps, { name, elements: 0 }], required: [...place.required, required] };
}

/** The place of every element of the array at `place`: `a` → `a[*]`. */
function elements(place: Place): Place {
  const last = place.steps[place.steps.length - 1];
  return last ? { steps: [...place.steps.slice(0, -1), { ...last, elements: last.elements + 1 }], required: place.required } : place;
}

/** "" when every step must be there; else which step may be missing: ", where present", ", where `a.b` is present". */
function whereOptional(place: Place): string {
  const lastOptional = place.required.lastIndexOf(false);
  if (lastOptional < 0) return '';
  if (lastOptional === place.steps.length - 1) return ', where present';
  return `, where \`${formatFieldPath(place.steps.slice(0, lastOptional + 1))}\` is present`;
}

function subject(place: Place): string {
  return place.steps.length === 0 ? 'the resource' : `\`${formatFieldPath(place.steps)}\``;
}

/** A schema that only constrains the value it is at: said in phrases, not lines. */
function isValueOnly(schema: unknown): schema is Schema {
  if (!isRecord(schema) || Object.keys(schema).length === 0) return false;
  return Object.keys(schema).every((key) => VALUE_KEYWORDS.has(key) || ANNOTATIONS.has(key) || keywordPhrase(key, schema) !== undefined);
}

function isNullOnly(schema: Schema): boolean {
  const keys = Object.keys(schema).filter((key) => !ANNOTATIONS.has(key));
  return keys.length === 1 && schema.type === 'null';
}

function isEmptySchema(schema: unknown): boolean {
  return schema === true || (isRecord(schema) && Object.keys(schema).length === 0);
}

function remove(phrases: string[], phrase: string): void {
  const index = phrases.indexOf(phrase);
  if (index >= 0) phrases.splice(index, 1);
}

/** `not`, `contains` or `additionalProperties` of `schema` as a phrase, where what it holds only constrains a value. */
function keywordPhrase(keyword: string, schema: Schema): string | undefined {
  const inner = schema[keyword];
  if (!isValueOnly(inner)) return undefined;
  if (keyword === 'not') return negate(phrasesOf(inner));
  if (keyword === 'contains') return `has an element that ${joinPhrases(phrasesOf(inner))}`;
  // Beside named properties it would be about "the others": leave that to the JSON fallback.
  if (keyword === 'additionalProperties' && schema.properties === undefined && schema.patternProperties === undefined) {
    return `has only values that ${joinPhrases(phrasesOf(inner).map(plural))}`;
  }
  return undefined;
}

/** The phrases of a value-only schema, its not/contains/additionalProperties included. */
function phrasesOf(schema: Schema): string[] {
  const phrases = valuePhrases(schema);
  for (const keyword of ['not', 'contains', 'additionalProperties']) {
    const phrase = keywordPhrase(keyword, schema);
    if (phrase !== undefined) phrases.push(phrase);
  }
  return phrases;
}

/** "is `true`", "is one of `A`, `B` (ignoring case)", "is at most the parameter `max`"… */
function valuePhrases(schema: Schema): string[] {
  const phrases: string[] = [];
  const has = (key: string) => Object.prototype.hasOwnProperty.call(schema, key);
  const types = has('type') ? (Array.isArray(schema.type) ? schema.type : [schema.type]) : [];
  const stringPattern = has('pattern') && types.length === 1 && types[0] === 'string';
  if (has('const')) phrases.push(`is ${literal(schema.const)}`);
  if (has('enum')) phrases.push(oneOf(schema.enum, ''));
  if (has('enumIgnoreCase')) phrases.push(oneOf(schema.enumIgnoreCase, ' (ignoring case)'));
  if (stringPattern) phrases.push(`is a string matching ${value(schema.pattern)}`);
  else if (types.length > 0) phrases.push(`is ${types.map((type) => TYPE_NAMES[String(type)] ?? `of type ${value(type)}`).join(' or ')}`);
  if (has('pattern') && !stringPattern) phrases.push(`matches ${value(schema.pattern)}`);
  if (has('format')) phrases.push(`is in the format ${value(schema.format)}`);
  for (const [key, words] of BOUNDS) if (has(key)) phrases.push(`${words} ${value(schema[key])}`);
  for (const [key, words, noun, nouns] of COUNTS) {
    if (!has(key)) continue;
    phrases.push(key === 'minLength' && schema[key] === 1 ? 'is not empty' : `${words} ${value(schema[key])} ${schema[key] === 1 ? noun : nouns}`);
  }
  if (schema.uniqueItems === true) phrases.push('has no element twice');
  return phrases;
}

const BOUNDS: [string, string][] = [
  ['minimum', 'is at least'],
  ['maximum', 'is at most'],
  ['exclusiveMinimum', 'is more than'],
  ['exclusiveMaximum', 'is less than'],
  ['multipleOf', 'is a multiple of'],
];

const COUNTS: [string, string, string, string][] = [
  ['minLength', 'has at least', 'character', 'characters'],
  ['maxLength', 'has at most', 'character', 'characters'],
  ['minItems', 'has at least', 'element', 'elements'],
  ['maxItems', 'has at most', 'element', 'elements'],
  ['minProperties', 'has at least', 'property', 'properties'],
  ['maxProperties', 'has at most', 'property', 'properties'],
];

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'a whole number',
  boolean: '`true` or `false`',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

function oneOf(values: unknown, suffix: string): string {
  if (!Array.isArray(values)) return `is one of ${literal(values)}${suffix}`;
  if (values.length === 1) return `is ${literal(values[0])}${suffix}`;
  return `is one of ${values.map(literal).join(', ')}${suffix}`;
}

/** The words for "not (phrases)": "is not `true`", "is none of …", "does not match …". */
function negate(phrases: string[]): string {
  if (phrases.length !== 1) return `is not: ${joinPhrases(phrases)}`;
  const [phrase] = phrases;
  if (phrase.startsWith('is one of ')) return `is none of ${phrase.slice('is one of '.length)}`;
  if (phrase.startsWith('is ')) return `is not ${phrase.slice(3)}`;
  if (phrase.startsWith('matches ')) return `does not match ${phrase.slice('matches '.length)}`;
  if (phrase.startsWith('has ')) return `does not have ${phrase.slice(4)}`;
  return `is not: ${phrase}`;
}

/** "is null" → "are null", for "has only values that …". */
function plural(phrase: string): string {
  return phrase.replace(/^is /, 'are ').replace(/^has /, 'have ').replace(/^matches /, 'match ');
}

function joinPhrases(phrases: string[]): string {
  return phrases.length <= 2 ? phrases.join(' and ') : `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

/** A bound or count as the page shows it: a number as is, a `{"$param": "x"}` as the parameter x. */
function value(v: unknown): string {
  return typeof v === 'number' ? String(v) : literal(v);
}

/** A value to compare with, exactly: JSON in backticks, or the parameter that gives it. */
function literal(v: unknown): string {
  if (isRecord(v) && Object.keys(v).length === 1 && typeof v.$param === 'string') return `the parameter \`${v.$param}\``;
  return json(v);
}

function json(v: unknown): string {
  return `\`${(JSON.stringify(v) ?? 'undefined').replace(/`/g, '\\u0060')}\``;
}

function isRecord(v: unknown): v is Schema {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
