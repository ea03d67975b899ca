import type { ValidateFunction } from 'ajv';
import type { Log, Region, Result } from 'sarif';
import { createAjv, describeAjvError, errorPointer, mostSpecificError } from '../ajv.js';
import { SEVERITIES, type Severity } from '../engine/rule.js';
import { UserError } from '../errors.js';
import { toolName } from '../package-info.js';
import { readJsonFile } from '../json/read-json.js';
import { largeSarifFile, readSarifResults } from './sarif-results.js';

/**
 * The key of `partialFingerprints` under which the SARIF report carries each finding's fingerprint,
 * and by which a baseline's findings are matched: the report writes it, the gate reads it back.
 */
export const FINGERPRINT_KEY = 'aiscanFinding/v1';

/**
 * The notification by which a scan lists the baseline findings it could not re-check. It carries
 * them whole (`properties.results`), so the next scan, taking this SARIF as its baseline, still
 * knows them: a subscription unreadable for one night neither makes its findings new the night
 * after nor loses the date they were first detected.
 */
export const UNVERIFIED_NOTIFICATION_ID = 'AIS-BASELINE-UNVERIFIED';

/** One finding of an earlier scan, as read back from the SARIF that scan wrote. */
export interface BaselineFinding {
  fingerprint: string;
  ruleId: string;
  message: string;
  severity: Severity;
  resourceId: string;
  resourceName?: string;
  failingPaths: string[];
  /** Whether a suppression in force accepted it in that scan. */
  suppressed: boolean;
  /** Where the earlier scan located it, relative to that scan's source root. */
  uri: string;
  region: Required<Pick<Region, 'startLine' | 'startColumn' | 'endLine' | 'endColumn'>>;
  /** When a scan first found it (ISO 8601), carried from baseline to baseline; absent in SARIF of aiscan before 0.1. */
  firstDetectedAt?: string;
}

export interface Baseline {
  file: string;
  /** When the earlier scan ran, if it says. */
  startedAt?: string;
  findings: BaselineFinding[];
}

// Only what matching needs is required, so baselines from older aiscan versions keep working; but
// every field that is read has its type checked here, so a baseline with a wrong type anywhere is
// one line naming the file and the pointer, never a TypeError.
const STRING = { type: 'string' } as const;
const POSITION = { type: 'integer', minimum: 1 } as const;

const RESULT_SHAPE = {
  type: 'object',
  required: ['ruleId', 'message', 'partialFingerprints', 'locations'],
  properties: {
    ruleId: STRING,
    level: STRING,
    message: { type: 'object', required: ['text'], properties: { text: STRING } },
    partialFingerprints: { type: 'object', required: [FINGERPRINT_KEY], properties: { [FINGERPRINT_KEY]: STRING } },
    baselineState: STRING,
    locations: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['physicalLocation'],
        properties: {
          physicalLocation: {
            type: 'object',
            required: ['artifactLocation'],
            properties: {
              artifactLocation: { type: 'object', required: ['uri'], properties: { uri: STRING } },
              region: { type: 'object', properties: { startLine: POSITION, startColumn: POSITION, endLine: POSITION, endColumn: POSITION } },
            },
          },
          logicalLocations: { type: 'array', items: { type: 'object', properties: { name: STRING, fullyQualifiedName: STRING } } },
        },
      },
    },
    suppressions: { type: 'array', items: { type: 'object', properties: { status: STRING } } },
    properties: { type: 'object', properties: { failingPaths: { type: 'array', items: STRING }, firstDetectedAt: STRING } },
  },
} as const;

const NOTIFICATION_SHAPE = {
  type: 'object',
  properties: {
    descriptor: { type: 'object', properties: { id: STRING } },
    properties: { type: 'object', properties: { results: { type: 'array', items: RESULT_SHAPE } } },
  },
} as const;

const BASELINE_SHAPE = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: { driver: { type: 'object', required: ['name'], properties: { name: { const: toolName } } } },
          },
          invocations: {
            type: 'array',
            items: { type: 'object', properties: { startTimeUtc: STRING, toolExecutionNotifications: { type: 'array', items: NOTIFICATION_SHAPE } } },
          },
          results: { type: 'array', items: RESULT_SHAPE },
        },
      },
    },
  },
} as const;

let validator: ValidateFunction | undefined;
let resultValidator: ValidateFunction | undefined;
const validatorOf = (shape: object) => createAjv({ allErrors: false, strict: false }).compile(shape);

/**
 * Reads a SARIF log that aiscan wrote (`--baseline FILE`, or an argument of `aiscan diff`, named by
 * `label`). Fails in one line naming the file, pointer and reason.
 */
export function readBaseline(file: string, label = '--baseline'): Baseline {
  return (largeSarifFile(file) ? readBaselineInParts(file, label) : undefined) ?? readWholeBaseline(file, label);
}

/** The whole log parsed, then checked: the one path that says what is wrong with a file (exported for the test that both paths agree). */
export function readWholeBaseline(file: string, label = '--baseline'): Baseline {
  const { value } = readJsonFile(file, 'a baseline SARIF file');
  validator ??= validatorOf(BASELINE_SHAPE);
  if (!validator(value)) {
    const error = mostSpecificError(validator.errors ?? []);
    throw new UserError(
      `${label} ${file}: at ${errorPointer(error) || '/'}: ${describeAjvError(error)}; expected a SARIF file written by aiscan scan`,
    );
  }
  const log = value as Log;
  return baselineOf(file, label, log, log.runs.map((run) => findingsOf(run.results ?? [])));
}

