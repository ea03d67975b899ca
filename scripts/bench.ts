/**
 * `npm run bench`: scans synthetic estates of 1k, 10k and 100k resources with the whole built-in
 * rule pack and writes the table to docs/benchmarks.md.
 *
 * For each size: the snapshot's size on disk; the parse floor (JSON.parse of its text alone);
 * the full scan through the real CLI path (rules loaded, snapshot read and validated, facts,
 * evaluation, findings located, SARIF + JSON + Markdown written) in a fresh child process; the
 * ratio of the two; resources per second; and the child's peak RSS, also as a multiple of the
 * snapshot's size. Each figure is the median of `--runs` runs (default 3).
 *
 * Then the template case (scripts/bench/template.ts): an ARM template whose copy loops expand to
 * `--template` resources (default 10,000; 0 leaves it out), expanded and scanned
 * (loadInputs + scan({ deployments })), against a scan of the same resources as a snapshot
 * (scan({ snapshots })), each in a fresh child process, timed after the modules are imported.
 * The plan case (scripts/bench/plan.ts) is the same for a Terraform plan (`terraform show -json`)
 * of `--plan` resources (default 10,000; 0 leaves it out), read and mapped by loadInputs.
 *
 * Start-up: the wall time of `aiscan scan` on an empty estate with the whole pack, as a fresh
 * process, against a bare `node -e 0`. With `--peer spectral`, the peer case
 * (scripts/bench/peer-spectral.ts): Stoplight Spectral, installed into the bench's temporary folder,
 * running six of aiscan's rules on the 10,000-resource estate, against the whole pack on it; both
 * fresh processes timed from spawn to exit.
 *
 *   npm run bench -- --sizes 1000,10000 --runs 1 --template 0 --plan 0 --keep
 *   npm run bench -- --sizes 0 --plan 0 --template 10000      (the template case alone)
 *   npm run bench -- --sizes 0 --template 0 --plan 10000      (the plan case alone)
 *   npm run bench -- --peer spectral
 */
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './bench/child.js';
import { installSpectral, SPECTRAL_PACKAGE, SPECTRAL_RULE_IDS, spectralArguments, writeSpectralRuleset } from './bench/peer-spectral.js';
import { PLAN_TARGET, writeMappedSnapshot, writePlan } from './bench/plan.js';
import type { ExpandedSnapshot } from './bench/resource-snapshot.js';
import { TEMPLATE_TARGET, writeExpandedSnapshot, writeTemplate } from './bench/template.js';
import { generateSnapshot, writeSnapshot } from '../support/large-estate/estate.js';

interface Row {
  resources: number;
  bytes: number;
  rules: number;
  findings: number;
  parseMs: number;
  scanMs: number;
  rssBytes: number;
}

/** What a deployment case scans against a snapshot of the same resources. */
type DeploymentKind = 'template' | 'plan';

interface DeploymentRow {
  kind: DeploymentKind;
  resources: number;
  /** The resources the template or plan evaluates, written as a snapshot. */
  snapshotBytes: number;
  /** The template and its parameter file, or the plan. */
  inputBytes: number;
  findings: { snapshot: number; input: number };
  snapshotMs: number;
  inputMs: number;
  /** The part of inputMs spent in loadInputs: reading and expanding the template, or reading and mapping the plan. */
  loadMs: number;
  snapshotCpuMs: number;
  inputCpuMs: number;
  snapshotRssBytes: number;
  inputRssBytes: number;
}

