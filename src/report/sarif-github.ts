/**
 * `--sarif-for github`: the SARIF log laid out so that GitHub code scanning accepts it at any
 * scale (sarif-github-plan.ts decides the runs), saying in every run what was left out and where
 * the complete results are. The full log (sarif.ts) is unchanged, and written beside it.
 */
import { gzipSync } from 'node:zlib';
import type { Notification, ReportingDescriptor, Result } from 'sarif';
import { SEVERITIES, type CompiledRule, type Severity } from '../engine/rule.js';
import { withoutEmbeddedLinks } from '../engine/message.js';
import { UserError } from '../errors.js';
import { UNVERIFIED_NOTIFICATION_ID, type BaselineFinding } from '../gate/baseline.js';
import { parseResourceId } from '../ids.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { count } from '../text/count.js';
import { jsonChunks, mapEach, streamedArray } from './json-stream.js';
import { findingResult, fixedResult, ruleDescriptor, sarifContext, sarifDocumentOf, sarifRun, scanNotifications, type SarifContext, type SarifOptions } from './sarif.js';
import {
  GITHUB_SARIF_LIMITS,
  isWritten,
  keepMostImportant,
  NO_SUBSCRIPTION,
  planRuns,
  type GithubSarifLimits,
  type PlanItem,
  type PlannedRun,
  type Standing,
} from './sarif-github-plan.js';

export interface GithubSarifOptions extends SarifOptions {
  /** GitHub's limits unless told otherwise (tests make them small). */
  limits?: Partial<GithubSarifLimits>;
  /** The files beside this one that hold every result (aiscan.full.sarif, aiscan.json): named wherever results are left out. */
  completeIn?: readonly string[];
}

/** What the file for GitHub holds and what it leaves out, for the SARIF itself, the summary and the Markdown report. */
export interface GithubSarifSummary {
  /** Results of the scan: findings, and with a baseline the fixed ones. */
  total: number;
  written: number;
  leftOut: number;
  leftOutBySeverity: Record<Severity, number>;
  /** Most left out first. */
  leftOutByRule: { ruleId: string; count: number }[];
  /** Runs written. */
  runs: number;
  /**
   * The file's size gzipped, as measured here (zlib's default level, 4 MiB at a time): a little
   * over what gzip makes of it whole.
   */
  gzipBytes: number;
  /** Every category the results were laid out in, in the file's order; `written` is false for one whose every result was left out. */
  categories: GithubCategory[];
  completeIn: string[];
  limits: GithubSarifLimits;
}

export interface GithubCategory {
  category: string;
  subscriptions: string[];
  /** Whether it holds the results in no subscription (management-group and tenant scope). */
  withoutSubscription: boolean;
  area?: string;
  results: number;
  leftOut: number;
  written: boolean;
}

export interface GithubSarif {
  summary: GithubSarifSummary;
  /** The file's text, a chunk at a time. */
  chunks: () => Generator<string>;
}

/** Each scan-wide notice (gaps, warnings, undecided rules…) is in the first run; past this many the rest are counted, not listed. */
const MAX_SCAN_NOTIFICATIONS = 1000;

/**
 * The size aiscan keeps its own measure under, as a share of GitHub's limit: room for a gzip that
 * compresses a little worse than zlib (GNU gzip made about 3 % more of aiscan's SARIF).
 */
const SIZE_MARGIN = 0.9;

type Entry = { finding: GatedFinding; fixed?: undefined } | { fixed: BaselineFinding; finding?: undefined };

/**
 * Lays the results out for GitHub and measures the file, leaving out the least important results
 * of the whole file until it is small enough. Nothing is written here: `chunks` makes the text.
 */
