import { isGap, type CoverageEntry } from '../src/estate.js';
import { scan } from '../src/scan.js';
import { useTempDir } from './helpers/temp.js';

const S = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const entry = (status: CoverageEntry['status'], extra: Partial<CoverageEntry> = {}): CoverageEntry => ({
  subscriptionId: S,
  resourceType: 'Microsoft.MachineLearningServices/workspaces',
  status,
  ...extra,
});

describe('what counts as a coverage gap', () => {
  test.each([
    [entry('read', { count: 3 }), false],
    [entry('read', { count: 0, notRegistered: true }), false],
    // Snapshots written before the provider's registration was recorded as a read.
    [entry('notRegistered'), false],
    [entry('denied'), true],
    [entry('failed'), true],
  ])('%j → %s', (coverage, gap) => {
    expect(isGap(coverage)).toBe(gap);
  });
});

describe('an older snapshot whose coverage says "notRegistered"', () => {
  const tmp = useTempDir('aiscan-estate-');

  test('scans with no gap, and the rules of that type are not "not evaluated"', () => {
    const file = tmp.write(
      'old.json',
      JSON.stringify({
        format: 'aiscan-snapshot',
        version: 1,
        collectedAt: '2025-06-01T00:00:00Z',
        scopes: [{ subscriptionId: S }],
        coverage: [
          { subscriptionId: S, resourceType: 'Microsoft.Resources/subscriptions', status: 'read', count: 1 },
          { subscriptionId: S, resourceType: 'Microsoft.MachineLearningServices/workspaces', status: 'notRegistered', message: 'HTTP 409 MissingSubscriptionRegistration: …' },
        ],
        resources: [{ id: `/subscriptions/${S}`, displayName: 'old' }],
      }),
    );
    const result = scan({ snapshots: [file], failOn: 'none' });
    expect(result.gaps).toEqual([]);
    expect(result.notEvaluated).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});
