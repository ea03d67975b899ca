import { REPORT_FORMAT_NAMES, type ReportFormat } from '../config/report-formats.js';
import { SARIF_TARGETS, type SarifTarget } from '../config/sarif-targets.js';
import { FAIL_ON_CHOICES, type FailOn } from '../gate/exit-code.js';
import { AUTH_KINDS, type AuthKind } from '../sources/azure/choices.js';

/**
 * The inputs of the GitHub Action (action.yml) and of the Azure Pipelines template
 * (templates/aiscan.yml), read from `INPUT_*` environment variables: both hosts run the same
 * main.js, so one mapping, tested once, serves both.
 */
export interface ActionInputs {
  paths: string[];
  snapshots: string[];
  subscriptions: string[];
  allSubscriptions: boolean;
  auth?: AuthKind;
  config?: string;
  rules: string[];
  suppressions?: string;
  /** Absent: the config's `gate.failOn`, else aiscan's default (high). */
  failOn?: FailOn;
  baseline?: string;
  /** Absent: the config's `gate.newOnly`, else no. */
  newOnly?: boolean;
  /** Always holds the reports the action reads itself: sarif, json and md. */
  formats: ReportFormat[];
  out: string;
  category?: string;
  /** Absent: the config's `reports.sarifFor`, else full. */
  sarifFor?: SarifTarget;
  uploadSarif: boolean;
  jobSummary: boolean;
  workingDirectory: string;
  /** Extra arguments, one per line, each passed as one argument. */
  args: string[];
}

/** Every input the action declares, by the name action.yml gives it. */
export const INPUT_NAMES = [
  'paths',
  'snapshot',
  'subscription',
  'all-subscriptions',
  'auth',
  'config',
  'rules',
  'suppressions',
  'fail-on',
  'baseline',
  'new-only',
  'format',
  'out',
  'category',
  'sarif-for',
  'upload-sarif',
  'job-summary',
  'working-directory',
  'args',
] as const;
export type InputName = (typeof INPUT_NAMES)[number];

/** The reports the action reads after the scan: the SARIF to upload, the counts, the summary. */
export const REQUIRED_FORMATS: readonly ReportFormat[] = ['sarif', 'json', 'md'];

/**
 * Flags the action sets from its own inputs and then relies on, to find the reports: given again
 * in `args`, they would send the reports where the action does not look. `help` and `version`
 * would end the scan with exit 0 and no report at all.
 */
const MANAGED_LONG_FLAGS = new Map<string, InputName | undefined>([
  ['out', 'out'],
  ['format', 'format'],
  ['sarif-for', 'sarif-for'],
  ['help', undefined],
  ['version', undefined],
]);
const MANAGED_SHORT_FLAGS = new Map<string, InputName>([
  ['o', 'out'],
  ['f', 'format'],
]);

/** A value the action cannot run with: one line, naming the input. */
export class ActionInputError extends Error {
  constructor(
    readonly input: InputName,
    problem: string,
  ) {
    super(`${input}: ${problem}`);
    this.name = 'ActionInputError';
  }
}

/**
 * `fail-on` is `INPUT_FAIL_ON`: upper case, `-` and spaces as `_`, a name every shell and both
 * hosts' `env:` accept. A JavaScript action's runner keeps the `-` (`INPUT_FAIL-ON`), so that
 * spelling is read too, should main.js ever run as one.
 */
export function inputEnvName(name: string): string {
  return `INPUT_${name.replace(/[- ]/g, '_').toUpperCase()}`;
}

type Env = Readonly<Record<string, string | undefined>>;

function raw(env: Env, name: InputName): string {
  const value = env[inputEnvName(name)] ?? env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '';
  // A NUL cannot be passed in an argument, and no file name holds one.
  if (value.includes('\0')) throw new ActionInputError(name, 'holds a NUL character');
  return value;
}

function quoted(value: string): string {
  const shown = value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return JSON.stringify(shown);
}

/** One value: surrounding white space trimmed; several lines are a mistake (a list given to a single-valued input). */
function single(env: Env, name: InputName): string | undefined {
  const value = raw(env, name).trim();
  if (value === '') return undefined;
  if (/[\r\n]/.test(value)) throw new ActionInputError(name, `takes one value, got several lines: ${quoted(value)}`);
  return value;
}

