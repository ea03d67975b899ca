import type { ArmResource, CoverageEntry } from '../../estate.js';
import { idKey, parseResourceId, typeKey } from '../../ids.js';

export interface Duplicate {
  type: string;
  kept: string;
  dropped: string;
}

export const typeOf = (resource: ArmResource): string => resource.type ?? parseResourceId(resource.id).type ?? '';

/** Each id once (ids compare ignoring ASCII case, as Azure compares them): the first is kept, the others named. */
export function keepFirstOfEachId(resources: readonly ArmResource[]): { resources: ArmResource[]; duplicates: Duplicate[] } {
  const first = new Map<string, string>();
  const kept: ArmResource[] = [];
  const duplicates: Duplicate[] = [];
  for (const resource of resources) {
    const key = idKey(resource.id);
    const earlier = first.get(key);
    if (earlier === undefined) {
      first.set(key, resource.id);
      kept.push(resource);
    } else duplicates.push({ type: typeOf(resource), kept: earlier, dropped: resource.id });
  }
  return { resources: kept, duplicates };
}

const SHOWN = 3;

/**
 * A resource is never dropped silently: the coverage entry of its type says how many were and
 * names them (its count is what the snapshot holds), and each gets a warning for the summary.
 */
export function noteDuplicates(subscriptionId: string, coverage: CoverageEntry[], duplicates: readonly Duplicate[]): string[] {
  const byType = new Map<string, Duplicate[]>();
  for (const duplicate of duplicates) byType.set(typeKey(duplicate.type), [...(byType.get(typeKey(duplicate.type)) ?? []), duplicate]);
  for (const [type, dropped] of byType) {
    const entry = coverage.find((candidate) => typeKey(candidate.resourceType) === type);
    if (!entry) continue;
    const named = dropped.slice(0, SHOWN).map(({ kept, dropped: id }) => `${id} (the same as ${kept})`);
    const more = dropped.length > SHOWN ? `, and ${dropped.length - SHOWN} more` : '';
    const note = `${dropped.length} resource(s) listed twice were kept once (ids compare ignoring ASCII case): dropped ${named.join(', ')}${more}`;
    entry.message = entry.message ? `${entry.message}; ${note}` : note;
    if (entry.count !== undefined) entry.count = Math.max(0, entry.count - dropped.length);
  }
  return duplicates.map(({ kept, dropped }) => `${subscriptionId}: dropped ${dropped}, listed twice: its id is the same as ${kept} ignoring ASCII case`);
}
