/**
 * How the results of a scan are laid out in runs so that GitHub code scanning takes the file:
 * which run each result goes in, under which category, and which results are left out when even
 * that is not enough. Only counts and keys are looked at here; sarif-github.ts writes the runs.
 * docs/ci.md ("SARIF for GitHub code scanning at tenant scale") describes the rules and their sources.
 */
import { createHash } from 'node:crypto';
import { SEVERITIES, type Severity } from '../engine/rule.js';

/**
 * GitHub's documented limits on an uploaded SARIF file: over a maximum the upload is rejected; of
 * what is over a "kept" limit GitHub stores only the first (by its own priority) and drops the rest.
 * Sources: docs.github.com, "SARIF support for code scanning" (File compatibility) and "SARIF
 * results exceed one or more limits".
 */
export const GITHUB_CODE_SCANNING = {
  runsPerFile: 20,
  resultsPerRun: 25_000,
  resultsKeptPerRun: 5_000,
  rulesPerRun: 25_000,
  extensionsPerRun: 100,
  locationsPerResult: 1_000,
  locationsKeptPerResult: 100,
  threadFlowLocationsPerResult: 10_000,
  tagsPerRule: 20,
  tagsKeptPerRule: 10,
  /** "10 MB" for the gzip-compressed file, read as 10,000,000 bytes: the smaller of its two readings. */
  gzipBytes: 10_000_000,
} as const;

/** The limits `--sarif-for github` keeps to; each is a parameter so tests can make them small. */
export interface GithubSarifLimits {
  resultsPerRun: number;
  runsPerFile: number;
  gzipBytes: number;
  rulesPerRun: number;
  tagsPerRule: number;
}

export const GITHUB_SARIF_LIMITS: GithubSarifLimits = {
  // The 5,000 GitHub keeps, not the 25,000 it accepts: what aiscan leaves out it can name, what
  // GitHub would drop of a larger run nobody could.
  resultsPerRun: GITHUB_CODE_SCANNING.resultsKeptPerRun,
  runsPerFile: GITHUB_CODE_SCANNING.runsPerFile,
  gzipBytes: GITHUB_CODE_SCANNING.gzipBytes,
  rulesPerRun: GITHUB_CODE_SCANNING.rulesPerRun,
  // The 10 shown rather than the 20 accepted: a tag GitHub would not show filters nothing.
  tagsPerRule: GITHUB_CODE_SCANNING.tagsKeptPerRule,
};

/** Where a result stands, most important first: failing the gate, new, open, accepted, fixed. */
export type Standing = 'gating' | 'new' | 'open' | 'suppressed' | 'fixed';
const STANDING_ORDER: Record<Standing, number> = { gating: 0, new: 1, open: 2, suppressed: 3, fixed: 4 };

/** What placing a result needs to know of it. */
export interface PlanItem {
  /** The subscription it is in, or NO_SUBSCRIPTION (management-group and tenant scope, or no id). */
  key: string;
  area: string;
  ruleId: string;
  severity: Severity;
  standing: Standing;
  fingerprint: string;
}

/** The key of results in no subscription: no subscription id is empty, so no estate can name one so. */
export const NO_SUBSCRIPTION = '';

export interface PlannedRun {
  /** The run's part of the category, `<category>/<name>`: only [a-z0-9_-] and `/`. */
  name: string;
  /** The keys whose results the run holds, in key order (some may have none). */
  keys: string[];
  /** Set when one subscription's results are split by rule area: this run's area. */
  area?: string;
  /** Indices of the items written in this run, in input order. */
  kept: number[];
  /** Indices of the items that belong in this run but are left out, in input order. */
  leftOut: number[];
}

/**
 * Whether a run is written. One whose every result was left out is not: an empty run would tell
 * GitHub its category has nothing open, and close every alert in it as fixed; left out, the
 * category keeps its last analysis. A run with no results to begin with is written, and does close
 * what is no longer found.
 */