export function githubSarif(result: ScanResult, options: GithubSarifOptions = {}): GithubSarif {
  const limits = { ...GITHUB_SARIF_LIMITS, ...options.limits };
  const entries: Entry[] = [...result.findings.map((finding) => ({ finding })), ...result.absent.map((fixed) => ({ fixed }))];
  const areas = new Map(result.rules.map((rule) => [rule.id, rule.area]));
  const items = entries.map((entry) => planItem(entry, areas));
  const layout = { result, options, limits, entries, items, completeIn: [...(options.completeIn ?? [])] };

  let runs = planRuns(items, result.scopes.map((scope) => scope.subscriptionId), limits);
  let gzipBytes = gzippedSize(documentChunks(layout, runs));
  const budget = limits.gzipBytes * SIZE_MARGIN;
  while (gzipBytes > budget) {
    const kept = runs.reduce((sum, run) => sum + run.kept.length, 0);
    if (kept === 0) {
      throw new UserError(
        `--sarif-for github: even without results the SARIF is ${megabytes(gzipBytes)} gzipped, over GitHub's limit of ${megabytes(limits.gzipBytes)} (${count(result.rules.length, 'rule')}); write the full SARIF (--sarif-for full) and split the rules over several scans`,
      );
    }
    // Results are of much the same size: scale down to fit, and always by at least 2 %.
    runs = keepMostImportant(runs, items, Math.min(kept - Math.ceil(kept / 50), Math.floor((kept * budget) / gzipBytes)));
    gzipBytes = gzippedSize(documentChunks(layout, runs));
  }
  const summary = summarise(layout, runs, gzipBytes);
  return { summary, chunks: () => documentChunks(layout, runs, summary) };
}

interface Layout {
  result: ScanResult;
  options: SarifOptions;
  limits: GithubSarifLimits;
  entries: Entry[];
  items: PlanItem[];
  completeIn: string[];
}

function planItem(entry: Entry, areas: ReadonlyMap<string, string>): PlanItem {
  const { finding, fixed } = entry;
  const ruleId = finding?.ruleId ?? fixed!.ruleId;
  const subscription = finding?.subscriptionId ?? parseResourceId(finding?.resourceId ?? fixed!.resourceId).subscriptionId;
  return {
    key: (subscription ?? NO_SUBSCRIPTION).toLowerCase(),
    area: areas.get(ruleId) ?? 'other',
    ruleId,
    severity: finding?.severity ?? fixed!.severity,
    standing: finding ? standingOf(finding) : 'fixed',
    fingerprint: finding?.fingerprint ?? fixed!.fingerprint,
  };
}

function standingOf(finding: GatedFinding): Standing {
  if (finding.gating) return 'gating';
  if (finding.suppression) return 'suppressed';
  return finding.baselineState === 'new' ? 'new' : 'open';
}

/**
 * The text of the file. Without a summary (while it is being measured) the notifications of what
 * is left out are written with this layout's counts, which is the text the summary describes.
 */
function* documentChunks(layout: Layout, runs: readonly PlannedRun[], summary = summarise(layout, runs, 0)): Generator<string> {
  const written = writtenRuns(runs);
  yield* jsonChunks(sarifDocumentOf(written.map((run, position) => githubRun(layout, run, position === 0, summary))));
  yield '\n';
}

/** The runs written; at least one, since code scanning takes no file without a run (and the scan-wide notices go in the first). */
function writtenRuns(runs: readonly PlannedRun[]): PlannedRun[] {
  const written = runs.filter(isWritten);
  return written.length > 0 || runs.length === 0 ? written : [{ ...runs[0], kept: [] }];
}

