/**
 * Which facts of an item a template's unknown values may change: those computed from the item's
 * own document when it holds an unknown value, and those joined from a type (`from` in the facts
 * contract) of which some resource holds one. Conservative: a fact is taken to read every
 * property of the resources it is computed from.
 */
import type { UnknownValue } from '../estate.js';
import { FACTS, type FactName } from './contract.js';
import { placementOn } from './facts-schema.js';
import { itemTypeKey, type EvaluationItem } from './items.js';

export type UnknownFactsOf = (item: EvaluationItem) => ((fact: FactName) => UnknownValue | undefined) | undefined;

export function unknownFactsOf(items: readonly EvaluationItem[]): UnknownFactsOf | undefined {
  const byType = new Map<string, UnknownValue>();
  for (const item of items) if (item.unknown && !byType.has(itemTypeKey(item))) byType.set(itemTypeKey(item), item.unknown[0]);
  if (byType.size === 0) return undefined;
  return (item) => (fact) => {
    if (item.unknown) return item.unknown[0];
    const placement = placementOn(FACTS[fact], item.type);
    for (const type of placement?.from ?? []) {
      const unknown = byType.get(type.toLowerCase());
      if (unknown) return unknown;
    }
    return undefined;
  };
}
