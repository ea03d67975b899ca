import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { expandInputGlobs } from '../../src/action/file-globs.js';
import { inputEnvName, readInputs } from '../../src/action/inputs.js';
import { scanArguments } from '../../src/action/scan-arguments.js';
import { FULL_SARIF_FILE, REPORT_FORMATS } from '../../src/report/formats.js';
import { runCli } from '../helpers/cli.js';

/** An `aiscan …` command line found in a workflow, split into words the way the shell would. */
interface Invocation {
  file: string;
  words: string[];
}

const FOLDERS = ['examples/github', 'examples/azure-devops'];
const files = FOLDERS.flatMap((folder) => readdirSync(folder).filter((f) => f.endsWith('.yml')).map((f) => join(folder, f)));

/** Every script in a pipeline: GitHub `run:`, Azure Pipelines `script:`/`bash:` and AzureCLI `inlineScript`. */
function scripts(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(scripts);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    ['run', 'script', 'bash', 'inlineScript'].includes(key) && typeof value === 'string' ? [value] : scripts(value),
  );
}

/** Shell words of one line; `$(…)`, `${{ … }}` and `"$VAR"` become a placeholder value. */
function words(line: string): string[] {
  const out: string[] = [];
  for (const match of line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)) out.push((match[1] ?? match[2] ?? match[3]).replace(/\$\{\{[^}]*\}\}|\$\([^)]*\)|\$\{?\w+\}?/g, 'X'));
  return out;
}

/** Every `aiscan …` command line in a pipeline's scripts, as written (redirections dropped). */
function commandLines(file: string): string[] {
  return commandLinesIn(scripts(parse(readFileSync(file, 'utf8'))));
}

/** The `aiscan …` command lines of shell scripts. */
function commandLinesIn(shellScripts: readonly string[]): string[] {
  const text = shellScripts.join('\n').replace(/\\\n/g, ' ');
  return text
    .split('\n')
    .flatMap((line) => line.split(/&&|\|\||;/))
    .map((line) => line.trim().replace(/^node "\$AISCAN"\s/, 'aiscan '))
    .filter((line) => /^aiscan\s/.test(line))
    .map((line) => line.replace(/\s[|>].*$/, ''));
}

/** The aiscan GitHub Action as the examples use it. */
const ACTION = 'aiscan/aiscan@v1';
const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: Record<string, { default: string }> };
const BOOLEAN_INPUTS = new Set(['all-subscriptions', 'new-only', 'upload-sarif', 'job-summary']);

/** Every step of a pipeline that runs the aiscan action. */
function actionSteps(file: string): Record<string, any>[] {
  const steps = (node: unknown): Record<string, any>[] => {
    if (Array.isArray(node)) return node.flatMap(steps);
    if (!node || typeof node !== 'object') return [];
    const step = node as Record<string, any>;
    return step.uses === ACTION ? [step] : Object.values(step).flatMap(steps);
  };
  return steps(parse(readFileSync(file, 'utf8')));
}

/**
 * The `aiscan scan` arguments an action step runs, through the action's own input reading and
 * mapping (src/action), its inputs given as the runner gives them: action.yml's defaults, then
 * the step's `with:`. `resolve` gives each `${{ … }}` expression a value; by default a boolean
 * input's expression is true, any other X. `--flag=value` is split in two words, as a shell line's.
 */
function actionArgv(step: Record<string, any>, resolve: (expression: string, input: string) => string = (_, input) => (BOOLEAN_INPUTS.has(input) ? 'true' : 'X'), cwd?: string): string[] {
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([name, input]) => [name, String(input.default ?? '')])) };
  for (const [name, value] of Object.entries(step.with ?? {})) inputs[name] = String(value).replace(/\$\{\{\s*(.*?)\s*\}\}/g, (_, expression: string) => resolve(expression, name));
  const read = readInputs(Object.fromEntries(Object.entries(inputs).map(([name, value]) => [inputEnvName(name), value])));
  return scanArguments(cwd ? expandInputGlobs(read, cwd) : read).flatMap((word) => (/^--[\w-]+=/.test(word) ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word]));
}

function invocations(file: string): Invocation[] {
  return [...commandLines(file).map((line) => ({ file, words: words(line).slice(1) })), ...actionSteps(file).map((step) => ({ file, words: actionArgv(step) }))];
}