function githubRun(layout: Layout, run: PlannedRun, first: boolean, summary: GithubSarifSummary) {
  const { result, options, limits, entries } = layout;
  const kept = run.kept.map((index) => entries[index]);
  const files = new Set(kept.flatMap(({ finding }) => (finding ? [finding.location.file] : [])));
  // The scan-wide notices are written once, in the first run, and some of them point into files.
  if (first) for (const entry of result.undecided) files.add(entry.location.file);
  const rules = result.rules.length <= limits.rulesPerRun ? result.rules : referencedRules(result.rules, kept);
  const context = sarifContext(result, options, [...files], rules);
  const category = categoryOf(options, run);
  return sarifRun(result, context, {
    automationId: `${category}/${result.startedAt}`,
    rules: rules.map((rule) => withTags(ruleDescriptor(rule), limits.tagsPerRule)),
    notifications: [...(first ? capped(scanNotifications(result, context).map(withoutCarriedResults)) : []), ...leftOutNotifications(run, category, summary, layout.items)],
    results: streamedArray(mapEach(kept, (entry) => resultOf(entry, context))),
    properties: {
      ...(result.baseline ? { baseline: result.baseline.file, newOnly: result.newOnly } : {}),
      sarifFor: 'github',
      subscriptions: run.keys.filter((key) => key !== NO_SUBSCRIPTION),
      ...(run.keys.includes(NO_SUBSCRIPTION) ? { withoutSubscription: true } : {}),
      ...(run.area !== undefined ? { area: run.area } : {}),
      resultsLeftOut: run.leftOut.length,
      // readBaseline refuses a log that left results out: as a baseline they would come back as new.
      resultsLeftOutOfFile: summary.leftOut,
    },
  });
}

function resultOf({ finding, fixed }: Entry, context: SarifContext): Result {
  return finding ? findingResult(finding, context) : fixedResult(fixed!, context);
}

function categoryOf(options: SarifOptions, run: PlannedRun): string {
  return `${options.category ?? 'aiscan'}/${run.name}`;
}

/** Only past GitHub's rules-per-run limit: the rules this run's results name, in the scan's order. */
function referencedRules(rules: readonly CompiledRule[], kept: readonly Entry[]): CompiledRule[] {
  const named = new Set(kept.map(({ finding, fixed }) => finding?.ruleId ?? fixed!.ruleId));
  return rules.filter((rule) => named.has(rule.id));
}

/** The rule's first tags (security and its area lead), as many as code scanning shows. */
function withTags(descriptor: ReportingDescriptor, most: number): ReportingDescriptor {
  const tags = descriptor.properties?.tags;
  if (!tags || tags.length <= most) return descriptor;
  return { ...descriptor, properties: { ...descriptor.properties, tags: tags.slice(0, most) } };
}

/**
 * The results a scan carries for its next baseline stay in the full SARIF: this file is never a
 * baseline (readBaseline refuses it), and they would count toward the upload's size.
 */
function withoutCarriedResults(notification: Notification): Notification {
  if (notification.descriptor?.id !== UNVERIFIED_NOTIFICATION_ID || !notification.properties) return notification;
  const { results: _carried, ...properties } = notification.properties;
  return { ...notification, properties };
}

function capped(notifications: Notification[]): Notification[] {
  if (notifications.length <= MAX_SCAN_NOTIFICATIONS) return notifications;
  const more = notifications.length - (MAX_SCAN_NOTIFICATIONS - 1);
  return [
    ...notifications.slice(0, MAX_SCAN_NOTIFICATIONS - 1),
    {
      level: 'note',
      message: { text: `${more} more notifications (coverage gaps, warnings, rules not evaluated) are in the full SARIF and the JSON report.` },
      descriptor: { id: 'AIS-NOTIFICATIONS-LEFT-OUT' },
      properties: { leftOut: more },
    },
  ];
}

/**
 * What was left out of the file, in every run (each category is read on its own): the counts for
 * the whole file, this run's part of them, and where everything is. None when nothing was.
 */
