import { checkRuleReads } from '../../../src/engine/check-rule-reads.js';
import { loadRules } from '../../../src/engine/load-rules.js';
import { formatReadPath } from '../../../src/engine/schema-reads.js';
import { FACTS, type FactPlacement } from '../../../src/facts/contract.js';
import { TYPE_NAMES as T } from '../../../src/facts/resource-types.js';
import mappings from '../../../src/sources/terraform/mappings/azurerm.json' with { type: 'json' };

/**
 * Every path a built-in rule's when/assert or a fact reads on an ARM type that a Terraform type
 * maps onto is produced by some mapping onto that type: a new rule or fact reading a property the
 * mappings leave out fails here instead of silently never matching on a plan.
 */
type Candidate = string | { path: string; as: string; element?: string };
interface TypeMapping {
  armType: string;
  constants?: Record<string, unknown>;
  attributes: Record<string, Candidate[]>;
}
const TYPES = mappings.types as Record<string, TypeMapping>;
const ELEMENTS = mappings.elements as Record<string, Record<string, Candidate[]>>;

/** `a.b[*].c`, `a.b[].c` and `a.*` as one spelling, compared ignoring case as rules compare keys. */
const normal = (path: string) => path.replace(/\[\*\]/g, '[]').replace(/(^|\.)\*$/, '').toLowerCase();

function elementPaths(base: string, attributes: Record<string, Candidate[]>): string[] {
  return Object.entries(attributes).flatMap(([arm, candidates]) => {
    const path = `${base}${arm}`;
    const nested = candidates.flatMap((candidate) => (typeof candidate !== 'string' && candidate.as === 'elements' ? elementPaths(`${path}[].`, ELEMENTS[candidate.element ?? ''] ?? {}) : []));
    return [path, ...nested];
  });
}

/** ARM paths the mappings produce, by ARM type, as the rules' items hold them. */
function mappedPaths(): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const add = (type: string, paths: string[]) => {
    const set = result.get(type) ?? new Set<string>();
    for (const path of paths) set.add(normal(path));
    result.set(type, set);
  };
  for (const mapping of Object.values(TYPES)) {
    const paths = ['location', 'tags', ...Object.keys(mapping.constants ?? {}), ...elementPaths('', mapping.attributes)];
    add(mapping.armType, paths);
    // A pool's item is its `properties` (src/facts/items.ts), whether from the agentPools API or the cluster's agentPoolProfiles[].
    if (mapping.armType === T.agentPool) add(T.agentPool, paths.filter((path) => path.startsWith('properties.')).map((path) => path.slice('properties.'.length)));
    if (mapping.armType === T.managedCluster) add(T.agentPool, paths.filter((path) => path.startsWith('properties.agentPoolProfiles[].')).map((path) => path.slice('properties.agentPoolProfiles[].'.length)));
  }
  return result;
}

/** Where each GPU holder keeps its size (the contract's VM_SIZE): a fact placed on all of them lists all four, and each holder's documents hold only its own. */
const SIZE_OF: Record<string, string> = {
  [T.virtualMachine]: 'properties.hardwareProfile.vmSize',
  [T.scaleSet]: 'sku.name',
  [T.agentPool]: 'vmSize',
  [T.mlCompute]: 'properties.properties.vmSize',
};

