import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log } from 'sarif';
import { runCli } from '../helpers/cli.js';
import { builtCli } from './built-cli.js';

export const CORPUS = join('test', 'hardening', 'corpus');

/** What a run of the CLI left behind. */
export interface Outcome {
  code: number | null;
  signal?: string | null;
  stdout: string;
  stderr: string;
  out: string;
}

/** Runs `aiscan scan …` in-process (runCli), checking that nothing reached Object.prototype & co. */
export async function scanInProcess(args: string[], out: string): Promise<Outcome> {
  const before = prototypeShapes();
  const { code, stdout, stderr } = await runCli('scan', ...args, '--out', out);
  expect(prototypeShapes()).toEqual(before);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  return { code, stdout, stderr, out };
}

/** Runs `aiscan scan …` as its own process, for inputs that could hang or exhaust the stack; killed after `timeoutMs`. */
export function scanInChild(args: string[], out: string, timeoutMs: number): Outcome {
  const run = spawnSync(process.execPath, [builtCli(), 'scan', ...args, '--out', out], {
    encoding: 'utf8',
    timeout: timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 1 << 26,
  });
  return { code: run.status, signal: run.signal, stdout: run.stdout, stderr: run.stderr, out };
}

function prototypeShapes(): Record<string, string[]> {
  const shapes: Record<string, string[]> = {};
  for (const [name, prototype] of Object.entries({ Object: Object.prototype, Array: Array.prototype, Function: Function.prototype, String: String.prototype })) {
    shapes[name] = Object.getOwnPropertyNames(prototype).sort();
  }
  return shapes;
}

/** Exit 2 and exactly one line that names the file and a place in it (line:column, JSON pointer, or line). */
export function expectOneLineError(outcome: Outcome, file: string, says?: RegExp): void {
  const shown = `exit ${outcome.code}${outcome.signal ? ` (${outcome.signal})` : ''}; stderr: ${outcome.stderr.slice(0, 600)}`;
  expect({ shown, code: outcome.code }).toEqual({ shown, code: 2 });
  const lines = outcome.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  const [line] = lines;
  expect(line).toMatch(/^aiscan: /);
  expect(line).not.toMatch(/internal error|\n\s+at |\[native code\]|\[object Object\]/);
  expect(line).toContain(file);
  expect(line).toMatch(/:\d+:\d+|\bat \/|line \d+|: cannot read|is already used by/);
  if (says) expect(line).toMatch(says);
}

/** A correct scan: exit 0, 1 or 3, nothing on stderr but warnings, and reports whose every result has a region in a file. */
export function expectCorrectScan(outcome: Outcome): Log {
  const shown = `exit ${outcome.code}${outcome.signal ? ` (${outcome.signal})` : ''}; stderr: ${outcome.stderr.slice(0, 600)}`;
  expect({ shown, ok: [0, 1, 3].includes(outcome.code ?? -1) }).toEqual({ shown, ok: true });
  expect(outcome.stderr).not.toMatch(/internal error|\n\s+at /);
  const sarif = join(outcome.out, 'aiscan.sarif');
  expect(existsSync(sarif)).toBe(true);
  const log = JSON.parse(readFileSync(sarif, 'utf8')) as Log;
  for (const result of log.runs[0].results ?? []) {
    const region = result.locations![0].physicalLocation!.region!;
    expect(region.startLine).toBeGreaterThanOrEqual(1);
    expect(region.startColumn).toBeGreaterThanOrEqual(1);
  }
  return log;
}