function leftOutNotifications(run: PlannedRun, category: string, summary: GithubSarifSummary, items: readonly PlanItem[]): Notification[] {
  if (summary.leftOut === 0) return [];
  const here = run.leftOut.map((index) => items[index]);
  const where = summary.completeIn.length > 0 ? `Every result is in ${summary.completeIn.join(' and ')}.` : 'Every result is in the full SARIF (--sarif-for full).';
  const ofThisRun = here.length > 0 ? ` ${here.length} of them belong in this run's category, ${category}.` : '';
  return [
    {
      level: 'warning',
      message: {
        text: withoutEmbeddedLinks(
          `Left out to fit GitHub code scanning's limits: ${summary.leftOut} of ${summary.total} results (${severityList(summary.leftOutBySeverity)}), the least important first.${ofThisRun} ${where}`,
        ),
      },
      descriptor: { id: 'AIS-SARIF-LEFT-OUT' },
      properties: {
        total: summary.total,
        written: summary.written,
        leftOut: summary.leftOut,
        leftOutBySeverity: summary.leftOutBySeverity,
        leftOutByCategory: Object.fromEntries(summary.categories.filter((entry) => entry.leftOut > 0).map((entry) => [entry.category, entry.leftOut])),
        categoriesNotWritten: summary.categories.filter((entry) => !entry.written).map((entry) => entry.category),
        thisRun: { category, leftOut: here.length, bySeverity: bySeverity(here), byRule: Object.fromEntries(byRule(here).map(({ ruleId, count }) => [ruleId, count])) },
        completeIn: summary.completeIn,
        limits: summary.limits,
      },
    },
  ];
}

function summarise(layout: Layout, runs: readonly PlannedRun[], gzipBytes: number): GithubSarifSummary {
  const leftOut = runs.flatMap((run) => run.leftOut.map((index) => layout.items[index]));
  const written = writtenRuns(runs);
  return {
    total: layout.items.length,
    written: written.reduce((sum, run) => sum + run.kept.length, 0),
    leftOut: leftOut.length,
    leftOutBySeverity: bySeverity(leftOut),
    leftOutByRule: byRule(leftOut),
    runs: written.length,
    gzipBytes,
    categories: runs.map((run) => ({
      category: categoryOf(layout.options, run),
      subscriptions: run.keys.filter((key) => key !== NO_SUBSCRIPTION),
      withoutSubscription: run.keys.includes(NO_SUBSCRIPTION),
      ...(run.area !== undefined ? { area: run.area } : {}),
      results: run.kept.length + run.leftOut.length,
      leftOut: run.leftOut.length,
      written: written.some((candidate) => candidate.name === run.name),
    })),
    completeIn: layout.completeIn,
    limits: layout.limits,
  };
}

function bySeverity(items: readonly PlanItem[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  for (const item of items) counts[item.severity]++;
  return counts;
}

function byRule(items: readonly PlanItem[]): { ruleId: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.ruleId, (counts.get(item.ruleId) ?? 0) + 1);
  return [...counts].map(([ruleId, n]) => ({ ruleId, count: n })).sort((a, b) => b.count - a.count || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
}

/** "high 3, low 20": the severities with any. */
export function severityList(counts: Record<Severity, number>): string {
  return SEVERITIES.filter((severity) => counts[severity] > 0)
    .map((severity) => `${severity} ${counts[severity]}`)
    .join(', ');
}

/**
 * Bytes of the text gzipped 4 MiB at a time, each piece on its own (a little more than gzip makes of
 * the whole). The pieces go through one buffer: a file of 100 MB is never held, as text or bytes.
 */
function gzippedSize(chunks: Iterable<string>): number {
  const piece = Buffer.allocUnsafe(4 << 20);
  let used = 0;
  let size = 0;
  const flush = () => {
    if (used > 0) size += gzipSync(piece.subarray(0, used)).length;
    used = 0;
  };
  for (const chunk of chunks) {
    const bytes = Buffer.byteLength(chunk, 'utf8');
    if (used + bytes > piece.length) flush();
    if (bytes > piece.length) size += gzipSync(Buffer.from(chunk, 'utf8')).length;
    else used += piece.write(chunk, used, 'utf8');
  }
  flush();
  return size;
}

function megabytes(bytes: number): string {
  return bytes >= 100_000 ? `${(bytes / 1_000_000).toFixed(1)} MB` : `${Math.ceil(bytes / 1000)} kB`;
}
