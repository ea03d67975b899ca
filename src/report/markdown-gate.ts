import { SEVERITIES } from '../engine/rule.js';
import type { SuppressionStatus } from '../gate/apply-suppressions.js';
import type { ScanResult } from '../scan.js';
import { clip } from './markdown-fit.js';
import { codeSpan, escapeMarkdown } from './markdown-text.js';

/** Suppressions that end within this many days are called out, so renewals are not a surprise. */
export const ENDING_SOON_DAYS = 30;

/** "Against the baseline" and "Suppressions": what changed since last time, and the state of accepted risk. */
export function gateSections(result: ScanResult, maxRows: number): string[] {
  return [...baselineSection(result, maxRows), ...suppressionSection(result, maxRows)];
}

function baselineSection(result: ScanResult, maxRows: number): string[] {
  if (!result.baseline) return [];
  const count = (state: string) => result.findings.filter((f) => f.baselineState === state).length;
  const when = result.baseline.startedAt ? ` (scan of ${escapeMarkdown(result.baseline.startedAt)})` : '';
  const lines = [
    '## Against the baseline',
    '',
    `${codeSpan(result.baseline.file)}${when}: **${count('new')} new**, ${count('updated')} updated, ${count('unchanged')} unchanged, **${result.absent.length} fixed**.`,
    '',
  ];
  if (result.unverified.length > 0) {
    lines.push(
      `${result.unverified.length} finding(s) of the baseline could not be re-checked (subscription not scanned or not readable, rule not run, or resource out of scope), so they are **not** counted as fixed.`,
      '',
    );
  }
  if (result.absent.length > 0) {
    const fixed = [...result.absent].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
    lines.push('Fixed since the baseline:', '', '| severity | rule | resource | finding |', '| --- | --- | --- | --- |');
    for (const f of fixed.slice(0, maxRows)) {
      lines.push(`| ${f.severity} | ${escapeMarkdown(f.ruleId)} | ${codeSpan(f.resourceId)} | ${escapeMarkdown(clip(f.message, 300))} |`);
    }
    if (fixed.length > maxRows) lines.push('', `…and ${fixed.length - maxRows} more: see aiscan.sarif (results with baselineState "absent").`);
    lines.push('');
  }
  return lines;
}

function suppressionSection(result: ScanResult, maxRows: number): string[] {
  if (result.suppressions.length === 0) return [];
  const of = (state: SuppressionStatus['state']) => result.suppressions.filter((s) => s.state === state);
  const active = of('active');
  const suppressed = result.findings.filter((f) => f.suppression).length;
  const lines = [
    '## Suppressions',
    '',
    `${active.length} in force, accepting ${suppressed} finding(s); **${of('expired').length} expired**, **${of('stale').length} stale**.`,
    '',
  ];
  const table = (title: string, rows: readonly SuppressionStatus[], last: string, cell: (s: SuppressionStatus) => string) => {
    if (rows.length === 0) return;
    lines.push(title, '', `| rule | resource | ${last} | justification | declared in |`, '| --- | --- | --- | --- | --- |');
    for (const status of rows.slice(0, maxRows)) {
      const s = status.suppression;
      lines.push(`| ${escapeMarkdown(s.rule)} | ${codeSpan(s.resource)} | ${cell(status)} | ${escapeMarkdown(clip(s.justification, 300))} | ${codeSpan(s.source)} |`);
    }
    if (rows.length > maxRows) lines.push('', `…and ${rows.length - maxRows} more: see aiscan.json.`);
    lines.push('');
  };
  table(
    '**Expired**: the findings they matched count toward the gate again. Renew them with a new date, or fix the findings.',
    of('expired'),
    'expired on',
    (s) => `${s.suppression.expires} (${s.matched} finding(s))`,
  );
  table('**Stale**: they match no finding, so the risk is gone or the pattern is wrong. Remove or fix them.', of('stale'), 'ends', (s) =>
    s.suppression.permanent ? 'permanent' : String(s.suppression.expires),
  );
  const endingSoon = active.filter((s) => s.daysLeft !== undefined && s.daysLeft <= ENDING_SOON_DAYS);
  table(`**Ending within ${ENDING_SOON_DAYS} days**:`, endingSoon, 'ends', (s) => `${s.suppression.expires} (${s.daysLeft} day(s))`);
  return lines;
}
