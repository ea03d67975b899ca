import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { collectFromEmulator, PRODUCTION, RESEARCH, SAMPLE_FILES, TENANT } from '../../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import type { ArmResource } from '../../../src/estate.js';

const OTHER_TENANT_SUBSCRIPTION = '0e5f3c2a-1111-4222-8333-944455566677';
const otherTenant: ArmResource = { id: `/subscriptions/${OTHER_TENANT_SUBSCRIPTION}`, subscriptionId: OTHER_TENANT_SUBSCRIPTION, tenantId: '11111111-2222-4333-8444-555555555555', displayName: 'partner', state: 'Enabled' };
const sample = [...resourcesOfSnapshots(SAMPLE_FILES), otherTenant];
const scope = (partial: Partial<{ subscriptions: string[]; allSubscriptions: boolean; managementGroups: string[] }>) => ({
  scope: { subscriptions: [], allSubscriptions: false, managementGroups: [], ...partial },
});

describe('which subscriptions are read', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({
      resources: sample,
      managementGroups: [
        { name: 'mg-ai', displayName: 'AI', parent: TENANT, subscriptions: [] },
        { name: 'mg-ai-prod', displayName: 'AI production', parent: 'mg-ai', subscriptions: [PRODUCTION] },
      ],
    });
  });
  afterAll(() => emulator.close());
  const scopesOf = async (partial: Parameters<typeof scope>[0], tenantId?: string) =>
    (await collectFromEmulator(emulator, { ...scope(partial), tenantId })).snapshot.scopes.map((s) => s.subscriptionId);

  test('--all-subscriptions: every subscription the credential sees, or those of --tenant', async () => {
    expect(await scopesOf({ allSubscriptions: true })).toEqual([RESEARCH, PRODUCTION, OTHER_TENANT_SUBSCRIPTION]);
    expect(await scopesOf({ allSubscriptions: true }, TENANT)).toEqual([RESEARCH, PRODUCTION]);
  });

  test('--management-group: the subscriptions below it, with their management groups nearest first', async () => {
    const { snapshot } = await collectFromEmulator(emulator, scope({ managementGroups: ['mg-ai'] }));
    expect(snapshot.scopes).toEqual([
      expect.objectContaining({
        subscriptionId: PRODUCTION,
        managementGroupAncestors: ['mg-ai-prod', 'mg-ai', TENANT].map((name) => `/providers/Microsoft.Management/managementGroups/${name}`),
      }),
    ]);
  });

  test('flags add up and each subscription is read once', async () => {
    expect(await scopesOf({ subscriptions: [PRODUCTION.toUpperCase()], managementGroups: ['mg-ai-prod'] })).toEqual([PRODUCTION.toUpperCase()]);
  });

  test('a management group with nothing visible below it is a usage error', async () => {
    await expect(collectFromEmulator(emulator, scope({ managementGroups: ['mg-empty'] }))).rejects.toThrow(
      '--management-group mg-empty: no subscription below it is visible to the credential; check the group id (not its display name)',
    );
  });
});
