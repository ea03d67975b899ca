import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../src/errors.js';
import { compileRule, createRuleAjv, loadRules, readRuleFile } from '../../src/engine/load-rules.js';
import { scan } from '../../src/scan.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const VM = 'Microsoft.Compute/virtualMachines';
const vm = (name: string, size: string, extra: Record<string, unknown> = {}) => ({
  id: `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`,
  name,
  type: VM,
  location: 'eastus',
  properties: { hardwareProfile: { vmSize: size } },
  ...extra,
});

function writeCondition(rulesFolder: string, name: string, content: unknown): string {
  mkdirSync(join(rulesFolder, 'conditions'), { recursive: true });
  const file = join(rulesFolder, 'conditions', `${name}.json`);
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 2));
  return file;
}

const condition = (schema: unknown) => ({ title: 'A test condition', description: 'A condition written for a test.', schema });

describe('a named condition', () => {
  const tmp = useTempDir();
  let n = 0;
  const counts = (folder: string, resources: unknown[]) => {
    const estate = tmp.write(`estate-${n++}.json`, JSON.stringify(resources));
    return scan({ snapshots: [estate], directories: [folder], builtin: false, failOn: 'none' }).counts['AIS-TST-001'];
  };
  const resources = [vm('gpu-tagged', 'Standard_NC24ads_A100_v4', { tags: { owner: 'x' } }), vm('gpu', 'Standard_NC24ads_A100_v4'), vm('cpu', 'Standard_D4s_v5')];

  it('of the built-in pack narrows a user rule: gpuCompute', () => {
    writeRule(tmp.path('builtin-condition', 'team'), { when: { condition: 'gpuCompute' }, assert: { fields: { 'tags.owner': {} } } });
    expect(counts(tmp.path('builtin-condition'), resources)).toMatchObject({ pass: 1, fail: 1, notApplicable: 1 });
  });

  it('of a user folder (DIR/conditions/) is used like a built-in one, and that folder is not read as rules', () => {
    const folder = tmp.path('own');
    writeRule(join(folder, 'team'), { when: { condition: 'taggedGpu' }, assert: { fields: { 'tags.owner': { const: 'nobody' } } } });
    writeCondition(folder, 'taggedGpu', condition({ condition: 'gpuCompute', fields: { tags: { type: 'object' } } }));
    expect(loadRules({ directories: [folder], builtin: false }).map((rule) => [rule.id, rule.area])).toEqual([['AIS-TST-001', 'team']]);
    expect(counts(folder, resources)).toMatchObject({ pass: 0, fail: 1, notApplicable: 2 });
  });

  it('mixes with other keywords in the same schema', () => {
    writeRule(tmp.path('mixed', 'team'), { when: { condition: 'gpuCompute', required: ['tags'] }, assert: { fields: { 'tags.owner': {} } } });
    expect(counts(tmp.path('mixed'), resources)).toMatchObject({ pass: 1, fail: 0, notApplicable: 2 });
  });

  it('can be negated', () => {
    writeRule(tmp.path('negated', 'team'), { when: { not: { condition: 'gpuCompute' } }, assert: { fields: { 'tags.owner': {} } } });
    expect(counts(tmp.path('negated'), resources)).toMatchObject({ pass: 0, fail: 1, notApplicable: 2 });
  });

  it('resolves from the built-in pack when a rule is compiled on its own, as a rule test does', () => {
    const folder = writeRule(tmp.path('alone'), { when: { condition: 'gpuCompute' } });
    const rule = compileRule(readRuleFile(join(folder, 'AIS-TST-001.json')), 'rule.json', createRuleAjv());
    expect(rule.whenValidator!({ facts: { gpu: { isGpu: true } } })).toBe(true);
    expect(rule.whenValidator!({ facts: { gpu: { isGpu: false } } })).toBe(false);
    expect(rule.propertyNames).toEqual(new Set(['tags', 'facts', 'gpu', 'isGpu']));
  });

  it('lets the folder of the built-in pack be given as a rules folder without clashing with itself', () => {
    expect(loadRules({ directories: ['rules'], builtin: false }).length).toBe(loadRules().length);
  });
});

