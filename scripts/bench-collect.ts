/**
 * Benchmark of a live collection against the ARM emulator:
 *
 *   npm run bench:collect -- --subscriptions 500 --resources 200 --latency 20 [--engine arm|resource-graph] [--concurrency 8]
 *   npm run bench:collect -- --subscriptions 5000 --shards 4
 *
 * The emulator runs in a child process (so the collector's memory is measured alone) with N
 * synthetic subscriptions of M resources each and a fixed latency on every response. Prints the
 * requests made, requests per subscription, wall time and the collector's peak memory.
 *
 * With --shards N: one collector process reads the whole scope, then N collector processes
 * (`--shard K/N` each) read it at the same time, all against the same emulator; prints the wall
 * time of both, and per shard its subscriptions, requests, wall time, CPU time and peak memory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectToSnapshot } from '../src/sources/azure/collect.js';
import { DEFAULTS, type CollectEngine } from '../src/sources/azure/collect-options.js';
import { parseShard, type Shard } from '../src/sources/shard.js';
import { ArmEmulator } from '../support/emulator/arm-emulator.js';
import { staticCredential } from '../support/emulator/collect-harness.js';
import { syntheticEstate, syntheticSubscriptionId } from '../support/emulator/synthetic-estate.js';

interface BenchOptions {
  subscriptions: number;
  resources: number;
  latency: number;
  pageSize: number;
}

interface EmulatorReady {
  url: string;
  cert: string;
}

interface EmulatorStats {
  requests: number;
  byKind: Record<string, number>;
  /** The emulator's CPU time since it was last reset: it serves every collector from one thread. */
  cpuSeconds: number;
}

/** What a collector process is asked to do (--collector), and what it answers. */
interface CollectorJob {
  url: string;
  cert: string;
  subscriptions: number;
  engine: CollectEngine;
  concurrency: number;
  file: string;
  shard?: Shard;
}

interface CollectorRun {
  seconds: number;
  subscriptions: number;
  resources: number;
  gaps: number;
  requests: number;
  cpuSeconds: number;
  peakMiB: number;
  bytes: number;
}

