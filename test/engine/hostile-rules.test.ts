import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../../src/engine/load-rules.js';
import { scan } from '../../src/scan.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const VM_ID = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1';

function vm(extra: Record<string, unknown> = {}) {
  return { id: VM_ID, name: 'vm1', type: 'Microsoft.Compute/virtualMachines', location: 'eastus', ...extra };
}

const INHERITED = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'];

describe('rules see the resource’s own keys, never Object.prototype’s', () => {
  const tmp = useTempDir();
  let n = 0;
  /** Scans one VM against one rule; returns the rule's outcome counts. */
  const outcome = (resource: Record<string, unknown>, rule: Record<string, unknown>, parameters?: Record<string, Record<string, unknown>>) => {
    const folder = writeRule(tmp.path(`rules-${n}`), rule);
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([resource]));
    const before = Object.getOwnPropertyNames(Object.prototype).sort();
    const result = scan({ snapshots: [estate], directories: [folder], builtin: false, failOn: 'none', parameters });
    expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(before);
    const { pass, fail } = result.counts['AIS-TST-001'];
    return { pass, fail };
  };

  it.each(INHERITED)('a tag named %s that a rule requires is missing when the resource does not have it', (name) => {
    const rule = { assert: { required: ['tags'], properties: { tags: { required: [name] } } } };
    expect(outcome(vm({ tags: {} }), rule)).toEqual({ pass: 0, fail: 1 });
    expect(outcome(vm({ tags: { [name]: 'x' } }), rule)).toEqual({ pass: 1, fail: 0 });
  });

  it.each(INHERITED.filter((name) => name !== '__proto__'))('a tag named %s by a parameter (set in the config) is missing when the resource does not have it', (name) => {
    const rule = {
      parameters: { tag: { description: 'the tag every VM needs', default: 'owner' } },
      assert: { required: ['tags'], properties: { tags: { required: [{ $param: 'tag' }] } } },
    };
    const parameters = { 'AIS-TST-001': { tag: name } };
    expect(outcome(vm({ tags: {} }), rule, parameters)).toEqual({ pass: 0, fail: 1 });
    expect(outcome(vm({ tags: { [name]: 'x' } }), rule, parameters)).toEqual({ pass: 1, fail: 0 });
  });

  it.each(INHERITED.filter((name) => name !== '__proto__'))('dependencies keyed by %s apply only when the resource has that key', (name) => {
    const rule = { assert: { properties: { tags: { dependencies: { [name]: ['owner'] } } } } };
    expect(outcome(vm({ tags: {} }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(outcome(vm({ tags: { [name]: 'x' } }), rule)).toEqual({ pass: 0, fail: 1 });
  });

  it.each(INHERITED.filter((name) => name !== '__proto__'))('a property named %s is checked only when the resource has it', (name) => {
    const rule = { assert: { properties: { properties: { properties: { [name]: { type: 'string' } } } } } };
    expect(outcome(vm({ properties: {} }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(outcome(vm({ properties: JSON.parse(`{"${name}": 42}`) }), rule)).toEqual({ pass: 0, fail: 1 });
  });

  it('checks a property named __proto__ the way the schema engine can, with parameters filled in', () => {
    const rule = {
      parameters: { wanted: { description: 'the value', default: 'yes' } },
      assert: { properties: { properties: { required: ['__proto__'], patternProperties: { '^__proto__$': { const: { $param: 'wanted' } } } } } },
    };
    expect(outcome(vm({ properties: JSON.parse('{"__proto__": "yes"}') }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(outcome(vm({ properties: JSON.parse('{"__proto__": "no"}') }), rule)).toEqual({ pass: 0, fail: 1 });
    expect(outcome(vm({ properties: {} }), rule)).toEqual({ pass: 0, fail: 1 });
  });

  it.each([
    ['properties', '/assert/properties/tags/properties/__proto__', { properties: { tags: { properties: JSON.parse('{"__proto__": {"const": "x"}}') } } }],
    ['dependencies', '/when/dependencies/__proto__', { dependencies: JSON.parse('{"__proto__": ["name"]}') }],
  ])('refuses a rule whose %s names __proto__, which the schema engine would skip: the rule would check nothing there', async (_, pointer, schema) => {
    const key = pointer.startsWith('/when') ? 'when' : 'assert';
    const folder = writeRule(tmp.path(`proto-${n++}`), { [key]: schema });
    expect(() => loadRules({ directories: [folder], builtin: false })).toThrow(`AIS-TST-001.json: at ${pointer}: the schema engine skips a key named "__proto__"`);
  });

  it.each(['constructor', 'toString', 'hasOwnProperty', 'valueOf'])('takes a parameter named %s like any other, from the rule and from the config', (name) => {
    const rule = {
      parameters: { [name]: { description: 'the owner a VM needs', default: 'owner' } },
      assert: { properties: { tags: { properties: { x: { const: { $param: name } } } } } },
    };
    expect(outcome(vm({ tags: { x: 'owner' } }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(outcome(vm({ tags: { x: 'team' } }), rule)).toEqual({ pass: 0, fail: 1 });
    expect(outcome(vm({ tags: { x: 'team' } }), rule, { 'AIS-TST-001': { [name]: 'team' } })).toEqual({ pass: 1, fail: 0 });
  });
});

describe('names compared ignoring ASCII case only, as ARM does', () => {
  const tmp = useTempDir();
  let n = 0;
  const counts = (resource: Record<string, unknown>, rule: Record<string, unknown>) => {
    const folder = writeRule(tmp.path(`rules-${n}`), rule);
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([resource]));
    const { pass, fail } = scan({ snapshots: [estate], directories: [folder], builtin: false, failOn: 'none' }).counts['AIS-TST-001'];
    return { pass, fail };
  };

  it('reads a property spelled in another ASCII case as the rule’s, but not one spelled with the Kelvin sign', () => {
    const rule = { assert: { required: ['kind'], properties: { kind: { const: 'good' } } } };
    expect(counts(vm({ KIND: 'good' }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(counts(vm({ '\u212Aind': 'good' }), rule)).toEqual({ pass: 0, fail: 1 });
  });

  it.each([
    ['Kelvin sign', 'Standard_\u212A'],
    ['Angstrom sign', 'Standard_\u212B'],
    ['Ohm sign', 'Standard_\u2126'],
    ['long s', '\u017Ftandard_k'],
    ['dotless i', 'Standard_k\u0131'],
  ])('enumIgnoreCase does not take a value with the %s for the value it resembles', (_, value) => {
    const allowed = ['Standard_k', 'Standard_\u00e5', 'Standard_\u03c9', 'Standard_ki'];
    const rule = { assert: { properties: { sku: { properties: { name: { enumIgnoreCase: allowed } } } } } };
    expect(counts(vm({ sku: { name: value } }), rule)).toEqual({ pass: 0, fail: 1 });
    expect(counts(vm({ sku: { name: 'STANDARD_K' } }), rule)).toEqual({ pass: 1, fail: 0 });
  });

  it('a tag spelled with the Kelvin sign is not the tag a rule asks for', () => {
    const rule = { assert: { properties: { facts: { properties: { tagNames: { contains: { const: 'kind' } } } } } } };
    expect(counts(vm({ tags: { KIND: 'x' } }), rule)).toEqual({ pass: 1, fail: 0 });
    expect(counts(vm({ tags: { '\u212Aind': 'x' } }), rule)).toEqual({ pass: 0, fail: 1 });
  });
});

describe('rule schemas and folders aiscan cannot use: one line naming the file and the place, exit 2', () => {
  const tmp = useTempDir();
  let n = 0;
  const scanWith = async (folder: string) => {
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify([vm()]));
    return runCli('scan', '--snapshot', estate, '--rules', folder, '--out', tmp.path(`out-${n}`));
  };
  const expectOneLine = (result: { code: number; stderr: string }, says: RegExp) => {
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(says)]);
  };

  it.each([
    ['JSON Schema 2020-12', 'https://json-schema.org/draft/2020-12/schema'],
    ['draft-04', 'http://json-schema.org/draft-04/schema#'],
    ['draft-07 spelled with https', 'https://json-schema.org/draft-07/schema#'],
    ['a URL of its own', 'https://example.com/my-dialect'],
  ])('a schema whose $schema is %s', async (_, dialect) => {
    const folder = writeRule(tmp.path(`dialect-${n}`), { assert: { $schema: dialect, required: ['tags'] } });
    const result = await scanWith(folder);
    expectOneLine(result, new RegExp(`^aiscan: .*AIS-TST-001\\.json: at /assert/\\$schema: "${dialect.replace(/[.?*+^$[\]\\(){}|-]/g, '\\$&')}" is not a dialect aiscan reads rules in: rule schemas are JSON Schema draft-07`));
  });

  it('a $schema that is not a string', async () => {
    const folder = writeRule(tmp.path(`dialect-${n}`), { when: { $schema: 7 } });
    expectOneLine(await scanWith(folder), /AIS-TST-001\.json: at \/when\/\$schema: a number is not a dialect aiscan reads rules in/);
  });

  it('accepts draft-07 named as such', async () => {
    const folder = writeRule(tmp.path(`dialect-${n}`), { assert: { $schema: 'http://json-schema.org/draft-07/schema#', required: ['tags'] } });
    expect((await scanWith(folder)).code).toBe(1);
  });

  it('two schemas with the same $id', async () => {
    const folder = tmp.path(`ids-${n}`);
    writeRule(folder, { assert: { $id: 'urn:aiscan:same', required: ['tags'] } });
    writeRule(folder, { id: 'AIS-TST-002', name: 'TestRuleTwo', assert: { $id: 'urn:aiscan:same', required: ['name'] } });
    expectOneLine(await scanWith(folder), /AIS-TST-002\.json: at \/assert\/\$id: the \$id "urn:aiscan:same" is already used by another schema aiscan loaded/);
  });

  it('a symbolic link to nothing in a rules folder', async () => {
    const folder = writeRule(tmp.path('dangling'));
    symlinkSync(tmp.path('gone.json'), join(folder, 'AIS-TST-002.json'));
    expectOneLine(await scanWith(folder), /^aiscan: --rules .*dangling: cannot read .*dangling\/AIS-TST-002\.json: it is a symbolic link to .*gone\.json, which does not exist; remove the link or restore its target$/);
  });

  it('a symbolic link to nothing that was meant to be a folder of rules', async () => {
    const folder = writeRule(tmp.path('dangling-folder'));
    symlinkSync(tmp.path('team-rules-gone'), join(folder, 'team'));
    expectOneLine(await scanWith(folder), /cannot read .*dangling-folder\/team: it is a symbolic link to .*team-rules-gone, which does not exist/);
  });

  it('reads a folder that links back to itself once, and ends', () => {
    const folder = writeRule(tmp.path('loop'));
    mkdirSync(join(folder, 'sub'));
    symlinkSync(folder, join(folder, 'sub', 'back'));
    expect(loadRules({ directories: [folder], builtin: false }).map((rule) => rule.id)).toEqual(['AIS-TST-001']);
  });
});
