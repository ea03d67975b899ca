import { SEVERITIES, severityRank, type Severity } from '../engine/rule.js';
import { UserError } from '../errors.js';
import type { RunRecord, SuppressionGroup, TrackedFinding } from './read-run.js';
import { compareText } from '../text/order.js';

const DAY_MS = 86_400_000;

export interface TrendOptions {
  /** How many of the oldest open findings to list. */
  top: number;
  /** Suppressions ending within this many days of the latest run are listed. */
  expiringWithinDays: number;
}

/** One run's point of the series. */
export interface RunPoint {
  file: string;
  startedAt: string;
  /** Open findings no suppression in force accepts, by severity. */
  open: Record<Severity, number>;
  suppressed: number;
  /** Findings of an earlier run this one did not re-check: neither open nor fixed, as far as anyone knows. */
  unverified: number;
  /** Open now, in neither state the run before; undefined for the first run of the window (nothing before it to compare). */
  new?: number;
  /** Open or not re-checked the run before, re-checked and gone now; undefined for the first run. */
  fixed?: number;
  /** The `--baseline` the scan was given; without one, only coverage gaps tell what it did not re-check. */
  baseline?: string;
  /** Whether the run had a coverage gap. */
  incomplete: boolean;
}

/** When a finding was first seen, and whether that is the date or only a lower bound of its age. */
export interface FirstSeen {
  at: string;
  /** false: the finding was already there in the first run of the window (or after a run that could not see it), so it may be older. */
  exact: boolean;
}

export interface FixedFinding {
  fingerprint: string;
  /** Its last record; undefined when only a fingerprint was ever read (an older scan's list of findings it could not re-check). */
  finding?: TrackedFinding;
  firstSeen: FirstSeen;
  /** The start of the first run in which it was re-checked and gone. */
  fixedAt: string;
  fixedIn: string;
  days: number;
}

export interface TimeToFix {
  count: number;
  meanDays?: number;
  medianDays?: number;
  /** How many of them have a first-seen date that is only a lower bound: then so are the mean and the median. */
  lowerBounds: number;
}

export interface OpenFinding {
  fingerprint: string;
  finding: TrackedFinding;
  message?: string;
  firstSeen: FirstSeen;
  ageDays: number;
  /** Not re-checked by the latest run: still open as far as anyone knows. */
  unverified: boolean;
}

export interface ExpiringSuppression extends SuppressionGroup {
  /** The first instant it no longer holds: the start of the day after `expires`, UTC. */
  endsAt: string;
  /** Whole days from the latest run's start to its end (as the scan counts them); 0 or less once it has ended. */
  daysLeft: number;
  expired: boolean;
}

export interface Trend {
  runs: RunPoint[];
  fixed: FixedFinding[];
  timeToFix: TimeToFix;
  /** The oldest open findings of the latest run, oldest first, at most `top`. */
  oldestOpen: OpenFinding[];
  /** How many the list was chosen from: open and unsuppressed, or not re-checked, in the latest run. */
  openCount: number;
  expiring: ExpiringSuppression[];
  options: TrendOptions;
}

/** Runs by start time; two with the same start are the same scan given twice, or two scans the trend cannot order. */
export function orderRuns(runs: readonly RunRecord[]): RunRecord[] {
  const ordered = [...runs].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  for (let i = 1; i < ordered.length; i++) {
    if (Date.parse(ordered[i].startedAt) === Date.parse(ordered[i - 1].startedAt)) {
      throw new UserError(
        `trend: ${ordered[i - 1].file} and ${ordered[i].file} have the same start time (${ordered[i].startedAt}): the same scan given twice? Give each night's SARIF once`,
      );
    }
  }
  return ordered;
}

/** A finding from the run it appeared in (or reappeared, after a fix) until now. */
interface Episode {
  finding?: TrackedFinding;
  /** Index of the run it was first open (or not re-checked) in, in this episode. */
  since: number;
  /** The earliest firstDetectedAt any run of the episode gave. */
  firstDetectedAt?: string;
  unverified: boolean;
}