interface OptionSpec {
  names: Set<string>;
  choices: Map<string, string[]>;
  booleans: Set<string>;
}

/** The options a command accepts, read from its --help: the same list yargs enforces in strict mode. */
async function optionsOf(command: string): Promise<OptionSpec> {
  const help = (await runCli(command, '--help')).stdout;
  const spec: OptionSpec = { names: new Set(), choices: new Map(), booleans: new Set() };
  // An option's description may wrap: its block runs until the next line that starts an option.
  const blocks = help.split(/\n(?=\s+(?:-\w, )?--[\w-]+\s)/);
  for (const block of blocks) {
    const match = /^\s+(?:-(\w), )?--([\w-]+)\s/.exec(block);
    if (!match) continue;
    const [, alias, name] = match;
    const text = block.split(/\n\n/)[0];
    spec.names.add(name);
    if (alias) spec.names.add(alias);
    const choices = /\[choices: ([^\]]+)\]/.exec(text)?.[1];
    if (choices) spec.choices.set(name, [...choices.matchAll(/"([^"]+)"/g)].map((m) => m[1]));
    if (text.includes('[boolean]')) spec.booleans.add(name);
  }
  return spec;
}

/** Throws unless `aiscan ARGV…` names a command and only options it has, with values among their choices (X: a value the pipeline fills in). */
async function checkCommandLine(file: string, argv: readonly string[]): Promise<void> {
  const [command, ...rest] = argv;
  expect((await runCli('--help')).stdout).toMatch(new RegExp(`^\\s+aiscan ${command}\\b`, 'm'));
  const spec = await optionsOf(command);
  let current: string | undefined;
  for (const word of rest) {
    if (word.startsWith('-')) {
      const name = word.replace(/^--?(no-)?/, '').replace(/=.*$/, '');
      if (!spec.names.has(name)) throw new Error(`${file}: aiscan ${command} has no option ${word}`);
      current = spec.booleans.has(name) ? undefined : name;
      continue;
    }
    const choices = current ? spec.choices.get(current) : undefined;
    // An array option takes its values repeated or comma-separated (the action writes the latter).
    const bad = choices && word !== 'X' ? word.split(',').find((value) => !choices.includes(value)) : undefined;
    if (choices && bad !== undefined) throw new Error(`${file}: aiscan ${command} --${current} does not accept "${word}" (choices: ${choices.join(', ')})`);
  }
}

describe('the ready-made CI examples', () => {
  it('exist for GitHub Actions and Azure Pipelines', () => {
    expect(files).toEqual(
      expect.arrayContaining([
        'examples/github/aiscan-pr-gate.yml',
        'examples/github/aiscan-snapshot-gate.yml',
        'examples/github/aiscan-nightly-audit.yml',
        'examples/azure-devops/aiscan-pr-gate.yml',
        'examples/azure-devops/aiscan-snapshot-gate.yml',
        'examples/azure-devops/aiscan-nightly-audit.yml',
      ]),
    );
  });

  it.each(files)('%s is valid YAML', (file) => {
    expect(() => parse(readFileSync(file, 'utf8'), { strict: true, uniqueKeys: true })).not.toThrow();
  });

  it.each(files)('%s runs only aiscan commands and flags that exist, with valid values', async (file) => {
    const found = invocations(file);
    expect(found.length).toBeGreaterThan(0);
    for (const { words: argv } of found) await checkCommandLine(file, argv);
  });

  it.each(files)('%s reads only report files aiscan writes', (file) => {
    const reportFiles = new Set([...Object.values(REPORT_FORMATS).map((f) => f.file), FULL_SARIF_FILE, 'aiscan.config.json', 'aiscan.suppressions.json', 'aiscan-diff.md', 'aiscan-trend.md', 'aiscan-trend.html']);
    for (const [name] of readFileSync(file, 'utf8').matchAll(/(?<![\w.])aiscan[.-][\w.-]*\.(sarif|md|html|json|xml)\b/g)) expect(reportFiles).toContain(name);
  });
});

