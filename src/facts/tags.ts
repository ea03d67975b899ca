import { foldCase } from '../ids.js';
import type { FactValue } from './contract.js';
import { get, isObject } from './read.js';

/** The tag facts of an untagged resource: frozen lists that every such item shares, rather than two each. */
const NO_TAG_VALUES: FactValue<'tagValues'> = [];
const NO_TAG_NAMES: FactValue<'tagNames'> = [];
Object.freeze(NO_TAG_VALUES);
Object.freeze(NO_TAG_NAMES);

/**
 * The tags that have a non-empty value, each as its name with A–Z lower-cased and its value as
 * written: Azure treats tag names as case-insensitive (ASCII case only), so `Owner` satisfies a rule
 * asking for `owner`. The names alone are the tagNames fact.
 */
export function tagValues(document: unknown): FactValue<'tagValues'> {
  const tags = get(document, 'tags');
  if (!isObject(tags)) return NO_TAG_VALUES;
  return Object.keys(tags)
    .filter((name) => typeof tags[name] === 'string' && (tags[name] as string).trim() !== '')
    .map((name) => ({ name: foldCase(name), value: tags[name] as string }));
}

/** The names of those tags, the tagNames fact. */
export function tagNames(values: FactValue<'tagValues'>): FactValue<'tagNames'> {
  return values.length === 0 ? NO_TAG_NAMES : values.map((tag) => tag.name);
}
