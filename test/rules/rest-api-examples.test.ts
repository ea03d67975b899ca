import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate, type Evaluation } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import type { ArmResource, JsonPath } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { FileLocator } from '../../src/json/locate.js';
import type { EstateFile } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';
import { mlCapacityResources } from '../../src/sources/azure/ml-usages.js';

/**
 * The whole built-in pack over real example responses from Azure/azure-rest-api-specs (see
 * rest-api-examples/README.md): what Azure documents its API returning, GPU mistakes included.
 */

const DIR = join('test', 'rules', 'rest-api-examples');
const rules = loadRules();

interface Example {
  file: string;
  source: { repository: string; path: string; commit: string; response: string; note: string };
  parameters?: { subscriptionId: string; location: string };
  body: Record<string, unknown>;
}

const examples = new Map<string, Example>(
  readdirSync(DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const file = join(DIR, name);
      return [name.replace(/\.json$/, ''), { file, ...(JSON.parse(readFileSync(file, 'utf8')) as Omit<Example, 'file'>) }];
    }),
);

/** The ARM resources in an example, with the JSON path of each in its file. */
function resourcesOf(example: Example): { resource: ArmResource; path: JsonPath }[] {
  const value = example.body.value;
  if (!Array.isArray(value)) return [{ resource: example.body as unknown as ArmResource, path: ['body'] }];
  // PIM schedule instances are ARM resources: each item of the list as it is.
  if (/\/Microsoft\.Authorization\/.+\/examples\/Get\w+ScheduleInstancesByScope\.json$/.test(example.source.path)) {
    return value.map((item: ArmResource, index) => ({ resource: item, path: ['body', 'value', index] }));
  }
  const { subscriptionId, location } = example.parameters ?? { subscriptionId: '', location: '' };
  // Azure ML usages and quotas get the synthetic identity a live scan gives them, in the order listed.
  const ml = /\/machinelearningservices\/.+\/examples\/(Usage|Quota)\//i.exec(example.source.path)?.[1];
  if (ml) {
    const resources = mlCapacityResources(subscriptionId, location, ml === 'Usage' ? 'usages' : 'quotas', value as Record<string, unknown>[]);
    return resources.map((resource, index) => ({ resource, path: ['body', 'value', index] }));
  }
  return value.map((usage: { name: { value: string } }, index) => ({
    // A compute usage gets the synthetic identity of aiscan's snapshot format.
    resource: {
      id: `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${location}/usages/${usage.name.value}`,
      type: 'Microsoft.Compute/locations/usages',
      name: usage.name.value,
      location,
      properties: usage,
    },
    path: ['body', 'value', index],
  }));
}

function scanExamples(...names: string[]): Evaluation {
  const files: EstateFile[] = names.map((name) => {
    const example = examples.get(name);
    if (!example) throw new Error(`no example ${name} in ${DIR}`);
    return { file: example.file, shape: 'resource-array', resources: resourcesOf(example), scopes: [], coverage: [], warnings: [] };
  });
  const estate = mergeEstateFiles(files);
  return evaluate(rules, enrichEstate(estate), estate);
}

/** `ruleId resource-name` for every finding, sorted: what a reviewer reads. */
function findingsOf(evaluation: Evaluation): string[] {
  return evaluation.findings.map((finding) => `${finding.ruleId} ${finding.resourceName}`).sort();
}

function outcome(evaluation: Evaluation, ruleId: string): 'pass' | 'fail' | 'notApplicable' | 'notEvaluated' | 'none' {
  const counts = evaluation.counts.get(ruleId)!;
  if (counts.fail > 0) return 'fail';
  if (counts.pass > 0) return 'pass';
  if (counts.notEvaluated > 0) return 'notEvaluated';
  return counts.notApplicable > 0 ? 'notApplicable' : 'none';
}

/** The rules this suite makes claims about: AKS access and GPU pools, accelerated networking and public IPs, quota. */
const AREAS = new Set(['aks', 'network', 'quota']);
const inAreas = (line: string) => AREAS.has(rules.find((rule) => rule.id === line.split(' ')[0])!.area);

