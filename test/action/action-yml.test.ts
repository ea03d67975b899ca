import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { INPUT_NAMES, inputEnvName, readInputs } from '../../src/action/inputs.js';
import { OUTPUTS } from '../../src/action/outputs.js';

const MAIN_JS = 'dist/src/action/main.js';
const action = parse(readFileSync('action.yml', 'utf8'));
const template = parse(readFileSync('templates/aiscan.yml', 'utf8'));

const kebab = (name: string) => name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
const steps = action.runs.steps as any[];
const scanStep = steps.find((step) => step.id === 'scan');
const templateSteps = template.steps as any[];
const templateScanStep = templateSteps.find((step) => step.name === 'aiscan');
const templateParameters = (template.parameters as any[]).filter((parameter) => parameter.name !== 'aiscanVersion');

/** A value other than the default for each input, to show that readInputs reads it. */
const SAMPLE_VALUES: Record<(typeof INPUT_NAMES)[number], string> = {
  paths: 'infra',
  snapshot: 'estate.json',
  subscription: '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26',
  'all-subscriptions': 'true',
  auth: 'cli',
  config: 'aiscan.config.json',
  rules: 'policies',
  suppressions: 'accepted.json',
  'fail-on': 'low',
  baseline: 'base.sarif',
  'new-only': 'true',
  format: 'html',
  out: 'elsewhere',
  category: 'aiscan-x',
  'sarif-for': 'github',
  'upload-sarif': 'false',
  'job-summary': 'false',
  'working-directory': 'sub',
  args: '--verbose',
};

/** Every script a step runs: none may hold a ${{ }} expression, which the runner would paste into the shell's text. */
export function scripts(stepList: any[]): string[] {
  return stepList.flatMap((step) => [step.run, step.bash, step.script].filter((script): script is string => typeof script === 'string'));
}

