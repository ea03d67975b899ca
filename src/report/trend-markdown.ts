import { SEVERITIES } from '../engine/rule.js';
import type { ExpiringSuppression, FixedFinding, OpenFinding, Trend } from '../trend/trend.js';
import { codeSpan, escapeMarkdown } from './markdown-text.js';
import {
  ageText,
  daysText,
  FIRST_RUN_NOTE,
  firstSeenText,
  lastDay,
  lowerBoundNote,
  NO_BASELINE_NOTE,
  NOTHING_FIXED,
  openBySeverityText,
  runNotes,
  runTime,
  timeToFixText,
  totalNew,
} from './trend-text.js';

/**
 * Lists that grow with the estate are capped, so the file stays far below GitHub's 1 MiB job
 * summary; the HTML report lists more.
 */
const MAX_FIXED_ROWS = 50;
const MAX_SUPPRESSION_ROWS = 100;

/**
 * aiscan-trend.md: the audit trail over a series of scans, for a job summary or an issue. Every
 * value from the SARIF files (ids, messages, justifications, file names) goes through
 * escapeMarkdown or codeSpan; numbers and dates are aiscan's own.
 */
export function renderTrendMarkdown(trend: Trend): string {
  const lines: string[] = ['# aiscan trend', '', ...summary(trend), ''];
  lines.push(...runsTable(trend), '');
  lines.push(...timeToFixSection(trend), '');
  lines.push(...oldestOpenSection(trend), '');
  lines.push(...expiringSection(trend), '');
  lines.push(...filesSection(trend));
  return lines.join('\n') + '\n';
}

function summary(trend: Trend): string[] {
  const first = trend.runs[0];
  const latest = trend.runs[trend.runs.length - 1];
  const span = trend.runs.length === 1 ? `**1 run**, ${runTime(first.startedAt)}.` : `**${trend.runs.length} runs**, ${runTime(first.startedAt)} to ${runTime(latest.startedAt)}.`;
  const fixed = trend.fixed.length;
  const ttf = timeToFixText(trend.timeToFix);
  return [
    `${span} Latest run: **${openBySeverityText(latest)}**, ${latest.suppressed} suppressed, ${latest.unverified} not re-checked.`,
    ...(trend.runs.length > 1 ? ['', `Within these runs: ${totalNew(trend)} new, ${fixed} fixed${ttf ? `; mean time to fix ${ttf}` : ''}.`] : []),
  ];
}

function runsTable(trend: Trend): string[] {
  const notes = trend.runs.flatMap(runNotes);
  return [
    '## Open findings by severity over time',
    '',
    `Open: not fixed and not suppressed. Not re-checked: a finding of an earlier run that this run could not read (a coverage gap, or the scan says so); it is neither open nor fixed as far as anyone knows, and is never counted as fixed.`,
    '',
    `| run (UTC) | ${SEVERITIES.join(' | ')} | suppressed | not re-checked | new | fixed | notes |`,
    `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | --- |`,
    ...trend.runs.map(
      (point) =>
        `| ${runTime(point.startedAt)} | ${SEVERITIES.map((severity) => point.open[severity]).join(' | ')} | ${point.suppressed} | ${point.unverified} | ${point.new ?? '—'} | ${point.fixed ?? '—'} | ${runNotes(point).join(', ')} |`,
    ),
    '',
    FIRST_RUN_NOTE + (notes.includes('no baseline') ? ` ${NO_BASELINE_NOTE}` : ''),
  ];
}

