import { spawn } from 'node:child_process';
import { addInterruptCleanup } from '../../files/interrupt-cleanup.js';

export interface RunLimits {
  timeoutMs: number;
  /** Stdout beyond this many bytes stops the run: a template that size is not a template. */
  maxOutputBytes: number;
  env: NodeJS.ProcessEnv;
}

export type RunOutcome =
  | { kind: 'exited'; code: number | null; signal: NodeJS.Signals | null; stdout: Buffer; stderr: string }
  | { kind: 'timed-out'; stderr: string }
  | { kind: 'too-large'; stderr: string }
  | { kind: 'not-started'; error: NodeJS.ErrnoException };

/** Enough of stderr to find the first error in; the rest is drained and dropped. */
const MAX_STDERR_BYTES = 1 << 20;

/**
 * Runs an executable with its arguments as an array, never through a shell: a file name from a
 * pull request is one argument, whatever characters it holds.
 *
 * On POSIX the child leads a process group of its own (`detached`), so that a time-out, too much
 * output or a Ctrl-C kills it and anything it started (`az` is a Python process that starts the
 * Bicep CLI), not only the process we spawned. The promise settles only once the child has
 * exited, so that a caller who is told "timed out" can rely on the child being gone.
 */
export function runCli(command: string, args: readonly string[], limits: RunLimits): Promise<RunOutcome> {
  return new Promise((resolve) => {
    const posix = process.platform !== 'win32';
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: limits.env, detached: posix, windowsHide: true, shell: false });

    const stdout: Buffer[] = [];
    let stdoutBytes = 0;
    const stderr: Buffer[] = [];
    let stderrBytes = 0;
    let stopped: 'timed-out' | 'too-large' | undefined;
    let settled = false;

    const exited = () => child.exitCode !== null || child.signalCode !== null;
    const killTree = () => {
      if (child.pid === undefined) return;
      try {
        // The group outlives its leader while a member lives; its id is not reused until then.
        if (posix) process.kill(-child.pid, 'SIGKILL');
        else if (!exited()) child.kill('SIGKILL');
      } catch {
        // already gone
      }
    };
    const withdrawCleanup = addInterruptCleanup(killTree);
    const stderrText = () => Buffer.concat(stderr).toString('utf8');
    const finish = (outcome: RunOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      withdrawCleanup();
      resolve(outcome);
    };
    // A stopped child is reported once it has exited, not once its pipes close: something it
    // started and the kill missed may hold them open.
    const endStopped = () => {
      child.stdout.destroy();
      child.stderr.destroy();
      if (stopped) finish({ kind: stopped, stderr: stderrText() });
    };
    const stop = (why: 'timed-out' | 'too-large') => {
      if (stopped) return;
      stopped = why;
      killTree();
      if (exited()) endStopped();
    };
    const timer = setTimeout(() => stop('timed-out'), limits.timeoutMs);

    child.stdout.on('data', (chunk: Buffer) => {
      if (stopped) return;
      stdoutBytes += chunk.length;
      if (stdoutBytes > limits.maxOutputBytes) stop('too-large');
      else stdout.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderrBytes >= MAX_STDERR_BYTES) return;
      stderr.push(chunk.subarray(0, MAX_STDERR_BYTES - stderrBytes));
      stderrBytes += chunk.length;
    });

    child.on('error', (error: NodeJS.ErrnoException) => {
      // Spawning failed (no such file, not executable): there is no child to wait for.
      if (child.pid === undefined) finish({ kind: 'not-started', error });
    });
    child.on('exit', () => {
      if (stopped) endStopped();
    });
    child.on('close', (code: number | null, signal: NodeJS.Signals | null) => {
      if (stopped) finish({ kind: stopped, stderr: stderrText() });
      else finish({ kind: 'exited', code, signal, stdout: Buffer.concat(stdout), stderr: stderrText() });
    });
  });
}