describe('action.yml', () => {
  it('is a composite action', () => {
    expect(action.runs.using).toBe('composite');
  });

  it('declares exactly the inputs inputs.ts reads, and inputs.ts reads each one', () => {
    expect(Object.keys(action.inputs).sort()).toEqual([...INPUT_NAMES].sort());
    const defaults = readInputs({});
    for (const name of INPUT_NAMES) expect([name, readInputs({ [inputEnvName(name)]: SAMPLE_VALUES[name] })]).not.toEqual([name, defaults]);
  });

  it('passes every input to main.js as INPUT_<NAME>, and nothing else', () => {
    expect(scanStep.run).toBe(`node "$GITHUB_ACTION_PATH/${MAIN_JS}"`);
    const expected = Object.fromEntries(INPUT_NAMES.map((name) => [inputEnvName(name), `\${{ inputs.${name} }}`]));
    expect(scanStep.env).toEqual(expected);
  });

  it('has the documented defaults, which main.js accepts', () => {
    const defaults = Object.fromEntries(Object.entries(action.inputs as Record<string, { default?: string }>).map(([name, input]) => [name, input.default]));
    expect(defaults).toMatchObject({ 'fail-on': 'high', format: 'sarif json md', out: 'reports', 'sarif-for': 'github', 'upload-sarif': 'true', 'job-summary': 'true' });
    const inputs = readInputs(Object.fromEntries(Object.entries(defaults).map(([name, value]) => [inputEnvName(name), String(value ?? '')])));
    expect(inputs).toMatchObject({ failOn: 'high', sarifFor: 'github', uploadSarif: true, jobSummary: true, out: 'reports', formats: ['sarif', 'json', 'md'] });
  });

  it('declares exactly the outputs main.js writes, each from the scan step', () => {
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(OUTPUTS).sort());
    for (const name of Object.keys(OUTPUTS)) expect(action.outputs[name].value).toBe(`\${{ steps.scan.outputs.${name} }}`);
  });

  it('installs the runtime dependencies in the action folder, builds nothing, installs nothing globally', () => {
    const install = steps[0].run as string;
    expect(install).toContain('cd "$GITHUB_ACTION_PATH"');
    expect(install).toContain('npm ci --omit=dev --ignore-scripts --no-audit --no-fund');
    expect(install).toMatch(/process\.versions\.node.*< 20/);
    expect(scripts(steps).join('\n')).not.toMatch(/npm (install|i) (-g|--global)|npm run build/);
  });

  it('uploads the SARIF even when findings fail the gate, when asked, never on a fork, without a category', () => {
    const upload = steps.find((step) => typeof step.uses === 'string' && step.uses.startsWith('github/codeql-action/upload-sarif'));
    expect(upload.uses).toBe('github/codeql-action/upload-sarif@v3');
    expect(upload.with).toEqual({ sarif_file: '${{ steps.scan.outputs.sarif-file }}' });
    expect(upload.if).toContain('!cancelled()');
    expect(upload.if).toContain("inputs.upload-sarif == 'true'");
    expect(upload.if).toContain("steps.scan.outputs.sarif-file != ''");
    expect(upload.if).toContain('github.event.pull_request.head.repo.full_name == github.repository');
    expect(steps.indexOf(upload)).toBeGreaterThan(steps.indexOf(scanStep));
  });

  it('fails the job last, with the exit code of the scan', () => {
    const last = steps[steps.length - 1];
    expect(last.env.AISCAN_EXIT_CODE).toBe('${{ steps.scan.outputs.exit-code }}');
    expect(last.run).toContain('exit "$AISCAN_EXIT_CODE"');
  });

  // Bash reads every script in test/action/shell-scripts.test.ts.
  it('pastes no expression into a script, and runs each in bash', () => {
    for (const script of scripts(steps)) expect(script).not.toContain('${{');
    for (const step of steps.filter((step) => step.run !== undefined)) expect(step.shell).toBe('bash');
  });

  it('runs a main.js that the build makes and the package ships', () => {
    const tsconfig = JSON.parse(readFileSync('tsconfig.json', 'utf8'));
    expect([tsconfig.compilerOptions.rootDir, tsconfig.compilerOptions.outDir]).toEqual(['.', 'dist']);
    expect(existsSync(MAIN_JS.replace(/^dist\//, '').replace(/\.js$/, '.ts'))).toBe(true);
    expect(JSON.parse(readFileSync('package.json', 'utf8')).files).toContain('dist');
  });
});

describe('templates/aiscan.yml', () => {
  it('has a parameter for every input of the action, and aiscanVersion', () => {
    expect(templateParameters.map((parameter) => kebab(parameter.name)).sort()).toEqual([...INPUT_NAMES].sort());
    expect((template.parameters as any[]).map((parameter) => parameter.name)).toContain('aiscanVersion');
  });

  it('passes every parameter to the same main.js as INPUT_<NAME>, and nothing else', () => {
    expect(templateScanStep.bash).toBe(`node "$(Agent.TempDirectory)/aiscan/node_modules/aiscan/${MAIN_JS}"`);
    const expected = Object.fromEntries(templateParameters.map((parameter) => [inputEnvName(kebab(parameter.name)), `\${{ parameters.${parameter.name} }}`]));
    expect(templateScanStep.env).toEqual(expected);
  });

  it('has defaults main.js accepts, booleans as Azure Pipelines writes them', () => {
    const env = Object.fromEntries(
      templateParameters.map((parameter) => [inputEnvName(kebab(parameter.name)), parameter.type === 'boolean' ? (parameter.default ? 'True' : 'False') : String(parameter.default)]),
    );
    expect(readInputs(env)).toMatchObject({ failOn: 'high', sarifFor: 'full', uploadSarif: true, jobSummary: true, out: 'reports' });
  });

  it('installs the published package into the agent temporary folder, never globally', () => {
    const install = templateSteps[0];
    expect(install.bash).toContain('npm install --no-save');
    expect(install.bash).toContain('--prefix "$AISCAN_PREFIX" "aiscan@$AISCAN_VERSION"');
    expect(install.env).toEqual({ AISCAN_PREFIX: '$(Agent.TempDirectory)/aiscan', AISCAN_VERSION: '${{ parameters.aiscanVersion }}' });
    expect(scripts(templateSteps).join('\n')).not.toMatch(/--global|-g /);
  });

  it('publishes the SARIF as CodeAnalysisLogs with the task the example pipelines use', () => {
    const conditional = templateSteps.find((step) => Object.keys(step).some((key) => key.includes('parameters.uploadSarif')));
    const [publish] = Object.values(conditional)[0] as any[];
    const examples = ['aiscan-pr-gate.yml', 'aiscan-snapshot-gate.yml', 'aiscan-nightly-audit.yml'].map((file) => parse(readFileSync(join('examples/azure-devops', file), 'utf8')));
    const exampleTasks = examples.flatMap((pipeline) => (pipeline.steps as any[]).filter((step) => step.inputs?.ArtifactName === 'CodeAnalysisLogs').map((step) => step.task));
    expect(new Set(exampleTasks)).toEqual(new Set([publish.task]));
    expect(publish.inputs).toEqual({ PathtoPublish: `$(aiscan.${OUTPUTS['sarif-file']})`, ArtifactName: 'CodeAnalysisLogs' });
    expect(publish.condition).toContain('succeededOrFailed()');
  });

  it('fails last with the exit code of the scan, and names only outputs main.js sets', () => {
    const last = templateSteps[templateSteps.length - 1];
    expect(last.env.AISCAN_EXIT_CODE).toBe(`$(aiscan.${OUTPUTS['exit-code']})`);
    expect(last.bash).toContain('exit "$AISCAN_EXIT_CODE"');
    const referenced = [...readFileSync('templates/aiscan.yml', 'utf8').matchAll(/aiscan\.(\w+)\b(?=[)'])/g)].map((match) => match[1]);
    expect(referenced.length).toBeGreaterThan(2);
    for (const name of referenced) expect(Object.values(OUTPUTS)).toContain(name);
  });

  it('pastes no expression into a script, and runs each in bash (also on Windows agents)', () => {
    for (const script of scripts(templateSteps)) expect(script).not.toContain('${{');
    for (const step of templateSteps.filter((step) => step.script !== undefined || step.bash !== undefined)) expect(step.bash).toBeDefined();
  });
});
