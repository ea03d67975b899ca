import { extname, resolve, sep } from 'node:path';
import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { ConfigChange } from '../config/config-changes.js';
import type { CompiledRule, Severity } from '../engine/rule.js';
import { withoutEmbeddedLinks } from '../engine/message.js';
import { FINGERPRINT_KEY, type BaselineFinding } from '../gate/baseline.js';
import { repositoryFileUrl, toolDescription, toolHomepage, toolName, toolVersion } from '../package-info.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { artifactUri, fileUri, rewrittenBaselineUri, type ArtifactUri } from './artifact-uri.js';
import { jsonChunks, streamedArray } from './json-stream.js';
import { rulesNotEvaluatedBy } from './not-evaluated.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
import { shardNotifications } from './shards.js';
import { absentResult, gateNotifications, sarifSuppressions } from './sarif-gate.js';

/** The base every artifact URI is relative to: the folder the scan ran in (in CI, the checkout). */
export const SOURCE_ROOT = 'SRCROOT';

const LEVEL: Record<Severity, Result.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** GitHub code scanning ranks security alerts by this 0–10 score. */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
};

export interface SarifOptions {
  /** Folder artifact URIs are made relative to; defaults to the working directory. */
  sourceRoot?: string;
  /** The code-scanning category (the part of automationDetails.id before the run). */
  category?: string;
}

export function renderSarif(result: ScanResult, options: SarifOptions = {}): string {
  return [...sarifChunks(result, options)].join('');
}

/**
 * The SARIF log as text, a chunk at a time: the same text as `renderSarif`, for writing to a file
 * without ever holding it whole. The results (nearly all of a large log) are made and written a
 * few hundred at a time.
 */
export function* sarifChunks(result: ScanResult, options: SarifOptions = {}): Generator<string> {
  const context = sarifContext(result, options);
  yield* jsonChunks(sarifDocument(result, options, context, streamedArray(sarifResults(result, context))));
  yield '\n';
}

export function sarifLog(result: ScanResult, options: SarifOptions = {}): Log {
  const context = sarifContext(result, options);
  return sarifDocument(result, options, context, [...sarifResults(result, context)]);
}

/** What the results and notifications of one run refer to: its rules, its artifacts and where they are. */
export interface SarifContext {
  sourceRoot: string;
  /** Where each of the run's rules is in `tool.driver.rules`. */
  ruleIndex: Map<string, number>;
  /** The files findings are in, in order of first finding: the run's artifacts. */
  files: string[];
  artifactIndex: Map<string, number>;
  locationOf: (file: string) => ArtifactUri;
}

/**
 * The context of a run over these files and rules: by default every file a finding or an undecided
 * rule is in, and every rule of the scan (the one run of the full log).
 */
export function sarifContext(
  result: ScanResult,
  options: SarifOptions,
  files: readonly string[] = [...new Set([...result.findings, ...result.undecided].map((entry) => entry.location.file))],
  rules: readonly CompiledRule[] = result.rules,
): SarifContext {
  const sourceRoot = resolve(options.sourceRoot ?? process.cwd());
  // Once per file, not per result: a large scan has 100,000s of results in a few files.
  const locations = new Map(files.map((file) => [file, artifactUri(file, sourceRoot, SOURCE_ROOT)]));
  return {
    sourceRoot,
    ruleIndex: new Map(rules.map((rule, index) => [rule.id, index])),
    files: [...files],
    artifactIndex: new Map(files.map((file, index) => [file, index])),
    locationOf: (file) => locations.get(file)!,
  };
}

function* sarifResults(result: ScanResult, context: SarifContext): Generator<Result> {
  for (const finding of result.findings) yield findingResult(finding, context);
  for (const finding of result.absent) yield fixedResult(finding, context);
}

/** A finding as a SARIF result of the run this context describes. */
export function findingResult(finding: GatedFinding, { ruleIndex, locationOf, artifactIndex }: SarifContext): Result {
  return sarifResult(finding, ruleIndex.get(finding.ruleId)!, locationOf(finding.location.file), artifactIndex.get(finding.location.file)!);
}

/** A finding of the baseline that is gone, as a SARIF result of the run this context describes. */
export function fixedResult(finding: BaselineFinding, { ruleIndex, sourceRoot }: SarifContext): Result {
  return absentResult(finding, ruleIndex.get(finding.ruleId), rewrittenBaselineUri(finding.uri, sourceRoot, SOURCE_ROOT));
}

