import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEstateFile } from '../../../src/sources/estate-file.js';
import { SnapshotWriter } from '../../../src/sources/azure/snapshot-writer.js';
import type { SubscriptionCollection } from '../../../src/sources/azure/subscription-collection.js';
import { temporaryDirectory } from '../../helpers/temporary-directory.js';

const S1 = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const S2 = 'c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95';
const TENANT = '7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13';
const mgAssignment = { id: '/providers/Microsoft.Management/managementGroups/mg/providers/Microsoft.Authorization/roleAssignments/a1', type: 'Microsoft.Authorization/roleAssignments' };

const collection = (subscriptionId: string): SubscriptionCollection => ({
  scope: { subscriptionId, tenantId: TENANT },
  coverage: [{ subscriptionId, resourceType: 'Microsoft.Resources/subscriptions', status: 'read', count: 1 }],
  resources: [{ id: `/subscriptions/${subscriptionId}`, displayName: `name "${subscriptionId.slice(0, 4)}"\nline` }, mgAssignment],
});

describe('the snapshot written while collecting', () => {
  test('is a valid aiscan snapshot, in subscription order whatever order they finished in, with shared resources once', () => {
    const dir = temporaryDirectory('aiscan-writer-');
    const file = join(dir, 'estate.json');
    const writer = new SnapshotWriter(file);
    writer.add(collection(S2), 1);
    writer.add(collection(S1), 0);
    const summary = writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });

    expect(readdirSync(dir)).toEqual(['estate.json']);
    expect(summary).toMatchObject({ subscriptions: 2, resources: 3 });
    const parsed = readEstateFile(file);
    expect(parsed.tenantId).toBe(TENANT);
    expect(parsed.scopes.map((s) => s.subscriptionId)).toEqual([S1, S2]);
    expect(parsed.resources.map((r) => r.resource.id)).toEqual([`/subscriptions/${S1}`, `/subscriptions/${S2}`, mgAssignment.id]);
    expect(parsed.resources[0].resource.displayName).toBe('name "3b9e"\nline');
    // Pretty-printed, one property per line, so that SARIF regions point at single properties.
    expect(readFileSync(file, 'utf8')).toContain(`\n    {\n      "id": "/subscriptions/${S1}",\n`);
  });

  test('with nothing read is still a valid snapshot', () => {
    const file = join(temporaryDirectory('aiscan-writer-'), 'estate.json');
    const writer = new SnapshotWriter(file);
    writer.add({ scope: { subscriptionId: S1 }, coverage: [{ subscriptionId: S1, resourceType: '*', status: 'denied' }], resources: [] }, 0);
    writer.finish({ collectedAt: '2026-11-21T03:00:00.000Z' });
    expect(readEstateFile(file)).toMatchObject({ resources: [], coverage: [{ resourceType: '*', status: 'denied' }] });
  });
});