/** The trend over runs given in any order. Pure: everything comes from the records. */
export function computeTrend(records: readonly RunRecord[], options: TrendOptions): Trend {
  const runs = orderRuns(records);
  if (runs.length === 0) throw new UserError('trend: give at least one SARIF file written by aiscan scan');
  let episodes = new Map<string, Episode>();
  const points: RunPoint[] = [];
  const fixed: FixedFinding[] = [];
  runs.forEach((run, index) => {
    const step = advance(episodes, run, index);
    episodes = step.episodes;
    for (const [fingerprint, episode] of step.gone) fixed.push(fixedFinding(fingerprint, episode, runs, index));
    points.push(pointOf(run, index, step));
  });
  const latest = runs[runs.length - 1];
  const open = openFindings(episodes, runs, latest);
  return {
    runs: points,
    fixed,
    timeToFix: timeToFix(fixed),
    oldestOpen: open.slice(0, options.top),
    openCount: open.length,
    expiring: expiringSuppressions(latest, options.expiringWithinDays),
    options,
  };
}

interface Step {
  episodes: Map<string, Episode>;
  added: number;
  gone: [string, Episode][];
}

/**
 * The episodes after `run`: its findings continue or start one; one it does not have ends (fixed)
 * only if the run re-checked it, else it goes on, not re-checked.
 */
function advance(previous: ReadonlyMap<string, Episode>, run: RunRecord, index: number): Step {
  const episodes = new Map<string, Episode>();
  let added = 0;
  for (const [fingerprint, finding] of run.findings) {
    const before = previous.get(fingerprint);
    if (!before && index > 0) added++;
    episodes.set(fingerprint, { finding, since: before?.since ?? index, firstDetectedAt: earliest(before?.firstDetectedAt, finding.firstDetectedAt), unverified: false });
  }
  const gone: [string, Episode][] = [];
  for (const [fingerprint, before] of previous) {
    if (episodes.has(fingerprint)) continue;
    if (rechecked(run, fingerprint, before.finding)) {
      gone.push([fingerprint, before]);
      continue;
    }
    const carried = run.unverified.get(fingerprint);
    episodes.set(fingerprint, { ...before, finding: carried ?? before.finding, firstDetectedAt: earliest(before.firstDetectedAt, carried?.firstDetectedAt), unverified: true });
  }
  // Listed as not re-checked but unknown before: the run's baseline was not the run before it (or this is the first run).
  for (const [fingerprint, finding] of run.unverified) {
    if (episodes.has(fingerprint)) continue;
    episodes.set(fingerprint, { ...(finding ? { finding } : {}), since: index, ...(finding?.firstDetectedAt ? { firstDetectedAt: finding.firstDetectedAt } : {}), unverified: true });
  }
  return { episodes, added, gone };
}

/**
 * Whether a run that lacks a finding of the run before really looked for it. The scan's own list
 * of fixed findings says yes; its list of findings not re-checked says no; otherwise it did unless
 * a coverage gap could hide the finding (its subscription, or everywhere: a finding without a
 * subscription is hidden by any gap), or its rule did not run. Unsure is never fixed.
 */
export function rechecked(run: RunRecord, fingerprint: string, finding: TrackedFinding | undefined): boolean {
  if (run.fixedByScan.has(fingerprint)) return true;
  if (run.unverified.has(fingerprint)) return false;
  if (gapCovers(run, finding)) return false;
  return !(finding && run.rules && !run.rules.has(finding.ruleId));
}

function gapCovers(run: RunRecord, finding: TrackedFinding | undefined): boolean {
  if (run.gaps.everywhere) return true;
  return finding?.subscriptionId === undefined ? run.gaps.subscriptions.size > 0 : run.gaps.subscriptions.has(finding.subscriptionId);
}

function pointOf(run: RunRecord, index: number, step: Step): RunPoint {
  const open = Object.fromEntries(SEVERITIES.map((severity) => [severity, 0])) as Record<Severity, number>;
  let suppressed = 0;
  for (const finding of run.findings.values()) {
    if (finding.suppressed) suppressed++;
    else open[finding.severity]++;
  }
  let unverified = 0;
  for (const episode of step.episodes.values()) if (episode.unverified) unverified++;
  return {
    file: run.file,
    startedAt: run.startedAt,
    open,
    suppressed,
    unverified,
    ...(index > 0 ? { new: step.added, fixed: step.gone.length } : {}),
    ...(run.baseline !== undefined ? { baseline: run.baseline } : {}),
    incomplete: run.gaps.everywhere || run.gaps.subscriptions.size > 0,
  };
}

/**
 * The scan's firstDetectedAt when it is earlier than the run the episode began in (carried from
 * baseline to baseline), or that run's own start when that run had a baseline (it was new then).
 * Otherwise the date says nothing: a scan without a baseline dates every finding to its own start,
 * and a later date than the window shows means the chain of baselines was broken. Then the run the
 * episode began in is the first sight, a lower bound when it is the first run given or the run
 * before it could not have seen the finding.
 */
