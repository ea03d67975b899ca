/**
 * One measurement in a fresh process, so its peak RSS is its own:
 *   node child.js parse FILE          → time to read the file and JSON.parse its text: the floor of any scan of it
 *   node child.js scan ARGS…          → the CLI as installed (dist/cli/aiscan.js, `aiscan scan ARGS…`), timed from
 *                                       importing it to the process's exit
 *   node child.js scan-snapshot FILE  → scan({ snapshots: [FILE] }) through the API, timed after its modules are imported
 *   node child.js scan-inputs PATH TARGET
 *                                     → loadInputs([PATH], { target }) + scan({ deployments }) of a template or plan,
 *                                       timed the same way (TARGET: the JSON of --subscription-id, --location…)
 * Prints one JSON line: { ms, maxRssBytes, code } (and, for the API scans, what they found).
 */
import { readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';

export interface ChildReport {
  ms: number;
  /** User + system CPU time of the whole process (all its threads), for telling load from noise. */
  cpuMs: number;
  maxRssBytes: number;
  code: number;
  stderr?: string;
  /** The API scans: resources scanned, findings, rules evaluated. */
  resources?: number;
  findings?: number;
  rules?: number;
  /** The API scans: CPU time (user + system, all threads) of the timed part alone. */
  workCpuMs?: number;
  /** scan-inputs: the part of `ms` spent in loadInputs (finding and reading the template or plan, expanding or mapping it). */
  loadMs?: number;
}

/** The `aiscan` command: dist/scripts/bench/child.js → dist/cli/aiscan.js. */
const CLI = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'cli', 'aiscan.js');

function cpuMs(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}

async function main(mode: string | undefined, args: string[]): Promise<ChildReport> {
  if (mode === 'parse') {
    const start = performance.now();
    const text = readFileSync(args[0], 'utf8');
    const value = JSON.parse(text) as { resources?: unknown[] };
    const ms = performance.now() - start;
    if (!Array.isArray(value.resources)) throw new Error('not a snapshot');
    return { ms, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024, code: 0 };
  }
  if (mode === 'scan-snapshot' || mode === 'scan-inputs') {
    // Both import the same modules before the clock starts: what is timed is the work on the input.
    const { scan } = await import('../../src/scan.js');
    const { loadInputs } = await import('../../src/sources/inputs/load-inputs.js');
    const startCpu = cpuMs();
    const start = performance.now();
    let loadMs: number | undefined;
    let result;
    if (mode === 'scan-snapshot') {
      result = scan({ snapshots: [args[0]], failOn: 'none' });
    } else {
      const inputs = await loadInputs([args[0]], { target: JSON.parse(args[1] ?? '{}') as Record<string, string> });
      loadMs = performance.now() - start;
      result = scan({ deployments: inputs.deployments, inputs: inputs.summary, failOn: 'none' });
    }
    const ms = performance.now() - start;
    const cpu = cpuMs();
    return {
      ms,
      cpuMs: cpu,
      workCpuMs: cpu - startCpu,
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
      code: result.exitCode,
      resources: result.resourceCount,
      findings: result.findings.length,
      rules: result.rules.length,
      ...(loadMs !== undefined ? { loadMs } : {}),
    };
  }
  throw new Error(`usage: child.js parse FILE | scan ARGS… | scan-snapshot FILE | scan-inputs PATH TARGET`);
}

/**
 * The bundle runs itself on import, reading process.argv, and leaves its code in process.exitCode;
 * the report is written on 'exit', where only synchronous work still happens.
 */
function scanWithCli(args: string[]): void {
  const start = performance.now();
  process.argv = [process.argv[0], CLI, 'scan', ...args];
  let stderr = '';
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof process.stderr.write;
  process.once('exit', (code) => {
    const report: ChildReport = { ms: performance.now() - start, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024, code, ...(stderr ? { stderr } : {}) };
    writeSync(1, JSON.stringify(report) + '\n');
  });
  void import(pathToFileURL(CLI).href);
}

if (process.argv[2] === 'scan') scanWithCli(process.argv.slice(3));
else process.stdout.write(JSON.stringify(await main(process.argv[2], process.argv.slice(3))) + '\n');
