import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { UserError } from '../../errors.js';
import { decodeText, parseJsonText } from '../../json/read-json.js';
import { count } from '../../text/count.js';
import { shown } from '../../text/shown.js';
import { visibleText } from '../../text/visible-text.js';
import { atLeast, MIN_BICEP_VERSION, parseBicepVersion } from './bicep-version.js';
import { BICEP_PATH_VARIABLE, bicepArguments, findBicep, type BicepCommand, type BicepVerb } from './find-bicep.js';
import { runCli, type RunLimits } from './run-cli.js';

export const DEFAULT_BICEP_TIMEOUT_MS = 60_000;
/** Far above any real template (the largest Azure Verified Module compiles to a few MiB). */
export const DEFAULT_MAX_BICEP_OUTPUT_BYTES = 256 * 1024 * 1024;

export interface BicepOptions {
  /** The environment the CLI is found in (PATH, AISCAN_BICEP_PATH) and runs with. */
  env?: NodeJS.ProcessEnv;
  /** How long one run of the CLI may take before it is killed. */
  timeoutMs?: number;
  maxOutputBytes?: number;
}

export interface CompileOptions extends BicepOptions {
  /** The CLI from `resolveBicep`, to find and check it once for many files. */
  cli?: BicepCli;
}

export interface BicepCli extends BicepCommand {
  /** Unknown for `az`, whose `az bicep version` may go online or install Bicep. */
  version?: string;
}

/** One line of Bicep's diagnostics: `path(line,col) : Level CODE: message`. */
export interface BicepDiagnostic {
  file: string;
  line: number;
  column: number;
  level: 'Error' | 'Warning' | 'Info';
  code: string;
  message: string;
}

export interface CompiledBicep {
  /** The ARM template JSON text. */
  template: string;
  /** For a .bicepparam file: the ARM parameters file JSON text it compiles to. */
  parameters?: string;
  cli: { path: string; version?: string };
  /** What the CLI wrote on stderr while succeeding (linter warnings), one line each, made visible. */
  warnings: string[];
  /** Those of `warnings` that are Bicep diagnostics. */
  diagnostics: BicepDiagnostic[];
}

/**
 * The Bicep CLI that `compileBicep` would use, with its version checked (a plain `bicep` only):
 * a CLI older than MIN_BICEP_VERSION is a UserError. Resolve once and pass it as `cli` to
 * compile many files without asking each time.
 */
export async function resolveBicep(file: string, options: BicepOptions = {}): Promise<BicepCli> {
  const limits = limitsOf(options);
  const command = findBicep(file, limits.env);
  if (command.kind === 'az') return command;
  const run = await runCli(command.path, ['--version'], limits);
  if (run.kind === 'timed-out') throw new UserError(`${file}: cannot compile Bicep: ${command.path} --version did not finish within ${duration(limits.timeoutMs)} (it was stopped)`);
  if (run.kind === 'not-started') throw notStarted(file, command, run.error);
  const version = run.kind === 'exited' ? parseBicepVersion(run.stdout.toString('utf8')) : undefined;
  if (version !== undefined && !atLeast(version, MIN_BICEP_VERSION)) {
    const how = command.foundBy === 'PATH' ? `upgrade it, or set ${BICEP_PATH_VARIABLE} to a newer one` : `set ${BICEP_PATH_VARIABLE} to a newer one`;
    throw new UserError(`${file}: cannot compile Bicep: the Bicep CLI ${command.path} is version ${version}; aiscan needs ${MIN_BICEP_VERSION} or later (${how})`);
  }
  return { ...command, version };
}

/**
 * Compiles a `.bicep` file to its ARM template, or a `.bicepparam` file to its parameters and the
 * template they are for, with the Bicep CLI (see find-bicep.ts for which one). Failing to compile,
 * taking longer than the time-out or printing more than the output cap is a UserError naming the
 * file; warnings are returned.
 */
export async function compileBicep(file: string, options: CompileOptions = {}): Promise<CompiledBicep> {
  const verb = verbFor(file);
  const limits = limitsOf(options);
  const cli = options.cli ?? (await resolveBicep(file, options));
  // Absolute, so that a file named `-x.bicep` cannot be read as an option.
  const run = await runCli(cli.path, bicepArguments(cli, verb, resolve(file)), limits);
  switch (run.kind) {
    case 'not-started':
      throw notStarted(file, cli, run.error);
    case 'timed-out':
      throw new UserError(`${file}: the Bicep CLI did not finish within ${duration(limits.timeoutMs)}; it was stopped (${cli.path})`);
    case 'too-large':
      throw new UserError(`${file}: the Bicep CLI printed more than ${size(limits.maxOutputBytes)} of output; it was stopped`);
  }
  if (run.code !== 0) throw new UserError(`${file}: the Bicep CLI failed: ${firstError(file, run.stderr, run.code, run.signal)}`);

  const lines = stderrLines(run.stderr);
  const compiled = { cli: { path: cli.path, version: cli.version }, warnings: lines.map(oneLine), diagnostics: lines.flatMap((line) => parseDiagnostic(line) ?? []) };
  const text = decodeText(run.stdout, file, "the Bicep CLI's output");
  if (verb === 'build') return { template: templateText(file, text), ...compiled };
  return { ...parametersOutput(file, text), ...compiled };
}