/**
 * Each result made a finding as soon as it is parsed, then the rest of the log checked (see
 * readSarifResults). Undefined for a log readWholeBaseline would refuse or that is not read in
 * parts: it then reads the log and says what is wrong, as it always has.
 */
export function readBaselineInParts(file: string, label = '--baseline'): Baseline | undefined {
  resultValidator ??= validatorOf(RESULT_SHAPE);
  const byRun: BaselineFinding[][] = [];
  const rest = readSarifResults(file, resultValidator, (result, run) => (byRun[run] ??= []).push(...findingsOf([result as Result])));
  if (rest === undefined) return undefined;
  try {
    validator ??= validatorOf(BASELINE_SHAPE);
    return validator(rest) ? baselineOf(file, label, rest as Log, byRun) : undefined;
  } catch {
    return undefined;
  }
}

/** The findings of a run's results, but those the earlier scan already listed as fixed: they were not present then either. */
function findingsOf(results: readonly Result[]): BaselineFinding[] {
  return results.filter((result) => result.baselineState !== 'absent').map(toBaselineFinding);
}

/** A checked log, with the findings of each run's results, into a baseline; a log that left results out is refused. */
function baselineOf(file: string, label: string, log: Log, findingsByRun: readonly (BaselineFinding[] | undefined)[]): Baseline {
  const leftOut = resultsLeftOut(log);
  if (leftOut > 0) {
    // The results it left out would all come back as new, and fail a --new-only gate.
    throw new UserError(
      `${label} ${file}: this SARIF was written with --sarif-for github and leaves out ${leftOut} results; give the full SARIF written beside it (aiscan.full.sarif)`,
    );
  }
  const findings = new Map<string, BaselineFinding>();
  log.runs.forEach((run, index) => {
    for (const finding of findingsByRun[index] ?? []) findings.set(finding.fingerprint, finding);
    for (const result of unverifiedResults(run)) {
      const finding = toBaselineFinding(result);
      if (!findings.has(finding.fingerprint)) findings.set(finding.fingerprint, finding);
    }
  });
  const startedAt = log.runs[0]?.invocations?.[0]?.startTimeUtc;
  return { file, ...(startedAt ? { startedAt } : {}), findings: [...findings.values()] };
}

/**
 * How many results a SARIF for GitHub (report/sarif-github.ts) left out of the file: those it says,
 * and the unverified findings it names without carrying them (the full SARIF carries them); 0 for
 * any other log.
 */
function resultsLeftOut(log: Log): number {
  if (log.runs[0]?.properties?.sarifFor !== 'github') return 0;
  const said = log.runs[0].properties.resultsLeftOutOfFile;
  const notCarried = log.runs
    .flatMap((run) => run.invocations ?? [])
    .flatMap((invocation) => invocation.toolExecutionNotifications ?? [])
    .filter((notification) => notification.descriptor?.id === UNVERIFIED_NOTIFICATION_ID && !Array.isArray(notification.properties?.results))
    .reduce((sum, notification) => sum + (Array.isArray(notification.properties?.fingerprints) ? notification.properties.fingerprints.length : 0), 0);
  return (typeof said === 'number' && Number.isFinite(said) ? said : 0) + notCarried;
}

/** The findings a run carried because it could not re-check them (UNVERIFIED_NOTIFICATION_ID). */
function unverifiedResults(run: Log['runs'][number]): Result[] {
  return (run.invocations ?? [])
    .flatMap((invocation) => invocation.toolExecutionNotifications ?? [])
    .filter((notification) => notification.descriptor?.id === UNVERIFIED_NOTIFICATION_ID)
    .flatMap((notification) => (notification.properties?.results ?? []) as Result[]);
}

function toBaselineFinding(result: Result): BaselineFinding {
  const properties = (result.properties ?? {}) as Record<string, unknown>;
  const location = result.locations?.[0];
  const physical = location?.physicalLocation;
  const region = physical?.region ?? {};
  const logical = location?.logicalLocations?.[0];
  const startLine = region.startLine ?? 1;
  const startColumn = region.startColumn ?? 1;
  return {
    fingerprint: result.partialFingerprints![FINGERPRINT_KEY],
    ruleId: result.ruleId!,
    message: result.message.text ?? '',
    severity: severityOf(properties.severity, result.level),
    resourceId: stringOr(properties.resourceId, logical?.fullyQualifiedName ?? ''),
    ...(logical?.name ? { resourceName: logical.name } : {}),
    failingPaths: Array.isArray(properties.failingPaths) ? properties.failingPaths.map(String) : [],
    suppressed: (result.suppressions ?? []).length > 0 && (result.suppressions ?? []).every((s) => (s.status ?? 'accepted') === 'accepted'),
    uri: physical?.artifactLocation?.uri ?? '',
    region: { startLine, startColumn, endLine: region.endLine ?? startLine, endColumn: region.endColumn ?? startColumn },
    ...firstDetectedAtOf(properties.firstDetectedAt),
  };
}

/** Written back into every later SARIF, so only a date is carried (as ISO 8601), never other text. */
function firstDetectedAtOf(value: unknown): { firstDetectedAt?: string } {
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  return Number.isNaN(time) ? {} : { firstDetectedAt: new Date(time).toISOString() };
}

function severityOf(value: unknown, level: Result.level | undefined): Severity {
  if (typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : 'low';
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value : fallback;
}