describe('the REST API example payloads', () => {
  it('each name its source: repository, path, a 40-hex commit and the 200 response', () => {
    expect(examples.size).toBeGreaterThanOrEqual(9);
    for (const example of examples.values()) {
      expect(example.source.repository).toBe('Azure/azure-rest-api-specs');
      expect(example.source.path).toMatch(/^specification\/.+\/examples\/.+\.json$/);
      expect(example.source.commit).toMatch(/^[0-9a-f]{40}$/);
      expect(example.source.response).toBe('200');
      expect(typeof example.body).toBe('object');
    }
  });

  it('every finding over every payload points at a property or object inside its resource in the file', () => {
    let located = 0;
    for (const name of examples.keys()) {
      for (const finding of scanExamples(name).findings) {
        const region = new FileLocator(readFileSync(finding.location.file, 'utf8')).region(finding.location.path);
        expect(region.path[0]).toBe('body');
        const last = finding.location.path[finding.location.path.length - 1];
        if (typeof last === 'string' && region.path.length === finding.location.path.length) expect(region.snippet).toContain(`"${last}"`);
        located++;
      }
    }
    expect(located).toBeGreaterThan(0);
  });
});

describe('ManagedClustersGet: a CPU cluster with a service principal, no RBAC, no Entra ID', () => {
  const evaluation = scanExamples('ManagedClustersGet');

  it('fails the four access rules and nothing GPU-specific', () => {
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([
      'AIS-AKS-004 clustername1',
      'AIS-AKS-005 clustername1',
      'AIS-AKS-006 clustername1',
      'AIS-AKS-007 clustername1',
    ]);
    for (const id of ['AIS-AKS-001', 'AIS-AKS-002', 'AIS-AKS-009', 'AIS-AKS-010']) expect(outcome(evaluation, id)).toBe('notApplicable');
  });

  it('points the RBAC finding at enableRBAC: false', () => {
    const finding = evaluation.findings.find((f) => f.ruleId === 'AIS-AKS-004')!;
    expect(finding.failingPaths).toEqual(['properties.enableRBAC']);
    expect(finding.location.path).toEqual(['body', 'properties', 'enableRBAC']);
  });
});

describe('ManagedClustersCreate_GPUMIG: Azure\'s own GPU example puts an untainted A100 MIG size in a System pool', () => {
  const evaluation = scanExamples('ManagedClustersCreate_GPUMIG');

  it('reports the GPU System pool, its missing taint, its node public IPs, and the cluster\'s access gaps', () => {
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([
      'AIS-AKS-001 nodepool1',
      'AIS-AKS-002 nodepool1',
      'AIS-AKS-005 clustername1',
      'AIS-AKS-006 clustername1',
      'AIS-AKS-007 clustername1',
      'AIS-AKS-010 nodepool1',
    ]);
    expect(outcome(evaluation, 'AIS-AKS-004')).toBe('pass');
    // One System pool and no User pool: nowhere else for workloads to go, so isolation does not apply.
    expect(outcome(evaluation, 'AIS-AKS-003')).toBe('notApplicable');
  });

  it('names the pool and its size, and points at the pool\'s mode in agentPoolProfiles', () => {
    const finding = evaluation.findings.find((f) => f.ruleId === 'AIS-AKS-002')!;
    expect(finding.resourceId).toBe(
      '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/rg1/providers/Microsoft.ContainerService/managedClusters/clustername1/agentPools/nodepool1',
    );
    expect(finding.message).toContain('GPU node pool nodepool1 (Standard_ND96asr_v4) of cluster clustername1 runs in System mode');
    expect(finding.location.path).toEqual(['body', 'properties', 'agentPoolProfiles', 0, 'mode']);
  });
});

describe('AgentPoolsCreate_GPUMIG: a GPU pool read through the agentPools API', () => {
  const evaluation = scanExamples('AgentPoolsCreate_GPUMIG');

  it('reports the missing GPU taint, and nothing for the mode it does not state (User by default)', () => {
    expect(findingsOf(evaluation).filter(inAreas)).toEqual(['AIS-AKS-001 agentpool1']);
    expect(outcome(evaluation, 'AIS-AKS-002')).toBe('pass');
    expect(outcome(evaluation, 'AIS-AKS-010')).toBe('pass');
  });

  it('points into the resource\'s properties', () => {
    const finding = evaluation.findings.find((f) => f.ruleId === 'AIS-AKS-001')!;
    expect(finding.location.path).toEqual(['body', 'properties', 'nodeTaints']);
  });
});

describe('AgentPoolsGet: a CPU pool returned without a type', () => {
  it('is recognised as an agent pool from its id, and no GPU rule applies', () => {
    const evaluation = scanExamples('AgentPoolsGet');
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([]);
    expect(outcome(evaluation, 'AIS-AKS-001')).toBe('notApplicable');
  });
});

