import type { ArmResource } from '../../src/estate.js';
import { enrichEstate, enrichItems } from '../../src/facts/enrich.js';
import { evaluationItems, type EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

const S = '/subscriptions/11111111-1111-1111-1111-111111111111';
const CLUSTER = `${S}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks`;

function enrich(resources: ArmResource[]): EvaluationItem[] {
  return enrichEstate(
    mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]),
  );
}
const byId = (items: EvaluationItem[], id: string) => items.filter((item) => item.id.toLowerCase() === id.toLowerCase());

function cluster(id: string, pools: object[]): ArmResource {
  return { id, name: id.split('/').pop(), type: 'Microsoft.ContainerService/managedClusters', location: 'eastus', properties: { agentPoolProfiles: pools } };
}

describe('managed namespaces learn their cluster', () => {
  it('joins a namespace to its cluster by id, ignoring case, with the cluster\'s GPU and user-pool facts', () => {
    const items = enrich([
      cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }, { name: 'gpu', vmSize: 'Standard_NC24ads_A100_v4', mode: 'User' }]),
      { id: `${CLUSTER.replace('resourceGroups', 'resourcegroups').toUpperCase()}/managedNamespaces/team-a`, name: 'team-a', type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', properties: {} },
    ]);
    const [namespace] = items.filter((item) => item.name === 'team-a');
    expect(namespace.facts.cluster).toEqual({ id: CLUSTER, name: 'aks', hasUserPools: true, hasGpuPool: true });
  });

  it('leaves a namespace whose cluster is not in the estate without cluster facts', () => {
    const items = enrich([{ id: `${CLUSTER}/managedNamespaces/team-a`, name: 'team-a', type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', properties: {} }]);
    expect(items[0].facts.cluster).toBeUndefined();
  });

  it('says hasGpuPool false for a cluster with CPU pools only', () => {
    const items = enrich([
      cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }]),
      { id: `${CLUSTER}/managedNamespaces/shop`, name: 'shop', type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', properties: {} },
    ]);
    expect(items.find((item) => item.name === 'shop')!.facts.cluster).toMatchObject({ hasGpuPool: false, hasUserPools: false });
  });
});

describe('user pools', () => {
  it('count a pool that states no mode as a User pool (clusters from before API 2020-03-01, agentPools API default)', () => {
    const items = enrich([cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }, { name: 'old', vmSize: 'Standard_D4ds_v5' }])]);
    expect(items.find((item) => item.name === 'system')!.facts.cluster).toMatchObject({ hasUserPools: true });
  });

  it('do not include Gateway or System pools', () => {
    const items = enrich([cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }, { name: 'gw', vmSize: 'Standard_D4ds_v5', mode: 'Gateway' }])]);
    expect(items.find((item) => item.name === 'system')!.facts.cluster).toMatchObject({ hasUserPools: false });
  });
});

describe('agent pools read through the agentPools API', () => {
  const standalone: ArmResource = {
    id: `${CLUSTER}/agentPools/gpumig`,
    name: 'gpumig',
    type: 'Microsoft.ContainerService/managedClusters/agentPools',
    properties: { count: 3, vmSize: 'Standard_ND96asr_v4', mode: 'User', gpuInstanceProfile: 'MIG2g' },
  };

  it('become pool items shaped like an agentPoolProfiles element, pointing into properties', () => {
    const [pool] = enrich([standalone]);
    expect(pool.document).toEqual({ name: 'gpumig', count: 3, vmSize: 'Standard_ND96asr_v4', mode: 'User', gpuInstanceProfile: 'MIG2g' });
    expect(pool.origin.path).toEqual(['resources', 0, 'properties']);
    expect(pool.facts.gpu).toMatchObject({ isGpu: true, vCPUs: 96 });
  });

  it('take the cluster\'s location and facts when the cluster is scanned too', () => {
    const items = enrich([cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }]), standalone]);
    const [pool] = byId(items, `${CLUSTER}/agentPools/gpumig`);
    expect(pool.location).toBe('eastus');
    expect(pool.facts.cluster).toMatchObject({ name: 'aks', hasGpuPool: true, hasUserPools: true });
  });

  it('are not evaluated twice when the cluster\'s agentPoolProfiles already hold the pool', () => {
    const items = enrich([cluster(CLUSTER, [{ name: 'GPUMIG', vmSize: 'Standard_ND96asr_v4', mode: 'User' }]), standalone]);
    const pools = byId(items, `${CLUSTER}/agentPools/gpumig`);
    expect(pools).toHaveLength(1);
    expect(pools[0].origin.path).toEqual(['resources', 0, 'properties', 'agentPoolProfiles', 0]);
  });

  it('keep a pool already flat (as the Azure CLI prints it) as it is', () => {
    const flat: ArmResource = { id: `${CLUSTER}/agentPools/gpu`, name: 'gpu', type: 'Microsoft.ContainerService/managedClusters/agentPools', vmSize: 'Standard_NC24ads_A100_v4', mode: 'User' };
    const [pool] = enrich([flat]);
    expect(pool.document).toBe(flat);
    expect(pool.facts.gpu).toMatchObject({ isGpu: true });
  });
});