/** Paths no plan can give, by ARM type, and why. */
const NOT_IN_PLANS: Record<string, Record<string, string>> = {
  [T.networkInterface]: {
    // azurerm's virtual_machine_id is computed: unknown for every NIC a plan creates, so mapping it would leave the `vm` fact (and the rules on a GPU VM's NIC) undecided; the VM is joined from its network_interface_ids instead.
    'properties.virtualMachine.id': 'set by Azure from the VM that lists the NIC',
    // ARM network interfaces have no managed identity.
    'identity.type': 'no identity on the type',
    'identity.userAssignedIdentities': 'no identity on the type',
  },
  [T.agentPool]: {
    'identity.type': "a pool runs as its cluster's identity",
    'identity.userAssignedIdentities': "a pool runs as its cluster's identity",
    // azurerm 4.x/5.x (hashicorp/terraform-provider-azurerm 69697b7f, website/docs/r/kubernetes_cluster*.html.markdown) has no attribute for them.
    nodeInitializationTaints: 'no azurerm attribute',
  },
  [T.mlCompute]: {
    // azurerm sends a compute cluster's location as its ComputeLocation (and its workspace's as the resource's location):
    // hashicorp/terraform-provider-azurerm internal/services/machinelearning/machine_learning_compute_cluster_resource.go
    // @ 004893404e27ae619507bd3aa5a41461b3f6c102. It is mapped to location, which facts.skuAvailability reads when computeLocation is absent.
    'properties.computeLocation': "azurerm writes it as the cluster's location, which is mapped",
    // The nodes a cluster has now: state Azure reports, which no configuration writes. facts.mlScaleOut counts a planned cluster from 0.
    'properties.properties.currentNodeCount': 'runtime state Azure reports, not configuration',
  },
  [T.roleAssignment]: { 'identity.type': 'no identity on the type', 'identity.userAssignedIdentities': 'no identity on the type', tags: 'no tags on the type' },
  [T.roleDefinition]: { 'identity.type': 'no identity on the type', 'identity.userAssignedIdentities': 'no identity on the type', tags: 'no tags on the type' },
  [T.autoscaleSetting]: { 'identity.type': 'no identity on the type', 'identity.userAssignedIdentities': 'no identity on the type' },
  'Microsoft.Network/publicIPAddresses': { 'identity.type': 'no identity on the type', 'identity.userAssignedIdentities': 'no identity on the type' },
  'Microsoft.ManagedIdentity/userAssignedIdentities': { 'identity.type': 'it is an identity', 'identity.userAssignedIdentities': 'it is an identity' },
  'Microsoft.Resources/resourceGroups': { 'identity.type': 'no identity on the type', 'identity.userAssignedIdentities': 'no identity on the type' },
};

function readPaths(type: string): Map<string, string> {
  const reads = new Map<string, string>();
  const add = (path: string, by: string) => {
    if (['id', 'name', 'type'].includes(path)) return;
    if (Object.values(SIZE_OF).includes(path) && SIZE_OF[type] !== path) return;
    if (NOT_IN_PLANS[type]?.[path.replace(/\.\*$/, '')] !== undefined) return;
    if (!reads.has(normal(path))) reads.set(normal(path), by);
  };
  for (const [name, fact] of Object.entries(FACTS)) {
    for (const placement of fact.on as readonly FactPlacement[]) {
      if (placement.types === '*' || placement.types.includes(type)) for (const path of placement.reads) add(path, `fact ${name}`);
      for (const path of placement.readsFrom?.[type] ?? []) add(path, `fact ${name} (read from ${type})`);
    }
  }
  for (const rule of loadRules({})) {
    if (!rule.resourceTypes.some((ruleType) => ruleType.toLowerCase() === type.toLowerCase())) continue;
    const read = checkRuleReads(rule.file, rule, { when: rule.whenValidator?.schema, assert: rule.assertValidator.schema });
    for (const path of [...read.when.paths, ...read.assert.paths]) add(formatReadPath(path), `rule ${rule.id}`);
  }
  return reads;
}

describe('what the Terraform mappings produce', () => {
  const mapped = mappedPaths();

  test.each([...mapped.keys()])('every path rules and facts read on %s is mapped', (type) => {
    const produced = [...mapped.get(type)!];
    // A read is produced when the mapping writes it, or writes a value holding it (`identity.userAssignedIdentities` for its keys), or a path below it.
    const covered = (read: string) => produced.some((path) => path === read || path.startsWith(`${read}.`) || path.startsWith(`${read}[`) || read.startsWith(`${path}.`) || read.startsWith(`${path}[`));
    const missing = [...readPaths(type)].filter(([read]) => !covered(read)).map(([read, by]) => `${read} (${by})`);
    expect(missing).toEqual([]);
  });

  test('every ARM type the facts and rules judge that a Terraform type stands for has a mapping', () => {
    for (const type of [T.virtualMachine, T.scaleSet, T.networkInterface, T.managedCluster, T.agentPool, T.mlWorkspace, T.mlCompute, T.roleAssignment, T.roleDefinition, T.autoscaleSetting]) {
      expect(mapped.has(type)).toBe(true);
    }
  });
});
