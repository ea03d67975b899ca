import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, isUnusedBuiltInRole, PRODUCTION, RESEARCH, SAMPLE_FILES, writesAndSecretReads } from '../../../support/emulator/collect-harness.js';
import type { ArmResource } from '../../../src/estate.js';
import { idKey } from '../../../src/ids.js';
import { scan } from '../../../src/scan.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const GRAPH = { engine: 'resource-graph' as const };
const isGraphQuery = (r: { method: string }) => r.method === 'POST';

/** What Resource Graph holds of a resource: its ARM columns (no etag or systemData), absent fields left out, the type ignoring case. */
function graphView(resource: ArmResource): Record<string, unknown> {
  const columns = ['id', 'name', 'type', 'kind', 'location', 'managedBy', 'sku', 'plan', 'properties', 'tags', 'identity', 'zones', 'extendedLocation'];
  const view: Record<string, unknown> = {};
  for (const column of columns) if (resource[column] !== undefined && !(column === 'tags' && Object.keys(resource.tags ?? {}).length === 0)) view[column] = resource[column];
  view.type = String(resource.type).toLowerCase();
  return view;
}
const fromArm = (r: ArmResource) => /^\/subscriptions\/[^/]+$/.test(r.id) || /classicAdministrators|ScheduleInstances|locations\/usages|locations\/skus/i.test(String(r.type));