/** The log with its results as given: an array (sarifLog), or a stream of them (sarifChunks). */
function sarifDocument<Results>(result: ScanResult, options: SarifOptions, context: SarifContext, results: Results): SarifDocument<Results> {
  return sarifDocumentOf([
    sarifRun(result, context, {
      automationId: `${options.category ?? 'aiscan'}/${result.startedAt}`,
      rules: result.rules.map(ruleDescriptor),
      notifications: scanNotifications(result, context),
      results,
      ...(result.baseline ? { properties: { baseline: result.baseline.file, newOnly: result.newOnly } } : {}),
    }),
  ]);
}

/** A SARIF log whose runs' results may be streamed (see json-stream.ts). */
export type SarifDocument<Results> = Omit<Log, 'runs'> & { runs: SarifRun<Results>[] };
export type SarifRun<Results> = Omit<Run, 'results'> & { results: Results };

export function sarifDocumentOf<Results>(runs: SarifRun<Results>[]): SarifDocument<Results> {
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs };
}

/** What makes one run differ from another of the same scan. */
export interface RunParts<Results> {
  /** `category/run-id`: code scanning keys the analysis on the category, the part before the last slash. */
  automationId: string;
  rules: ReportingDescriptor[];
  notifications: Notification[];
  results: Results;
  properties?: Record<string, unknown>;
}

/** One run of the scan: the tool, the files of `context` as its artifacts, the invocation, the results. */
export function sarifRun<Results>(result: ScanResult, { sourceRoot, files, locationOf }: SarifContext, parts: RunParts<Results>): SarifRun<Results> {
  return {
    tool: {
      driver: {
        name: toolName,
        fullName: `${toolName} ${toolVersion}: ${toolDescription}`,
        version: toolVersion,
        semanticVersion: toolVersion,
        informationUri: toolHomepage,
        rules: parts.rules,
      },
    },
    automationDetails: { id: parts.automationId },
    originalUriBaseIds: { [SOURCE_ROOT]: { uri: fileUri(sourceRoot + sep) } },
    artifacts: files.map((file) => ({
      location: locationOf(file),
      roles: ['analysisTarget'],
      ...(extname(file).toLowerCase() === '.json' ? { mimeType: 'application/json' } : {}),
    })),
    invocations: [
      {
        executionSuccessful: result.gaps.length === 0 && result.shards?.complete !== false,
        startTimeUtc: result.startedAt,
        endTimeUtc: result.finishedAt,
        toolExecutionNotifications: parts.notifications,
        ...(result.configChanges.length > 0 ? { toolConfigurationNotifications: result.configChanges.map(configNotification) } : {}),
      },
    ],
    results: parts.results,
    columnKind: 'utf16CodeUnits',
    ...(parts.properties ? { properties: parts.properties } : {}),
  };
}

/**
 * What the scan says about itself rather than about a resource: coverage gaps, input warnings,
 * skipped files, the gate's notices, and the rules left undecided (located in this context's files).
 */
export function scanNotifications(result: ScanResult, context: SarifContext): Notification[] {
  const { locationOf, artifactIndex } = context;
  return [...notifications(result, context), ...result.undecided.map((entry) => undecidedNotification(entry, locationOf(entry.location.file), artifactIndex.get(entry.location.file)!))];
}

export function ruleDescriptor(rule: CompiledRule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    ...helpUriOf(rule),
    defaultConfiguration: { level: LEVEL[rule.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[rule.severity],
      severity: rule.severity,
      area: rule.area,
      precision: 'high',
      'problem.severity': rule.severity === 'critical' || rule.severity === 'high' ? 'error' : rule.severity === 'medium' ? 'warning' : 'recommendation',
      tags: [...new Set(['security', rule.area, ...(rule.tags ?? [])])],
      ...(rule.parameters ? { parameters: rule.parameterValues } : {}),
    },
  };
}

/**
 * Where a rule is documented: the `helpUri` its file gives, else, for a built-in rule, its page in
 * aiscan's repository. A user's rule without one has none: aiscan has no page for it.
 */
export function ruleHelpUri(rule: CompiledRule): string | undefined {
  return rule.helpUri ?? (rule.builtin ? repositoryFileUrl(`docs/rules/${rule.id}.md`) : undefined);
}

function helpUriOf(rule: CompiledRule): { helpUri?: string } {
  const uri = ruleHelpUri(rule);
  return uri === undefined ? {} : { helpUri: uri };
}

