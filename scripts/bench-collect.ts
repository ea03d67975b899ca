/**
 * Benchmark of a live collection against the ARM emulator:
 *
 *   npm run bench:collect -- --subscriptions 500 --resources 200 --latency 20 [--engine arm|resource-graph] [--concurrency 8]
 *
 * The emulator runs in a child process (so the collector's memory is measured alone) with N
 * synthetic subscriptions of M resources each and a fixed latency on every response. Prints the
 * requests made, requests per subscription, wall time and the collector's peak memory.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { collectToSnapshot } from '../src/sources/azure/collect.js';
import { DEFAULTS, type CollectEngine } from '../src/sources/azure/collect-options.js';
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
}

async function runEmulator(options: BenchOptions): Promise<void> {
  const emulator = await ArmEmulator.start({
    resources: syntheticEstate({ subscriptions: options.subscriptions, resourcesPerSubscription: options.resources }),
    latencyMs: options.latency,
    pageSize: options.pageSize,
  });
  process.send!({ url: emulator.url, cert: emulator.certificate.cert } satisfies EmulatorReady);
  process.on('message', async (message) => {
    if (message === 'stats') {
      const byKind: Record<string, number> = {};
      for (const r of emulator.requests) byKind[r.method === 'POST' ? 'Resource Graph queries' : 'ARM GETs'] = (byKind[r.method === 'POST' ? 'Resource Graph queries' : 'ARM GETs'] ?? 0) + 1;
      process.send!({ requests: emulator.requests.length, byKind } satisfies EmulatorStats);
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

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      subscriptions: { type: 'string', default: '500' },
      resources: { type: 'string', default: '200' },
      latency: { type: 'string', default: '20' },
      'page-size': { type: 'string', default: '100' },
      engine: { type: 'string', default: 'arm' },
      concurrency: { type: 'string', default: String(DEFAULTS.concurrency) },
      emulator: { type: 'string' },
    },
  });
  if (values.emulator) return runEmulator(JSON.parse(values.emulator) as BenchOptions);

  const options: BenchOptions = { subscriptions: Number(values.subscriptions), resources: Number(values.resources), latency: Number(values.latency), pageSize: Number(values['page-size']) };
  const engine = values.engine as CollectEngine;
  const concurrency = Number(values.concurrency);
  const child = fork(fileURLToPath(import.meta.url), ['--emulator', JSON.stringify(options)], { stdio: 'inherit' });
  const ready = await next<EmulatorReady>(child);
  const dir = mkdtempSync(join(tmpdir(), 'aiscan-bench-'));
  const file = join(dir, 'estate.json');
  try {
    const started = process.hrtime.bigint();
    const result = await collectToSnapshot(
      {
        scope: { subscriptions: Array.from({ length: options.subscriptions }, (_, i) => syntheticSubscriptionId(i + 1)), allSubscriptions: false, managementGroups: [] },
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
