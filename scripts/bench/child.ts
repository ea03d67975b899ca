/**
 * One measurement in a fresh process, so its peak RSS is its own:
 *   node child.js parse FILE          → time to JSON.parse the file's text (read beforehand, not timed)
 *   node child.js scan ARGS…          → the real CLI (`aiscan scan ARGS…`), timed from importing it to reports written
 *   node child.js import              → importing the CLI alone: the start-up every scan pays
 * Prints one JSON line: { ms, maxRssBytes, code }.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface ChildReport {
  ms: number;
  /** User + system CPU time of the whole process (all its threads), for telling load from noise. */
  cpuMs: number;
  maxRssBytes: number;
  code: number;
  stderr?: string;
}

function cpuMs(): number {
  const usage = process.resourceUsage();
  return (usage.userCPUTime + usage.systemCPUTime) / 1000;
}

async function main(mode: string | undefined, args: string[]): Promise<ChildReport> {
  if (mode === 'parse') {
    const text = readFileSync(args[0], 'utf8');
    const start = performance.now();
    const value = JSON.parse(text) as { resources?: unknown[] };
    const ms = performance.now() - start;
    if (!Array.isArray(value.resources)) throw new Error('not a snapshot');
    return { ms, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024, code: 0 };
  }
  if (mode === 'scan') {
    const start = performance.now();
    const { run } = await import('../../src/cli.js');
    let stderr = '';
    const code = await run(['scan', ...args], { stdout: () => undefined, stderr: (text) => (stderr += text) });
    const ms = performance.now() - start;
    return { ms, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024, code, ...(stderr ? { stderr } : {}) };
  }
  if (mode === 'import') {
    const start = performance.now();
    await import('../../src/cli.js');
    return { ms: performance.now() - start, cpuMs: cpuMs(), maxRssBytes: process.resourceUsage().maxRSS * 1024, code: 0 };
  }
  throw new Error(`usage: child.js parse FILE | scan ARGS… | import`);
}

const report = await main(process.argv[2], process.argv.slice(3));
process.stdout.write(JSON.stringify(report) + '\n');