describe('the cluster join is indexed', () => {
  /** Clusters with 4 pools (one GPU) and 5 managed namespaces each. */
  function clusters(count: number): ArmResource[] {
    const resources: ArmResource[] = [];
    for (let c = 0; c < count; c++) {
      const id = `${S}/resourceGroups/rg-${c % 50}/providers/Microsoft.ContainerService/managedClusters/aks-${c}`;
      resources.push(cluster(id, [0, 1, 2, 3].map((p) => ({ name: `pool${p}`, vmSize: p === 3 ? 'Standard_NC24ads_A100_v4' : 'Standard_D4ds_v5', mode: p === 0 ? 'System' : 'User' }))));
      for (let n = 0; n < 5; n++) resources.push({ id: `${id}/managedNamespaces/ns-${n}`, name: `ns-${n}`, type: 'Microsoft.ContainerService/managedClusters/managedNamespaces', properties: {} });
    }
    return resources;
  }
  /** Enriches the estate's items, counting every property read on an item. */
  function enrichCountingReads(resources: ArmResource[]): { items: EvaluationItem[]; reads: number } {
    const estate = mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]);
    let reads = 0;
    const counted = evaluationItems(estate).map((item) => new Proxy(item, { get: (target, key, receiver) => (reads++, Reflect.get(target, key, receiver)) }));
    return { items: enrichItems(counted, estate), reads };
  }

  // Counted, not timed: a join that looked through the estate for each cluster would read
  // about 16 times as much at 4 times the size.
  it('reads each item a fixed number of times, whatever the number of clusters', () => {
    const small = enrichCountingReads(clusters(250));
    const large = enrichCountingReads(clusters(1000));
    expect(large.reads / small.reads).toBeLessThan(4.5);
    const onGpuClusters = (items: EvaluationItem[]) => items.filter((item) => (item.facts.cluster as { hasGpuPool: boolean } | undefined)?.hasGpuPool);
    expect(onGpuClusters(large.items)).toHaveLength(1000 * 9);
  });
});

describe('Spot and regular GPU pools of a cluster (facts.gpuPoolPriorities)', () => {
  const clusterOf = (items: EvaluationItem[]) => byId(items, CLUSTER)[0];

  it('counts GPU pools by scaleSetPriority, ignoring case, a pool without one as regular, and leaves CPU pools out', () => {
    const items = enrich([
      cluster(CLUSTER, [
        { name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' },
        { name: 'cpuspot', vmSize: 'Standard_D4ds_v5', scaleSetPriority: 'Spot' },
        { name: 'gpuspot', vmSize: 'Standard_NC24ads_A100_v4', scaleSetPriority: 'spot', tags: { Environment: 'Production', empty: ' ' } },
        { name: 'gpuregular', vmSize: 'Standard_NC24ads_A100_v4', scaleSetPriority: 'Regular' },
        { name: 'gpuold', vmSize: 'Standard_NC40ads_H100_v5' },
      ]),
    ]);
    expect(clusterOf(items).facts.gpuPoolPriorities).toEqual({
      spot: 1,
      regular: 2,
      spotPools: ['gpuspot'],
      regularPools: ['gpuregular', 'gpuold'],
      poolTags: [{ pool: 'gpuspot', name: 'environment', value: 'Production' }],
    });
  });

  it('counts a Spot pool read through the agentPools API, its tags under properties', () => {
    const items = enrich([
      cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }]),
      { id: `${CLUSTER}/agentPools/gpuspot`, name: 'gpuspot', type: 'Microsoft.ContainerService/managedClusters/agentPools', properties: { vmSize: 'Standard_NC24ads_A100_v4', scaleSetPriority: 'Spot', tags: { environment: 'prod' } } },
    ]);
    expect(clusterOf(items).facts.gpuPoolPriorities).toEqual({ spot: 1, regular: 0, spotPools: ['gpuspot'], regularPools: [], poolTags: [{ pool: 'gpuspot', name: 'environment', value: 'prod' }] });
  });

  it('is zero and empty on a cluster without GPU pools', () => {
    const items = enrich([cluster(CLUSTER, [{ name: 'system', vmSize: 'Standard_D4ds_v5', mode: 'System' }])]);
    expect(clusterOf(items).facts.gpuPoolPriorities).toEqual({ spot: 0, regular: 0, spotPools: [], regularPools: [], poolTags: [] });
  });
});

describe('tag names and values (facts.tagValues)', () => {
  it('gives each tag with a non-empty string value, its name A-Z lower-cased and its value as written, and tagNames the same names', () => {
    const [item] = enrich([{ ...cluster(CLUSTER, []), tags: { Environment: 'Production', Owner: 'ana', blank: '', notText: 3 } as unknown as Record<string, string> }]);
    expect(item.facts.tagValues).toEqual([
      { name: 'environment', value: 'Production' },
      { name: 'owner', value: 'ana' },
    ]);
    expect(item.facts.tagNames).toEqual(['environment', 'owner']);
  });
});