function firstSeenOf(episode: Episode, runs: readonly RunRecord[]): FirstSeen {
  const began = runs[episode.since];
  const detected = episode.firstDetectedAt === undefined ? Number.NaN : Date.parse(episode.firstDetectedAt);
  const start = Date.parse(began.startedAt);
  if (detected < start || (detected === start && began.baseline !== undefined)) return { at: episode.firstDetectedAt!, exact: true };
  const exact = episode.since > 0 && !gapCovers(runs[episode.since - 1], episode.finding);
  return { at: began.startedAt, exact };
}

function fixedFinding(fingerprint: string, episode: Episode, runs: readonly RunRecord[], index: number): FixedFinding {
  const firstSeen = firstSeenOf(episode, runs);
  const fixedAt = runs[index].startedAt;
  return {
    fingerprint,
    ...(episode.finding ? { finding: episode.finding } : {}),
    firstSeen,
    fixedAt,
    fixedIn: runs[index].file,
    days: daysBetween(firstSeen.at, fixedAt),
  };
}

export function timeToFix(fixed: readonly FixedFinding[]): TimeToFix {
  const days = fixed.map((f) => f.days).sort((a, b) => a - b);
  const lowerBounds = fixed.filter((f) => !f.firstSeen.exact).length;
  if (days.length === 0) return { count: 0, lowerBounds };
  const middle = Math.floor(days.length / 2);
  return {
    count: days.length,
    meanDays: days.reduce((sum, d) => sum + d, 0) / days.length,
    medianDays: days.length % 2 === 1 ? days[middle] : (days[middle - 1] + days[middle]) / 2,
    lowerBounds,
  };
}

/** Open and unsuppressed in the latest run, or not re-checked by it; oldest first, then worst first. */
function openFindings(episodes: ReadonlyMap<string, Episode>, runs: readonly RunRecord[], latest: RunRecord): OpenFinding[] {
  const open: OpenFinding[] = [];
  for (const [fingerprint, episode] of episodes) {
    // Accepted risk has its own section; a finding known only by its fingerprint has nothing to list.
    if (!episode.finding || (!episode.unverified && episode.finding.suppressed)) continue;
    const firstSeen = firstSeenOf(episode, runs);
    const message = episode.unverified ? undefined : latest.messages?.get(fingerprint);
    open.push({
      fingerprint,
      finding: episode.finding,
      ...(message !== undefined ? { message } : {}),
      firstSeen,
      ageDays: Math.floor(daysBetween(firstSeen.at, latest.startedAt)),
      unverified: episode.unverified,
    });
  }
  return open.sort(
    (a, b) =>
      Date.parse(a.firstSeen.at) - Date.parse(b.firstSeen.at) ||
      severityRank(b.finding.severity) - severityRank(a.finding.severity) ||
      compareText(a.finding.ruleId, b.finding.ruleId) ||
      compareText(a.finding.resourceId, b.finding.resourceId),
  );
}

/**
 * The latest run's dated suppressions that end within the window, and those already expired whose
 * findings are still there; soonest end first. Days are counted as the scan counts them
 * (gate/apply-suppressions.ts), so the trend agrees with that night's report.
 */
export function expiringSuppressions(latest: RunRecord, withinDays: number): ExpiringSuppression[] {
  const now = Date.parse(latest.startedAt);
  return latest.suppressions
    .map((group) => {
      const end = endOf(group.expires);
      const daysLeft = Math.ceil((end - now) / DAY_MS);
      return { ...group, endsAt: new Date(end).toISOString(), daysLeft, expired: group.status === 'rejected' || end <= now };
    })
    .filter((s) => s.expired || s.daysLeft <= withinDays)
    .sort((a, b) => Date.parse(a.endsAt) - Date.parse(b.endsAt) || b.findings - a.findings || compareText(a.justification, b.justification));
}

/** The start of the day after `expires` (YYYY-MM-DD, its last day), UTC. */
function endOf(expires: string): number {
  const [year, month, day] = expires.split('-').map(Number);
  return Date.UTC(year, month - 1, day + 1);
}

function earliest(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return Date.parse(b) < Date.parse(a) ? b : a;
}

/** Days from one instant to a later one, never negative (a clock that ran backwards is not a negative age). */
function daysBetween(from: string, to: string): number {
  return Math.max(0, (Date.parse(to) - Date.parse(from)) / DAY_MS);
}
