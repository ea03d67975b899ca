import { readFileSync } from 'node:fs';
import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, PRODUCTION, RESEARCH, SAMPLE_FILES, type Snapshot } from '../../../support/emulator/collect-harness.js';
import type { FaultResponse } from '../../../support/emulator/faults.js';
import type { ArmResource } from '../../../src/estate.js';
import { scan } from '../../../src/scan.js';
import { mlCapacityResources, mlItemName } from '../../../src/sources/azure/ml-usages.js';
import { syntheticEstate, syntheticSubscriptionId } from '../../../support/emulator/synthetic-estate.js';

const USAGES = 'Microsoft.MachineLearningServices/locations/usages';
const QUOTAS = 'Microsoft.MachineLearningServices/locations/quotas';
const COMPUTES = 'Microsoft.MachineLearningServices/workspaces/computes';

/** The published examples (test/rules/rest-api-examples/, each naming its source in azure-rest-api-specs). */
const published = (name: string) => (JSON.parse(readFileSync(`test/rules/rest-api-examples/${name}.json`, 'utf8')) as { body: { value: Record<string, unknown>[] } }).body.value;
const usageItems = published('MachineLearning_Usage_List');
const quotaItems = published('MachineLearning_Quota_List');

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const mlCapacityOf = (resources: readonly ArmResource[]) =>
  resources.filter((r) => r.type === USAGES || r.type === QUOTAS).sort((a, b) => a.id.localeCompare(b.id));
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };
const entry = (snapshot: Snapshot, type: string) => snapshot.coverage.find((e) => e.subscriptionId === RESEARCH && e.resourceType === type);

describe('Azure ML usages and quotas in a snapshot', () => {
  it('gives every item of the published examples a distinct synthetic id under its region, the item unchanged under properties', () => {
    const usages = mlCapacityResources('s-1', 'eastus', 'usages', usageItems);
    const quotas = mlCapacityResources('s-1', 'eastus', 'quotas', quotaItems);
    for (const list of [usages, quotas]) expect(new Set(list.map((r) => r.id.toLowerCase())).size).toBe(list.length);
    expect(usages.map((r) => r.properties)).toEqual(usageItems);
    // The three regional totals share the id /subscriptions/{id}/usages: they are named by name.value.
    expect(usages.slice(0, 2).map((r) => r.id)).toEqual([
      '/subscriptions/s-1/providers/Microsoft.MachineLearningServices/locations/eastus/usages/Clusters',
      '/subscriptions/s-1/providers/Microsoft.MachineLearningServices/locations/eastus/usages/Total_Cluster_Dedicated_Regional_vCPUs',
    ]);
    // A workspace's and a cluster's items are named with their resource group, workspace and cluster.
    expect(usages.find((r) => r.name?.startsWith('rg:demo_workspace1:demo_cluster1_nc:'))).toMatchObject({ type: USAGES, location: 'eastus' });
    expect(quotas[1]).toMatchObject({ id: '/subscriptions/s-1/providers/Microsoft.MachineLearningServices/locations/eastus/quotas/rg:demo_workspace1:Standard_D_Family_Cluster_Dedicated_vCPUs', type: QUOTAS });
  });

  it('names an item without an id by name.value, and tells apart two items that would get one name', () => {
    expect(mlItemName({ name: { value: 'Standard NCADSA100v4 Family Cluster Dedicated vCPUs' } })).toBe('Standard_NCADSA100v4_Family_Cluster_Dedicated_vCPUs');
    const twice = mlCapacityResources('s-1', 'eastus', 'usages', [usageItems[2], usageItems[2]]);
    expect(twice.map((r) => r.name)).toEqual(['Standard_D_Family_Cluster_Dedicated_vCPUs', 'Standard_D_Family_Cluster_Dedicated_vCPUs~2']);
  });
});

