import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateSnapshot, writeSnapshot } from '../../support/large-estate/estate.js';
import type { ArmEmulator } from '../../support/emulator/arm-emulator.js';
import { PRODUCTION, RESEARCH, SAMPLE_FILES } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { builtCli } from '../hardening/built-cli.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Ctrl-C or a termination request during a scan never leaves half a report or a temporary file:
 * before the reports are written the process ends at once (the previous reports untouched); once
 * writing has begun it finishes the (synchronous) write, removes anything staged, and exits 130
 * or 143.
 */

const REPORTS = ['aiscan.html', 'aiscan.json', 'aiscan.junit.xml', 'aiscan.md', 'aiscan.sarif'];
const PREVIOUS: Record<string, string> = {
  'aiscan.json': '{"previous": true}\n',
  'aiscan.md': '# previous report\n',
  'aiscan.sarif': '{"version": "2.1.0", "runs": [], "previous": true}\n',
};

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

function start(bin: string, estate: string, out: string): { child: ChildProcess; ended: Promise<Ended> } {
  // Every format: each is rendered as it is written, so writing takes long enough to be interrupted.
  const args = ['scan', '--snapshot', estate, '--out', out, '--fail-on', 'none', '--quiet', '--format', 'sarif', 'json', 'md', 'html', 'junit'];
  const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return { child, ended };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function leftovers(out: string): string[] {
  return readdirSync(out).filter((name) => !REPORTS.includes(name));
}

describe('interrupting a scan', () => {
  const tmp = useTempDir('aiscan-interrupt-');
  let bin: string;
  let estate: string;
  let run = 0;

  beforeAll(() => {
    bin = builtCli();
    estate = tmp.path('estate.json');
    writeSnapshot(estate, generateSnapshot(40_000));
  });

  function previousReportsIn(): string {
    const out = tmp.path(`out-${run++}`);
    mkdirSync(out, { recursive: true });
    for (const [name, content] of Object.entries(PREVIOUS)) writeFileSync(join(out, name), content);
    return out;
  }

  it.each(['SIGINT', 'SIGTERM'] as const)('%s while the estate is being scanned ends the process and leaves the previous reports as they were', async (signal) => {
    const out = previousReportsIn();
    const { child, ended } = start(bin, estate, out);
    await sleep(600); // past start-up (~150 ms), well before the reports of 40,000 resources are written (~2 s in)
    expect(leftovers(out)).toEqual([]);
    child.kill(signal);
    const result = await ended;
    expect(result.signal).toBe(signal);
    for (const [name, content] of Object.entries(PREVIOUS)) expect(readFileSync(join(out, name), 'utf8')).toBe(content);
    expect(leftovers(out)).toEqual([]);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while the reports are being written leaves complete new reports and no temporary file, exit %d', async (signal, exitCode) => {
    const interruptWhileWriting = async () => {
      const out = previousReportsIn();
      const { child, ended } = start(bin, estate, out);
      let signalled = false;
      const watcher = watch(out, (_event, name) => {
        if (!signalled && name?.endsWith('.tmp')) {
          signalled = true;
          child.kill(signal);
        }
      });
      const result = await ended;
      watcher.close();
      expect(signalled).toBe(true);
      expect(leftovers(out)).toEqual([]);
      return { out, result };
    };
    // On a loaded machine the watcher can hear of the first temporary file only after the last
    // report is written: that run ends 0, interrupted nothing and proves nothing, so it is run again.
    let attempt = await interruptWhileWriting();
    for (let retries = 2; retries > 0 && attempt.result.code === 0; retries--) attempt = await interruptWhileWriting();
    const { out, result } = attempt;
    // The write completes (it is synchronous); the handler then removes anything staged and exits.
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: exitCode, stderr: '' });
    expect(leftovers(out)).toEqual([]);
    const sarif = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as { runs: { invocations: { startTimeUtc: string }[] }[] };
    const json = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { startedAt: string };
    expect(sarif.runs[0].invocations[0].startTimeUtc).toBe(json.startedAt);
    expect(readFileSync(join(out, 'aiscan.md'), 'utf8')).toMatch(/^# aiscan report/);
  });
});

/**
 * A collection interrupted by Ctrl-C or a termination request leaves nothing behind: its parts
 * folder (which holds the snapshot's temporary file too) is removed and it exits 130 or 143.
 * One killed outright (SIGKILL) cannot clean up: the next collection beside it does.
 */
describe('interrupting a collection', () => {
  const env = useLiveCliEnvironment();
  const tmp = useTempDir('aiscan-interrupt-collect-');
  let bin: string;
  let emulator: ArmEmulator;
  let run = 0;

  beforeAll(async () => {
    bin = builtCli();
    // Slow answers, one subscription at a time: the second is still being read well after the first's part is written.
    emulator = await env.emulator({ resources: resourcesOfSnapshots(SAMPLE_FILES), latencyMs: 100 });
  });

  function collect(out: string) {
    const args = ['collect', '--arm-endpoint', emulator.url, '--auth', 'cli', '--subscription', RESEARCH, '--subscription', PRODUCTION, '--concurrency', '1', '--out', out, '--quiet'];
    const child = spawn(process.execPath, [bin, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const ended = new Promise<Ended>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
    return { child, ended };
  }

  /** Resolves once the parts folder holds the first subscription's part. */
  async function firstPartWritten(out: string, ended: Promise<Ended>): Promise<string> {
    let done = false;
    void ended.then(() => (done = true));
    for (;;) {
      const parts = existsSync(out) ? readdirSync(out).find((name) => name.endsWith('.parts')) : undefined;
      if (parts && readdirSync(join(out, parts)).length > 0) return parts;
      if (done) throw new Error('the collection ended before writing a part');
      await sleep(20);
    }
  }

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while subscriptions are being read removes the parts folder and exits %d', async (signal, exitCode) => {
    const out = tmp.path(`collect-${run++}`);
    const { child, ended } = collect(out);
    const parts = await firstPartWritten(out, ended);
    expect(statSync(join(out, parts)).mode & 0o777).toBe(0o700);
    child.kill(signal);
    const result = await ended;
    expect({ code: result.code, signal: result.signal, stderr: result.stderr }).toEqual({ code: exitCode, signal: null, stderr: '' });
    expect(readdirSync(out)).toEqual([]);
  });

  it('a collection killed outright leaves its parts; the next one beside it removes them', async () => {
    const out = tmp.path(`collect-${run++}`);
    const killed = collect(out);
    const parts = await firstPartWritten(out, killed.ended);
    killed.child.kill('SIGKILL');
    await killed.ended;
    expect(readdirSync(out)).toEqual([parts]);

    const next = collect(out);
    expect((await next.ended).code).toBe(0);
    expect(readdirSync(out)).toEqual(['estate.json']);
  });
});
