import type { ValidateFunction } from 'ajv';
import { createAjv, describeAjvError, errorPointer, mostSpecificError } from '../ajv.js';
import { SEVERITIES, type Severity } from '../engine/rule.js';
import { UserError } from '../errors.js';
import { FINGERPRINT_KEY, UNVERIFIED_NOTIFICATION_ID } from '../gate/baseline.js';
import { largeSarifFile, readSarifResults } from '../gate/sarif-results.js';
import { foldCase, parseResourceId } from '../ids.js';
import { entryOf } from '../multimap.js';
import { readJsonFile } from '../json/read-json.js';
import { toolName } from '../package-info.js';

/**
 * One finding as the trend needs it, and nothing more: a nightly SARIF can be 150 MB, and thirty of
 * them are read, so a run keeps this per fingerprint instead of the log.
 */
export interface TrackedFinding {
  ruleId: string;
  severity: Severity;
  resourceId: string;
  /** Folded to lower case; absent for findings at management-group or tenant scope, and in templates. */
  subscriptionId?: string;
  /** When a scan first detected it (ISO 8601), carried from baseline to baseline; absent in SARIF from before aiscan wrote it. */
  firstDetectedAt?: string;
  /** Whether a suppression in force accepted it (an expired one does not: its finding is open again). */
  suppressed: boolean;
}

/** What a run cannot have re-checked: its coverage gaps, as its notifications say. */
export interface RunGaps {
  /** A gap with no subscription, or a shard of a sharded collection missing: nothing missing from this run can count as fixed. */
  everywhere: boolean;
  /** Subscriptions (lower case) with something not read. */
  subscriptions: Set<string>;
}

/** The suppressions with an end date that accepted (or, expired, no longer accept) findings of a run, one entry per suppression. */
export interface SuppressionGroup {
  /** accepted: in force; rejected: expired, its findings count again (report/sarif-gate.ts). */
  status: 'accepted' | 'rejected';
  justification: string;
  /** The last day it holds, YYYY-MM-DD (UTC). */
  expires: string;
  /** Where it is declared (`aiscan.suppressions.json#/suppressions/0`), when the SARIF says. */
  source?: string;
  owner?: string;
  ticket?: string;
  findings: number;
}

/** One scan, read from its SARIF: the compact record the trend is computed from. */
export interface RunRecord {
  file: string;
  /** `runs[0].invocations[0].startTimeUtc`, as ISO 8601. */
  startedAt: string;
  /** Open findings: every result except those listed as fixed (`baselineState: "absent"`). */
  findings: Map<string, TrackedFinding>;
  /** Fingerprints the scan itself listed as fixed since its baseline: confirmation that it re-checked them. */
  fixedByScan: Set<string>;
  /**
   * Findings of the scan's baseline it could not re-check (AIS-BASELINE-UNVERIFIED): with their
   * record when the notification carries the results, else only the fingerprint.
   */
  unverified: Map<string, TrackedFinding | undefined>;
  gaps: RunGaps;
  /** The rules the run evaluated (`tool.driver.rules`), when it lists them: a finding of a rule not run cannot have been fixed. */
  rules?: Set<string>;
  /** The `--baseline` the scan was given, if any. */
  baseline?: string;
  suppressions: SuppressionGroup[];
  /** Each open finding's message: kept only for the latest run (see `readRuns`), the only one whose findings are listed with it. */
  messages?: Map<string, string>;
}

/** The scan's notifications the trend reads, beside AIS-BASELINE-UNVERIFIED: a subscription or resource type not read (report/sarif.ts). */
const COVERAGE_GAP = 'AIS-COVERAGE-GAP';
/** A shard of a sharded collection was not scanned: which subscriptions it held is not known (report/shards.ts). */
const SHARDS_INCOMPLETE = 'AIS-SHARDS-INCOMPLETE';
/** A SARIF for GitHub keeps the first 1,000 notifications of a scan and counts the rest in this one (report/sarif-github.ts). */
const NOTIFICATIONS_LEFT_OUT = 'AIS-NOTIFICATIONS-LEFT-OUT';

const STRING = { type: 'string' } as const;