async function runEmulator(options: BenchOptions): Promise<void> {
  const emulator = await ArmEmulator.start({
    resources: syntheticEstate({ subscriptions: options.subscriptions, resourcesPerSubscription: options.resources }),
    latencyMs: options.latency,
    pageSize: options.pageSize,
  });
  process.send!({ url: emulator.url, cert: emulator.certificate.cert } satisfies EmulatorReady);
  let cpuAtReset = process.cpuUsage();
  process.on('message', async (message) => {
    if (message === 'reset') {
      emulator.requests.splice(0);
      cpuAtReset = process.cpuUsage();
      process.send!('reset');
    } else if (message === 'stats') {
      const byKind: Record<string, number> = {};
      for (const r of emulator.requests) byKind[r.method === 'POST' ? 'Resource Graph queries' : 'ARM GETs'] = (byKind[r.method === 'POST' ? 'Resource Graph queries' : 'ARM GETs'] ?? 0) + 1;
      const cpu = process.cpuUsage(cpuAtReset);
      process.send!({ requests: emulator.requests.length, byKind, cpuSeconds: (cpu.user + cpu.system) / 1e6 } satisfies EmulatorStats);
    } else if (message === 'stop') {
      await emulator.close();
      rmSync(emulator.certificate.dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
}

function next<T>(child: ChildProcess): Promise<T> {
  return new Promise((resolve) => child.once('message', (message) => resolve(message as T)));
}

const scopeOf = (subscriptions: number) => ({ subscriptions: Array.from({ length: subscriptions }, (_, i) => syntheticSubscriptionId(i + 1)), allSubscriptions: false, managementGroups: [] });

/** A collector in its own process: reads the job's scope (or its shard), and answers with its own measures. */
async function runCollector(job: CollectorJob): Promise<void> {
  const started = process.hrtime.bigint();
  const result = await collectToSnapshot(
    {
      scope: scopeOf(job.subscriptions),
      ...(job.shard ? { shard: job.shard } : {}),
      credential: staticCredential(),
      endpoint: { url: job.url, tokenScope: `${job.url}/.default` },
      engine: job.engine,
      concurrency: job.concurrency,
      requestTimeoutMs: DEFAULTS.requestTimeoutMs,
      retry: DEFAULTS.retry,
      trustedCertificates: job.cert,
    },
    job.file,
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = process.resourceUsage();
  process.send!({
    seconds,
    subscriptions: result.subscriptions,
    resources: result.resources,
    gaps: result.gaps.length,
    requests: result.requests,
    cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    peakMiB: usage.maxRSS / 1024,
    bytes: statSync(job.file).size,
  } satisfies CollectorRun);
}

/** Runs collector processes at the same time; the wall time is from starting the first to the last one's answer. */
async function collectInProcesses(jobs: readonly CollectorJob[]): Promise<{ seconds: number; runs: CollectorRun[] }> {
  const started = process.hrtime.bigint();
  const runs = await Promise.all(
    jobs.map(async (job) => {
      const child = fork(fileURLToPath(import.meta.url), ['--collector'], { stdio: 'inherit' });
      child.send(job);
      const run = await next<CollectorRun>(child);
      await new Promise((resolve) => child.once('exit', resolve));
      return run;
    }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, runs };
}

const thousands = (n: number) => n.toLocaleString('en-US');

/** One process against N shard processes, on the same emulator. */
async function compareShards(emulator: ChildProcess, ready: EmulatorReady, options: BenchOptions, engine: CollectEngine, concurrency: number, shards: number, dir: string): Promise<void> {
  const job = { url: ready.url, cert: ready.cert, subscriptions: options.subscriptions, engine, concurrency };
  const measure = async (jobs: CollectorJob[]) => {
    emulator.send('reset');
    await next(emulator);
    const result = await collectInProcesses(jobs);
    emulator.send('stats');
    return { ...result, stats: await next<EmulatorStats>(emulator) };
  };
  const whole = await measure([{ ...job, file: join(dir, 'whole.json') }]);
  const sharded = await measure(Array.from({ length: shards }, (_, i) => ({ ...job, file: join(dir, `shard-${i + 1}.json`), shard: { index: i + 1, count: shards } })));
  const row = (label: string, run: CollectorRun) =>
    `  ${label.padEnd(18)} ${thousands(run.subscriptions).padStart(6)} subscriptions  ${thousands(run.requests).padStart(7)} requests  ${run.seconds.toFixed(1).padStart(6)} s  CPU ${run.cpuSeconds.toFixed(1).padStart(5)} s  peak ${run.peakMiB.toFixed(0).padStart(4)} MiB  ${(run.bytes / 1024 / 1024).toFixed(1)} MiB snapshot${run.gaps > 0 ? `, ${run.gaps} gaps` : ''}`;
  const total = (key: 'resources' | 'subscriptions') => sharded.runs.reduce((sum, run) => sum + run[key], 0);
  const lines = [
    `aiscan collect benchmark: ${options.subscriptions} subscriptions × ${options.resources} resources, ${options.latency} ms latency, engine ${engine}, concurrency ${concurrency} per process, ARM page size ${options.pageSize}`,
    '',
    `one process: ${whole.seconds.toFixed(1)} s wall, ${thousands(whole.stats.requests)} requests (${(whole.stats.requests / whole.seconds).toFixed(0)}/s), ${thousands(whole.runs[0].resources)} resources; emulator CPU ${whole.stats.cpuSeconds.toFixed(1)} s`,
    row('whole scope', whole.runs[0]),
    '',
    `${shards} shard processes at once: ${sharded.seconds.toFixed(1)} s wall (speed-up ${(whole.seconds / sharded.seconds).toFixed(2)}×), ${thousands(sharded.stats.requests)} requests (${(sharded.stats.requests / sharded.seconds).toFixed(0)}/s), ${thousands(total('resources'))} resources in ${thousands(total('subscriptions'))} subscriptions; emulator CPU ${sharded.stats.cpuSeconds.toFixed(1)} s`,
    ...sharded.runs.map((run, i) => row(`shard ${i + 1}/${shards}`, run)),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: 'string', default: '500' },
      resources: { type: 'string', default: '200' },
      latency: { type: 'string', default: '20' },
      'page-size': { type: 'string', default: '100' },
      engine: { type: 'string', default: 'arm' },
      concurrency: { type: 'string', default: String(DEFAULTS.concurrency) },
      shards: { type: 'string' },
      emulator: { type: 'string' },
      collector: { type: 'boolean' },
    },
  });
  if (values.emulator) return runEmulator(JSON.parse(values.emulator) as BenchOptions);
  if (values.collector) return new Promise((resolve) => process.once('message', (job) => resolve(runCollector(job as CollectorJob))));

  const options: BenchOptions = { subscriptions: Number(values.subscriptions), resources: Number(values.resources), latency: Number(values.latency), pageSize: Number(values['page-size']) };
  const engine = values.engine as CollectEngine;
  const concurrency = Number(values.concurrency);
  const child = fork(fileURLToPath(import.meta.url), ['--emulator', JSON.stringify(options)], { stdio: 'inherit' });
  const ready = await next<EmulatorReady>(child);
  const dir = mkdtempSync(join(tmpdir(), 'aiscan-bench-'));
  const file = join(dir, 'estate.json');
  try {
    if (values.shards !== undefined) return await compareShards(child, ready, options, engine, concurrency, parseShard(`1/${values.shards}`).count, dir);
    const started = process.hrtime.bigint();
    const result = await collectToSnapshot(
      {
        scope: scopeOf(options.subscriptions),
        credential: staticCredential(),
        endpoint: { url: ready.url, tokenScope: `${ready.url}/.default` },
        engine,
        concurrency,
        requestTimeoutMs: DEFAULTS.requestTimeoutMs,
        retry: DEFAULTS.retry,
        trustedCertificates: ready.cert,
      },
      file,
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    child.send('stats');
    const stats = await next<EmulatorStats>(child);
    const usage = process.resourceUsage();
    const peakMiB = usage.maxRSS / 1024;
    const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
    const lines = [
      `aiscan collect benchmark: ${options.subscriptions} subscriptions × ${options.resources} resources, ${options.latency} ms latency, engine ${engine}, concurrency ${concurrency}, ARM page size ${options.pageSize}`,
      `  resources collected      ${result.resources}`,
      `  coverage gaps            ${result.gaps.length}`,
      `  requests made            ${stats.requests} (${Object.entries(stats.byKind).map(([kind, n]) => `${n} ${kind}`).join(', ')})`,
      `  requests / subscription  ${(stats.requests / options.subscriptions).toFixed(2)}`,
      `  wall time                ${seconds.toFixed(1)} s (${(options.subscriptions / seconds).toFixed(1)} subscriptions/s)`,
      `  CPU time (collector)     ${cpuSeconds.toFixed(1)} s`,
      `  peak memory (collector)  ${peakMiB.toFixed(0)} MiB RSS`,
      `  snapshot                 ${(statSync(file).size / 1024 / 1024).toFixed(1)} MiB`,
    ];
    process.stdout.write(lines.join('\n') + '\n');
  } finally {
    child.send('stop');
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