export function isWritten(run: PlannedRun): boolean {
  return run.kept.length > 0 || run.leftOut.length === 0;
}

/** Orders items most important first: open before fixed, then by severity, standing, rule and fingerprint (a total, stable order). */
export function byImportance(a: PlanItem, b: PlanItem): number {
  return (
    Number(a.standing === 'fixed') - Number(b.standing === 'fixed') ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    STANDING_ORDER[a.standing] - STANDING_ORDER[b.standing] ||
    compareText(a.ruleId, b.ruleId) ||
    compareText(a.fingerprint, b.fingerprint)
  );
}

/**
 * The runs of the file:
 *
 * - one run per key (each subscription scanned or with results; NO_SUBSCRIPTION when some result
 *   has none), named after it, while there are no more keys than runs allowed;
 * - then, while runs are to spare, a key over the per-run limit is split into one run per rule area
 *   (`<key>/<area>`), the key most over the limit first;
 * - with more keys than runs allowed, the keys are dealt into the runs, largest first, each to the
 *   run with the fewest results so far: a run that holds one key is still named after it, one
 *   holding several is `group-NN` (numbered in key order);
 * - a run over the per-run limit keeps its most important results (see byImportance).
 *
 * Every name is made of characters code scanning's categories take, whatever the key or area
 * holds (subscription ids and areas come from the estate and the rule files).
 */
export function planRuns(items: readonly PlanItem[], scannedKeys: Iterable<string>, limits: Pick<GithubSarifLimits, 'resultsPerRun' | 'runsPerFile'>): PlannedRun[] {
  if (!(limits.runsPerFile >= 1 && limits.resultsPerRun >= 1)) throw new RangeError('a SARIF for GitHub needs room for a run and a result');
  const byKey = new Map<string, number[]>();
  for (const key of scannedKeys) byKey.set(key.toLowerCase(), []);
  items.forEach((item, index) => {
    const key = item.key.toLowerCase();
    const members = byKey.get(key);
    if (members) members.push(index);
    else byKey.set(key, [index]);
  });
  // Code scanning takes no file without a run: a scan of nothing has one, for the results in no subscription.
  if (byKey.size === 0) byKey.set(NO_SUBSCRIPTION, []);
  const keys = [...byKey.keys()].sort(compareKeys);
  const runs =
    keys.length <= limits.runsPerFile
      ? splitByArea(
          keys.map((key) => ({ name: keySegment(key), keys: [key], members: byKey.get(key)! })),
          items,
          limits,
        )
      : packKeys(keys, byKey, limits);
  const names = new Set(runs.map((run) => run.name));
  // The names are unique by construction; an upload with two runs of one category is rejected whole.
  if (names.size !== runs.length) throw new Error('two SARIF runs for GitHub got the same category');
  return runs.map((run) => cut(run, items, limits.resultsPerRun));
}

/**
 * The same runs with only the `count` most important results of the whole file kept, for a file
 * that is over the size limit: what is dropped is dropped where it is least important overall.
 */
export function keepMostImportant(runs: readonly PlannedRun[], items: readonly PlanItem[], count: number): PlannedRun[] {
  const kept = runs.flatMap((run) => run.kept).sort((a, b) => byImportance(items[a], items[b]) || a - b);
  const keep = new Set(kept.slice(0, Math.max(0, count)));
  return runs.map((run) => {
    const dropped = run.kept.filter((index) => !keep.has(index));
    if (dropped.length === 0) return run;
    return { ...run, kept: run.kept.filter((index) => keep.has(index)), leftOut: [...run.leftOut, ...dropped].sort((a, b) => a - b) };
  });
}

interface Unit {
  name: string;
  keys: string[];
  area?: string;
  members: number[];
}