// Only what the trend reads is described, and none of it is required beyond what identifies a
// finding: SARIF of older aiscan versions keeps working, and a wrong type anywhere that is read is
// one line naming the file and the JSON pointer, never a TypeError.
const RESULT_SHAPE = {
  type: 'object',
  required: ['ruleId', 'partialFingerprints'],
  properties: {
    ruleId: STRING,
    level: STRING,
    baselineState: STRING,
    message: { type: 'object', properties: { text: STRING } },
    partialFingerprints: { type: 'object', required: [FINGERPRINT_KEY], properties: { [FINGERPRINT_KEY]: STRING } },
    locations: {
      type: 'array',
      items: { type: 'object', properties: { logicalLocations: { type: 'array', items: { type: 'object', properties: { fullyQualifiedName: STRING } } } } },
    },
    suppressions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          status: STRING,
          justification: STRING,
          properties: { type: 'object', properties: { expires: { type: 'string', format: 'date' }, source: STRING, owner: STRING, ticket: STRING } },
        },
      },
    },
    properties: { type: 'object', properties: { severity: STRING, resourceId: STRING, subscriptionId: STRING, firstDetectedAt: STRING } },
  },
} as const;

/** The properties of the notifications the trend reads, checked only on notifications with that id: others may use the same names. */
function notificationOf(id: string, properties: Record<string, unknown>) {
  return {
    if: { required: ['descriptor'], properties: { descriptor: { required: ['id'], properties: { id: { const: id } } } } },
    then: { properties: { properties: { type: 'object', properties } } },
  } as const;
}

const NOTIFICATION_SHAPE = {
  type: 'object',
  properties: { descriptor: { type: 'object', properties: { id: STRING } } },
  allOf: [
    notificationOf(UNVERIFIED_NOTIFICATION_ID, { fingerprints: { type: 'array', items: STRING }, results: { type: 'array', items: RESULT_SHAPE } }),
    notificationOf(COVERAGE_GAP, { subscriptionId: STRING }),
    notificationOf(NOTIFICATIONS_LEFT_OUT, { leftOut: { type: 'number' } }),
  ],
} as const;

const LOG_SHAPE = {
  type: 'object',
  required: ['version', 'runs'],
  properties: {
    version: { const: '2.1.0' },
    runs: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['tool', 'results'],
        properties: {
          tool: {
            type: 'object',
            required: ['driver'],
            properties: {
              driver: {
                type: 'object',
                required: ['name'],
                properties: { name: STRING, rules: { type: 'array', items: { type: 'object', required: ['id'], properties: { id: STRING } } } },
              },
            },
          },
          invocations: {
            type: 'array',
            items: { type: 'object', properties: { startTimeUtc: { type: 'string', format: 'date-time' }, toolExecutionNotifications: { type: 'array', items: NOTIFICATION_SHAPE } } },
          },
          results: { type: 'array', items: RESULT_SHAPE },
          properties: { type: 'object', properties: { resultsLeftOutOfFile: { type: 'number' }, baseline: STRING } },
        },
      },
    },
  },
} as const;

/** The parts of a SARIF log the trend reads, as LOG_SHAPE guarantees them once validated. */
interface SarifResult {
  ruleId: string;
  level?: string;
  baselineState?: string;
  message?: { text?: string };
  partialFingerprints: Record<string, string>;
  locations?: { logicalLocations?: { fullyQualifiedName?: string }[] }[];
  suppressions?: { status?: string; justification?: string; properties?: { expires?: string; source?: string; owner?: string; ticket?: string } }[];
  properties?: { severity?: string; resourceId?: string; subscriptionId?: string; firstDetectedAt?: string };
}

interface SarifNotification {
  descriptor?: { id?: string };
  properties?: { fingerprints?: string[]; results?: SarifResult[]; subscriptionId?: string; leftOut?: number };
}

interface SarifRun {
  tool: { driver: { name: string; rules?: { id: string }[] } };
  invocations?: { startTimeUtc?: string; toolExecutionNotifications?: SarifNotification[] }[];
  results: SarifResult[];
  properties?: { resultsLeftOutOfFile?: number; baseline?: string };
}



/** What every message about a file says last, so the reader knows what was expected. */
const EXPECTED = 'expected a SARIF file written by aiscan scan';

let validator: ValidateFunction | undefined;
let resultValidator: ValidateFunction | undefined;
const validatorOf = (shape: object) => createAjv({ allErrors: false, strict: false }).compile(shape);

/**
 * Shares equal records, and equal strings, between runs: the same finding is in every nightly
 * SARIF, and thirty copies of its resource id and fingerprint would be most of the memory the trend
 * uses. A finding dated anew each night (by scans without a baseline) is a record per night, but
 * with the strings of the first. One pool per `readRuns`.
 *
 * Records are found by resource, rule and first detection, not by a key made of all their fields:
 * such a key, kept per record, was larger than the record. At 47,267 findings a night, each night
 * read added 38 MB to the heap when every night had dates of its own (scans without a baseline)
 * and 6 MB when the dates were carried; now 14 and 2 MB.
 */