describe('a condition aiscan cannot use: one line naming the file and the place', () => {
  const tmp = useTempDir();
  let n = 0;
  /** A rules folder with one rule whose `when` is `when`, and the given condition files. */
  const folderWith = (when: unknown, conditions: Record<string, unknown>) => {
    const folder = tmp.path(`rules-${n++}`);
    writeRule(join(folder, 'team'), { when });
    for (const [name, content] of Object.entries(conditions)) writeCondition(folder, name, content);
    return folder;
  };
  const loadError = (folder: string): string => {
    try {
      loadRules({ directories: [folder], builtin: false });
    } catch (error) {
      expect(error).toBeInstanceOf(UserError);
      expect((error as Error).message.split('\n')).toHaveLength(1);
      return (error as Error).message;
    }
    throw new Error('the rules loaded');
  };

  it('an unknown name, named at the reference with the names there are', () => {
    const folder = folderWith({ anyOf: [{ condition: 'gpuCompte' }] }, {});
    expect(loadError(folder)).toMatch(/team\/AIS-TST-001\.json: at \/when\/anyOf\/0\/condition: there is no condition "gpuCompte" \(known: gpuCluster, gpuCompute, gpuScope, gpuVmNic, gpuWorkload\)/);
  });

  it('a name that is not a name', () => {
    const folder = folderWith({ not: { condition: ['gpuCompute'] } }, {});
    expect(loadError(folder)).toMatch(/AIS-TST-001\.json: at \/when\/not\/condition: "condition" takes the name of a condition .*, not \["gpuCompute"\]$/);
    expect(loadError(folderWith({ condition: 7 }, {}))).toMatch(/AIS-TST-001\.json: at \/when\/condition: expected string \(see rules\/rule\.schema\.json\)$/);
  });

  it('a user condition with the name of a built-in one names both files', () => {
    const folder = folderWith({ condition: 'gpuCompute' }, { gpuCompute: condition({ fields: { 'facts.gpu.gpuCount': { minimum: 1 } } }) });
    expect(loadError(folder)).toMatch(/conditions\/gpuCompute\.json: condition "gpuCompute" is already defined by .*rules\/conditions\/gpuCompute\.json; give one of them another name$/);
  });

  it('the same name in two user folders names both files', () => {
    const first = folderWith({ condition: 'mine' }, { mine: condition(true) });
    const second = tmp.path('second');
    writeCondition(second, 'mine', condition(true));
    try {
      loadRules({ directories: [first, second], builtin: false });
      throw new Error('loaded');
    } catch (error) {
      expect((error as Error).message).toBe(`${second}/conditions/mine.json: condition "mine" is already defined by ${first}/conditions/mine.json; give one of them another name`);
    }
  });

  it('one that refers to itself', () => {
    const folder = folderWith({ condition: 'loop' }, { loop: condition({ anyOf: [{ condition: 'loop' }] }) });
    expect(loadError(folder)).toMatch(/conditions\/loop\.json: at \/schema\/anyOf\/0\/condition: condition "loop" refers to itself \(loop → loop\)/);
  });

  it('two that refer to each other', () => {
    const folder = folderWith({ condition: 'ping' }, { ping: condition({ condition: 'pong' }), pong: condition({ not: { condition: 'ping' } }) });
    expect(loadError(folder)).toMatch(/conditions\/(ping|pong)\.json: at \/schema(\/not)?\/condition: condition "(ping|pong)" refers to itself \((ping → pong → ping|pong → ping → pong)\)/);
  });

  it('a file that is not a condition', () => {
    const folder = folderWith({ condition: 'bare' }, { bare: { schema: {} } });
    expect(loadError(folder)).toMatch(/conditions\/bare\.json: at \/title: missing required property "title" \(see rules\/condition\.schema\.json\)$/);
  });

  it('a file name that is not a condition name', () => {
    const folder = folderWith({}, { 'gpu-compute': condition(true) });
    expect(loadError(folder)).toMatch(/conditions\/gpu-compute\.json: a condition's file name is its name: letters and digits, starting with a lower-case letter/);
  });

  it('a bad path in a condition names the condition file and the key', () => {
    const folder = folderWith({ condition: 'broken' }, { broken: condition({ fields: { 'facts..gpu': {} } }) });
    expect(loadError(folder)).toMatch(/conditions\/broken\.json: at \/schema\/fields\/facts\.\.gpu: the path "facts\.\.gpu" is not valid/);
  });

  it('a fact no resource type has, in a condition, is named in the condition file at its fields key, not in the rule that uses it', () => {
    const folder = folderWith({ condition: 'bigGpu' }, { bigGpu: condition({ fields: { 'facts.gpu.gpuCuont': { minimum: 8 } } }) });
    expect(loadError(folder)).toMatch(
      /conditions\/bigGpu\.json: at \/schema\/fields\/facts\.gpu\.gpuCuont: facts\.gpu\.gpuCuont is not a fact of any resource type; did you mean facts\.gpu\.gpuCount\?/,
    );
  });

  it('a fact that exists, but not for the types of the rule that uses the condition, is named at the reference', () => {
    const folder = folderWith({ condition: 'nicOfVm' }, { nicOfVm: condition({ fields: { 'facts.vm.name': {} } }) });
    expect(loadError(folder)).toMatch(/team\/AIS-TST-001\.json: at \/when\/condition: facts\.vm is not a fact of Microsoft\.Compute\/virtualMachines \(it is set on Microsoft\.Network\/networkInterfaces\)/);
  });

  it('an unknown keyword in a condition names the condition file, even where no rule uses it', () => {
    const folder = folderWith({}, { unused: condition({ fields: { 'facts.gpu': { requird: [] } } }) });
    expect(loadError(folder)).toMatch(/conditions\/unused\.json: at \/schema: not a valid JSON Schema: strict mode: unknown keyword: "requird" \(at \/schema\/fields\/facts\.gpu\/requird\)$/);
  });

  it.each([
    ['$param', { fields: { 'facts.gpu.gpuCount': { minimum: { $param: 'least' } } } }, /at \/schema\/fields\/facts\.gpu\.gpuCount\/minimum: conditions take no parameters/],
    ['$ref', { anyOf: [{ $ref: '#/definitions/x' }] }, /at \/schema\/anyOf\/0\/\$ref: a condition is copied into every rule that uses it, so it cannot hold \$ref/],
    ['definitions', { definitions: { x: {} } }, /at \/schema\/definitions: a condition is copied into every rule that uses it/],
  ])('a condition with %s', (_, schema, says) => {
    const folder = folderWith({ condition: 'odd' }, { odd: condition(schema) });
    expect(loadError(folder)).toMatch(says);
  });
});
