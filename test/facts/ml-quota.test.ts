import { readFileSync } from 'node:fs';
import type { ArmResource, Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { mlCapacityResources } from '../../src/sources/azure/ml-usages.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

/**
 * Azure ML usages and quotas as the published examples give them (test/rules/rest-api-examples/
 * MachineLearning_Usage_List.json and MachineLearning_Quota_List.json, each naming its source in
 * Azure/azure-rest-api-specs), with the synthetic identity a live scan gives them.
 */
const SUB = '00000000-0000-0000-0000-000000000000';
const published = (name: string) => (JSON.parse(readFileSync(`test/rules/rest-api-examples/${name}.json`, 'utf8')) as { body: { value: Record<string, unknown>[] } }).body.value;
const usages = mlCapacityResources(SUB, 'eastus', 'usages', published('MachineLearning_Usage_List'));
const quotas = mlCapacityResources(SUB, 'eastus', 'quotas', published('MachineLearning_Quota_List'));

function estateOf(resources: ArmResource[]): Estate {
  return mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]);
}
const enrich = (resources: ArmResource[]): EvaluationItem[] => enrichEstate(estateOf(resources));
const byName = (items: EvaluationItem[], name: string) => items.find((item) => item.name === name)!;

function cluster(name: string, vmSize: string, options: { priority?: string; max?: number; current?: number; workspace?: string; location?: string; computeLocation?: string } = {}): ArmResource {
  return {
    id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.MachineLearningServices/workspaces/${options.workspace ?? 'demo_workspace1'}/computes/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: options.location ?? 'eastus',
    properties: {
      computeType: 'AmlCompute',
      ...(options.computeLocation ? { computeLocation: options.computeLocation } : {}),
      properties: { vmSize, vmPriority: options.priority ?? 'Dedicated', scaleSettings: { maxNodeCount: options.max ?? 2, minNodeCount: 0 }, ...(options.current !== undefined ? { currentNodeCount: options.current } : {}) },
    },
  };
}

describe('facts.mlQuota: Azure ML usage and quota items, classified', () => {
  const items = enrich([...usages, ...quotas]);
  const quota = (name: string, type = 'usages') => items.find((item) => item.name === name && item.id.includes(`/${type}/`))!.facts.mlQuota;

  it('tells the regional totals, the cluster count and the families apart, with their scope and priority', () => {
    expect(quota('Total_Cluster_Dedicated_Regional_vCPUs')).toMatchObject({ kind: 'regionalTotal', scope: 'subscription', priority: 'Dedicated', remaining: 10 });
    expect(quota('Total_Cluster_LowPriority_Regional_vCPUs')).toMatchObject({ kind: 'regionalTotal', priority: 'LowPriority', remaining: 32 });
    expect(quota('Clusters')).toMatchObject({ kind: 'clusters', priority: null });
    expect(quota('Standard_NC_Family_Cluster_Dedicated_vCPUs')).toEqual({
      kind: 'vmFamily',
      scope: 'subscription',
      priority: 'Dedicated',
      family: 'Standard NC Family',
      isGpuFamily: true,
      currentValue: 12,
      limit: 24,
      unlimited: false,
      remaining: 12,
      utilisationPercent: 50,
    });
    // Azure spells the type workspace/computes/usages as well as workspaces/computes/usages: the id decides the scope.
    expect(quota('rg:demo_workspace1:demo_cluster1_nc:Standard_NC_Family_Cluster_Dedicated_vCPUs')).toMatchObject({ scope: 'compute', compute: 'demo_cluster1_nc' });
    expect(quota('rg:demo_workspace1:Standard_NC_Family_Cluster_Dedicated_vCPUs')).toMatchObject({ scope: 'workspace', workspace: expect.stringMatching(/\/workspaces\/demo_workspace1$/) });
  });

  it('reads a limit of -1 as no limit of its own, and Azure ML\'s older family names as GPU families', () => {
    expect(quota('Standard_NC_Family_Cluster_LowPriority_vCPUs')).toMatchObject({ priority: 'LowPriority', unlimited: true, currentValue: 18 });
    expect(quota('Standard_NC_Family_Cluster_LowPriority_vCPUs')).not.toHaveProperty('remaining');
    for (const family of ['NCv2', 'NCv3', 'ND', 'NDv2', 'NV']) expect([family, quota(`Standard_${family}_Family_Cluster_Dedicated_vCPUs`)?.isGpuFamily]).toEqual([family, true]);
    for (const family of ['D', 'DSv2', 'Dv2', 'FSv2']) expect([family, quota(`Standard_${family}_Family_Cluster_Dedicated_vCPUs`)?.isGpuFamily]).toEqual([family, false]);
    // The quota list: the DSv2 subscription item is typed vmFamily/quota (singular) in the example.
    expect(quota('Standard_DSv2_Family_Cluster_Dedicated_vCPUs', 'quotas')).toMatchObject({ kind: 'vmFamily', scope: 'subscription', limit: 24 });
  });

  it('reads a family named as compute names it, its priority from the localized name', () => {
    const [item] = enrich(
      mlCapacityResources(SUB, 'eastus', 'usages', [
        { id: `/subscriptions/${SUB}/usages/x`, type: 'Microsoft.MachineLearningServices/vmFamily/usages', currentValue: 4, limit: -1, name: { value: 'standardNCADSA100v4Family', localizedValue: 'Standard NCADSA100v4 Family Cluster LowPriority vCPUs' }, unit: 'Count' },
      ]),
    );
    expect(item.facts.mlQuota).toMatchObject({ kind: 'vmFamily', priority: 'LowPriority', family: 'standardNCADSA100v4Family', isGpuFamily: true, unlimited: true });
  });
});