/** How each deployment case is named, and what is done with it. */
const DEPLOYMENT_KINDS: Record<DeploymentKind, { name: string; plural: string; verb: string; loads: string }> = {
  template: { name: 'template', plural: 'Templates', verb: 'expanded', loads: 'template and parameter file found, paired, read and expanded' },
  plan: { name: 'Terraform plan', plural: 'Plans', verb: 'mapped', loads: 'plan read, its resources mapped to ARM resources, references followed through its configuration' },
};

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'bench', 'child.js');
const REPO = join(here, '..', '..');

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function child(args: string[]): ChildReport {
  const run = spawnSync(process.execPath, [CHILD, ...args], { encoding: 'utf8', maxBuffer: 1 << 24, cwd: REPO });
  const line = run.stdout.trim().split('\n').pop() ?? '';
  if (run.status !== 0 || !line.startsWith('{')) {
    throw new Error(`bench child failed (${run.status ?? run.signal}): ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
  }
  return JSON.parse(line) as ChildReport;
}

/** The wall time of a whole process, from spawn to exit, as the parent sees it (start-up included). */
function timeProcess(args: readonly string[], okCodes: readonly number[] = [0]): number {
  const start = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 26, cwd: REPO });
  const ms = performance.now() - start;
  if (run.status === null || !okCodes.includes(run.status)) {
    throw new Error(`${args.slice(0, 2).join(' ')} exited ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
  }
  return ms;
}

/** The `aiscan` command as installed: the bundle (scripts/bundle.ts). */
const CLI = join(REPO, 'dist', 'cli', 'aiscan.js');

interface StartupRow {
  nodeMs: number;
  emptyScanMs: number;
  /** Each figure is the median of this many runs. */
  runs: number;
}

/**
 * Runs of the start-up case: a run takes a fraction of a second, and one slow run of three (the
 * disk still writing the build out, another process on the machine) moved the median by a sixth.
 */
const STARTUP_RUNS = 11;

/**
 * `aiscan scan` of an empty estate (the whole pack loaded and compiled, the reports written) against
 * `node -e 0`: one run of each first, not counted, then at least STARTUP_RUNS of each, alternating.
 */
function measureStartup(runs: number, work: string): StartupRow {
  const empty = join(work, 'empty.json');
  writeFileSync(empty, '[]\n');
  const scanArgs = [CLI, 'scan', '--snapshot', empty, '--out', join(work, 'reports-empty'), '--fail-on', 'none', '--quiet'];
  timeProcess(['-e', '0']);
  timeProcess(scanArgs);
  const nodes: number[] = [];
  const scans: number[] = [];
  for (let i = 0; i < Math.max(runs, STARTUP_RUNS); i++) {
    nodes.push(timeProcess(['-e', '0']));
    scans.push(timeProcess(scanArgs));
  }
  log(`start-up: node -e 0 ${median(nodes).toFixed(0)} ms, empty scan ${median(scans).toFixed(0)} ms`);
  return { nodeMs: median(nodes), emptyScanMs: median(scans), runs: nodes.length };
}

interface PeerRow {
  peer: string;
  resources: number;
  rules: { aiscan: number; peer: number };
  results: { aiscan: number; peer: number };
  aiscanMs: number;
  peerMs: number;
}

/** Spectral with six of the rules against aiscan with the whole pack, on the same estate file, each a fresh process. */
function measureSpectral(resources: number, runs: number, work: string): PeerRow {
  const file = join(work, `estate-${resources}.json`);
  if (!statSync(file, { throwIfNoEntry: false })) writeSnapshot(file, generateSnapshot(resources));
  log(`installing ${SPECTRAL_PACKAGE} into ${work} (not a dependency of aiscan)`);
  const cli = installSpectral(join(work, 'spectral'));
  const ruleset = writeSpectralRuleset(work);
  const peerOut = join(work, 'spectral-results.json');
  const out = join(work, `reports-peer-${resources}`);
  const peers: number[] = [];
  const scans: number[] = [];
  for (let i = 0; i < runs; i++) {
    // Spectral exits 1 when it reports results at or above --fail-severity.
    peers.push(timeProcess(spectralArguments(cli, ruleset, file, peerOut), [0, 1]));
    scans.push(timeProcess([CLI, 'scan', '--snapshot', file, '--out', out, '--format', 'sarif', 'json', '--fail-on', 'none', '--quiet']));
    log(`  run ${i + 1}: spectral ${peers[i].toFixed(0)} ms, aiscan ${scans[i].toFixed(0)} ms`);
  }
  const peerResults = (JSON.parse(readFileSync(peerOut, 'utf8')) as unknown[]).length;
  const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: unknown[]; rules: unknown[] };
  if (peerResults === 0) throw new Error(`Spectral reported nothing on ${file}: its ruleset selects no resource, so the comparison would mean nothing`);
  return {
    peer: SPECTRAL_PACKAGE,
    resources,
    rules: { aiscan: report.rules.length, peer: SPECTRAL_RULE_IDS.length },
    results: { aiscan: report.findings.length, peer: peerResults },
    aiscanMs: median(scans),
    peerMs: median(peers),
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function measure(resources: number, runs: number, work: string): Row {
  const file = join(work, `estate-${resources}.json`);
  const out = join(work, `reports-${resources}`);
  const started = Date.now();
  const bytes = writeSnapshot(file, generateSnapshot(resources));
  log(`${resources} resources: ${mb(bytes)} written in ${Date.now() - started} ms`);

  const parses: ChildReport[] = [];
  const scans: ChildReport[] = [];
  for (let i = 0; i < runs; i++) {
    parses.push(child(['parse', file]));
    const scan = child(['scan', '--snapshot', file, '--out', out, '--fail-on', 'none', '--quiet']);
    if (scan.code !== 0) throw new Error(`scan of ${file} exited ${scan.code}: ${scan.stderr ?? ''}`);
    scans.push(scan);
    log(`  run ${i + 1}: parse ${parses[i].ms.toFixed(0)} ms, scan ${scan.ms.toFixed(0)} ms, peak RSS ${mb(scan.maxRssBytes)}`);
  }
  const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { findings: unknown[]; rules: unknown[] };
  return {
    resources,
    bytes,
    rules: report.rules.length,
    findings: report.findings.length,
    parseMs: median(parses.map((p) => p.ms)),
    scanMs: median(scans.map((s) => s.ms)),
    rssBytes: median(scans.map((s) => s.maxRssBytes)),
  };
}

/** The deployment case's input, written into `work`: what `aiscan scan PATH` is given, its size, its target, and the same resources as a snapshot. */
async function writeDeployment(kind: DeploymentKind, resources: number, work: string): Promise<{ path: string; inputBytes: number; target: Record<string, string>; snapshot: string; expanded: ExpandedSnapshot }> {
  const folder = join(work, `${kind}-${resources}`);
  const snapshot = join(work, `${kind}-${resources}-resources.json`);
  if (kind === 'template') {
    const files = writeTemplate(folder, resources);
    return { path: folder, inputBytes: statSync(files.template).size + statSync(files.parameters).size, target: { ...TEMPLATE_TARGET }, snapshot, expanded: writeExpandedSnapshot(files, snapshot) };
  }
  const plan = writePlan(folder, resources);
  return { path: plan, inputBytes: statSync(plan).size, target: { ...PLAN_TARGET }, snapshot, expanded: await writeMappedSnapshot(plan, snapshot) };
}

async function measureDeployment(kind: DeploymentKind, resources: number, runs: number, work: string): Promise<DeploymentRow> {
  const { name } = DEPLOYMENT_KINDS[kind];
  const started = Date.now();
  const { path, inputBytes, target, snapshot, expanded } = await writeDeployment(kind, resources, work);
  if (expanded.resources !== resources) throw new Error(`${path} gave ${expanded.resources} resources, not ${resources}`);
  log(`${name} of ${resources} resources: ${size(inputBytes)}, ${DEPLOYMENT_KINDS[kind].verb} and written as a ${mb(expanded.bytes)} snapshot in ${Date.now() - started} ms`);

  const snapshots: ChildReport[] = [];
  const inputs: ChildReport[] = [];
  for (let i = 0; i < runs; i++) {
    const bySnapshot = child(['scan-snapshot', snapshot]);
    const byInput = child(['scan-inputs', path, JSON.stringify(target)]);
    for (const [what, report] of [['snapshot', bySnapshot], [name, byInput]] as const) {
      if (report.resources !== resources) throw new Error(`the ${what} scan saw ${report.resources} resources, not ${resources}`);
    }
    snapshots.push(bySnapshot);
    inputs.push(byInput);
    log(
      `  run ${i + 1}: snapshot ${bySnapshot.ms.toFixed(0)} ms (CPU ${bySnapshot.workCpuMs!.toFixed(0)} ms), ` +
        `${name} ${byInput.ms.toFixed(0)} ms (CPU ${byInput.workCpuMs!.toFixed(0)} ms; loadInputs ${byInput.loadMs!.toFixed(0)} ms), ` +
        `peak RSS ${mb(bySnapshot.maxRssBytes)} / ${mb(byInput.maxRssBytes)}`,
    );
  }
  return {
    kind,
    resources,
    snapshotBytes: expanded.bytes,
    inputBytes,
    findings: { snapshot: snapshots[0].findings!, input: inputs[0].findings! },
    snapshotMs: median(snapshots.map((r) => r.ms)),
    inputMs: median(inputs.map((r) => r.ms)),
    loadMs: median(inputs.map((r) => r.loadMs!)),
    snapshotCpuMs: median(snapshots.map((r) => r.workCpuMs!)),
    inputCpuMs: median(inputs.map((r) => r.workCpuMs!)),
    snapshotRssBytes: median(snapshots.map((r) => r.maxRssBytes)),
    inputRssBytes: median(inputs.map((r) => r.maxRssBytes)),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
/** In KB below a megabyte: a template is a few kilobytes. */
const size = (bytes: number) => (bytes < 1 << 20 ? `${(bytes / 1024).toFixed(0)} KB` : mb(bytes));
const log = (text: string) => process.stderr.write(`${text}\n`);

function table(rows: readonly Row[]): string {
  const lines = [
    '| resources | snapshot | findings | parse floor | scan | scan ÷ floor | resources/s | peak RSS | RSS ÷ snapshot |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(
      `| ${row.resources.toLocaleString('en')} | ${mb(row.bytes)} | ${row.findings.toLocaleString('en')} | ${row.parseMs.toFixed(0)} ms | ${row.scanMs.toFixed(0)} ms | ${(row.scanMs / row.parseMs).toFixed(2)}× | ${Math.round(row.resources / (row.scanMs / 1000)).toLocaleString('en')} | ${mb(row.rssBytes)} | ${(row.rssBytes / row.bytes).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}

const holds = (met: boolean) => (met ? '**holds**' : '**does not hold**');

/** Whether each target is met, with the figures. */
function targets(rows: readonly Row[]): string {
  const lines: string[] = [];
  const large = rows.find((r) => r.resources === 100_000);
  const small = rows.find((r) => r.resources === 10_000);
  const fixed = rows.find((r) => r.resources === 1_000);
  if (large) {
    const ratio = large.scanMs / large.parseMs;
    const rss = large.rssBytes / large.bytes;
    lines.push(`- Floor: 100k scanned, SARIF, JSON and Markdown written, in ≤ 3× reading and parsing the file: ${holds(ratio <= 3)} (${ratio.toFixed(2)}×: ${(large.scanMs / 1000).toFixed(2)} s against ${(large.parseMs / 1000).toFixed(2)} s).`);
    lines.push(`- Floor: peak RSS ≤ 3× the snapshot's size: ${holds(rss <= 3)} (${rss.toFixed(2)}×: ${mb(large.rssBytes)} for ${mb(large.bytes)}).`);
  }
  if (large && small) {
    const growth = large.scanMs / small.scanMs;
    // Start-up (loading the CLI, compiling the rules) costs the same at every size: the 1k scan is nearly all of it.
    const base = fixed?.scanMs ?? 0;
    const perResource = (row: Row) => ((row.scanMs - base) / (row.resources - (fixed?.resources ?? 0))) * 1000;
    lines.push(
      `- Linear growth from 10k to 100k: 10× the resources took ${growth.toFixed(1)}× the time and ${(large.rssBytes / small.rssBytes).toFixed(1)}× the memory; ` +
        `beyond the ${base.toFixed(0)} ms a 1k scan takes, each resource cost ${perResource(small).toFixed(0)} µs at 10k and ${perResource(large).toFixed(0)} µs at 100k.`,
    );
  }
  return lines.join('\n');
}

function startupTarget(row: StartupRow): string {
  const ratio = row.emptyScanMs / row.nodeMs;
  return `- Start-up: an empty estate scanned with the whole pack in ≤ 3× a bare \`node -e 0\`: ${holds(ratio <= 3)} (${ratio.toFixed(1)}×: ${row.emptyScanMs.toFixed(0)} ms against ${row.nodeMs.toFixed(0)} ms, median of ${row.runs} runs after one not counted).`;
}

function peerTarget(row: PeerRow): string {
  const ratio = row.peerMs / row.aiscanMs;
  return (
    `- Peer: on ${row.resources.toLocaleString('en')} resources, the whole pack (${row.rules.aiscan} rules, ${row.results.aiscan.toLocaleString('en')} findings) ≥ 10× faster than ${row.peer} with ${row.rules.peer} of them ` +
    `(${row.results.peer.toLocaleString('en')} results): ${holds(ratio >= 10)} (${ratio.toFixed(1)}× faster: ${(row.aiscanMs / 1000).toFixed(2)} s against ${(row.peerMs / 1000).toFixed(2)} s).`
  );
}

function deploymentTable(row: DeploymentRow): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const { name } = DEPLOYMENT_KINDS[row.kind];
  return [
    '| scanned as | input | findings | time | of which loadInputs | CPU time | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| snapshot (\`scan({ snapshots })\`) | ${mb(row.snapshotBytes)} | ${row.findings.snapshot.toLocaleString('en')} | ${ms(row.snapshotMs)} | | ${ms(row.snapshotCpuMs)} | ${mb(row.snapshotRssBytes)} |`,
    `| ${name} (\`loadInputs\` + \`scan({ deployments })\`) | ${size(row.inputBytes)} | ${row.findings.input.toLocaleString('en')} | ${ms(row.inputMs)} | ${ms(row.loadMs)} | ${ms(row.inputCpuMs)} | ${mb(row.inputRssBytes)} |`,
    `| ${name} ÷ snapshot | | | ${(row.inputMs / row.snapshotMs).toFixed(2)}× | | ${(row.inputCpuMs / row.snapshotCpuMs).toFixed(2)}× | ${(row.inputRssBytes / row.snapshotRssBytes).toFixed(2)}× |`,
  ].join('\n');
}

function deploymentTarget(row: DeploymentRow): string {
  const ratio = row.inputMs / row.snapshotMs;
  const { name, plural, verb } = DEPLOYMENT_KINDS[row.kind];
  return (
    `- ${plural}: a ${name} of ${row.resources.toLocaleString('en')} resources ${verb} and scanned in ≤ 3× the scan of the same resources as a snapshot: ${holds(ratio <= 3)} ` +
    `(${ratio.toFixed(2)}×: ${(row.inputMs / 1000).toFixed(2)} s against ${(row.snapshotMs / 1000).toFixed(2)} s; in CPU time ${(row.inputCpuMs / row.snapshotCpuMs).toFixed(2)}×).`
  );
}

/** What both deployment sections say of how they are measured. */
function deploymentMethod(row: DeploymentRow, command: string): string {
  const { name, loads } = DEPLOYMENT_KINDS[row.kind];
  return `- **snapshot**: \`scan({ snapshots: [FILE] })\` of that file: read, parsed, validated, facts, rules, findings located.
- **${name}**: \`loadInputs([PATH], { target })\` (${loads}) and \`scan({ deployments })\`, as \`${command}\` runs them.
- Each in a fresh process, timed from after importing the modules (the same for both) to the result;
  reports are not written. **CPU time** is that span's user + system time, all threads: a steadier
  figure than wall time when the machine is shared.`;
}

function templateSection(row: DeploymentRow | undefined): string {
  if (!row) return '';
  return `
## Templates

An ARM template (scripts/bench/template.ts) whose copy loops expand to ${row.resources.toLocaleString('en')} resources: at
subscription scope, one resource group per team (${row.resources / 1000} teams from the parameter file) and an inline
nested deployment (inner expression scope) into each, looping over the teams; in each, copy loops of
300 GPU VMs with their 300 NICs and 30 public IPs, 20 user-assigned identities, 20 AKS clusters whose
system and GPU pools are a property copy loop, an ML workspace with 28 computes, and 300 role
assignments on the VMs and the resource group. Names come from user-defined functions over parameters
and variables; sizes and settings vary by copy index (\`if()\`, \`mod()\`, \`union()\`, \`createObject()\`),
so every rule passes and fails somewhere. No value waits for the deployment, so the template, expanded
once and written as an estate file (a JSON array, 2-space indentation), is the same ${row.resources.toLocaleString('en')} resources the
template scan evaluates.

${deploymentMethod(row, 'aiscan scan FOLDER --subscription-id … --location …')}

${deploymentTable(row)}
`;
}

function planSection(row: DeploymentRow | undefined): string {
  if (!row) return '';
  return `
## Terraform plans

A plan as \`terraform show -json\` writes it (format 1.2, one line; scripts/bench/plan.ts) of a root module that
calls an \`ai-team\` module once per team (${row.resources / 1000} teams), ${row.resources.toLocaleString('en')} resources in all: per team a resource
group, 300 GPU VMs (\`azurerm_linux_virtual_machine\`) with their 300 NICs and 30 public IPs, 20
user-assigned identities, 20 AKS clusters with two GPU node pools each, an ML workspace with 28 GPU
compute clusters, and 260 role assignments on the VMs, each counted with \`count\`. Half the teams exist
already (\`no-op\` changes with ids, and a \`prior_state\`); the other half are new (\`create\`), so their ids,
and every attribute naming another new resource (a VM's NICs, a pool's cluster, a compute's
workspace, a role assignment's scope), are known only after apply: aiscan builds those ids and
follows the plan's \`configuration\` to join them. Sizes and settings vary by index, so that most rules on
these types both pass and fail, and no value a rule reads is left unknown: the plan, mapped once and
written as an estate file, is the same ${row.resources.toLocaleString('en')} resources the plan scan evaluates.

${deploymentMethod(row, 'aiscan scan plan.json --subscription-id …')}

${deploymentTable(row)}
`;
}

interface Results {
  rows: readonly Row[];
  runs: number;
  /** Importing the CLI's modules alone. */
  startup: StartupRow;
  templateRow?: DeploymentRow;
  planRow?: DeploymentRow;
  peer?: PeerRow;
  loadAtStart: number;
}

/** Every target with its measured ratio and whether it holds, in the order issue 16 states them. */
function allTargets(results: Results): string {
  return [
    startupTarget(results.startup),
    ...(results.peer ? [peerTarget(results.peer)] : ['- Peer: not measured in this run (`npm run bench -- --peer spectral`).']),
    targets(results.rows),
    ...(results.templateRow ? [deploymentTarget(results.templateRow)] : []),
    ...(results.planRow ? [deploymentTarget(results.planRow)] : []),
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function peerSection(row: PeerRow | undefined): string {
  if (!row) return '';
  return `
## Peer: Spectral

[\`${row.peer}\`](https://github.com/stoplightio/spectral), a generic JSON and YAML linter, installed by the bench into its
temporary folder (not a dependency of aiscan), runs ${row.rules.peer} of aiscan's rules (${SPECTRAL_RULE_IDS.join(', ')}) written by hand as
Spectral \`schema\` rules (scripts/bench/peer-spectral.ts) on the ${row.resources.toLocaleString('en')}-resource estate; aiscan runs its
whole pack on the same file and writes SARIF and JSON. Both are fresh processes, timed from spawn to exit.
The results differ in number, not in kind: Spectral's rules drop aiscan's GPU conditions (it checks every
cluster, pool and compute) and its JSONPath filters compare resource types as written, where aiscan
ignores case as ARM does.

| tool | rules | results | time |
| --- | ---: | ---: | ---: |
| aiscan | ${row.rules.aiscan} | ${row.results.aiscan.toLocaleString('en')} | ${row.aiscanMs.toFixed(0)} ms |
| Spectral | ${row.rules.peer} | ${row.results.peer.toLocaleString('en')} | ${row.peerMs.toFixed(0)} ms |
`;
}

function page(results: Results): string {
  const { rows, runs, templateRow, loadAtStart } = results;
  const cpu = cpus();
  return `# Benchmarks

Written by \`npm run bench\` (scripts/bench.ts) down to the sections it keeps; do not edit that part by hand.

Synthetic estates from a fixed seed (support/large-estate/estate.ts), shaped like \`examples/estate\`: GPU
and CPU VMs with their NICs and some public IPs, scale sets with autoscale settings, AKS clusters
with system and GPU pools and managed namespaces, ML workspaces with GPU and CPU computes,
user-assigned identities, role assignments at management-group, subscription, resource-group and
resource scope with their role definitions, and compute usages per region and family (one
subscription per ~5,000 resources). Each snapshot is written as aiscan snapshot JSON with 2-space
indentation, as \`az\` and \`aiscan collect\` write it.

- **parse floor**: reading the snapshot and \`JSON.parse\` of its text, in a fresh process.
- **scan**: \`aiscan scan --snapshot FILE\` with the whole built-in rule pack (${rows[0]?.rules ?? 0} rules), in a fresh process,
  from importing the CLI (the bundle, dist/cli/aiscan.js) to SARIF, JSON and Markdown written (the rules loaded from the build's precompiled pack, file
  read, UTF-8 checked, parsed and validated, facts joined, every rule evaluated, every finding
  located in the file).
- **peak RSS**: the scanning process's own \`process.resourceUsage().maxRSS\`.
- Each figure is the median of ${runs} run${runs === 1 ? '' : 's'} (each column on its own).
- Every scan figure includes the CLI's start-up: an empty estate is scanned in
  ${results.startup.emptyScanMs.toFixed(0)} ms from spawn to exit, a bare \`node -e 0\` takes ${results.startup.nodeMs.toFixed(0)} ms (each the median of
  ${results.startup.runs} runs, alternating, after one of each not counted: a run is short, and one slow run moves a median of three).

${table(rows)}

## Targets

Set in issue 16; each the median of ${runs} run${runs === 1 ? '' : 's'} on this machine:

${allTargets(results)}
${templateSection(templateRow)}${planSection(results.planRow)}${peerSection(results.peer)}
Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${platform()} ${release()}, Node ${process.version}. Run on ${new Date().toISOString().slice(0, 10)}; 1-minute load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end (other work on the machine slows wall times far more than CPU times).
`;
}

/** The benchmarks.md sections other scripts measure (npm run bench:collect): from this line on, the file is kept as it is. */
const KEPT = '<!-- Not written by npm run bench, which keeps everything from here on. -->';

function keptSections(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return '';
  }
  const at = text.indexOf(KEPT);
  return at < 0 ? '' : `\n${text.slice(at)}`;
}

const sizes = option('sizes', '1000,10000,100000').split(',').map(Number).filter((size) => size > 0);
const templateResources = Number(option('template', '10000'));
const planResources = Number(option('plan', '10000'));
const runs = Number(option('runs', '3'));
const peer = option('peer', '');
if (peer !== '' && peer !== 'spectral') throw new Error(`--peer: only spectral is measured, not ${peer}`);
const work = mkdtempSync(join(tmpdir(), 'aiscan-bench-'));
const loadAtStart = loadavg()[0];
try {
  const startup = measureStartup(runs, work);
  const rows = sizes.map((size) => measure(size, runs, work));
  const templateRow = templateResources > 0 ? await measureDeployment('template', templateResources, runs, work) : undefined;
  const planRow = planResources > 0 ? await measureDeployment('plan', planResources, runs, work) : undefined;
  const peerRow = peer === 'spectral' ? measureSpectral(10_000, runs, work) : undefined;
  const results: Results = { rows, runs, startup, ...(templateRow ? { templateRow } : {}), ...(planRow ? { planRow } : {}), ...(peerRow ? { peer: peerRow } : {}), loadAtStart };
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  const file = join(REPO, 'docs', 'benchmarks.md');
  writeFileSync(file, page(results) + keptSections(file));
  if (rows.length > 0) process.stdout.write(`${table(rows)}\n\n`);
  for (const row of [templateRow, planRow]) if (row) process.stdout.write(`${deploymentTable(row)}\n\n`);
  process.stdout.write(`${allTargets(results)}\n`);
} finally {
  if (process.argv.includes('--keep')) log(`estates kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
