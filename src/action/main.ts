import { spawn } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { constants } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT } from '../gate/exit-code.js';
import { REPORT_FORMATS } from '../report/formats.js';
import { detectHost, HostError, type CiHost } from './ci-host.js';
import { expandInputGlobs } from './file-globs.js';
import { ActionInputError, readInputs } from './inputs.js';
import { actionOutputs } from './outputs.js';
import { readSeverityCounts, reportsBefore, writtenSince } from './reports.js';
import { scanArguments } from './scan-arguments.js';

/**
 * The entry point of the GitHub Action and the Azure Pipelines template: reads the inputs, runs
 * `aiscan scan` as its own process, then publishes what the reports say. It exits 0 whatever the
 * scan found, so that the SARIF upload and the summary happen first; the scan's exit code is the
 * `exit-code` output, which the step after them exits with. It exits 2 when the action cannot run
 * (a bad input), 4 on a defect of its own.
 */

/**
 * The CLI of this same package: the bundle the build makes (dist/src/action/main.js →
 * dist/cli/aiscan.js), or the unbundled dist/bin/aiscan.js of a build without one.
 */
const BUNDLED_CLI = fileURLToPath(new URL('../../cli/aiscan.js', import.meta.url));
const CLI = existsSync(BUNDLED_CLI) ? BUNDLED_CLI : fileURLToPath(new URL('../../bin/aiscan.js', import.meta.url));

const ACTION_ERROR = 2;
const INTERNAL_ERROR = 4;

/** A report's path as the job summary names it: from the workspace when it is inside. */
function shownPath(file: string): string {
  const path = relative(process.cwd(), file);
  return path === '' || path.startsWith('..') || isAbsolute(path) ? file : path;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Runs the scan with the step's own stdout and stderr; resolves with its exit code (128 + the signal's number when a signal ended it). */
function runScan(argv: readonly string[], cwd: string): Promise<number> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...argv], { cwd, stdio: 'inherit' });
    // A cancelled job signals the step: the scan finishes writing its reports, then ends (exit 130 or 143).
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward).on('SIGTERM', forward);
    child.on('error', fail);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      done(code ?? 128 + (signal ? constants.signals[signal] : 0));
    });
  });
}

async function main(env: NodeJS.ProcessEnv, host: CiHost): Promise<number> {
  let inputs;
  let cwd;
  try {
    inputs = readInputs(env);
    cwd = resolve(inputs.workingDirectory);
    if (!isDirectory(cwd)) throw new ActionInputError('working-directory', `${JSON.stringify(inputs.workingDirectory)} is not a folder`);
    inputs = expandInputGlobs(inputs, cwd);
  } catch (error) {
    if (!(error instanceof ActionInputError)) throw error;
    host.error(`aiscan: ${error.message}`);
    return ACTION_ERROR;
  }

  // Every path below is made of the inputs alone: nothing a scanned estate holds chooses one.
  const out = resolve(cwd, inputs.out);
  const sarif = join(out, REPORT_FORMATS.sarif.file);
  const json = join(out, REPORT_FORMATS.json.file);
  const markdown = join(out, REPORT_FORMATS.md.file);
  const before = reportsBefore([sarif, json, markdown]);

  const exitCode = await runScan(scanArguments(inputs), cwd);

  const counts = writtenSince(before, json) ? readSeverityCounts(json) : undefined;
  const wroteReports = [EXIT.clean, EXIT.findings, EXIT.incomplete].includes(exitCode as 0 | 1 | 3);
  if (counts === undefined && wroteReports) host.warning(`aiscan exited ${exitCode} but ${json} holds no counts from this run: the count outputs are not set`);
  host.setOutputs(actionOutputs(exitCode, writtenSince(before, sarif) ? sarif : undefined, counts, CLI));
  if (inputs.jobSummary && writtenSince(before, markdown)) host.addSummary(markdown, shownPath(markdown));
  return 0;
}

const host = detectHost(process.env, (line) => process.stdout.write(`${line}\n`));
try {
  process.exitCode = await main(process.env, host);
} catch (error) {
  host.error(`aiscan action: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = error instanceof HostError ? ACTION_ERROR : INTERNAL_ERROR;
}
