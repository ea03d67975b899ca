import { relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Log, Notification, ReportingDescriptor, Result, Run } from 'sarif';
import type { CompiledRule, Severity } from '../engine/rule.js';
import { repositoryFileUrl, toolDescription, toolHomepage, toolName, toolVersion } from '../package-info.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { ruleHelpMarkdown, ruleHelpText } from './rule-help.js';
import { absentResult, gateNotifications, sarifSuppressions } from './sarif-gate.js';

/** The base every artifact URI is relative to: the folder the scan ran in (in CI, the checkout). */
export const SOURCE_ROOT = 'SRCROOT';
export const FINGERPRINT_KEY = 'aiscanFinding/v1';

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
  return JSON.stringify(sarifLog(result, options), null, 2) + '\n';
}

export function sarifLog(result: ScanResult, options: SarifOptions = {}): Log {
  const sourceRoot = resolve(options.sourceRoot ?? process.cwd());
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]));
  const files = [...new Set(result.findings.map((finding) => finding.location.file))];
  const artifactIndex = new Map(files.map((file, index) => [file, index]));
  const uriOf = (file: string) => relative(sourceRoot, resolve(file)).split(sep).join('/');

  const run: Run = {
    tool: {
      driver: {
        name: toolName,
        fullName: `${toolName} ${toolVersion}: ${toolDescription}`,
        version: toolVersion,
        semanticVersion: toolVersion,
        informationUri: toolHomepage,
        rules: result.rules.map(ruleDescriptor),
      },
    },
    automationDetails: { id: `${options.category ?? 'aiscan'}/${result.startedAt}` },
    originalUriBaseIds: { [SOURCE_ROOT]: { uri: pathToFileURL(sourceRoot + sep).href } },
    artifacts: files.map((file) => ({
      location: { uri: uriOf(file), uriBaseId: SOURCE_ROOT },
      roles: ['analysisTarget'],
      mimeType: 'application/json',
    })),
    invocations: [
      {
        executionSuccessful: result.gaps.length === 0,
        startTimeUtc: result.startedAt,
        endTimeUtc: result.finishedAt,
        toolExecutionNotifications: notifications(result),
      },
    ],
    results: [
      ...result.findings.map((finding) =>
        sarifResult(finding, ruleIndex.get(finding.ruleId)!, uriOf(finding.location.file), artifactIndex.get(finding.location.file)!),
      ),
      ...result.absent.map((finding) => absentResult(finding, ruleIndex.get(finding.ruleId), SOURCE_ROOT)),
    ],
    columnKind: 'utf16CodeUnits',
    ...(result.baseline ? { properties: { baseline: result.baseline.file, newOnly: result.newOnly } } : {}),
  };
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [run],
  };
}

function ruleDescriptor(rule: CompiledRule): ReportingDescriptor {
  return {
    id: rule.id,
    name: rule.name,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: { text: ruleHelpText(rule), markdown: ruleHelpMarkdown(rule) },
    helpUri: ruleHelpUri(rule),
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

export function ruleHelpUri(rule: CompiledRule): string {
  return repositoryFileUrl(`docs/rules/${rule.id}.md`);
}

function sarifResult(finding: GatedFinding, ruleIndex: number, uri: string, artifactIndex: number): Result {
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
          artifactLocation: { uri, uriBaseId: SOURCE_ROOT, index: artifactIndex },
          region: {
            startLine: region.startLine,
            startColumn: region.startColumn,
            endLine: region.endLine,
            endColumn: region.endColumn,
          },
        },
        logicalLocations: [{ fullyQualifiedName: finding.resourceId, name: finding.resourceName, kind: 'resource' }],
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
    },
  };
}

function notifications(result: ScanResult): Notification[] {
  const gaps: Notification[] = result.gaps.map((gap) => ({
    level: 'error',
    message: {
      text: `Not read: ${gap.resourceType} in subscription ${gap.subscriptionId} (${gap.status}${gap.message ? `: ${gap.message}` : ''}). Rules that need it were not evaluated there.`,
    },
    descriptor: { id: 'AIS-COVERAGE-GAP' },
    properties: { subscriptionId: gap.subscriptionId, resourceType: gap.resourceType, status: gap.status },
  }));
  const warnings: Notification[] = result.warnings.map((warning) => ({
    level: 'warning',
    message: { text: warning.endsWith('.') ? warning : `${warning}.` },
    descriptor: { id: 'AIS-INPUT-WARNING' },
  }));
  return [...gaps, ...warnings, ...gateNotifications(result)];
}