function timeToFixSection(trend: Trend): string[] {
  const note = lowerBoundNote(trend.timeToFix);
  const ttf = timeToFixText(trend.timeToFix);
  const lines = ['## Time to fix', '', ttf ? `Mean time to fix: ${ttf}.${note ? ` ${note}` : ''}` : NOTHING_FIXED];
  if (trend.fixed.length === 0) return lines;
  const shown = [...trend.fixed].sort((a, b) => b.days - a.days).slice(0, MAX_FIXED_ROWS);
  lines.push(
    '',
    `Fixed within these runs${trend.fixed.length > shown.length ? ` (the ${shown.length} that took longest of ${trend.fixed.length})` : ''}:`,
    '',
    '| fixed (UTC) | severity | rule | resource | first seen | days to fix |',
    '| --- | --- | --- | --- | --- | ---: |',
    ...shown.map(fixedRow),
  );
  return lines;
}

function fixedRow(fixed: FixedFinding): string {
  const { finding } = fixed;
  const what = finding ? `${finding.severity} | ${codeSpan(finding.ruleId)} | ${codeSpan(finding.resourceId)}` : `— | — | fingerprint ${codeSpan(fixed.fingerprint)}`;
  return `| ${runTime(fixed.fixedAt)} | ${what} | ${firstSeenText(fixed.firstSeen)} | ${fixed.firstSeen.exact ? '' : '≥ '}${daysText(fixed.days)} |`;
}

function oldestOpenSection(trend: Trend): string[] {
  const latest = trend.runs[trend.runs.length - 1];
  const title = `## Oldest open findings (${trend.oldestOpen.length} of ${trend.openCount})`;
  if (trend.oldestOpen.length === 0) return [title, '', 'None: the latest run has no open finding that is not suppressed.'];
  return [
    title,
    '',
    `In the latest run (${runTime(latest.startedAt)}), oldest first; suppressed findings are listed under suppressions. Age is in days to that run; ≥: the finding was already there in the first run given, so it may be older.`,
    '',
    '| severity | rule | resource | finding | first seen | age (days) |',
    '| --- | --- | --- | --- | --- | ---: |',
    ...trend.oldestOpen.map(openRow),
  ];
}

function openRow(open: OpenFinding): string {
  const { finding } = open;
  const text = open.unverified ? '_not re-checked by the latest run_' : escapeMarkdown(open.message ?? '');
  return `| ${finding.severity} | ${codeSpan(finding.ruleId)} | ${codeSpan(finding.resourceId)} | ${text} | ${firstSeenText(open.firstSeen)} | ${ageText(open.ageDays, open.firstSeen)} |`;
}

function expiringSection(trend: Trend): string[] {
  const title = `## Suppressions ending within ${trend.options.expiringWithinDays} days, and expired`;
  if (trend.expiring.length === 0) return [title, '', `None: no suppression of the latest run ends within ${trend.options.expiringWithinDays} days, and none has expired.`];
  const shown = trend.expiring.slice(0, MAX_SUPPRESSION_ROWS);
  return [
    title,
    '',
    'Soonest first, counted from the start of the latest run. An expired suppression no longer accepts its findings: they count again.',
    '',
    '| expires | state | findings | justification | owner | ticket | declared in |',
    '| --- | --- | ---: | --- | --- | --- | --- |',
    ...shown.map(suppressionRow),
    ...(trend.expiring.length > shown.length ? ['', `…and ${trend.expiring.length - shown.length} more.`] : []),
  ];
}

function suppressionRow(s: ExpiringSuppression): string {
  const state = s.expired ? '**expired**' : `ends in ${s.daysLeft} day${s.daysLeft === 1 ? '' : 's'}`;
  const optional = (text: string | undefined) => (text === undefined ? '' : escapeMarkdown(text));
  return `| ${lastDay(s)} | ${state} | ${s.findings} | ${escapeMarkdown(s.justification)} | ${optional(s.owner)} | ${optional(s.ticket)} | ${s.source === undefined ? '' : codeSpan(s.source)} |`;
}

function filesSection(trend: Trend): string[] {
  return ['## Runs read', '', ...trend.runs.map((point) => `- ${runTime(point.startedAt)}: ${codeSpan(point.file)}${point.baseline !== undefined ? `, baseline ${codeSpan(point.baseline)}` : ''}`)];
}