describe('the ready-made pull-request gates', () => {
  const gates = files.filter((file) => /-(pr|snapshot)-gate\.yml$/.test(file));

  it.each(gates)('%s takes the gate’s settings from the base branch, so a pull request cannot loosen its own gate', (file) => {
    const text = readFileSync(file, 'utf8');
    for (const { words: argv } of invocations(file).filter((i) => i.words[0] === 'scan')) {
      // Without --config, aiscan reads aiscan.config.json (and the suppressions beside it) from the pull request's checkout.
      const config = argv[argv.indexOf('--config') + 1];
      expect([argv.includes('--config'), config]).toEqual([true, 'X']);
      expect(argv).not.toContain('--suppressions');
      expect(argv).not.toContain('--rules');
    }
    const assigned = [...text.matchAll(/(?:AISCAN_CONFIG=|config=)([^\s"]+)/g)].map((m) => m[1]);
    expect(assigned.length).toBeGreaterThan(0);
    // The base branch's checkout (inside the workspace for the snapshot gates, in the runner's temporary folder for the template gates), or defaults.
    for (const value of assigned) expect(value).toMatch(/^(\$config|(\.|\$RUNNER_TEMP\/|\$\(Agent\.TempDirectory\)\/)aiscan-(base|defaults)\/aiscan\.config\.json)$/);
  });
});

describe('the GitHub Actions examples', () => {
  const workflow = (name: string) => parse(readFileSync(`examples/github/${name}`, 'utf8'));
  const steps = (w: Record<string, any>) => Object.values(w.jobs).flatMap((job: any) => job.steps);
  const github = files.filter((file) => file.startsWith('examples/github/'));
  const scanStep = (name: string, id = 'aiscan') => steps(workflow(name)).find((s: any) => s.id === id);

  it.each(github)('%s scans with the aiscan action, given only inputs action.yml declares', (file) => {
    const found = actionSteps(file);
    expect(found.length).toBeGreaterThan(0);
    for (const step of found) for (const name of Object.keys(step.with ?? {})) expect(Object.keys(action.inputs)).toContain(name);
    // The action uploads the SARIF (each run keeps its own category) and writes the summary: no step does it again.
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('github/codeql-action/upload-sarif');
    expect(text).not.toMatch(/cat reports\/aiscan\.md/);
    // Only the sharded audit's collect jobs install the CLI: the action runs scans only.
    const installs = steps(parse(text)).filter((s: any) => /npm install/.test(String(s.run)));
    const collectJobs = Object.entries(parse(text).jobs).filter(([, job]: [string, any]) => job.steps.some((s: any) => /aiscan collect/.test(String(s.run))));
    expect(installs.length).toBe(collectJobs.length);
  });

  it('gate pull requests on templates: base branch beside the checkout, scanned there into the baseline, the gate on new findings with its category', () => {
    const w = workflow('aiscan-pr-gate.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.permissions['security-events']).toBe('write');
    const all = steps(w);
    // The base branch is checked out outside the workspace, so a walk of the pull request's folders never reads it.
    expect(all.some((s: any) => /git worktree add --detach "\$RUNNER_TEMP\/aiscan-base" "\$BASE_SHA"/.test(String(s.run)))).toBe(true);
    const base = scanStep('aiscan-pr-gate.yml', 'base');
    expect(base.with).toMatchObject({ 'working-directory': '${{ runner.temp }}/aiscan-base', 'fail-on': 'none', 'upload-sarif': false, 'job-summary': false, 'sarif-for': 'full' });
    // A base branch that cannot be scanned gates the pull request on every finding, it does not stop it.
    expect(base['continue-on-error']).toBe(true);
    const gate = scanStep('aiscan-pr-gate.yml');
    expect(gate.with).toMatchObject({ 'fail-on': 'high', category: 'aiscan-templates' });
    expect(gate.with.baseline).toContain('steps.base.outputs.sarif-file');
    expect(gate.with['new-only']).toContain("steps.base.outputs.exit-code == '0'");
    expect(all.some((s: any) => String(s.run).includes('AISCAN_BICEP_PATH='))).toBe(true);
  });

  it('gate pull requests on snapshots kept in the repository', () => {
    const w = workflow('aiscan-snapshot-gate.yml');
    expect(Object.keys(w.on)).toEqual(['pull_request']);
    expect(w.permissions['security-events']).toBe('write');
    const base = scanStep('aiscan-snapshot-gate.yml', 'base');
    expect(base.with).toMatchObject({ snapshot: '.aiscan-base/estate/*.json', 'fail-on': 'none', 'upload-sarif': false, 'job-summary': false });
    const gate = scanStep('aiscan-snapshot-gate.yml');
    expect(gate.with).toMatchObject({ snapshot: 'estate/*.json', 'fail-on': 'high', category: 'aiscan-estate' });
    expect(gate.with.baseline).toContain('steps.base.outputs.sarif-file');
  });

  it('keep the two gates apart when both are used: their own concurrency group, category and artifact', () => {
    const [templates, snapshots] = [workflow('aiscan-pr-gate.yml'), workflow('aiscan-snapshot-gate.yml')];
    expect(templates.concurrency.group).not.toBe(snapshots.concurrency.group);
    expect(scanStep('aiscan-pr-gate.yml').with.category).not.toBe(scanStep('aiscan-snapshot-gate.yml').with.category);
    const artifact = (w: Record<string, any>) => steps(w).find((s: any) => String(s.uses).startsWith('actions/upload-artifact')).with.name;
    expect(artifact(templates)).not.toBe(artifact(snapshots));
  });

  it('audit nightly: schedule, OIDC login, the newest earlier full SARIF as the baseline, the snapshot, reports and full SARIF kept, the trend published', () => {
    const w = workflow('aiscan-nightly-audit.yml');
    expect(w.on.schedule[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    expect(w.permissions['id-token']).toBe('write');
    expect(w.permissions.actions).toBe('read');
    const all = steps(w);
    const login = all.find((s: any) => String(s.uses).startsWith('azure/login'));
    expect(login.with['client-id']).toBeDefined();
    expect(login.with['client-secret']).toBeUndefined();
    const artifacts = all.filter((s: any) => String(s.uses).startsWith('actions/upload-artifact')).map((s: any) => s.with);
    expect(artifacts).toEqual([
      expect.objectContaining({ name: 'aiscan-audit', path: 'reports/' }),
      expect.objectContaining({ name: 'aiscan-sarif', path: `reports/${FULL_SARIF_FILE}` }),
    ]);
    const history = all.find((s: any) => s.id === 'history').run as string;
    expect(history).toContain('gh run download "$run_id" --name aiscan-sarif --dir "history/$run_id"');
    expect(history).toContain(`baseline="history/$run_id/${FULL_SARIF_FILE}"`);
    const audit = scanStep('aiscan-nightly-audit.yml');
    expect(audit.with).toMatchObject({ 'all-subscriptions': true, baseline: '${{ steps.history.outputs.baseline }}' });
    expect(audit.with['sarif-for'] ?? action.inputs['sarif-for'].default).toBe('github');
    const [trend] = invocations('examples/github/aiscan-nightly-audit.yml').filter((i) => i.words[0] === 'trend');
    expect(trend.words).toEqual(expect.arrayContaining([`history/*/${FULL_SARIF_FILE}`, `reports/${FULL_SARIF_FILE}`, '--format', 'md', 'html']));
    const trendStep = all.find((s: any) => String(s.run).includes(' trend '));
    expect(trendStep.env.AISCAN).toBe('${{ steps.aiscan.outputs.cli }}');
    expect(trendStep.run).toContain('shopt -s nullglob');
    expect(trendStep.run).toContain('aiscan-trend.md >> "$GITHUB_STEP_SUMMARY"');
    // Before the artifacts, so the trend is kept with the night's reports.
    expect(all.indexOf(trendStep)).toBeLessThan(all.findIndex((s: any) => String(s.uses).startsWith('actions/upload-artifact')));
  });
});

describe('the sharded audits', () => {
  const SHARD_FLAG = /^X\/X$/;

  it('on GitHub Actions: a matrix of collect jobs, one per shard 1..N, that do not cancel each other, and one scan of every snapshot even when a shard failed', () => {
    const w = parse(readFileSync('examples/github/aiscan-sharded-audit.yml', 'utf8'));
    const shards = Number(w.env.SHARDS);
    expect(w.jobs.collect.strategy.matrix.shard).toEqual(Array.from({ length: shards }, (_, i) => i + 1));
    expect(w.jobs.collect.strategy['fail-fast']).toBe(false);
    expect(w.jobs.scan.needs).toBe('collect');
    expect(w.jobs.scan.if).toContain('!cancelled()');
    const upload = w.jobs.collect.steps.find((s: any) => String(s.uses).startsWith('actions/upload-artifact'));
    const download = w.jobs.scan.steps.find((s: any) => String(s.uses).startsWith('actions/download-artifact'));
    expect(upload.with.name).toBe('aiscan-shard-${{ matrix.shard }}');
    expect(download.with).toMatchObject({ pattern: 'aiscan-shard-*', 'merge-multiple': true });
    const [collect, scan] = ['collect', 'scan'].map((command) => invocations('examples/github/aiscan-sharded-audit.yml').find((i) => i.words[0] === command)!.words);
    expect(collect[collect.indexOf('--shard') + 1]).toMatch(SHARD_FLAG);
    expect(collect).toEqual(expect.arrayContaining(['--all-subscriptions', '--snapshot-out']));
    // The action expands the pattern itself (no shell in between).
    expect(scan[scan.indexOf('--snapshot') + 1]).toBe('shards/shard-*.json');
    expect(w.jobs.scan.steps.find((s: any) => s.uses === ACTION).with.snapshot).toBe('shards/shard-*.json');
  });

  // kubernetes-sharded-audit.test.ts runs the pods' scripts.
  describe('on Kubernetes: an Indexed Job of collect pods and a scan CronJob', () => {
    const FILE = 'examples/kubernetes/aiscan-sharded-audit.yaml';
    const objects = () => parseAllDocuments(readFileSync(FILE, 'utf8')).map((document) => document.toJS() as Record<string, any>);
    const cronJob = (name: string) => objects().find((o) => o.kind === 'CronJob' && o.metadata.name === name)!;
    const podSpec = (name: string) => cronJob(name).spec.jobTemplate.spec.template.spec;
    /** What `sh -c` runs in each container. */
    const script = (name: string): string => {
      const [container] = podSpec(name).containers;
      expect(container.command).toEqual(['/bin/sh', '-c']);
      return container.args[0];
    };

    it('is valid YAML: Kubernetes objects, each with apiVersion, kind and name', () => {
      for (const document of parseAllDocuments(readFileSync(FILE, 'utf8'))) expect(document.errors).toEqual([]);
      for (const object of objects()) expect([typeof object.apiVersion, typeof object.kind, typeof object.metadata.name]).toEqual(['string', 'string', 'string']);
    });

    it.each(['aiscan-collect', 'aiscan-scan'])('%s runs only aiscan commands and flags that exist, with valid values', async (name) => {
      const lines = commandLinesIn([script(name)]);
      expect(lines).toHaveLength(1);
      for (const line of lines) await checkCommandLine(FILE, words(line).slice(1));
    });

    it('signs in with AKS workload identity: an annotated service account, the pod label, --auth workload-identity', () => {
      const account = objects().find((o) => o.kind === 'ServiceAccount')!;
      expect(account.metadata.annotations['azure.workload.identity/client-id']).toMatch(/^[0-9a-f-]{36}$/);
      const collect = cronJob('aiscan-collect').spec.jobTemplate.spec.template;
      expect(collect.metadata.labels['azure.workload.identity/use']).toBe('true');
      expect(collect.spec.serviceAccountName).toBe(account.metadata.name);
      expect(words(commandLinesIn([script('aiscan-collect')])[0]).join(' ')).toContain('--auth workload-identity');
      // The scan reads files only: it gets no token at all.
      expect(podSpec('aiscan-scan').automountServiceAccountToken).toBe(false);
    });

    it('starts one pod per shard, each with its index, and the shard count the pods pass to --shard', () => {
      const job = cronJob('aiscan-collect').spec.jobTemplate.spec;
      const shards = Number(podSpec('aiscan-collect').containers[0].env.find((e: { name: string }) => e.name === 'SHARDS').value);
      expect([job.completionMode, job.completions, job.parallelism]).toEqual(['Indexed', shards, shards]);
      expect(script('aiscan-collect')).toContain('shard=$((JOB_COMPLETION_INDEX + 1))');
    });
  });
});

describe('the Azure Pipelines examples', () => {
  const pipeline = (name: string) => parse(readFileSync(`examples/azure-devops/${name}`, 'utf8'));

  it.each(['aiscan-pr-gate.yml', 'aiscan-snapshot-gate.yml', 'aiscan-nightly-audit.yml'])('%s publishes SARIF as CodeAnalysisLogs and JUnit to the Tests tab', (name) => {
    const steps = pipeline(name).steps as Record<string, any>[];
    const sarif = steps.find((s) => s.task === 'PublishBuildArtifacts@1')!;
    expect(sarif.inputs).toEqual({ PathtoPublish: 'reports/aiscan.sarif', ArtifactName: 'CodeAnalysisLogs' });
    const junit = steps.find((s) => s.task === 'PublishTestResults@2')!;
    expect(junit.inputs).toMatchObject({ testResultsFormat: 'JUnit', testResultsFiles: 'reports/aiscan.junit.xml' });
    for (const step of [sarif, junit]) expect(step.condition).toBe('succeededOrFailed()');
  });

  it('gates pull requests on templates: the target branch outside the sources folder, scanned there into the baseline', () => {
    const steps = pipeline('aiscan-pr-gate.yml').steps as Record<string, any>[];
    const base = steps.find((s) => String(s.script).includes('--out base-reports'))!.script as string;
    expect(base).toContain('base="$(Agent.TempDirectory)/aiscan-base"');
    expect(base).toContain('git worktree add --detach "$base" FETCH_HEAD');
    expect(base.indexOf('cd "$base"')).toBeGreaterThan(-1);
    expect(base.indexOf('cd "$base"')).toBeLessThan(base.indexOf('aiscan scan'));
    expect(steps.some((s) => String(s.script).includes('variable=AISCAN_BICEP_PATH'))).toBe(true);
    const gate = invocations('examples/azure-devops/aiscan-pr-gate.yml').find((i) => i.words.includes('--new-only'))!;
    expect(gate.words).toEqual(expect.arrayContaining(['--baseline', 'X/aiscan-base/base-reports/aiscan.sarif', '--fail-on', 'high', '--category', 'aiscan-templates']));
  });

  it('audits nightly through a service connection, with last night as the baseline', () => {
    const p = pipeline('aiscan-nightly-audit.yml');
    expect(p.schedules[0].cron).toMatch(/^\S+ \S+ \* \* \*$/);
    const steps = p.steps as Record<string, any>[];
    expect(steps.find((s) => s.task === 'DownloadPipelineArtifact@2')!.inputs).toMatchObject({ artifact: 'aiscan-audit', runVersion: 'latestFromBranch' });
    expect(steps.find((s) => s.task === 'AzureCLI@2')!.inputs.inlineScript).toContain('--auth cli');
    expect(steps.find((s) => s.task === 'PublishPipelineArtifact@1')!.inputs).toEqual({ targetPath: 'reports', artifact: 'aiscan-audit' });
  });
});

/**
 * The template gates' two scans, run as written in each pipeline against a base branch and a pull
 * request in two folders: the pull request moves the template to another folder (every path and
 * the SARIF locations differ from the baseline's) and, in one case, adds a finding. Only that one
 * fails the gate: fingerprints do not depend on paths or lines.
 */
describe('the template gates, run against a fixture', () => {
  const FIXTURE = 'test/fixtures/templates/avm-managed-cluster';
  const PARAMETERS = 'main.parameters.handwritten.json';
  const gates = ['examples/github/aiscan-pr-gate.yml', 'examples/azure-devops/aiscan-pr-gate.yml'];
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'aiscan-gate-'));
    // The base branch, checked out where the pipelines put it: <runner temp>/aiscan-base, with its own configuration.
    const base = join(root, 'aiscan-base');
    mkdirSync(join(base, 'infra'), { recursive: true });
    cpSync(join(FIXTURE, 'main.json'), join(base, 'infra', 'main.json'));
    writeFileSync(join(base, 'infra', PARAMETERS), readFileSync(join(FIXTURE, PARAMETERS), 'utf8').replace('"enableNodePublicIP": true', '"enableNodePublicIP": false'));
    writeFileSync(join(base, 'aiscan.config.json'), JSON.stringify({ templates: { location: 'swedencentral' } }));
    // Two pull requests: one moves the template to infra/clusters/ and re-indents its parameter file; one also gives a GPU pool public IPs.
    for (const [name, publicIp] of [['pr-move', false], ['pr-public-ip', true]] as const) {
      const folder = join(root, name, 'infra', 'clusters');
      mkdirSync(folder, { recursive: true });
      cpSync(join(FIXTURE, 'main.json'), join(folder, 'main.json'));
      const parameters = JSON.parse(readFileSync(join(FIXTURE, PARAMETERS), 'utf8'));
      parameters.parameters.agentPools.value[1].enableNodePublicIP = publicIp;
      writeFileSync(join(folder, PARAMETERS), JSON.stringify(parameters, null, 4));
    }
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  /** A command line's words, with the pipeline's variables given this fixture's values. */
  function argv(line: string): string[] {
    const value = (word: string) =>
      word.replace(/\$\(Agent\.TempDirectory\)|\$RUNNER_TEMP/g, root).replace(/^(\$AISCAN_CONFIG|\$config|\$\(AISCAN_CONFIG\))$/, join(root, 'aiscan-base', 'aiscan.config.json'));
    return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].flatMap((match) => (match[3] === '$TEMPLATES' ? ['infra'] : [value(match[1] ?? match[2] ?? match[3])])).slice(1);
  }

  async function runIn(folder: string, args: string[]) {
    const cwd = process.cwd();
    process.chdir(folder);
    try {
      return await runCli(...args, '--quiet');
    } finally {
      process.chdir(cwd);
    }
  }

  /**
   * The base branch's scan and the gate, as each pipeline runs them: Azure Pipelines' command
   * lines, or the GitHub workflow's action steps through the action's own mapping, their
   * expressions given this fixture's values.
   */
  function scans(file: string, pr: string): { baseScan: string[]; gate: string[] } {
    if (file.startsWith('examples/azure-devops/')) {
      const lines = commandLines(file);
      return { baseScan: argv(lines.find((line) => line.includes('--out base-reports'))!), gate: argv(lines.find((line) => line.includes('--new-only'))!) };
    }
    const values: Record<string, string> = {
      'env.TEMPLATES': 'infra',
      'env.AISCAN_CONFIG': join(root, 'aiscan-base', 'aiscan.config.json'),
      'runner.temp': root,
      "steps.base.outputs.exit-code == '0' && steps.base.outputs.sarif-file || ''": join(root, 'aiscan-base', 'base-reports', 'aiscan.sarif'),
      "steps.base.outputs.exit-code == '0'": 'true',
    };
    const resolve = (expression: string) => {
      if (!(expression in values)) throw new Error(`${file}: no value for \${{ ${expression} }}`);
      return values[expression];
    };
    const [base, gate] = ['base', 'aiscan'].map((id) => actionSteps(file).find((step) => step.id === id)!);
    expect(base.with['working-directory']).toBe('${{ runner.temp }}/aiscan-base');
    return { baseScan: actionArgv(base, resolve, join(root, 'aiscan-base')), gate: actionArgv(gate, resolve, join(root, pr)) };
  }

  it.each(gates)('%s: the baseline matches across checkouts, and only the finding the pull request adds fails', async (file) => {
    const { baseScan } = scans(file, 'pr-move');
    rmSync(join(root, 'aiscan-base', 'base-reports'), { recursive: true, force: true });
    expect((await runIn(join(root, 'aiscan-base'), baseScan)).code).toBe(0);
    const baseline = JSON.parse(readFileSync(join(root, 'aiscan-base', 'base-reports', 'aiscan.sarif'), 'utf8'));
    expect(baseline.runs[0].results.length).toBeGreaterThan(0);

    const moved = await runIn(join(root, 'pr-move'), scans(file, 'pr-move').gate);
    expect(moved).toMatchObject({ code: 0, stderr: '' });
    const movedSarif = JSON.parse(readFileSync(join(root, 'pr-move', 'reports', 'aiscan.sarif'), 'utf8'));
    const open = movedSarif.runs[0].results.filter((result: any) => result.baselineState !== 'absent');
    expect(open.length).toBe(baseline.runs[0].results.length);
    for (const result of open) {
      expect(result.baselineState).toBe('unchanged');
      expect(result.locations[0].physicalLocation.artifactLocation.uri).toBe('infra/clusters/main.json');
    }

    const added = await runIn(join(root, 'pr-public-ip'), scans(file, 'pr-public-ip').gate);
    expect(added.code).toBe(1);
    const addedSarif = JSON.parse(readFileSync(join(root, 'pr-public-ip', 'reports', 'aiscan.sarif'), 'utf8'));
    const fresh = addedSarif.runs[0].results.filter((result: any) => result.baselineState === 'new');
    expect(fresh.map((result: any) => result.ruleId)).toEqual(['AIS-AKS-010']);
    expect(addedSarif.runs[0].automationDetails.id).toMatch(/^aiscan-templates\//);
  });
});