describe('ManagedClustersCreate_UpdateWithEnableAzureRBAC', () => {
  it('passes managed Entra ID and Azure RBAC, and fails only on local accounts', () => {
    const evaluation = scanExamples('ManagedClustersCreate_UpdateWithEnableAzureRBAC');
    expect(findingsOf(evaluation).filter(inAreas)).toEqual(['AIS-AKS-007 clustername1']);
    for (const id of ['AIS-AKS-004', 'AIS-AKS-005', 'AIS-AKS-006']) expect(outcome(evaluation, id)).toBe('pass');
    // Its CPU pool has node public IPs, which AIS-AKS-010 leaves to general-purpose scanners.
    expect(outcome(evaluation, 'AIS-AKS-010')).toBe('notApplicable');
  });
});

describe('ManagedNamespacesGet: a namespace with a quota, ingress AllowSameNamespace and egress AllowAll', () => {
  it('is not applicable on its own: its cluster is not in the scan', () => {
    expect(outcome(scanExamples('ManagedNamespacesGet'), 'AIS-AKS-008')).toBe('notApplicable');
  });

  it('is not applicable beside the CPU cluster of the same id (ManagedClustersGet)', () => {
    expect(outcome(scanExamples('ManagedClustersGet', 'ManagedNamespacesGet'), 'AIS-AKS-008')).toBe('notApplicable');
  });

  it('fails on egress AllowAll beside the GPU MIG cluster of the same id, the cluster matched ignoring the case of resourceGroups', () => {
    const evaluation = scanExamples('ManagedClustersCreate_GPUMIG', 'ManagedNamespacesGet');
    const finding = evaluation.findings.find((f) => f.ruleId === 'AIS-AKS-008')!;
    expect(finding.resourceName).toBe('namespace1');
    expect(finding.failingPaths).toEqual(['properties.defaultNetworkPolicy.egress']);
    expect(finding.message).toContain('on GPU cluster clustername1');
  });
});

describe('NetworkInterfaceGet: a NIC with a public IP, attached to a VM the example does not include', () => {
  it('is not applicable to the GPU NIC rules: without the VM its size is unknown, and it is never passed', () => {
    const evaluation = scanExamples('NetworkInterfaceGet');
    for (const id of ['AIS-NET-001', 'AIS-NET-003']) expect(outcome(evaluation, id)).toBe('notApplicable');
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([]);
  });
});

describe('VirtualMachineScaleSet_Get_WithUserData: a CPU scale set', () => {
  it('is not applicable to the GPU scale set rules', () => {
    const evaluation = scanExamples('VirtualMachineScaleSet_Get_WithUserData');
    for (const id of ['AIS-NET-002', 'AIS-NET-004']) expect(outcome(evaluation, id)).toBe('notApplicable');
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([]);
  });
});

describe('Usage_List_MaximumSet_Gen: the only compute usage example, with a placeholder family', () => {
  it('is read as a usage and not applicable to the GPU quota rules (not a GPU family)', () => {
    const evaluation = scanExamples('Usage_List_MaximumSet_Gen');
    for (const id of ['AIS-QUOTA-001', 'AIS-QUOTA-002']) expect(outcome(evaluation, id)).toBe('notApplicable');
  });
});

describe('AgentPoolsCreate_Spot: a Spot pool of a CPU size, read through the agentPools API', () => {
  it('is not applicable to the Spot rules: Standard_DS1_v2 is no GPU size, whatever its taints and eviction policy', () => {
    const evaluation = scanExamples('AgentPoolsCreate_Spot');
    expect(outcome(evaluation, 'AIS-AKS-011')).toBe('notApplicable');
    expect(findingsOf(evaluation).filter(inAreas)).toEqual([]);
  });

  it('beside the GPU MIG cluster of the same id: still not applicable, and the cluster, tagged tier=production but not environment, is no production cluster for AIS-AKS-012 by default', () => {
    const evaluation = scanExamples('ManagedClustersCreate_GPUMIG', 'AgentPoolsCreate_Spot');
    expect(outcome(evaluation, 'AIS-AKS-011')).toBe('notApplicable');
    expect(outcome(evaluation, 'AIS-AKS-012')).toBe('notApplicable');
  });
});