export class FindingPool {
  private readonly strings = new Map<string, string>();
  /** Resource id → rule → first detection ('' when the SARIF has none) → the records that differ in the rest. */
  private readonly records = new Map<string, Map<string, Map<string, TrackedFinding[]>>>();

  intern(finding: TrackedFinding): TrackedFinding {
    const resourceId = this.string(finding.resourceId);
    const ruleId = this.string(finding.ruleId);
    const detected = finding.firstDetectedAt === undefined ? '' : this.string(finding.firstDetectedAt);
    const subscriptionId = finding.subscriptionId === undefined ? undefined : this.string(finding.subscriptionId);
    const byRule = entryOf(this.records, resourceId, () => new Map<string, Map<string, TrackedFinding[]>>());
    const variants = entryOf(entryOf(byRule, ruleId, () => new Map<string, TrackedFinding[]>()), detected, () => []);
    const known = variants.find((record) => record.severity === finding.severity && record.suppressed === finding.suppressed && record.subscriptionId === subscriptionId);
    if (known) return known;
    const record: TrackedFinding = {
      ruleId,
      severity: finding.severity,
      resourceId,
      ...(subscriptionId !== undefined ? { subscriptionId } : {}),
      ...(finding.firstDetectedAt !== undefined ? { firstDetectedAt: detected } : {}),
      suppressed: finding.suppressed,
    };
    variants.push(record);
    return record;
  }

  /** The equal string read before, else `text` (kept for the next run). */
  string(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    this.strings.set(text, text);
    return text;
  }
}

/** Reads one SARIF file written by `aiscan scan` into a run record. Fails in one line naming the file, the JSON pointer and the reason. */
export function readRun(file: string, pool = new FindingPool()): RunRecord {
  return (largeSarifFile(file) ? readRunInParts(file, pool) : undefined) ?? readWholeRun(file, pool);
}

/** The whole log parsed, then checked and folded: the one path that says what is wrong with a file (exported for the test that both paths agree). */
export function readWholeRun(file: string, pool = new FindingPool()): RunRecord {
  const { value } = readJsonFile(file, 'a SARIF file');
  checkWrittenByAiscan(file, value);
  validator ??= validatorOf(LOG_SHAPE);
  if (!validator(value)) {
    const error = mostSpecificError(validator.errors ?? []);
    throw new UserError(`trend: ${file}: at ${errorPointer(error) || '/'}: ${describeAjvError(error)}; ${EXPECTED}`);
  }
  const runs = (value as { runs: SarifRun[] }).runs;
  const record = new RunRecordBuilder(file, pool);
  for (const run of runs) for (const result of run.results) record.addResult(result);
  return record.finish(runs, runStart(file, runs));
}

/**
 * Each result folded as soon as it is parsed, then the rest of the log checked: a 109 MB log took
 * about 600 MB to hold parsed. Undefined for anything that is not a log this reads without a
 * word (a result or the rest out of shape, another tool's log, one that left results out, a pipe,
 * malformed JSON): readWholeRun then reads it and says what is wrong, exactly as it always has.
 */
export function readRunInParts(file: string, pool: FindingPool): RunRecord | undefined {
  resultValidator ??= validatorOf(RESULT_SHAPE);
  const record = new RunRecordBuilder(file, pool);
  const rest = readSarifResults(file, resultValidator, (result) => record.addResult(result as SarifResult));
  if (rest === undefined) return undefined;
  try {
    checkWrittenByAiscan(file, rest);
    validator ??= validatorOf(LOG_SHAPE);
    if (!validator(rest)) return undefined;
    const runs = (rest as { runs: SarifRun[] }).runs;
    return record.finish(runs, runStart(file, runs));
  } catch {
    return undefined;
  }
}

/** When the scan started, from its first invocation; checked that nothing was left out of the log first. */
function runStart(file: string, runs: readonly SarifRun[]): string {
  checkNothingLeftOut(file, runs);
  const startedAt = runs[0].invocations?.[0]?.startTimeUtc;
  // A leap second (`…T23:59:60Z`) is a date-time to the format but not to Date.
  const start = startedAt === undefined ? undefined : isoTime(startedAt);
  if (start === undefined) {
    const problem = startedAt === undefined ? 'missing' : `${JSON.stringify(startedAt)} is not a time JavaScript can read`;
    throw new UserError(`trend: ${file}: at /runs/0/invocations/0/startTimeUtc: ${problem}; the trend orders runs by when each scan started; ${EXPECTED}`);
  }
  return start;
}