describe('collecting Azure ML usages and quotas from the ARM emulator', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample, pageSize: 4 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.faults.clear();
    emulator.requests.splice(0);
  });

  test.each(['arm', 'resource-graph'] as const)('%s engine: one list of each per region holding ML compute, the items as served, with the sample\'s ids', async (engine) => {
    const { snapshot, result } = await collectFromEmulator(emulator, { engine });
    expect(result.gaps).toEqual([]);
    // First pages only (the research usages span several pages of 4): one request of each per region, never per cluster.
    const lists = emulator.requests
      .filter((r) => /\/providers\/Microsoft\.MachineLearningServices\/locations\/[^/]+\/(usages|quotas)$/i.test(r.path) && !r.query.$skiptoken && !r.query.skipToken)
      .map((r) => `${r.path.split('/')[2]} ${r.path.split('/').slice(-2).join('/')} ${r.apiVersion}`)
      .sort();
    expect(lists).toEqual(
      [`${RESEARCH} eastus/usages 2022-10-01`, `${RESEARCH} eastus/quotas 2022-10-01`, `${PRODUCTION} swedencentral/usages 2022-10-01`, `${PRODUCTION} swedencentral/quotas 2022-10-01`].sort(),
    );
    expect(mlCapacityOf(snapshot.resources)).toEqual(mlCapacityOf(sample));
    expect(entry(snapshot, USAGES)).toEqual({ subscriptionId: RESEARCH, resourceType: USAGES, status: 'read', count: 10 });
  });

  it('records a region whose Azure ML usages are denied (403) as a denied gap naming the region; the quotas are still read, and the rules that need usages are not evaluated, never passed', async () => {
    emulator.faults.add({ match: /MachineLearningServices\/locations\/eastus\/usages$/i, respond: { kind: 'denied' } });
    const { snapshot, result, file } = await collectFromEmulator(emulator, researchOnly);
    expect(result.gaps).toEqual([
      { subscriptionId: RESEARCH, resourceType: USAGES, status: 'denied', count: 0, message: expect.stringMatching(/^HTTP 403 AuthorizationFailed: 1 of 1 regions' Azure ML usages could not be listed; eastus: /) },
    ]);
    expect(entry(snapshot, QUOTAS)).toMatchObject({ status: 'read', count: 5 });
    const scanned = scan({ snapshots: [file] });
    expect(scanned.counts['AIS-QUOTA-005']).toMatchObject({ pass: 0, fail: 0 });
    expect(scanned.counts['AIS-QUOTA-005'].notEvaluated).toBeGreaterThan(0);
    expect(scanned.counts['AIS-QUOTA-007']).toMatchObject({ pass: 0, fail: 0 });
    expect(scanned.notEvaluated).toContainEqual(expect.objectContaining({ ruleId: 'AIS-QUOTA-005', subscriptionId: RESEARCH, resourceType: USAGES }));
    // The workspace quotas were read: the rule that needs them alone is still evaluated.
    expect(scanned.counts['AIS-QUOTA-006']).toMatchObject({ notEvaluated: 0 });
  });

  const FAULTS: [string, FaultResponse, RegExp][] = [
    ['not found (404)', { kind: 'reply', status: 404, body: { error: { code: 'NotFound', message: 'The requested resource was not found.' } } }, /^HTTP 404 NotFound: 1 of 1 regions' Azure ML quotas could not be listed; eastus: /],
    ['a server error (503) past the retries', { kind: 'serverError', status: 503 }, /^HTTP 503 \w+: 1 of 1 regions' Azure ML quotas could not be listed; eastus: /],
    ['throttled (429) past the retry budget', { kind: 'throttle', retryAfter: '1' }, /^HTTP 429 TooManyRequests: 1 of 1 regions' Azure ML quotas could not be listed; eastus: aiscan gave up after/],
  ];
  test.each(FAULTS)('records Azure ML quotas %s as a failed gap with its status, never as read', async (_, respond, message) => {
    emulator.faults.add({ match: /MachineLearningServices\/locations\/eastus\/quotas$/i, respond });
    const { result, file } = await collectFromEmulator(emulator, { ...researchOnly, retry: { maxRetries: 2, retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetryTimeMs: 500 } });
    expect(result.gaps).toEqual([{ subscriptionId: RESEARCH, resourceType: QUOTAS, status: 'failed', count: 0, message: expect.stringMatching(message) }]);
    const scanned = scan({ snapshots: [file] });
    expect(scanned.counts['AIS-QUOTA-006']).toMatchObject({ pass: 0, fail: 0 });
    expect(scanned.counts['AIS-QUOTA-006'].notEvaluated).toBeGreaterThan(0);
  });

  it('records both as gaps when the ML computes could not all be read: the regions holding ML compute are then not all known', async () => {
    emulator.faults.add({ match: /\/workspaces\/mlw-research\/computes$/i, respond: { kind: 'serverError', status: 500 } });
    const { snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, COMPUTES)).toMatchObject({ status: 'failed' });
    for (const type of [USAGES, QUOTAS]) {
      expect(entry(snapshot, type)).toMatchObject({ status: 'failed', message: expect.stringContaining('the regions holding Azure ML compute are not all known') });
    }
  });

  test.each(['arm', 'resource-graph'] as const)('%s engine: one list of each per region, whatever the number of ML clusters there (40 clusters in two regions: four requests)', async (engine) => {
    const sub = syntheticSubscriptionId(1);
    const resources = syntheticEstate({ subscriptions: 1, resourcesPerSubscription: 12 });
    const workspace = `/subscriptions/${sub}/resourceGroups/rg-gpu/providers/Microsoft.MachineLearningServices/workspaces/mlw`;
    for (let i = 0; i < 40; i++) {
      const region = i % 2 === 0 ? 'eastus' : 'westus3';
      resources.push({ id: `${workspace}/computes/c${i}`, name: `c${i}`, type: COMPUTES, location: region, properties: { computeType: 'AmlCompute', computeLocation: region, properties: { vmSize: 'Standard_NC24ads_A100_v4', scaleSettings: { maxNodeCount: 2, minNodeCount: 0 } } } });
    }
    const many = await ArmEmulator.start({ resources, pageSize: 1000 });
    try {
      const { result } = await collectFromEmulator(many, { engine, scope: { subscriptions: [sub], allSubscriptions: false, managementGroups: [] } });
      expect(result.gaps).toEqual([]);
      const lists = many.requests.filter((r) => /\/providers\/Microsoft\.MachineLearningServices\/locations\//i.test(r.path)).map((r) => r.path.split('/').slice(-2).join('/'));
      expect(lists.sort()).toEqual(['eastus/quotas', 'eastus/usages', 'westus3/quotas', 'westus3/usages']);
    } finally {
      await many.close();
    }
  });
});
