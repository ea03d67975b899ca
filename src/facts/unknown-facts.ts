/**
 * Which facts of an item a template's unknown values may change: a fact is computed from the
 * paths the facts contract says it reads, on the item and on the types it joins (`reads`,
 * `readsFrom`); an unknown value at, above or below one of them may change it. Joined resources
 * are not told apart: an unknown value on any resource of a joined type counts, which errs
 * towards "not evaluated", never towards a pass.
 */
import type { UnknownValue } from '../estate.js';
import { typeKey } from '../ids.js';
import type { FactName } from './contract.js';
import { factReadPaths, overlaps } from './fact-reads.js';
import { itemTypeKey, type EvaluationItem } from './items.js';

export type UnknownFactsOf = (item: EvaluationItem) => ((fact: FactName) => UnknownValue | undefined) | undefined;

export function unknownFactsOf(items: readonly EvaluationItem[]): UnknownFactsOf | undefined {
  const byType = new Map<string, UnknownValue[]>();
  for (const item of items) {
    if (!item.unknown) continue;
    const key = itemTypeKey(item);
    const list = byType.get(key);
    const held = item.unknown.map((value) => ({ ...value, heldBy: item.origin }));
    if (list) for (const value of held) list.push(value);
    else byType.set(key, held);
  }
  if (byType.size === 0) return undefined;
  return (item) => (fact) => {
    const reads = factReadPaths(fact, item.type);
    for (const value of item.unknown ?? []) if (reads.own.some((pattern) => overlaps(pattern, value.path))) return value;
    for (const { type, paths } of reads.from) {
      for (const value of byType.get(typeKey(type)) ?? []) if (paths.some((pattern) => overlaps(pattern, value.path))) return value;
    }
    return undefined;
  };
}
