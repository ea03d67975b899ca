import { foldCase } from '../ids.js';
import type { FactValue } from './contract.js';
import { get, getString, isObject } from './read.js';

export type IdentityFacts = FactValue<'identity'>;

/**
 * The facts of a resource without a managed identity: most of an estate (network interfaces, role
 * assignments), so one frozen object that every such item shares rather than one each.
 */
const NO_IDENTITY: IdentityFacts = { kinds: [], systemAssigned: false, userAssigned: false, userAssignedCount: 0, managed: false };
Object.freeze(NO_IDENTITY.kinds);
Object.freeze(NO_IDENTITY);

export function identityFacts(document: unknown): IdentityFacts {
  if (get(document, 'identity') === undefined) return NO_IDENTITY;
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
