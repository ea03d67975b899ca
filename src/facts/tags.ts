import { foldCase } from '../ids.js';
import { get, isObject } from './read.js';

/** Tag names with A–Z lower-cased: Azure treats tag names as case-insensitive (ASCII case only), so `Owner` satisfies a rule asking for `owner`. */
export function tagNames(document: unknown): string[] {
  const tags = get(document, 'tags');
  if (!isObject(tags)) return [];
  return Object.keys(tags)
    .filter((name) => typeof tags[name] === 'string' && (tags[name] as string).trim() !== '')
    .map(foldCase);
}
