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
 *   npm run bench -- --sizes 1000,10000 --runs 1 --keep
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, platform, release, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildReport } from './bench/child.js';
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

function page(rows: readonly Row[], runs: number, startupMs: number): string {
  const cpu = cpus();
  return `# Benchmarks

Written by \`npm run bench\` (scripts/bench.ts); do not edit by hand.

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

Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB memory, ${platform()} ${release()}, Node ${process.version}. Run on ${new Date().toISOString().slice(0, 10)}.
`;
}

const sizes = option('sizes', '1000,10000,100000').split(',').map(Number);
const runs = Number(option('runs', '3'));
const work = mkdtempSync(join(tmpdir(), 'aiscan-bench-'));
try {
  const startupMs = median(Array.from({ length: runs }, () => child(['import']).ms));
  log(`CLI start-up: ${startupMs.toFixed(0)} ms`);
  const rows = sizes.map((size) => measure(size, runs, work));
  const text = page(rows, runs, startupMs);
  mkdirSync(join(REPO, 'docs'), { recursive: true });
  writeFileSync(join(REPO, 'docs', 'benchmarks.md'), text);
  process.stdout.write(`${table(rows)}\n\n${targets(rows)}\n`);
} finally {
  if (process.argv.includes('--keep')) log(`estates kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}
