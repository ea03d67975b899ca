import { SEVERITIES } from '../engine/rule.js';
import type { ExpiringSuppression, FirstSeen, RunPoint, TimeToFix, Trend } from '../trend/trend.js';

/**
 * The words and numbers the Markdown and HTML trend reports share, so the two say the same. Every
 * date here is made from a parsed time, never copied from the input: only the renderers' escaping
 * stands between the estate's text and the page, and dates need none.
 */

/** `2026-11-21 02:17:04 UTC`: to the second, so that runs of one day, or one minute, stay apart. */
export function runTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** `2026-11-21` (UTC). */
export function day(iso: string): string {
  return new Date(iso).toISOString().slice(0, 10);
}

/** The last day a suppression holds (its `expires`), from the parsed end: the day before it ends. */
export function lastDay(suppression: ExpiringSuppression): string {
  return day(new Date(Date.parse(suppression.endsAt) - 86_400_000).toISOString());
}

/** `≥ 2026-11-01` when the finding may be older than the first run that shows it. */
export function firstSeenText(firstSeen: FirstSeen): string {
  return `${firstSeen.exact ? '' : '≥ '}${day(firstSeen.at)}`;
}

export function ageText(days: number, firstSeen: FirstSeen): string {
  return `${firstSeen.exact ? '' : '≥ '}${days}`;
}

/** Days to one decimal: `6.3 days`, `1 day`. */
export function daysText(days: number): string {
  const rounded = Math.round(days * 10) / 10;
  return `${rounded.toFixed(Number.isInteger(rounded) ? 0 : 1)} ${rounded === 1 ? 'day' : 'days'}`;
}

/** The mean time to fix with its median and count, `≥ 6.3 days (median ≥ 4 days, 10 fixed findings)`; undefined when nothing was fixed. */
export function timeToFixText(ttf: TimeToFix): string | undefined {
  if (ttf.meanDays === undefined || ttf.medianDays === undefined) return undefined;
  const bound = ttf.lowerBounds > 0 ? '≥ ' : '';
  return `${bound}${daysText(ttf.meanDays)} (median ${bound}${daysText(ttf.medianDays)}, ${ttf.count} fixed finding${ttf.count === 1 ? '' : 's'})`;
}

export const NOTHING_FIXED = 'No finding was fixed within these runs.';

/** Why a mean is only a lower bound, when it is. */
export function lowerBoundNote(ttf: TimeToFix): string | undefined {
  if (ttf.lowerBounds === 0) return undefined;
  const one = ttf.lowerBounds === 1;
  return `${ttf.lowerBounds} of them ${one ? 'was' : 'were'} already open in the first run given (or after a run that could not read ${one ? 'it' : 'them'}), and the SARIF gives no earlier first-detected date, so ${one ? 'its' : 'their'} time to fix is counted from that run: at least that long.`;
}

export function openTotal(point: RunPoint): number {
  return SEVERITIES.reduce((sum, severity) => sum + point.open[severity], 0);
}

/** `41 open (2 critical, 9 high, …)`. */
export function openBySeverityText(point: RunPoint): string {
  return `${openTotal(point)} open (${SEVERITIES.map((severity) => `${point.open[severity]} ${severity}`).join(', ')})`;
}

export function totalNew(trend: Trend): number {
  return trend.runs.reduce((sum, point) => sum + (point.new ?? 0), 0);
}

/** What makes a run's numbers less certain, in a few words. A first run's baseline does not matter: it has no fixed count. */
export function runNotes(point: RunPoint): string[] {
  return [...(point.incomplete ? ['coverage gap'] : []), ...(point.baseline === undefined && point.fixed !== undefined ? ['no baseline'] : [])];
}

/** Why "no baseline" matters, said once under the table. */
export const NO_BASELINE_NOTE =
  'A run scanned without --baseline lists no findings it could not re-check: only its coverage gaps keep a finding it lacks from counting as fixed (a subscription left out of that scan would count as fixed).';

export const FIRST_RUN_NOTE = 'The first run has no run before it here, so it has no new or fixed count.';