describe('facts.mlScaleOut and facts.mlWorkspaceQuota: an AmlCompute cluster against them', () => {
  it('joins by subscription, region (computeLocation first), priority and family, counting growth from currentNodeCount', () => {
    const items = enrich([
      cluster('nc', 'STANDARD_NC12', { max: 3, current: 1, location: 'westeurope', computeLocation: 'East US' }),
      cluster('v100', 'Standard_NC6s_v3', { max: 1 }),
      cluster('lowpri', 'STANDARD_NC6', { priority: 'lowpriority', max: 6 }),
      ...usages,
      ...quotas,
    ]);
    expect(byName(items, 'nc').facts.mlScaleOut).toEqual({
      region: 'eastus',
      priority: 'Dedicated',
      family: 'standardNCFamily',
      quotaFamily: 'Standard NC Family',
      vCPUsPerNode: 12,
      currentNodeCount: 1,
      maxNodeCount: 3,
      additionalVcpus: 24,
      quotaFound: true,
      familyUnlimited: false,
      familyRemaining: 12,
      regionalRemaining: 10,
      fits: false,
      fitsRegional: false,
      problem: 'the Dedicated Azure ML quota of Standard NC Family has 12 vCPUs left in eastus, and the regional total of Dedicated Azure ML vCPUs has 10 left in eastus',
    });
    expect(byName(items, 'v100').facts.mlScaleOut).toMatchObject({ quotaFamily: 'Standard NCv3 Family', familyRemaining: 0, fits: false, fitsRegional: true });
    expect(byName(items, 'lowpri').facts.mlScaleOut).toMatchObject({ priority: 'LowPriority', familyUnlimited: true, regionalRemaining: 32, fitsRegional: false });
    expect(byName(items, 'lowpri').facts.mlScaleOut).not.toHaveProperty('fits');
    expect(byName(items, 'v100').facts.mlWorkspaceQuota).toEqual({ workspace: 'demo_workspace1', family: 'Standard NCv3 Family', priority: 'Dedicated', limit: 0, vCPUsPerNode: 6, allowsOneNode: false });
    expect(byName(items, 'nc').facts.mlWorkspaceQuota).toMatchObject({ limit: 24, allowsOneNode: true });
    // No low-priority workspace quota in the example.
    expect(byName(items, 'lowpri').facts).not.toHaveProperty('mlWorkspaceQuota');
  });

  it('sets nothing where no usage of the cluster\'s subscription and region is in the estate, and nothing on other compute types', () => {
    const other = { ...cluster('ci', 'STANDARD_NC6'), properties: { computeType: 'ComputeInstance', properties: { vmSize: 'STANDARD_NC6' } } };
    const items = enrich([cluster('far', 'STANDARD_NC6', { location: 'westus3' }), other, ...usages]);
    expect(byName(items, 'far').facts.mlScaleOut).toMatchObject({ quotaFound: false });
    expect(byName(items, 'far').facts.mlScaleOut).not.toHaveProperty('fits');
    expect(byName(items, 'ci').facts).not.toHaveProperty('mlScaleOut');
  });
});