/**
 * A SARIF from another tool fails the shape check somewhere deep (no aiscan fingerprint); this says
 * what is really wrong first.
 */
function checkWrittenByAiscan(file: string, value: unknown): void {
  const runs = (value as { runs?: unknown } | null)?.runs;
  if (!Array.isArray(runs)) return;
  runs.forEach((run, index) => {
    const name = (run as { tool?: { driver?: { name?: unknown } } } | null)?.tool?.driver?.name;
    if (typeof name === 'string' && name !== toolName) {
      throw new UserError(`trend: ${file}: at /runs/${index}/tool/driver/name: written by ${JSON.stringify(name)}, not by ${toolName}; ${EXPECTED}`);
    }
  });
}

/**
 * A SARIF for GitHub (`--sarif-for github`) may leave results out, and past 1,000 the scan's
 * notifications: a result left out would look fixed that night and new the next, and a coverage
 * gap left out would let a finding that was not read count as fixed. Such a file is refused; one
 * that left nothing out (runs per subscription) is read like the full SARIF. The findings it names
 * as not re-checked without carrying them are no loss here, unlike for a baseline (gate/baseline.ts):
 * the trend knows them from the run before.
 */
function checkNothingLeftOut(file: string, runs: readonly SarifRun[]): void {
  const results = runs[0].properties?.resultsLeftOutOfFile ?? 0;
  const notifications = runs
    .flatMap((run) => run.invocations ?? [])
    .flatMap((invocation) => invocation.toolExecutionNotifications ?? [])
    .filter((notification) => notification.descriptor?.id === NOTIFICATIONS_LEFT_OUT)
    .reduce((sum, notification) => sum + (notification.properties?.leftOut ?? 0), 0);
  if (results <= 0 && notifications <= 0) return;
  const what = [results > 0 ? `${results} results` : '', notifications > 0 ? `${notifications} notifications (coverage gaps among them)` : ''].filter(Boolean).join(' and ');
  throw new UserError(`trend: ${file}: this SARIF was written with --sarif-for github and leaves out ${what}; give the full SARIF written beside it (aiscan.full.sarif)`);
}

/**
 * Every run of the file (a SARIF for GitHub that left nothing out holds one per subscription) into
 * one record: the results of all runs first, in file order, then what else each run says. Nothing
 * a result adds depends on the rest of its run, so a log read in parts folds to the same record.
 */
class RunRecordBuilder {
  private readonly findings = new Map<string, TrackedFinding>();
  private readonly fixedByScan = new Set<string>();
  private readonly messages = new Map<string, string>();
  private readonly suppressions = new Map<string, SuppressionGroup>();

  constructor(
    private readonly file: string,
    private readonly pool: FindingPool,
  ) {}

  addResult(result: SarifResult): void {
    const { pool } = this;
    const fingerprint = result.partialFingerprints[FINGERPRINT_KEY];
    if (result.baselineState === 'absent') {
      this.fixedByScan.add(pool.string(fingerprint));
      return;
    }
    if (this.findings.has(fingerprint)) return;
    this.findings.set(pool.string(fingerprint), pool.intern(trackedFinding(result)));
    if (result.message?.text !== undefined) this.messages.set(fingerprint, result.message.text);
    for (const suppression of datedSuppressions(result)) countSuppression(this.suppressions, suppression);
  }

  /** The record, with what the runs say beside their results. */
  finish(runs: readonly SarifRun[], startedAt: string): RunRecord {
    const record: RunRecord = {
      file: this.file,
      startedAt,
      findings: this.findings,
      fixedByScan: this.fixedByScan,
      unverified: new Map(),
      gaps: { everywhere: false, subscriptions: new Set() },
      suppressions: [...this.suppressions.values()],
      messages: this.messages,
    };
    let rules: Set<string> | undefined;
    for (const run of runs) {
      if (run.properties?.baseline !== undefined) record.baseline ??= run.properties.baseline;
      if (run.tool.driver.rules) {
        rules ??= new Set();
        for (const rule of run.tool.driver.rules) rules.add(rule.id);
      }
      for (const notification of (run.invocations ?? []).flatMap((invocation) => invocation.toolExecutionNotifications ?? [])) {
        readNotification(notification, record, this.pool);
      }
    }
    if (rules) record.rules = rules;
    return record;
  }
}