/**
 * A list of files or folders: one per line when the value has several lines (so a name may hold
 * spaces), else split at white space, as `paths: infra templates` reads.
 */
function pathList(env: Env, name: InputName): string[] {
  const value = raw(env, name);
  const entries = /[\r\n]/.test(value) ? value.split(/\r?\n|\r/) : value.split(/\s+/);
  return entries.map((entry) => entry.trim()).filter((entry) => entry !== '');
}

/** Words: white space, commas or line breaks between them. */
function wordList(env: Env, name: InputName): string[] {
  return raw(env, name)
    .split(/[\s,]+/)
    .filter((word) => word !== '');
}

function boolean(env: Env, name: InputName): boolean | undefined {
  const value = raw(env, name).trim();
  if (value === '') return undefined;
  // Azure Pipelines writes a boolean parameter as True or False.
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new ActionInputError(name, `${quoted(value)} is not true or false`);
}

function choice<T extends string>(env: Env, name: InputName, choices: readonly T[]): T | undefined {
  const value = single(env, name);
  if (value === undefined) return undefined;
  if (!(choices as readonly string[]).includes(value)) throw new ActionInputError(name, `${quoted(value)} is not one of ${choices.join(', ')}`);
  return value as T;
}

function formats(env: Env): ReportFormat[] {
  const asked = wordList(env, 'format');
  for (const format of asked) {
    if (!(REPORT_FORMAT_NAMES as readonly string[]).includes(format)) throw new ActionInputError('format', `${quoted(format)} is not one of ${REPORT_FORMAT_NAMES.join(', ')}`);
  }
  return [...new Set([...REQUIRED_FORMATS, ...(asked as ReportFormat[])])];
}

/** The flag an argument sets, as yargs reads it: `--sarifFor=x` is `sarif-for`, `-qo` sets `q` and `o`. */
function flagsOf(argument: string): { long?: string; short: string[] } {
  const long = /^--([^=]+)/.exec(argument);
  if (long) return { long: long[1].replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`), short: [] };
  const short = /^-([A-Za-z]+)/.exec(argument);
  return { short: short ? [...short[1]] : [] };
}

function extraArguments(env: Env): string[] {
  const lines = raw(env, 'args')
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  for (const line of lines) {
    const { long, short } = flagsOf(line);
    const managed = long !== undefined && MANAGED_LONG_FLAGS.has(long) ? { flag: `--${long}`, input: MANAGED_LONG_FLAGS.get(long) } : undefined;
    const letter = short.find((flag) => MANAGED_SHORT_FLAGS.has(flag));
    const found = managed ?? (letter !== undefined ? { flag: `-${letter}`, input: MANAGED_SHORT_FLAGS.get(letter) } : undefined);
    if (found) {
      throw new ActionInputError('args', `${quoted(line)} sets ${found.flag}, which the action sets itself${found.input ? `: use the ${found.input} input` : ''}`);
    }
  }
  return lines;
}

/** The action's inputs from an environment (process.env in main.js); throws ActionInputError on a value it cannot run with. */
export function readInputs(env: Env): ActionInputs {
  const optional = <K extends keyof ActionInputs>(key: K, value: ActionInputs[K] | undefined): Partial<ActionInputs> => (value === undefined ? {} : { [key]: value });
  return {
    paths: pathList(env, 'paths'),
    snapshots: pathList(env, 'snapshot'),
    subscriptions: wordList(env, 'subscription'),
    allSubscriptions: boolean(env, 'all-subscriptions') ?? false,
    ...optional('auth', choice(env, 'auth', AUTH_KINDS)),
    ...optional('config', single(env, 'config')),
    rules: pathList(env, 'rules'),
    ...optional('suppressions', single(env, 'suppressions')),
    ...optional('failOn', choice(env, 'fail-on', FAIL_ON_CHOICES)),
    ...optional('baseline', single(env, 'baseline')),
    ...optional('newOnly', boolean(env, 'new-only')),
    formats: formats(env),
    out: single(env, 'out') ?? 'reports',
    ...optional('category', single(env, 'category')),
    ...optional('sarifFor', choice(env, 'sarif-for', SARIF_TARGETS)),
    uploadSarif: boolean(env, 'upload-sarif') ?? true,
    jobSummary: boolean(env, 'job-summary') ?? true,
    workingDirectory: single(env, 'working-directory') ?? '.',
    args: extraArguments(env),
  };
}
