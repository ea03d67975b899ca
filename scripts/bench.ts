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
 *
 *   npm run bench -- --sizes 1000,10000 --runs 1 --template 0 --keep
 *   npm run bench -- --sizes 0 --template 10000      (the template case alone)
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './bench/child.js';
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

interface TemplateRow {
  resources: number;
  /** The expanded resources written as a snapshot. */
  snapshotBytes: number;
  templateBytes: number;
  findings: { snapshot: number; template: number };
  snapshotMs: number;
  templateMs: number;
  /** The part of templateMs spent in loadInputs: reading and expanding the template. */
  loadMs: number;
  snapshotCpuMs: number;
  templateCpuMs: number;
  snapshotRssBytes: number;
  templateRssBytes: number;
}

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

function measureTemplate(resources: number, runs: number, work: string): TemplateRow {
  const folder = join(work, `template-${resources}`);
  const snapshot = join(work, `template-${resources}-expanded.json`);
  const files = writeTemplate(folder, resources);
  const started = Date.now();
  const expanded = writeExpandedSnapshot(files, snapshot);
  if (expanded.resources !== resources) throw new Error(`${files.template} expanded to ${expanded.resources} resources, not ${resources}`);
  const templateBytes = statSync(files.template).size + statSync(files.parameters).size;
  log(`template of ${resources} resources: ${(templateBytes / 1024).toFixed(0)} KB, expanded and written as a ${mb(expanded.bytes)} snapshot in ${Date.now() - started} ms`);

  const snapshots: ChildReport[] = [];
  const templates: ChildReport[] = [];
  for (let i = 0; i < runs; i++) {
    const bySnapshot = child(['scan-snapshot', snapshot]);
    const byTemplate = child(['scan-template', folder, JSON.stringify(TEMPLATE_TARGET)]);
    for (const [what, report] of [['snapshot', bySnapshot], ['template', byTemplate]] as const) {
      if (report.resources !== resources) throw new Error(`the ${what} scan saw ${report.resources} resources, not ${resources}`);
    }
    snapshots.push(bySnapshot);
    templates.push(byTemplate);
    log(
      `  run ${i + 1}: snapshot ${bySnapshot.ms.toFixed(0)} ms (CPU ${bySnapshot.workCpuMs!.toFixed(0)} ms), ` +
        `template ${byTemplate.ms.toFixed(0)} ms (CPU ${byTemplate.workCpuMs!.toFixed(0)} ms; loadInputs ${byTemplate.loadMs!.toFixed(0)} ms), ` +
        `peak RSS ${mb(bySnapshot.maxRssBytes)} / ${mb(byTemplate.maxRssBytes)}`,
    );
  }
  return {
    resources,
    snapshotBytes: expanded.bytes,
    templateBytes,
    findings: { snapshot: snapshots[0].findings!, template: templates[0].findings! },
    snapshotMs: median(snapshots.map((r) => r.ms)),
    templateMs: median(templates.map((r) => r.ms)),
    loadMs: median(templates.map((r) => r.loadMs!)),
    snapshotCpuMs: median(snapshots.map((r) => r.workCpuMs!)),
    templateCpuMs: median(templates.map((r) => r.workCpuMs!)),
    snapshotRssBytes: median(snapshots.map((r) => r.maxRssBytes)),
    templateRssBytes: median(templates.map((r) => r.maxRssBytes)),
  };
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
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

/** Whether each target is met, with the figures. */
function targets(rows: readonly Row[]): string {
  const lines: string[] = [];
  const large = rows.find((r) => r.resources === 100_000);
  const small = rows.find((r) => r.resources === 10_000);
  const fixed = rows.find((r) => r.resources === 1_000);
  if (large) {
    const ratio = large.scanMs / large.parseMs;
    const rss = large.rssBytes / large.bytes;
    lines.push(`- 100k scanned in ≤ 3× its parse floor: ${ratio <= 3 ? 'met' : 'missed'} (${ratio.toFixed(2)}×: ${(large.scanMs / 1000).toFixed(2)} s against ${(large.parseMs / 1000).toFixed(2)} s).`);
    lines.push(`- Peak RSS ≤ 4× the snapshot's size: ${rss <= 4 ? 'met' : 'missed'} (${rss.toFixed(2)}×: ${mb(large.rssBytes)} for ${mb(large.bytes)}).`);
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

function templateTable(row: TemplateRow): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  return [
    '| scanned as | input | findings | time | of which loadInputs | CPU time | peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    `| snapshot (\`scan({ snapshots })\`) | ${mb(row.snapshotBytes)} | ${row.findings.snapshot.toLocaleString('en')} | ${ms(row.snapshotMs)} | | ${ms(row.snapshotCpuMs)} | ${mb(row.snapshotRssBytes)} |`,
    `| template (\`loadInputs\` + \`scan({ deployments })\`) | ${(row.templateBytes / 1024).toFixed(0)} KB | ${row.findings.template.toLocaleString('en')} | ${ms(row.templateMs)} | ${ms(row.loadMs)} | ${ms(row.templateCpuMs)} | ${mb(row.templateRssBytes)} |`,
    `| template ÷ snapshot | | | ${(row.templateMs / row.snapshotMs).toFixed(2)}× | | ${(row.templateCpuMs / row.snapshotCpuMs).toFixed(2)}× | ${(row.templateRssBytes / row.snapshotRssBytes).toFixed(2)}× |`,
  ].join('\n');
}

function templateTarget(row: TemplateRow): string {
  const ratio = row.templateMs / row.snapshotMs;
  return (
    `- A template expanding to ${row.resources.toLocaleString('en')} resources expanded and scanned in < 3× the scan of the same resources as a snapshot: ${ratio < 3 ? 'met' : 'missed'} ` +
    `(${ratio.toFixed(2)}×: ${(row.templateMs / 1000).toFixed(2)} s against ${(row.snapshotMs / 1000).toFixed(2)} s; in CPU time ${(row.templateCpuMs / row.snapshotCpuMs).toFixed(2)}×).`
  );
}

function templateSection(row: TemplateRow | undefined): string {
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

- **snapshot**: \`scan({ snapshots: [FILE] })\` of that file: read, parsed, validated, facts, rules, findings located.
- **template**: \`loadInputs([FOLDER], { target })\` (template and parameter file found, paired, read and
  expanded) and \`scan({ deployments })\`, as \`aiscan scan FOLDER --subscription-id … --location …\` runs them.
- Each in a fresh process, timed from after importing the modules (the same for both) to the result;
  reports are not written. **CPU time** is that span's user + system time, all threads: a steadier
  figure than wall time when the machine is shared.

${templateTable(row)}
`;
}

function page(rows: readonly Row[], runs: number, startupMs: number, templateRow: TemplateRow | undefined, loadAtStart: number): string {
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

- **parse floor**: \`JSON.parse\` of the snapshot's text alone, in a fresh process.
- **scan**: \`aiscan scan --snapshot FILE\` with the whole built-in rule pack (${rows[0]?.rules ?? 0} rules), in a fresh process,
  from importing the CLI to SARIF, JSON and Markdown written (rules loaded and compiled, file
  read, UTF-8 checked, parsed and validated, facts joined, every rule evaluated, every finding
  located in the file).
- **peak RSS**: the scanning process's own \`process.resourceUsage().maxRSS\`.
- Each figure is the median of ${runs} run${runs === 1 ? '' : 's'} (each column on its own).
- Every scan figure includes the CLI's start-up: importing its modules took ${startupMs.toFixed(0)} ms here.

${table(rows)}

Targets (set in issue 6):

${targets(rows)}
${templateSection(templateRow)}${templateRow ? `\nTarget (set in issue 11):\n\n${templateTarget(templateRow)}\n` : ''}
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
const runs = Number(option('runs', '3'));
const work = mkdtempSync(join(tmpdir(), 'aiscan-bench-'));
const loadAtStart = loadavg()[0];
try {
  const startupMs = median(Array.from({ length: runs }, () => child(['import']).ms));
  log(`CLI start-up: ${startupMs.toFixed(0)} ms`);
  const rows = sizes.map((size) => measure(size, runs, work));
  const templateRow = templateResources > 0 ? measureTemplate(templateResources, runs, work) : undefined;
  const text = page(rows, runs, startupMs, templateRow, loadAtStart);
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  const file = join(REPO, 'docs', 'benchmarks.md');
  writeFileSync(file, text + keptSections(file));
  if (rows.length > 0) process.stdout.write(`${table(rows)}\n\n${targets(rows)}\n`);
  if (templateRow) process.stdout.write(`\n${templateTable(templateRow)}\n\n${templateTarget(templateRow)}\n`);
} finally {
  if (process.argv.includes('--keep')) log(`estates kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
