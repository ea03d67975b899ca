import { foldCase } from '../ids.js';
import type { FactValue } from './contract.js';
import { get, getString, isObject } from './read.js';

export type IdentityFacts = FactValue<'identity'>;

export function identityFacts(document: unknown): IdentityFacts {
  const type = getString(document, 'identity', 'type') ?? '';
  const parts = type.split(',').map((part) => foldCase(part.trim()));
  const systemAssigned = parts.includes('systemassigned');
  const userAssigned = parts.includes('userassigned');
  const identities = get(document, 'identity', 'userAssignedIdentities');
  const kinds: IdentityFacts['kinds'] = [];
  if (systemAssigned) kinds.push('SystemAssigned');
  if (userAssigned) kinds.push('UserAssigned');
  return {
    kinds,
    systemAssigned,
    userAssigned,
    userAssignedCount: isObject(identities) ? Object.keys(identities).length : 0,
    managed: systemAssigned || userAssigned,
  };
}