describe('--engine resource-graph', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample, graphPageSize: 10 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.faults.clear();
    emulator.requests.splice(0);
  });

  test('reads every resource, as ARM shapes it, from Resource Graph rows', async () => {
    const { snapshot, result } = await collectFromEmulator(emulator, GRAPH);
    expect(result.gaps).toEqual([]);
    const expected = new Map(sample.map((r) => [idKey(r.id), r]));
    expect(snapshot.resources).toHaveLength(sample.filter((r) => !isUnusedBuiltInRole(r, sample)).length);
    for (const resource of snapshot.resources) {
      const original = expected.get(idKey(resource.id))!;
      if (fromArm(original)) expect(resource).toStrictEqual(original);
      else expect(graphView(resource)).toStrictEqual(graphView(original));
    }
    expect(snapshot.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups')).toBeDefined();
    expect(snapshot.scopes[1].managementGroupAncestors).toEqual([`/providers/Microsoft.Management/managementGroups/${snapshot.tenantId}`]);
  });

  test('finds what the ARM engine finds', async () => {
    const graph = await collectFromEmulator(emulator, GRAPH);
    const arm = await collectFromEmulator(emulator);
    const keys = (file: string) => scan({ snapshots: [file] }).findings.map((f) => `${f.ruleId} ${idKey(f.resourceId)} ${f.failingPaths.join(',')}`).sort();
    expect(keys(graph.file)).toEqual(keys(arm.file));
  });

  test('queries each table once per batch of subscriptions, following $skipToken, and reads with ARM only what Resource Graph lacks or may not index', async () => {
    await collectFromEmulator(emulator, GRAPH);
    const queries = emulator.requests.filter(isGraphQuery).map((r) => JSON.parse(r.body!) as { query: string; subscriptions: string[]; options: { $skipToken?: string } });
    const firstPages = queries.filter((q) => !q.options.$skipToken);
    expect(firstPages.map((q) => q.query.split(' ')[0])).toEqual(['resourcecontainers', 'resources', 'authorizationresources']);
    expect(firstPages.every((q) => q.subscriptions.length === 2)).toBe(true);
    expect(queries.length).toBeGreaterThan(firstPages.length); // pages of 10 rows
    const armReads = emulator.requests.filter((r) => !isGraphQuery(r)).map((r) => r.path.replace(/^\/subscriptions\/[^/]+/, '/subscriptions/S'));
    expect(armReads.sort()).toEqual([
      '/subscriptions/S',
      '/subscriptions/S',
      '/subscriptions/S/providers/Microsoft.Authorization/classicAdministrators',
      '/subscriptions/S/providers/Microsoft.Authorization/classicAdministrators',
      '/subscriptions/S/providers/Microsoft.Authorization/roleAssignmentScheduleInstances',
      '/subscriptions/S/providers/Microsoft.Authorization/roleAssignmentScheduleInstances',
      '/subscriptions/S/providers/Microsoft.Authorization/roleEligibilityScheduleInstances',
      '/subscriptions/S/providers/Microsoft.Authorization/roleEligibilityScheduleInstances',
      '/subscriptions/S/providers/Microsoft.Compute/locations/eastus/usages',
      '/subscriptions/S/providers/Microsoft.Compute/locations/swedencentral/usages',
      '/subscriptions/S/providers/Microsoft.Compute/locations/westeurope/usages',
      // One resource SKU list per region holding compute: eastus and westeurope (research), swedencentral (production); each fits in one page.
      ...Array(3).fill('/subscriptions/S/providers/Microsoft.Compute/skus'),
      // One Azure ML usage list and one quota list per region holding ML compute: eastus (research), swedencentral (production).
      '/subscriptions/S/providers/Microsoft.MachineLearningServices/locations/eastus/quotas',
      '/subscriptions/S/providers/Microsoft.MachineLearningServices/locations/eastus/usages',
      '/subscriptions/S/providers/Microsoft.MachineLearningServices/locations/swedencentral/quotas',
      '/subscriptions/S/providers/Microsoft.MachineLearningServices/locations/swedencentral/usages',
      '/subscriptions/S/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-batch/managedNamespaces',
      '/subscriptions/S/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-inference/managedNamespaces',
      '/subscriptions/S/resourceGroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-gpu/managedNamespaces',
      '/subscriptions/S/resourceGroups/rg-ml-prod/providers/Microsoft.MachineLearningServices/workspaces/mlw-prod/computes',
      '/subscriptions/S/resourceGroups/rg-ml-research/providers/Microsoft.MachineLearningServices/workspaces/mlw-research/computes',
      '/subscriptions/S/resourceGroups/rg-research-shared/providers/Microsoft.ContainerService/managedClusters/aks-legacy-cpu/managedNamespaces',
    ]);
    expect(writesAndSecretReads(emulator)).toEqual([]);
  });

  test('batches subscriptions', async () => {
    await collectFromEmulator(emulator, { ...GRAPH, graphBatchSize: 1 });
    const firstPages = emulator.requests.filter(isGraphQuery).map((r) => JSON.parse(r.body!) as { subscriptions: string[]; options: { $skipToken?: string } }).filter((q) => !q.options.$skipToken);
    expect(firstPages.map((q) => q.subscriptions)).toEqual([[RESEARCH], [RESEARCH], [RESEARCH], [PRODUCTION], [PRODUCTION], [PRODUCTION]]);
  });

  test('a failing table is a gap for its types only', async () => {
    emulator.faults.add({ match: (r) => isGraphQuery(r) && /^authorizationresources/.test(JSON.parse(r.body!).query), respond: { kind: 'serverError' } });
    const { snapshot } = await collectFromEmulator(emulator, GRAPH);
    const gaps = snapshot.coverage.filter((e) => e.status !== 'read').map((e) => `${e.subscriptionId} ${e.resourceType}`);
    expect(gaps.sort()).toEqual(
      [RESEARCH, PRODUCTION].flatMap((s) => [`${s} Microsoft.Authorization/roleAssignments`, `${s} Microsoft.Authorization/roleDefinitions`]).sort(),
    );
    expect(snapshot.resources.filter((r) => r.type === 'Microsoft.Compute/virtualMachines')).toHaveLength(sample.filter((r) => r.type === 'Microsoft.Compute/virtualMachines').length);
  });

  test('a denied subscription is a gap for the whole subscription', async () => {
    const denied = await ArmEmulator.start({ resources: sample, deniedSubscriptions: [PRODUCTION], certificate: emulator.certificate });
    try {
      const { snapshot } = await collectFromEmulator(denied, GRAPH);
      expect(snapshot.coverage.filter((e) => e.subscriptionId === PRODUCTION)).toEqual([expect.objectContaining({ resourceType: '*', status: 'denied' })]);
    } finally {
      await denied.close();
    }
  });

  test('a subscription Resource Graph returns nothing for is a gap for every type it should hold, never an empty subscription', async () => {
    const hidden = await ArmEmulator.start({ resources: sample, hiddenFromGraph: [PRODUCTION], certificate: emulator.certificate });
    try {
      const { snapshot } = await collectFromEmulator(hidden, GRAPH);
      const production = snapshot.coverage.filter((e) => e.subscriptionId === PRODUCTION);
      const gaps = production.filter((e) => e.status !== 'read');
      // 1 container type, 8 resource types, 2 authorization types and the management groups; the two child
      // types, whose parents are unknown; usages and resource SKUs, as the regions holding compute are unknown; Azure ML
      // usages and quotas, as the regions holding ML compute are unknown.
      expect(gaps).toHaveLength(18);
      expect(gaps.every((e) => e.status === 'failed')).toBe(true);
      const message = (type: string) => gaps.find((e) => e.resourceType === type)?.message;
      expect(message('Microsoft.Compute/virtualMachines')).toBe('Resource Graph returned nothing for this subscription');
      expect(message('Microsoft.ContainerService/managedClusters/managedNamespaces')).toBe('not listed, because Microsoft.ContainerService/managedClusters could not be read');
      expect(message('Microsoft.Compute/locations/usages')).toContain('the regions holding compute are not all known');
      expect(message('Microsoft.Compute/locations/skus')).toContain('the regions holding compute are not all known');
      // What ARM reads (the PIM lists too) is read: Resource Graph holds none of it.
      expect(production.filter((e) => e.status === 'read').map((e) => e.resourceType)).toEqual([
        'Microsoft.Resources/subscriptions',
        'Microsoft.Authorization/roleEligibilityScheduleInstances',
        'Microsoft.Authorization/roleAssignmentScheduleInstances',
        'Microsoft.Authorization/classicAdministrators',
      ]);
    } finally {
      await hidden.close();
    }
  });
});
