import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { collectFromEmulator, PRODUCTION, RESEARCH, SAMPLE_FILES, writesAndSecretReads } from '../../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { syntheticEstate, syntheticSubscriptionId } from '../../../support/emulator/synthetic-estate.js';
import type { CollectEngine } from '../../../src/sources/azure/collect-options.js';

const SUBSCRIPTIONS = 3;
const ids = Array.from({ length: SUBSCRIPTIONS }, (_, i) => syntheticSubscriptionId(i + 1));
const scope = { subscriptions: ids, allSubscriptions: false, managementGroups: [] };

/** Requests made to collect SUBSCRIPTIONS subscriptions of `resources` resources each, with pages large enough to hold any list. */
async function requestsFor(resources: number, engine: CollectEngine): Promise<string[]> {
  const emulator = await ArmEmulator.start({ resources: syntheticEstate({ subscriptions: SUBSCRIPTIONS, resourcesPerSubscription: resources }), pageSize: 1000 });
  try {
    const { snapshot, result } = await collectFromEmulator(emulator, { scope, engine });
    expect(result.gaps).toEqual([]);
    expect(snapshot.resources.length).toBeGreaterThanOrEqual(SUBSCRIPTIONS * resources);
    expect(writesAndSecretReads(emulator)).toEqual([]);
    return emulator.requests.map((r) => `${r.method} ${r.path.replace(/\/subscriptions\/[^/]+/, '/subscriptions/S')}`).sort();
  } finally {
    await emulator.close();
  }
}

describe('the cost of a collection does not grow with the number of resources', () => {
  test.each(['arm', 'resource-graph'] as const)('%s engine: 20 or 300 resources per subscription, the same requests', async (engine) => {
    const small = await requestsFor(20, engine);
    const large = await requestsFor(300, engine); // Resource Graph pages hold 1000 rows: 3 × 300 still fit in one
    expect(large).toEqual(small);
    // Never a request per resource: no path names a VM or a NIC.
    expect(large.some((request) => /virtualMachines\/vm-|networkInterfaces\/nic-/.test(request))).toBe(false);
  });

  test('arm engine: one request per type and subscription, one per cluster and workspace, two per region with compute, two per region with ML compute', async () => {
    const requests = await requestsFor(20, 'arm');
    const perSubscription = requests.filter((r) => r.startsWith('GET ')).length / SUBSCRIPTIONS;
    // subscription + 12 subscription-wide lists + 2 PIM lists (eligibility and assignment schedule instances) + 1 cluster's namespaces + 1 workspace's computes + 1 region's usages + 1 region's resource SKUs + 1 ML region's Azure ML usages + 1 its Azure ML quotas
    expect(perSubscription).toBe(21);
    // + one Resource Graph query for the management groups above all three subscriptions
    expect(requests.filter((r) => r.startsWith('POST '))).toEqual(['POST /providers/Microsoft.ResourceGraph/resources']);
  });

  test('resource-graph engine: three queries for the batch, and ten ARM reads per subscription', async () => {
    const requests = await requestsFor(20, 'resource-graph');
    expect(requests.filter((r) => r.startsWith('POST '))).toHaveLength(3);
    // subscription + classic administrators + 2 PIM lists (eligibility and assignment schedule instances) + 1 region's usages + 1 region's resource SKUs + 1 cluster's namespaces + 1 workspace's computes + 1 ML region's Azure ML usages + 1 its Azure ML quotas
    expect(requests.filter((r) => r.startsWith('GET ')).length / SUBSCRIPTIONS).toBe(10);
  });

  test.each(['arm', 'resource-graph'] as const)('%s engine: resource SKUs are listed once per region that holds compute, filtered on the region, never per resource', async (engine) => {
    // The research subscription holds compute in eastus (VMs, scale sets, a cluster, ML computes) and westeurope (a cluster); production in swedencentral.
    const emulator = await ArmEmulator.start({ resources: resourcesOfSnapshots(SAMPLE_FILES), pageSize: 1000 });
    try {
      const { result } = await collectFromEmulator(emulator, { engine });
      expect(result.gaps).toEqual([]);
      const skuLists = emulator.requests
        .filter((r) => /\/providers\/Microsoft\.Compute\/skus$/i.test(r.path))
        .map((r) => `${r.path.split('/')[2]} ${r.apiVersion} ${r.query.$filter}`)
        .sort();
      expect(skuLists).toEqual(
        [`${RESEARCH} 2021-07-01 location eq 'eastus'`, `${RESEARCH} 2021-07-01 location eq 'westeurope'`, `${PRODUCTION} 2021-07-01 location eq 'swedencentral'`].sort(),
      );
    } finally {
      await emulator.close();
    }
  });
});

describe('PIM schedule instances', () => {
  test.each(['arm', 'resource-graph'] as const)('%s engine: one eligibility list and one assignment schedule list per subscription, at the subscription, without $filter, never per resource', async (engine) => {
    const emulator = await ArmEmulator.start({ resources: resourcesOfSnapshots(SAMPLE_FILES), pageSize: 1000 });
    try {
      const { snapshot, result } = await collectFromEmulator(emulator, { engine });
      expect(result.gaps).toEqual([]);
      const pimLists = emulator.requests
        .filter((r) => /ScheduleInstances$/i.test(r.path))
        .map((r) => `${r.path} ${r.apiVersion} ${r.query.$filter ?? '(no filter)'}`)
        .sort();
      const lists = (id: string) => ['roleAssignmentScheduleInstances', 'roleEligibilityScheduleInstances'].map((c) => `/subscriptions/${id}/providers/Microsoft.Authorization/${c} 2020-10-01 (no filter)`);
      expect(pimLists).toEqual([...lists(RESEARCH), ...lists(PRODUCTION)].sort());
      const sampled = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => /ScheduleInstances$/i.test(r.type ?? ''));
      expect(snapshot.resources.filter((r) => /ScheduleInstances$/i.test(r.type ?? ''))).toEqual(sampled);
    } finally {
      await emulator.close();
    }
  });
});
