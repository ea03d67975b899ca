import { join } from 'node:path';
import { checkRuleReads, type RuleSchemas, type RuleText } from '../../src/engine/check-rule-reads.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { noteWrittenAt } from '../../src/engine/schema-source.js';
import { scan } from '../../src/scan.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const FILE = 'rules/x/MY-001.json';
const VM = 'Microsoft.Compute/virtualMachines';
const NIC = 'Microsoft.Network/networkInterfaces';

/** `facts.a.b` as nested `properties`, the way a rule file spells it without shorthand. */
function factsSchema(...path: string[]): object {
  let schema: object = { const: true };
  for (const name of [...path].reverse()) schema = { properties: { [name]: schema } };
  return { properties: { facts: schema } };
}

function check(schemas: Partial<RuleSchemas>, rule: Partial<RuleText> = {}): string | undefined {
  try {
    checkRuleReads(FILE, { resourceTypes: [VM], message: 'VM {name} is wrong.', ...rule }, { assert: {}, ...schemas });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

describe('a facts path the contract does not define for the rule’s types', () => {
  it('fails the load in one line naming the file, the JSON pointer, the nearest name and what there is', () => {
    expect(check({ assert: factsSchema('gpu', 'isGPU') })).toBe(
      `${FILE}: at /assert/properties/facts/properties/gpu/properties/isGPU: facts.gpu.isGPU is not a fact of ${VM}; did you mean facts.gpu.isGpu? ` +
        '(facts.gpu has: size, known, isGpu, accelerator, series, family, gpuModel, gpuCount, vCPUs, acceleratedNetworking, retired, fromSku; see schemas/facts.schema.json)',
    );
  });

  it('points at the entry of `required` that names it', () => {
    expect(check({ when: { properties: { facts: { required: ['gpu', 'isGpuResources'] } } } })).toMatch(
      new RegExp(`^${FILE}: at /when/properties/facts/required/1: facts.isGpuResources is not a fact of ${VM}; did you mean facts.isGpuResource\\?`),
    );
  });

  it('says which types do have a fact that the rule’s types do not', () => {
    expect(check({ assert: factsSchema('vm', 'name') })).toMatch(`at /assert/properties/facts/properties/vm: facts.vm is not a fact of ${VM} (it is set on ${NIC})`);
  });

  it('is found inside allOf, anyOf, not, if/then/else, items, contains and dependencies', () => {
    const typo = { properties: { facts: { properties: { tagNamez: {} } } } };
    expect(check({ assert: { allOf: [{}, typo] } })).toMatch('at /assert/allOf/1/properties/facts/properties/tagNamez: facts.tagNamez');
    expect(check({ assert: { anyOf: [typo] } })).toMatch('at /assert/anyOf/0/properties/facts/properties/tagNamez:');
    expect(check({ assert: { not: typo } })).toMatch('at /assert/not/properties/facts/properties/tagNamez:');
    expect(check({ when: { if: {}, then: {}, else: typo } })).toMatch('at /when/else/properties/facts/properties/tagNamez:');
    expect(check({ assert: factsSchema('roleAssignments') && { properties: { facts: { properties: { roleAssignments: { items: { properties: { rolename: {} } } } } } } } })).toMatch(
      'at /assert/properties/facts/properties/roleAssignments/items/properties/rolename: facts.roleAssignments[*].rolename is not a fact of Microsoft.Compute/virtualMachines; did you mean facts.roleAssignments[*].roleName?',
    );
    expect(check({ assert: { properties: { facts: { properties: { tagNames: { contains: { properties: { x: {} } } } } } } } })).toMatch(
      'facts.tagNames[*].x: facts.tagNames[*] is a string, which has no properties',
    );
    expect(check({ assert: { properties: { facts: { dependencies: { gpu: ['isGpuResourse'] } } } } })).toMatch('at /assert/properties/facts/dependencies/gpu/0: facts.isGpuResourse');
  });

  it('is found through a local $ref, at the place the referenced schema is written', () => {
    const assert = { definitions: { gpuCheck: { properties: { facts: { properties: { gpu: { required: ['isGPU'] } } } } } }, allOf: [{ $ref: '#/definitions/gpuCheck' }] };
    expect(check({ assert })).toMatch('at /assert/definitions/gpuCheck/properties/facts/properties/gpu/required/0: facts.gpu.isGPU');
  });

  it('follows a $ref that refers to itself without looping', () => {
    const assert = { definitions: { gpuTree: { properties: { facts: { properties: { gpu: { required: ['isGpu'] } } }, properties: { $ref: '#/definitions/gpuTree' } } } }, $ref: '#/definitions/gpuTree' };
    expect(check({ assert })).toBeUndefined();
  });

  it('rejects `items` on a fact that is not an array, and names below one that has no properties', () => {
    expect(check({ assert: { properties: { facts: { properties: { gpu: { items: {} } } } } } })).toMatch('facts.gpu is an object, not an array, so "items" and "contains" check nothing there');
    expect(check({ assert: factsSchema('gpu', 'isGpu', 'value') })).toMatch('facts.gpu.isGpu.value: facts.gpu.isGpu is a boolean, which has no properties');
    expect(check({ assert: factsSchema('tagNames', 'owner') })).toMatch('facts.tagNames.owner: facts.tagNames is an array of strings; check its elements with "items" or "contains"');
  });

  it('accepts a path that exists for at least one of several types: `when` may read it to select those', () => {
    const rule = { resourceTypes: [VM, NIC] };
    expect(check({ when: factsSchema('vm', 'gpu', 'isGpu'), assert: factsSchema('networkInterfaces') }, rule)).toBeUndefined();
    expect(check({ assert: factsSchema('cluster') }, rule)).toMatch(`facts.cluster is not a fact of ${VM} or ${NIC}`);
  });

  it('accepts the facts every item has on a type the contract does not name, and only those', () => {
    const rule = { resourceTypes: ['Microsoft.Sql/servers'] };
    expect(check({ assert: { properties: { facts: { properties: { roleAssignments: { items: { properties: { roleName: {} } } }, tagNames: {}, identity: { required: ['managed'] } } } } } }, rule)).toBeUndefined();
    expect(check({ assert: factsSchema('gpu') }, rule)).toMatch('facts.gpu is not a fact of Microsoft.Sql/servers (it is set on');
  });

  it('does not check below any key (additionalProperties, patternProperties)', () => {
    expect(check({ assert: { properties: { facts: { additionalProperties: { properties: { anything: {} } } } } } })).toBeUndefined();
  });
});

describe('what the message and locate read', () => {
  it('rejects a facts placeholder the contract does not define', () => {
    expect(check({}, { message: 'NIC {name} of {facts.vm.nam}.', resourceTypes: [NIC] })).toBe(
      `${FILE}: at /message: facts.vm.nam is not a fact of ${NIC}; did you mean facts.vm.name? (facts.vm has: id, name, vmSize, gpu; see schemas/facts.schema.json) (a placeholder in the message)`,
    );
  });

  it('reads a message index as an array element', () => {
    expect(check({}, { message: 'first tag {facts.tagNames[0]}, first NIC {facts.networkInterfaces[0].found}' })).toBeUndefined();
    expect(check({}, { message: 'first NIC {facts.networkInterfaces[0].fund}' })).toMatch('facts.networkInterfaces[*].fund');
  });

  it('rejects {parameters.x} when the rule has no parameter x, suggesting the nearest', () => {
    const parameters = { maxNodeCount: { description: 'the bound', default: 8 } };
    expect(check({}, { message: 'Pool {name} may grow above {parameters.maxNodes}.', parameters })).toBe(
      `${FILE}: at /message: {parameters.maxNodes} names no parameter of this rule; did you mean {parameters.maxNodeCount}? (it takes: maxNodeCount)`,
    );
    expect(check({}, { message: 'VM {name} lacks {parameters.tag}.' })).toBe(`${FILE}: at /message: {parameters.tag} names no parameter of this rule; declare it under "parameters" with a default`);
    expect(check({}, { message: 'Pool {name} may grow above {parameters.maxNodeCount}.', parameters })).toBeUndefined();
  });

  it('rejects a locate path into facts the contract does not define', () => {
    expect(check({}, { locate: 'facts.identty' })).toMatch(`${FILE}: at /locate: facts.identty is not a fact of ${VM}; did you mean facts.identity?`);
  });
});

describe('a schema built from shorthand by an expansion', () => {
  it('is reported where the expansion says it was written', () => {
    const leaf = { const: true };
    const gpu = { properties: { isGPU: leaf }, required: ['isGPU'] };
    const facts = { properties: { gpu } };
    for (const node of [leaf, gpu, facts]) noteWrittenAt(node, '/assert/fields/facts.gpu.isGPU');
    expect(check({ assert: { properties: { facts } } })).toMatch(`${FILE}: at /assert/fields/facts.gpu.isGPU: facts.gpu.isGPU is not a fact of ${VM}`);
  });
});

describe('loading rules', () => {
  const tmp = useTempDir();

  it('fails `aiscan rules validate` on a facts typo, in one line and with exit code 2', async () => {
    const folder = writeRule(tmp.path('typo'), { assert: factsSchema('gpu', 'isGPU') });
    const { code, stdout, stderr } = await runCli('rules', 'validate', folder);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${join(folder, 'AIS-TST-001.json')}: at /assert/properties/facts/properties/gpu/properties/isGPU: facts.gpu.isGPU is not a fact of ${VM}; did you mean facts.gpu.isGpu?`);
  });

  it('reports a facts typo written with `fields` at the path key, and one inside a named condition at the reference', () => {
    const typo = writeRule(tmp.path('fields-typo'), { when: { fields: { 'facts.gpu.isGPU': { const: true } } } });
    expect(() => loadRules({ directories: [typo], builtin: false })).toThrow(
      `${join(typo, 'AIS-TST-001.json')}: at /when/fields/facts.gpu.isGPU: facts.gpu.isGPU is not a fact of ${VM}; did you mean facts.gpu.isGpu?`,
    );
    // gpuCluster reads facts.hasGpuPool, a fact of clusters only.
    const misplaced = writeRule(tmp.path('condition-on-vm'), { when: { condition: 'gpuCluster' } });
    expect(() => loadRules({ directories: [misplaced], builtin: false })).toThrow(`${join(misplaced, 'AIS-TST-001.json')}: at /when/condition: facts.hasGpuPool is not a fact of ${VM}`);
  });

  it('warns, without failing, about a property path the REST API does not define: in rules validate, rules test and the scan', async () => {
    const folder = writeRule(tmp.path('property-typo'), { assert: { fields: { 'properties.hardwareProfile.vmSizee': { type: 'string' } } } });
    const warning = `${join(folder, 'AIS-TST-001.json')}: at /assert/fields/properties.hardwareProfile.vmSizee: properties.hardwareProfile.vmSizee is not a property of ${VM}`;
    const validated = await runCli('rules', 'validate', folder);
    expect(validated.code).toBe(0);
    expect(validated.stderr).toContain(`warning: ${warning}`);
    const tested = await runCli('rules', 'test', folder);
    expect(tested.stderr).toContain(`warning: ${warning}`);
    const scanned = scan({ snapshots: ['examples/estate/subscription-research.json'], directories: [folder], failOn: 'none' });
    expect(scanned.warnings.filter((line) => line.startsWith(warning))).toHaveLength(1);
    expect(scan({ snapshots: ['examples/estate/subscription-research.json'], failOn: 'none' }).warnings.filter((line) => line.includes('REST API'))).toEqual([]);
  });

  it('loads every built-in rule: they read only what the contract defines', () => {
    expect(loadRules().length).toBeGreaterThanOrEqual(32);
  });
});