function verbFor(file: string): BicepVerb {
  const extension = extname(file).toLowerCase();
  if (extension === '.bicep') return 'build';
  if (extension === '.bicepparam') return 'build-params';
  throw new UserError(`${file}: cannot compile Bicep: not a .bicep or .bicepparam file`);
}

function limitsOf(options: BicepOptions): RunLimits {
  return {
    env: options.env ?? process.env,
    timeoutMs: options.timeoutMs ?? DEFAULT_BICEP_TIMEOUT_MS,
    maxOutputBytes: options.maxOutputBytes ?? DEFAULT_MAX_BICEP_OUTPUT_BYTES,
  };
}

function notStarted(file: string, command: BicepCommand, error: NodeJS.ErrnoException): UserError {
  const reason = error.code === 'ENOENT' ? 'no such file' : error.code === 'EACCES' ? 'permission denied' : error.message;
  return new UserError(`${file}: cannot compile Bicep: cannot run ${command.path}: ${reason}`);
}

function templateText(file: string, text: string): string {
  if (!text.trimStart().startsWith('{')) throw new UserError(`${file}: the Bicep CLI printed no ARM template (its output does not start with {)`);
  return text;
}

/**
 * `build-params --stdout` prints one JSON object whose string properties hold the parameters file
 * and the template (see bicep-version.ts for where that shape is defined).
 */
function parametersOutput(file: string, text: string): { template: string; parameters: string } {
  const what = "the Bicep CLI's build-params output";
  const output = parseJsonText(text, file, what);
  const field = (name: string): unknown => (typeof output === 'object' && output !== null && !Array.isArray(output) ? (output as Record<string, unknown>)[name] : undefined);
  const parameters = field('parametersJson');
  const template = field('templateJson');
  const templateSpecId = field('templateSpecId');
  if (typeof parameters !== 'string') throw new UserError(`${file}: ${what} has no parametersJson string`);
  if (typeof template !== 'string') {
    if (typeof templateSpecId === 'string') throw new UserError(`${file}: its template is the template spec ${shown(templateSpecId)}, which aiscan cannot read; scan the Bicep file the spec was made from`);
    throw new UserError(`${file}: the Bicep CLI printed no template for this parameters file (with \`using none\` there is none to scan)`);
  }
  return { template: templateText(file, template), parameters };
}

const ANSI_ESCAPE = /\x1b\[[0-?]*[ -/]*[@-~]/g;

/** A line of the CLI's stderr as one visible line: colour codes go, other controls are shown escaped. */
function oneLine(line: string): string {
  return visibleText(line.replace(ANSI_ESCAPE, ''), 'line').trim();
}

function stderrLines(stderr: string): string[] {
  return stderr.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
}

/** `az` prefixes what it relays from Bicep with its own log level. */
const DIAGNOSTIC = /^(?:(?:ERROR|WARNING): )?(.+?)\((\d+),(\d+)\) : (Error|Warning|Info) ([^\s:]+): (.*)$/;

export function parseDiagnostic(line: string): BicepDiagnostic | undefined {
  const match = DIAGNOSTIC.exec(oneLine(line));
  if (!match) return undefined;
  const [, file, lineNumber, column, level, code, message] = match;
  return { file: file!, line: Number(lineNumber), column: Number(column), level: level as BicepDiagnostic['level'], code: code!, message: message! };
}

/** The first error the CLI reported, for a one-line message: a diagnostic if there is one. */
function firstError(file: string, stderr: string, code: number | null, signal: NodeJS.Signals | null): string {
  const lines = stderrLines(stderr);
  const errors = lines.flatMap((line) => parseDiagnostic(line) ?? []).filter((diagnostic) => diagnostic.level === 'Error');
  const first = errors[0];
  if (first) {
    const more = errors.length > 1 ? ` (and ${count(errors.length - 1, 'more error')})` : '';
    return `${displayPath(file, first.file)}(${first.line},${first.column}) : Error ${first.code}: ${first.message}${more}`;
  }
  const line = lines.map(oneLine).find((text) => text !== '');
  if (line !== undefined) return line.replace(/^ERROR: /, '');
  return signal ? `it was ended by ${signal}` : `it exited with code ${code} and said nothing`;
}

/**
 * Bicep names files by absolute path; the file being compiled is named as the caller named it,
 * another file (a module) relative to the current folder when it is inside it.
 */
function displayPath(file: string, reported: string): string {
  if (resolve(reported) === resolve(file)) return file;
  const inside = relative(process.cwd(), reported);
  return inside !== '' && inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside) ? inside : reported;
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Number((ms / 1000).toFixed(3))} s`;
}

function size(bytes: number): string {
  if (bytes >= 1 << 20) return `${Number((bytes / (1 << 20)).toFixed(1))} MiB`;
  if (bytes >= 1 << 10) return `${Number((bytes / (1 << 10)).toFixed(1))} KiB`;
  return count(bytes, 'byte');
}
