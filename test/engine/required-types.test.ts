import { readFileSync } from 'node:fs';
import { checkRuleReads } from '../../src/engine/check-rule-reads.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { parentType, redundantRequires, requiredTypes, withAncestorTypes } from '../../src/engine/required-types.js';
import type { RuleDefinition } from '../../src/engine/rule.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const POOL = 'Microsoft.ContainerService/managedClusters/agentPools';
const CLUSTER = 'Microsoft.ContainerService/managedClusters';
const SCALE_SET = 'Microsoft.Compute/virtualMachineScaleSets';

describe('the types a type is read through', () => {
  it('is its parent in ARM, up to the top', () => {
    expect(parentType(POOL)).toBe(CLUSTER);
    expect(parentType('Microsoft.MachineLearningServices/workspaces/computes')).toBe('Microsoft.MachineLearningServices/workspaces');
    expect(withAncestorTypes(['Microsoft.Network/virtualNetworks/subnets/ipConfigurations'])).toEqual([
      'Microsoft.Network/virtualNetworks/subnets/ipConfigurations',
      'Microsoft.Network/virtualNetworks/subnets',
      'Microsoft.Network/virtualNetworks',
    ]);
  });

  it('is nothing for a top-level type, or for a type listed per region', () => {
    expect(parentType(CLUSTER)).toBeUndefined();
    expect(parentType('Microsoft.Compute/locations/usages')).toBeUndefined();
  });

  it('keeps one spelling per type, compared ignoring case', () => {
    expect(withAncestorTypes([POOL, 'microsoft.containerservice/MANAGEDCLUSTERS'])).toEqual([POOL, CLUSTER]);
  });
});

describe('the types a rule requires', () => {
  const tmp = useTempDir();

  it('are its own, their parents, and the sources of the facts it decides on', () => {
    const { requiredTypeKeys, requires } = requiredTypes({ resourceTypes: [SCALE_SET] }, ['gpu', 'scaleOut']);
    expect(requiredTypeKeys).toEqual(['microsoft.compute/virtualmachinescalesets', 'microsoft.compute/locations/usages', 'microsoft.insights/autoscalesettings']);
    expect(requires).toEqual(['Microsoft.Compute/locations/usages', 'Microsoft.Insights/autoscaleSettings']);
  });

  it('include the cluster of a pool rule, which reads nothing else', () => {
    expect(requiredTypes({ resourceTypes: [POOL] }, ['gpu']).requires).toEqual([CLUSTER]);
  });

  it('take a fact’s sources on the rule’s types only', () => {
    // isGpuResource is computed from the pools on a cluster, from the computes on a workspace.
    expect(requiredTypes({ resourceTypes: ['Microsoft.Compute/virtualMachines'] }, ['isGpuResource']).requires).toEqual([]);
    expect(requiredTypes({ resourceTypes: ['Microsoft.MachineLearningServices/workspaces'] }, ['isGpuResource']).requires).toEqual(['Microsoft.MachineLearningServices/workspaces/computes']);
  });

  it('leave out facts only the message names: they change a finding’s words, not the outcome', () => {
    const rule = { resourceTypes: ['Microsoft.Authorization/roleAssignments'], message: 'Assignment of {facts.roleDefinition.roleName} at {facts.scope.id}.' };
    const { decidingFacts } = checkRuleReads('rule.json', rule, { assert: { properties: { facts: { properties: { scope: { required: ['isGpuScope'] } } } } } });
    expect([...decidingFacts]).toEqual(['scope']);
    expect(requiredTypes(rule, decidingFacts).requires).not.toContain('Microsoft.Authorization/roleDefinitions');
  });

  it('add what a user rule lists under `requires`: data the contract cannot see', () => {
    const folder = writeRule(tmp.path('rules'), { resourceTypes: ['Microsoft.Network/networkInterfaces'], requires: ['Microsoft.Network/networkSecurityGroups'] });
    const [rule] = loadRules({ directories: [folder], builtin: false });
    expect(rule.requiredTypeKeys).toEqual(['microsoft.network/networkinterfaces', 'microsoft.network/networksecuritygroups']);
    expect(rule.requires).toEqual(['Microsoft.Network/networkSecurityGroups']);
  });
});

describe('the built-in rules', () => {
  const rules = loadRules();

  it('list under `requires` only what the derivation cannot see (today: nothing)', () => {
    const redundant = rules.flatMap((rule) => {
      const written = JSON.parse(readFileSync(rule.file, 'utf8')) as RuleDefinition;
      const { decidingFacts } = checkRuleReads(rule.file, written, { when: rule.whenValidator?.schema, assert: rule.assertValidator.schema });
      return redundantRequires(written, decidingFacts).map((type) => `${rule.id}: ${type}`);
    });
    expect(redundant).toEqual([]);
  });

  it('require the cluster wherever they read a pool, a namespace or a cluster-derived fact', () => {
    for (const id of ['AIS-AKS-001', 'AIS-AKS-002', 'AIS-AKS-003', 'AIS-AKS-008', 'AIS-AKS-009', 'AIS-AKS-010', 'AIS-QUOTA-003']) {
      expect({ id, requires: rules.find((rule) => rule.id === id)!.requires }).toEqual({ id, requires: expect.arrayContaining([CLUSTER]) });
    }
  });
});
