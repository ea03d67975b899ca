import { SEVERITIES } from '../engine/rule.js';
import type { Baseline, BaselineFinding } from '../gate/baseline.js';
import { compareWithBaseline } from '../gate/match-baseline.js';
import { codeSpan, escapeMarkdown } from './markdown-text.js';
import { terminalText as t } from '../text/terminal-text.js';
import { compareText } from '../text/order.js';

/** Two scans side by side, matched by fingerprint. */
export interface ScanDiff {
  oldFile: string;
  newFile: string;
  added: BaselineFinding[];
  fixed: BaselineFinding[];
  updated: { before: BaselineFinding; after: BaselineFinding }[];
  unchanged: BaselineFinding[];
}

export function diffScans(before: Baseline, after: Baseline): ScanDiff {
  const comparison = compareWithBaseline(after.findings, before);
  const previous = new Map(before.findings.map((finding) => [finding.fingerprint, finding]));
  const diff: ScanDiff = { oldFile: before.file, newFile: after.file, added: [], fixed: sorted(comparison.absent), updated: [], unchanged: [] };
  for (const finding of sorted(after.findings)) {
    const state = comparison.stateOf(finding);
    if (state === 'new') diff.added.push(finding);
    else if (state === 'updated') diff.updated.push({ before: previous.get(finding.fingerprint)!, after: finding });
    else diff.unchanged.push(finding);
  }
  return diff;
}

/** Worst first, then by rule and resource, so the output is stable. */
function sorted(findings: readonly BaselineFinding[]): BaselineFinding[] {
  return [...findings].sort(
    (a, b) =>
      SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
      compareText(a.ruleId, b.ruleId) ||
      compareText(a.resourceId.toLowerCase(), b.resourceId.toLowerCase()),
  );
}

function headline(diff: ScanDiff): string {
  return `${diff.added.length} new, ${diff.fixed.length} fixed, ${diff.updated.length} updated, ${diff.unchanged.length} unchanged`;
}

/** Every field of both files is input (a SARIF file can say anything), so every one goes through `t`. */
export function renderDiffText(diff: ScanDiff): string {
  const lines = [`aiscan diff ${t(diff.oldFile)} → ${t(diff.newFile)}: ${headline(diff)}`];
  const section = (title: string, findings: readonly BaselineFinding[], mark: string) => {
    if (findings.length === 0) return;
    lines.push('', `${title} (${findings.length}):`);
    for (const f of findings) {
      lines.push(`  ${mark} ${t(f.severity).padEnd(8)} ${t(f.ruleId).padEnd(13)} ${t(f.message)}${f.suppressed ? ' [suppressed]' : ''}`);
      lines.push(`    ${''.padEnd(8)} ${''.padEnd(13)} ${t(f.resourceId)}`);
    }
  };
  section('New', diff.added, '+');
  section('Fixed', diff.fixed, '-');
  section('Updated', diff.updated.map((u) => u.after), '~');
  section('Unchanged', diff.unchanged, ' ');
  return lines.join('\n') + '\n';
}

export function renderDiffMarkdown(diff: ScanDiff): string {
  const lines = [
    '# aiscan diff',
    '',
    `${codeSpan(diff.oldFile)} → ${codeSpan(diff.newFile)}: **${headline(diff)}**`,
    '',
  ];
  const table = (title: string, findings: readonly BaselineFinding[], detail?: (f: BaselineFinding) => string) => {
    lines.push(`## ${title} (${findings.length})`, '');
    if (findings.length === 0) {
      lines.push('None.', '');
      return;
    }
    lines.push('| severity | rule | resource | finding |', '| --- | --- | --- | --- |');
    for (const f of findings) {
      const text = detail ? detail(f) : f.message;
      lines.push(`| ${f.severity} | ${escapeMarkdown(f.ruleId)} | ${codeSpan(f.resourceId)} | ${escapeMarkdown(text)}${f.suppressed ? ' _(suppressed)_' : ''} |`);
    }
    lines.push('');
  };
  table('New', diff.added);
  table('Fixed', diff.fixed);
  const before = new Map(diff.updated.map((u) => [u.after.fingerprint, u.before]));
  table('Updated', diff.updated.map((u) => u.after), (f) => `${f.message} (was: ${before.get(f.fingerprint)!.message})`);
  table('Unchanged', diff.unchanged);
  return lines.join('\n');
}
