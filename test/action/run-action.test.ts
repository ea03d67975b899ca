import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { inputEnvName } from '../../src/action/inputs.js';
import { builtCli } from '../hardening/built-cli.js';
import { useTempDir } from '../helpers/temp.js';
import { parseGithubOutputFile } from './github-output-file.js';

/**
 * main.js end to end, as a runner starts it: INPUT_* variables, $GITHUB_OUTPUT and
 * $GITHUB_STEP_SUMMARY files (or TF_BUILD=True on Azure Pipelines), the CLI in a child process,
 * on the sample estate.
 */

/** action.yml's defaults, as the runner passes them when a workflow sets none. */
const ACTION_DEFAULTS = {
  'fail-on': 'high',
  format: 'sarif json md',
  out: 'reports',
  'sarif-for': 'github',
  'upload-sarif': 'true',
  'job-summary': 'true',
  'working-directory': '.',
  'all-subscriptions': 'false',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Only what a step would have, never this process's own GITHUB_* or TF_BUILD. */
function baseEnv(): Record<string, string> {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'SystemRoot', 'LANG'];
  return Object.fromEntries(keep.filter((name) => process.env[name] !== undefined).map((name) => [name, process.env[name]!]));
}

describe('the action (main.js) end to end', () => {
  const tmp = useTempDir('aiscan-run-action-');
  let main: string;
  /** The CLI beside main.js, which the `cli` output names. */
  let cli: string;
  let run = 0;

  beforeAll(() => {
    cli = builtCli();
    main = join(dirname(dirname(cli)), 'src', 'action', 'main.js');
  });

  function runAction(inputs: Record<string, string>, host: Record<string, string> = {}): Run {
    const env = { ...baseEnv(), ...host, ...Object.fromEntries(Object.entries({ ...ACTION_DEFAULTS, ...inputs }).map(([name, value]) => [inputEnvName(name), value])) };
    const result = spawnSync(process.execPath, [main], { cwd: process.cwd(), env, encoding: 'utf8', timeout: 120_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  /** A fresh folder for one run: its reports, $GITHUB_OUTPUT and $GITHUB_STEP_SUMMARY. */
  function github(): { dir: string; output: string; summary: string; env: Record<string, string> } {
    const dir = tmp.path(`run-${++run}`);
    mkdirSync(dir);
    const output = join(dir, 'github-output');
    const summary = join(dir, 'step-summary');
    writeFileSync(output, '');
    writeFileSync(summary, '');
    return { dir, output, summary, env: { GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: summary } };
  }

  const outputsOf = (file: string) => Object.fromEntries(parseGithubOutputFile(readFileSync(file, 'utf8')));
  const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

  it('is what the tests build: main.js beside the bundled CLI, as in dist/', () => {
    expect(existsSync(main)).toBe(true);
    expect(join(dirname(main), '..', '..', 'cli', 'aiscan.js')).toBe(cli);
  });

  it('scans the sample estate: exit code 1 with fail-on high, the counts of the JSON report, the SARIF for GitHub, the report in the summary', () => {
    const step = github();
    const out = join(step.dir, 'reports');
    const result = runAction({ snapshot: 'examples/estate/*.json', out }, step.env);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toContain('::error::');

    const outputs = outputsOf(step.output);
    const report = readJson(join(out, 'aiscan.json'));
    expect([...report.inputs].sort()).toEqual(readdirSync('examples/estate').map((file) => `examples/estate/${file}`).sort());
    expect(report.exitCode).toBe(1);
    expect(outputs).toEqual({
      'exit-code': '1',
      verdict: 'fail',
      'sarif-file': join(out, 'aiscan.sarif'),
      ...Object.fromEntries(Object.entries(report.findingsBySeverity).map(([severity, count]) => [severity, String(count)])),
      total: String(report.findings.length),
      cli,
    });
    expect(Number(outputs.high)).toBeGreaterThan(0);

    // The file to upload is the SARIF for GitHub, the full one beside it.
    const sarif = readJson(outputs['sarif-file']);
    expect(sarif.runs.length).toBeGreaterThan(0);
    for (const sarifRun of sarif.runs) expect(sarifRun.properties.sarifFor).toBe('github');
    expect(existsSync(join(out, 'aiscan.full.sarif'))).toBe(true);

    expect(readFileSync(step.summary, 'utf8')).toBe(readFileSync(join(out, 'aiscan.md'), 'utf8'));
    expect(readFileSync(step.summary, 'utf8')).toMatch(/^# aiscan/);
  });

  it('with fail-on none: exit code 0, verdict pass', () => {
    const step = github();
    const result = runAction({ snapshot: 'examples/estate/subscription-research.json', out: join(step.dir, 'reports'), 'fail-on': 'none', 'sarif-for': 'full' }, step.env);
    expect(result.code).toBe(0);
    const outputs = outputsOf(step.output);
    expect(outputs).toMatchObject({ 'exit-code': '0', verdict: 'pass', 'sarif-file': join(step.dir, 'reports', 'aiscan.sarif') });
    expect(Number(outputs.total)).toBeGreaterThan(0);
    expect(existsSync(join(step.dir, 'reports', 'aiscan.full.sarif'))).toBe(false);
  });

  it('names its CLI for later steps: the nightly runs aiscan trend with it on the full SARIF', () => {
    const step = github();
    const out = join(step.dir, 'reports');
    expect(runAction({ snapshot: 'examples/estate/*.json', out, 'fail-on': 'none' }, step.env).code).toBe(0);
    const trend = spawnSync(process.execPath, [outputsOf(step.output).cli, 'trend', join(out, 'aiscan.full.sarif'), '--out', out, '--quiet'], { encoding: 'utf8' });
    expect(trend.stderr).toBe('');
    expect(trend.status).toBe(0);
    expect(readFileSync(join(out, 'aiscan-trend.md'), 'utf8')).toMatch(/^# aiscan trend/);
  });

  it('runs in working-directory, with paths relative to it', () => {
    const step = github();
    const result = runAction({ 'working-directory': 'examples/estate', snapshot: 'subscription-*.json', out: join(step.dir, 'reports'), 'fail-on': 'none' }, step.env);
    expect(result.code).toBe(0);
    expect(outputsOf(step.output)).toMatchObject({ 'exit-code': '0', verdict: 'pass' });
    expect(readJson(join(step.dir, 'reports', 'aiscan.json')).inputs).toEqual(['subscription-production.json', 'subscription-research.json']);
  });

  it('with a bad input: one ::error:: line, exit 2, no output, no summary, no scan', () => {
    const step = github();
    const result = runAction({ snapshot: 'examples/estate/*.json', out: join(step.dir, 'reports'), 'fail-on': 'severe' }, step.env);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n').filter((line) => line.startsWith('::error::'))).toEqual(['::error::aiscan: fail-on: "severe" is not one of critical, high, medium, low, info, none']);
    expect(readFileSync(step.output, 'utf8')).toBe('');
    expect(readFileSync(step.summary, 'utf8')).toBe('');
    expect(existsSync(join(step.dir, 'reports'))).toBe(false);
  });

  it('when the scan itself fails (exit 2): the exit code and verdict error, never the reports an earlier run left', () => {
    const step = github();
    const out = join(step.dir, 'reports');
    expect(runAction({ snapshot: 'examples/estate/subscription-research.json', out, 'fail-on': 'none' }, github().env).code).toBe(0);
    const result = runAction({ snapshot: 'examples/estate/subscription-research.json', out, config: 'no-such-config.json' }, step.env);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('no-such-config.json');
    expect(outputsOf(step.output)).toEqual({ 'exit-code': '2', verdict: 'error', cli });
    expect(readFileSync(step.summary, 'utf8')).toBe('');
  });

  it('a hostile args line stays one argument: the scan refuses it, nothing runs', () => {
    const step = github();
    const marker = join(step.dir, 'pwned');
    const result = runAction({ snapshot: 'examples/estate/subscription-research.json', out: join(step.dir, 'reports'), args: `; touch ${marker}\n$(touch ${marker})` }, step.env);
    expect(result.code).toBe(0);
    expect(outputsOf(step.output)).toEqual({ 'exit-code': '2', verdict: 'error', cli });
    expect(existsSync(marker)).toBe(false);
  });

  describe('on Azure Pipelines (TF_BUILD=True)', () => {
    it('sets output variables and uploads the report as the build summary', () => {
      const dir = tmp.path(`azure-${++run}`);
      const out = join(dir, 'reports');
      const result = runAction({ snapshot: 'examples/estate/*.json', out, 'sarif-for': 'full' }, { TF_BUILD: 'True' });
      expect(result.code).toBe(0);
      const report = readJson(join(out, 'aiscan.json'));
      const commands = result.stdout.split('\n').filter((line) => line.startsWith('##vso['));
      expect(commands).toEqual([
        '##vso[task.setvariable variable=exitCode;isOutput=true]1',
        '##vso[task.setvariable variable=verdict;isOutput=true]fail',
        `##vso[task.setvariable variable=cli;isOutput=true]${cli}`,
        `##vso[task.setvariable variable=sarifFile;isOutput=true]${join(out, 'aiscan.sarif')}`,
        ...['critical', 'high', 'medium', 'low', 'info'].map((severity) => `##vso[task.setvariable variable=${severity};isOutput=true]${report.findingsBySeverity[severity]}`),
        `##vso[task.setvariable variable=total;isOutput=true]${report.findings.length}`,
        `##vso[task.uploadsummary]${join(out, 'aiscan.md')}`,
      ]);
    });

    it('reports a bad input as one logging command, exit 2, and sets nothing', () => {
      const result = runAction({ snapshot: 'examples/estate/*.json', 'new-only': 'maybe' }, { TF_BUILD: 'True' });
      expect(result.code).toBe(2);
      expect(result.stdout.split('\n').filter((line) => line.includes('##vso['))).toEqual(['##vso[task.logissue type=error]aiscan: new-only: "maybe" is not true or false']);
    });
  });

  it('reports a working-directory that is not a folder, naming the input', () => {
    const step = github();
    const result = runAction({ 'working-directory': resolve(step.dir, 'missing') }, step.env);
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('::error::aiscan: working-directory: ');
    expect(readFileSync(step.output, 'utf8')).toBe('');
  });
});
