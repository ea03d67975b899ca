import { findingFingerprint, type Finding } from '../../src/engine/finding.js';
import type { Suppression } from '../../src/config/suppressions.js';

export const SUB = '/subscriptions/3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
export const VM = `${SUB}/resourceGroups/rg-gpu/providers/Microsoft.Compute/virtualMachines/vm-a100`;
export const POOL = `${SUB}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-gpu/agentPools/gpu`;

/** A finding as the engine makes it, with the fingerprint computed the same way. */
export function finding(ruleId: string, resourceId: string, overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId,
    ruleName: 'SomeRule',
    area: 'aks',
    severity: 'high',
    resourceId,
    resourceType: 'Microsoft.Compute/virtualMachines',
    resourceName: resourceId.split('/').pop()!,
    message: `${ruleId} fails on ${resourceId.split('/').pop()}`,
    failingPaths: ['properties.x'],
    location: { file: 'estate.json', path: ['resources', 0] },
    fingerprint: findingFingerprint(ruleId, resourceId),
    ...overrides,
  };
}

export function suppression(overrides: Partial<Suppression> & Pick<Suppression, 'rule' | 'resource'>): Suppression {
  return { justification: 'accepted for the test', expires: '2030-01-01', source: 'test#/suppressions/0', ...overrides };
}