function splitByArea(units: Unit[], items: readonly PlanItem[], limits: Pick<GithubSarifLimits, 'resultsPerRun' | 'runsPerFile'>): PlannedRun[] {
  let spare = limits.runsPerFile - units.length;
  const split = new Map<Unit, Unit[]>();
  const over = units.filter((unit) => unit.members.length > limits.resultsPerRun).sort((a, b) => b.members.length - a.members.length || compareKeys(a.keys[0], b.keys[0]));
  for (const unit of over) {
    const byArea = new Map<string, number[]>();
    for (const index of unit.members) {
      const area = items[index].area.toLowerCase();
      const members = byArea.get(area);
      if (members) members.push(index);
      else byArea.set(area, [index]);
    }
    if (byArea.size < 2 || byArea.size - 1 > spare) continue;
    spare -= byArea.size - 1;
    const areas = [...byArea.keys()].sort(compareText);
    split.set(
      unit,
      areas.map((area) => ({ name: `${unit.name}/${areaSegment(area)}`, keys: unit.keys, area, members: byArea.get(area)! })),
    );
  }
  return units.flatMap((unit) => split.get(unit) ?? [unit]).map(plannedRun);
}

function packKeys(keys: readonly string[], byKey: ReadonlyMap<string, number[]>, limits: Pick<GithubSarifLimits, 'resultsPerRun' | 'runsPerFile'>): PlannedRun[] {
  const order = new Map(keys.map((key, index) => [key, index]));
  const bins: { keys: string[]; size: number }[] = Array.from({ length: limits.runsPerFile }, () => ({ keys: [], size: 0 }));
  // Largest first, each into the run with the fewest results so far: the runs end up about as full
  // as each other, so the per-run limit cuts as little as it can; and while keys are barely more
  // than runs, only the smallest share one.
  const largestFirst = [...keys].sort((a, b) => byKey.get(b)!.length - byKey.get(a)!.length || order.get(a)! - order.get(b)!);
  for (const key of largestFirst) {
    const bin = bins.reduce((least, candidate) => (candidate.size < least.size || (candidate.size === least.size && candidate.keys.length < least.keys.length) ? candidate : least));
    bin.keys.push(key);
    bin.size += byKey.get(key)!.length;
  }
  for (const bin of bins) bin.keys.sort((a, b) => order.get(a)! - order.get(b)!);
  bins.sort((a, b) => order.get(a.keys[0])! - order.get(b.keys[0])!);
  const width = Math.max(2, String(limits.runsPerFile).length);
  let group = 0;
  return bins.map((bin) =>
    plannedRun({
      name: bin.keys.length === 1 ? keySegment(bin.keys[0]) : `group-${String(++group).padStart(width, '0')}`,
      keys: bin.keys,
      members: bin.keys.flatMap((key) => byKey.get(key)!).sort((a, b) => a - b),
    }),
  );
}

function plannedRun({ members, ...unit }: Unit): PlannedRun {
  return { ...unit, kept: members, leftOut: [] };
}

function cut(run: PlannedRun, items: readonly PlanItem[], perRun: number): PlannedRun {
  if (run.kept.length <= perRun) return run;
  return keepMostImportant([run], items, perRun)[0];
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AREA = /^[a-z0-9][a-z0-9-]{0,39}$/;

/**
 * A key as it appears in a category: a subscription id as it is, no subscription as
 * `no-subscription`, anything else (never seen from Azure, but an estate file can hold any id) as
 * `h_` and a hash, which no GUID, area or group name can equal.
 */
export function keySegment(key: string): string {
  if (key === NO_SUBSCRIPTION) return 'no-subscription';
  return GUID.test(key) ? key : hashed(key);
}

function areaSegment(area: string): string {
  return AREA.test(area) ? area : hashed(area);
}

function hashed(text: string): string {
  return `h_${createHash('sha256').update(text).digest('hex').slice(0, 16)}`;
}

/** Subscriptions in id order, then the results without one. */
function compareKeys(a: string, b: string): number {
  return Number(a === NO_SUBSCRIPTION) - Number(b === NO_SUBSCRIPTION) || compareText(a, b);
}

/** Code-unit order: the same on every machine, whatever its locale. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