function readNotification(notification: SarifNotification, record: RunRecord, pool: FindingPool): void {
  const id = notification.descriptor?.id;
  const properties = notification.properties ?? {};
  if (id === UNVERIFIED_NOTIFICATION_ID) {
    // Older scans list fingerprints; newer ones carry the results whole. Either says the same.
    for (const fingerprint of properties.fingerprints ?? []) if (!record.unverified.has(fingerprint)) record.unverified.set(pool.string(fingerprint), undefined);
    for (const result of properties.results ?? []) record.unverified.set(pool.string(result.partialFingerprints[FINGERPRINT_KEY]), pool.intern(trackedFinding(result)));
  } else if (id === COVERAGE_GAP) {
    if (properties.subscriptionId) record.gaps.subscriptions.add(foldCase(properties.subscriptionId));
    else record.gaps.everywhere = true;
  } else if (id === SHARDS_INCOMPLETE) {
    record.gaps.everywhere = true;
  }
}

function trackedFinding(result: SarifResult): TrackedFinding {
  const properties = result.properties ?? {};
  const resourceId = properties.resourceId ?? result.locations?.[0]?.logicalLocations?.[0]?.fullyQualifiedName ?? '';
  const subscriptionId = properties.subscriptionId ?? parseResourceId(resourceId).subscriptionId;
  const firstDetectedAt = isoTime(properties.firstDetectedAt);
  const suppressions = result.suppressions ?? [];
  return {
    ruleId: result.ruleId,
    severity: severityOf(properties.severity, result.level),
    resourceId,
    ...(subscriptionId ? { subscriptionId: foldCase(subscriptionId) } : {}),
    ...(firstDetectedAt ? { firstDetectedAt } : {}),
    // As the gate reads a baseline (gate/baseline.ts): suppressed only while every suppression is in force.
    suppressed: suppressions.length > 0 && suppressions.every((s) => (s.status ?? 'accepted') === 'accepted'),
  };
}

/** A date the trend computes with, as ISO 8601; text that is no date is left out, as the gate does when it carries the date on. */
function isoTime(value: string | undefined): string | undefined {
  const time = value === undefined ? Number.NaN : Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

function severityOf(value: string | undefined, level: string | undefined): Severity {
  if (value !== undefined && (SEVERITIES as readonly string[]).includes(value)) return value as Severity;
  return level === 'error' ? 'high' : level === 'warning' ? 'medium' : 'low';
}

type DatedSuppression = Omit<SuppressionGroup, 'findings'>;

/** The suppressions of a result that have an end date: permanent ones never expire, so no trend report lists them. */
function datedSuppressions(result: SarifResult): DatedSuppression[] {
  return (result.suppressions ?? []).flatMap((suppression) => {
    const properties = suppression.properties ?? {};
    if (properties.expires === undefined) return [];
    const status = suppression.status === 'rejected' ? 'rejected' : 'accepted';
    // An expired suppression's justification says so in front (report/sarif-gate.ts); the report says it in its own column.
    const prefix = `Expired on ${properties.expires}: `;
    const justification = suppression.justification ?? '';
    return [
      {
        status,
        justification: status === 'rejected' && justification.startsWith(prefix) ? justification.slice(prefix.length) : justification,
        expires: properties.expires,
        ...(properties.source !== undefined ? { source: properties.source } : {}),
        ...(properties.owner !== undefined ? { owner: properties.owner } : {}),
        ...(properties.ticket !== undefined ? { ticket: properties.ticket } : {}),
      },
    ];
  });
}

function countSuppression(groups: Map<string, SuppressionGroup>, suppression: DatedSuppression): void {
  const key = JSON.stringify([suppression.status, suppression.source ?? '', suppression.expires, suppression.justification, suppression.owner ?? '', suppression.ticket ?? '']);
  const group = groups.get(key);
  if (group) group.findings++;
  else groups.set(key, { ...suppression, findings: 1 });
}

/**
 * Reads every file, each once, in the order given. Only the latest run (by start time) keeps its
 * messages: it is the only run whose findings are listed with them, and a message per finding per
 * night is what would not fit.
 */
export function readRuns(files: readonly string[]): RunRecord[] {
  const pool = new FindingPool();
  const records: RunRecord[] = [];
  let latest: RunRecord | undefined;
  for (const file of files) {
    const record = readRun(file, pool);
    records.push(record);
    if (latest === undefined || Date.parse(record.startedAt) > Date.parse(latest.startedAt)) {
      if (latest) delete latest.messages;
      latest = record;
    } else {
      delete record.messages;
    }
  }
  return records;
}
