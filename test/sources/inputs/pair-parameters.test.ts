import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { findInputs } from '../../../src/sources/inputs/find-inputs.js';
import { pairParameters } from '../../../src/sources/inputs/pair-parameters.js';
import { useTempDir } from '../../helpers/temp.js';

const TEMPLATE = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] };
const parameters = (metadata?: Record<string, unknown>) => ({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
  contentVersion: '1.0.0.0',
  ...(metadata ? { metadata } : {}),
  parameters: {},
});

describe('which parameter files go with which template', () => {
  const tmp = useTempDir('aiscan-pairs-');
  let n = 0;
  const tree = (files: Record<string, unknown>): string => {
    const root = tmp.path(`tree-${n++}`);
    mkdirSync(join(root, '.git'), { recursive: true }); // a repository: metadata.template may not leave it
    for (const [path, content] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), JSON.stringify(content));
    }
    return root;
  };
  const runs = (root: string, explicit: string[] = []) =>
    pairParameters(findInputs([root]).files, explicit.map((file) => join(root, file))).runs.map((run) => [relative(root, run.template), run.parameters && relative(root, run.parameters)]);

  test('by name: main.parameters.json and main.parameters.<env>.json go with main.json, once each', () => {
    const root = tree({ 'main.json': TEMPLATE, 'main.parameters.json': parameters(), 'main.parameters.prod.json': parameters(), 'azuredeploy.json': TEMPLATE, 'azuredeploy.parameters.json': parameters() });
    expect(runs(root)).toEqual([
      ['azuredeploy.json', 'azuredeploy.parameters.json'],
      ['main.json', 'main.parameters.json'],
      ['main.json', 'main.parameters.prod.json'],
    ]);
  });

  test('by name, a JSON parameter file ($schema or not) goes with a Bicep file: main.json if it is scanned, else main.bicep (az deployment group create -f main.bicep -p main.parameters.json)', () => {
    const root = tree({ 'bicep/main.bicep': 'resource', 'bicep/main.parameters.json': { parameters: {} }, 'both/main.bicep': 'resource', 'both/main.json': TEMPLATE, 'both/main.parameters.json': parameters() });
    expect(runs(root)).toEqual([
      ['bicep/main.bicep', 'bicep/main.parameters.json'],
      ['both/main.bicep', undefined],
      ['both/main.json', 'both/main.parameters.json'],
    ]);
    // main.json left out of the inputs (the twin Bicep compiled, load-inputs.ts): main.bicep takes the parameter file.
    const inputs = findInputs([root]).files.filter((input) => !input.file.endsWith(join('both', 'main.json')));
    expect(pairParameters(inputs).runs.map((run) => [relative(root, run.template), run.parameters && relative(root, run.parameters)])).toContainEqual(['both/main.bicep', 'both/main.parameters.json']);
  });

  test('else with the only template in its folder (deploy.json and parameters.json)', () => {
    const root = tree({ 'aks/deploy.json': TEMPLATE, 'aks/parameters.json': parameters(), 'aks/prod.json': parameters(), 'two/a.json': TEMPLATE, 'two/b.json': TEMPLATE, 'two/values.json': parameters() });
    const paired = pairParameters(findInputs([root]).files);
    expect(paired.runs.map((run) => [relative(root, run.template), run.parameters && relative(root, run.parameters)])).toEqual([
      ['aks/deploy.json', 'aks/parameters.json'],
      ['aks/deploy.json', 'aks/prod.json'],
      ['two/a.json', undefined],
      ['two/b.json', undefined],
    ]);
    expect(paired.skipped.map((s) => relative(root, s.file))).toEqual(['two/values.json']);
  });

  test('by metadata.template, wherever the parameter file is; a template without one runs on its defaults', () => {
    const root = tree({ 'infra/aks.json': TEMPLATE, 'env/dev.json': parameters({ template: '../infra/aks.json' }), 'infra/vm.json': TEMPLATE });
    expect(runs(root)).toEqual([
      ['infra/aks.json', 'env/dev.json'],
      ['infra/vm.json', undefined],
    ]);
  });

  test('a parameter file alone brings its template in', () => {
    const root = tree({ 'main.json': TEMPLATE, 'main.parameters.json': parameters() });
    const paired = pairParameters(findInputs([join(root, 'main.parameters.json')]).files);
    expect(paired.runs.map((run) => [relative(root, run.template), relative(root, run.parameters!)])).toEqual([['main.json', 'main.parameters.json']]);
  });

  test('--parameters names a file for the one template scanned', () => {
    const root = tree({ 'main.json': TEMPLATE, 'values/prod.json': parameters() });
    expect(runs(root, ['values/prod.json'])).toEqual([['main.json', 'values/prod.json']]);
  });

  test('a parameter file whose template is unknown: skipped with the reason in a walk, an error when named', () => {
    const root = tree({ 'a.json': TEMPLATE, 'b.json': TEMPLATE, 'orphan.parameters.json': parameters() });
    const paired = pairParameters(findInputs([root]).files);
    expect(paired.skipped.map((s) => [relative(root, s.file), s.reason])).toEqual([['orphan.parameters.json', expect.stringContaining('no template found for it')]]);
    expect(() => pairParameters(findInputs([root]).files, [join(root, 'orphan.parameters.json')])).toThrow(/--parameters .*orphan\.parameters\.json: no template found for it.*2 templates are scanned/);
  });

  test('metadata.template cannot send aiscan outside the repository; one that names no file falls back to the name', () => {
    const outside = tree({ 'p.parameters.json': parameters({ template: '../../../../../../etc/passwd' }), 'p.json': TEMPLATE });
    expect(pairParameters(findInputs([outside]).files).skipped.map((s) => s.reason)).toEqual([
      expect.stringMatching(/^its metadata\.template \(\.\.\/.*etc\/passwd\) is outside .*; a parameter file can only name a template in its repository$/),
    ]);
    // Named with --parameters, it goes with the one template scanned, whatever it names.
    expect(pairParameters(findInputs([join(outside, 'p.json')]).files, [join(outside, 'p.parameters.json')]).runs).toEqual([{ template: join(outside, 'p.json'), parameters: join(outside, 'p.parameters.json') }]);
    const stale = tree({ 'main.json': TEMPLATE, 'main.parameters.json': parameters({ template: 'moved/main.json' }), 'elsewhere/other.json': parameters({ template: 'nowhere.json' }) });
    const paired = pairParameters(findInputs([stale]).files);
    expect(paired.runs.map((run) => [relative(stale, run.template), run.parameters && relative(stale, run.parameters)])).toEqual([['main.json', 'main.parameters.json']]);
    expect(paired.skipped.map((s) => [relative(stale, s.file), s.reason])).toEqual([['elsewhere/other.json', expect.stringMatching(/^its metadata\.template \(nowhere\.json\) is not a file beside it, and no template found for it/)]]);
  });
});