function sarifResult(finding: GatedFinding, ruleIndex: number, location: ArtifactUri, artifactIndex: number): Result {
  const { region } = finding;
  const suppressions = sarifSuppressions(finding);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { ...location, index: artifactIndex },
          region: {
            startLine: region.startLine,
            startColumn: region.startColumn,
            endLine: region.endLine,
            endColumn: region.endColumn,
          },
        },
        logicalLocations: [{ fullyQualifiedName: finding.resourceId, name: finding.declaredAs ?? finding.resourceName, kind: 'resource' }],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
    ...(finding.baselineState ? { baselineState: finding.baselineState } : {}),
    ...(suppressions ? { suppressions } : {}),
    properties: {
      resourceId: finding.resourceId,
      resourceType: finding.resourceType,
      ...(finding.subscriptionId ? { subscriptionId: finding.subscriptionId } : {}),
      ...(finding.resourceGroup ? { resourceGroup: finding.resourceGroup } : {}),
      failingPaths: finding.failingPaths,
      severity: finding.severity,
      gating: finding.gating,
      firstDetectedAt: finding.firstDetectedAt,
    },
  };
}

/**
 * A rule not evaluated on a template's resource: which expression's value only the deployment
 * knows, pointing at it in the template (a notification, not a result: there is no finding).
 */
function undecidedNotification(entry: ScanResult['undecided'][number], location: ArtifactUri, artifactIndex: number): Notification {
  const { region } = entry;
  return {
    level: 'note',
    message: {
      text: withoutEmbeddedLinks(`Not evaluated: ${entry.ruleId} on ${entry.resourceId}: it decides on ${entry.expression}, whose value the scan cannot know (${entry.reason}).`),
    },
    descriptor: { id: 'AIS-UNKNOWN-VALUE' },
    associatedRule: { id: entry.ruleId },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { ...location, index: artifactIndex },
          region: { startLine: region.startLine, startColumn: region.startColumn, endLine: region.endLine, endColumn: region.endColumn },
        },
        logicalLocations: [{ fullyQualifiedName: entry.resourceId, name: entry.resourceName, kind: 'resource' }],
      },
    ],
    properties: { ruleId: entry.ruleId, resourceId: entry.resourceId, resourceType: entry.resourceType, expression: entry.expression, reason: entry.reason },
  };
}

/** SARIF's place for what the tool's configuration did: one notification per change to the built-in checks. */
function configNotification({ text, ...change }: ConfigChange): Notification {
  return { level: 'warning', message: { text: withoutEmbeddedLinks(text) }, descriptor: { id: 'AIS-CONFIG-CHANGE' }, properties: { ...change } };
}

function notifications(result: ScanResult, { sourceRoot }: SarifContext): Notification[] {
  const blocked = rulesNotEvaluatedBy(result);
  const gaps: Notification[] = result.gaps.map((gap) => {
    const rules = blocked(gap);
    const which = rules.length > 0 ? `Not evaluated there: ${rules.join(', ')}.` : 'Rules that need it were not evaluated there.';
    return {
      level: 'error',
      message: {
        text: withoutEmbeddedLinks(`Not read: ${gap.resourceType} in subscription ${gap.subscriptionId} (${gap.status}${gap.message ? `: ${gap.message}` : ''}). ${which}`),
      },
      descriptor: { id: 'AIS-COVERAGE-GAP' },
      properties: { subscriptionId: gap.subscriptionId, resourceType: gap.resourceType, status: gap.status, rulesNotEvaluated: rules },
    };
  });
  const warnings: Notification[] = result.warnings.map((warning) => ({
    level: 'warning',
    message: { text: withoutEmbeddedLinks(warning.endsWith('.') ? warning : `${warning}.`) },
    descriptor: { id: 'AIS-INPUT-WARNING' },
  }));
  // A file aiscan did not read may be one the user meant it to (a parameter file that pairs with nothing).
  const skipped: Notification[] = (result.inputs?.skipped ?? []).map((entry) => ({
    level: 'note',
    message: { text: withoutEmbeddedLinks(`Not read: ${entry.file}: ${entry.reason}.`) },
    descriptor: { id: 'AIS-INPUT-SKIPPED' },
    properties: { file: entry.file, reason: entry.reason },
  }));
  return [...shardNotifications(result.shards), ...gaps, ...warnings, ...skipped, ...gateNotifications(result, (finding) => rewrittenBaselineUri(finding.uri, sourceRoot, SOURCE_ROOT))];
}