describe('AmlCompute_Get: a dedicated GPU compute cluster (STANDARD_NC6) with node public IPs', () => {
  const evaluation = scanExamples('AmlCompute_Get');

  it('passes the low-priority report (vmPriority Dedicated) and fails on its node public IPs', () => {
    expect(outcome(evaluation, 'AIS-ML-003')).toBe('pass');
    expect(outcome(evaluation, 'AIS-ML-002')).toBe('fail');
    expect(evaluation.findings.find((f) => f.ruleId === 'AIS-ML-002')!.location.path).toEqual(['body', 'properties', 'properties', 'enableNodePublicIp']);
  });
});

describe('MachineLearning_Usage_List: Azure ML usages of eastus, read per region holding ML compute', () => {
  const evaluation = scanExamples('MachineLearning_Usage_List');

  it('passes the Standard NC Family (12 of 24 vCPUs, 50%) and leaves out limits of 0 and -1, CPU families, workspace and cluster items', () => {
    expect(outcome(evaluation, 'AIS-QUOTA-007')).toBe('pass');
    expect(evaluation.counts.get('AIS-QUOTA-007')).toMatchObject({ pass: 2, fail: 0 }); // Standard NC and Standard NV, dedicated
    expect(evaluation.findings.filter((f) => f.ruleId.startsWith('AIS-QUOTA-'))).toEqual([]);
  });

  it('gives every item a distinct synthetic id, though Azure gives the three regional totals one id', () => {
    const ids = resourcesOf(examples.get('MachineLearning_Usage_List')!).map(({ resource }) => resource.id.toLowerCase());
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toContain('/subscriptions/00000000-0000-0000-0000-000000000000/providers/microsoft.machinelearningservices/locations/eastus/usages/total_cluster_dedicated_regional_vcpus');
  });
});

describe('AmlCompute_Get beside the Azure ML usages and quotas of eastus', () => {
  it('is not applicable to the Azure ML quota rules: the cluster is in eastus2, another subscription and workspace', () => {
    const evaluation = scanExamples('AmlCompute_Get', 'MachineLearning_Usage_List', 'MachineLearning_Quota_List');
    for (const id of ['AIS-QUOTA-005', 'AIS-QUOTA-006']) expect(outcome(evaluation, id)).toBe('notApplicable');
  });

  it('the quotas alone: workspace caps of 0 on GPU families find nothing without a cluster of the family in the workspace', () => {
    const evaluation = scanExamples('MachineLearning_Quota_List');
    expect(evaluation.findings).toEqual([]);
    expect(outcome(evaluation, 'AIS-QUOTA-006')).toBe('none');
  });
});

describe('the PIM schedule instance examples (Microsoft.Authorization, 2020-10-01)', () => {
  const OWNER_OR_UAA = 'AIS-RBAC-007';

  it('GetRoleEligibilityScheduleInstancesByScope: a Contributor eligibility is not applicable to the Owner and User Access Administrator rule', () => {
    const evaluation = scanExamples('GetRoleEligibilityScheduleInstancesByScope');
    expect(outcome(evaluation, OWNER_OR_UAA)).toBe('notApplicable');
    expect(evaluation.findings).toEqual([]);
  });

  it('GetRoleEligibilityScheduleInstanceByName: its /providers/Microsoft.Subscription/subscriptions/… scope is read as the subscription, and it is still not applicable', () => {
    const items = enrichEstate(mergeEstateFiles([fileOf('GetRoleEligibilityScheduleInstanceByName')]));
    expect(items[0].facts.scope).toEqual({ id: '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f', kind: 'subscription', isGpuScope: false });
    expect(items[0].facts.roleDefinition?.name).toBe('b24988ac-6180-42a0-ab88-20f7382dd24c');
    expect(outcome(scanExamples('GetRoleEligibilityScheduleInstanceByName'), OWNER_OR_UAA)).toBe('notApplicable');
  });

  it('GetRoleAssignmentScheduleInstancesByScope and …ByName: no rule looks at an assignment schedule instance on its own, so neither yields a finding or an outcome', () => {
    for (const name of ['GetRoleAssignmentScheduleInstancesByScope', 'GetRoleAssignmentScheduleInstanceByName']) {
      const evaluation = scanExamples(name);
      expect(evaluation.findings).toEqual([]);
      for (const id of ['AIS-RBAC-001', 'AIS-RBAC-006', OWNER_OR_UAA]) expect(outcome(evaluation, id)).toBe('none');
    }
  });
});

function fileOf(name: string): EstateFile {
  const example = examples.get(name)!;
  return { file: example.file, shape: 'resource-array', resources: resourcesOf(example), scopes: [], coverage: [], warnings: [] };
}
