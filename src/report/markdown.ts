import { count } from '../text/count.js';
import type { CompiledRule } from '../engine/rule.js';
import { SEVERITIES } from '../engine/rule.js';
import { toolVersion } from '../package-info.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { clip, fitMarkdown, GITHUB_SUMMARY_LIMIT_BYTES } from './markdown-fit.js';
import { gateSections } from './markdown-gate.js';
import { codeBlock, codeSpan, escapeMarkdown, ruleMarkdown } from './markdown-text.js';
import { markdownLink } from './rule-help.js';
import { ruleHelpUri } from './sarif.js';
import { summarise } from './summary.js';
import { rankFindings } from './rank-findings.js';
import { listWithMore, rulesNotEvaluatedBy } from './not-evaluated.js';
import { shardRows, shardSummary } from './shards.js';
import { githubSarifSection } from './markdown-github.js';
import type { GithubSarifSummary } from './sarif-github.js';

const TOP_FINDINGS = 25;
const MAX_ROWS = 50;
const MAX_MESSAGE_CHARS = 1000;

export interface MarkdownOptions {
  /** Hard ceiling on the size; GitHub's job-summary limit unless told otherwise. */
  maxBytes?: number;
  /** With `--sarif-for github`: what that SARIF left out, said after the counts. */
  githubSarif?: GithubSarifSummary;
}

/**
 * aiscan.md: the verdict and what to do about it, for a job summary or a pull-request comment.
 * Every value from the estate, the rules or the configuration goes in through markdown-text.ts.
 */
export function renderMarkdown(result: ScanResult, options: MarkdownOptions = {}): string {
  const summary = summarise(result);
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  const icon = result.exitCode === 1 ? '❌' : result.exitCode === 3 ? '⚠️' : '✅';
  const lines: string[] = ['# aiscan report', '', `${icon} **${escapeMarkdown(summary.verdict)}**`, ''];
  const gate = [`fails on **${result.failOn}** and above`];
  if (result.newOnly) gate.push('only findings new since the baseline count');
  lines.push(
    `Scanned ${result.resourceCount} resources in ${result.scopes.length} subscription(s) from ${result.files.map(codeSpan).join(', ')} ` +
      `with ${result.rules.length} rules (aiscan ${toolVersion}, ${result.finishedAt}). The gate ${gate.join('; ')}.`,
    '',
  );

  if (result.inputs) {
    const { read, skipped, ignored } = result.inputs;
    lines.push(`Read ${read.length > 0 ? read.map((kind) => count(kind.count, kind.label)).join(', ') : 'nothing'}; skipped ${count(skipped.length, 'file')}${ignored > 0 ? `; ignored ${ignored} (.gitignore'd, hidden, node_modules, .git)` : ''}.`, '');
    if (skipped.length > 0) {
      // A parameter file that pairs with nothing is skipped: in a pull request that is a mistake worth seeing.
      lines.push('<details><summary>Files skipped</summary>', '', '| file | why |', '| --- | --- |');
      for (const entry of skipped.slice(0, MAX_ROWS)) lines.push(`| ${codeSpan(entry.file)} | ${escapeMarkdown(clip(entry.reason, 300))} |`);
      if (skipped.length > MAX_ROWS) lines.push('', `…and ${skipped.length - MAX_ROWS} more: see aiscan.json.`);
      lines.push('', '</details>', '');
    }
  }

  if (result.configChanges.length > 0) {
    lines.push('## Settings that change the built-in checks', '', 'This scan does not run aiscan\'s built-in rules as shipped:', '');
    lines.push(...result.configChanges.slice(0, MAX_ROWS).map((change) => `- ${escapeMarkdown(clip(change.text, 500))}`));
    if (result.configChanges.length > MAX_ROWS) lines.push('', `…and ${result.configChanges.length - MAX_ROWS} more: see aiscan.json.`);
    lines.push('');
  }

  lines.push('## Findings by severity', '', '| | ' + SEVERITIES.join(' | ') + ' |', '| --- |' + SEVERITIES.map(() => ' ---: |').join(''));
  const row = (label: string, pick: (f: GatedFinding) => boolean) =>
    lines.push(`| ${label} | ` + SEVERITIES.map((s) => String(result.findings.filter((f) => f.severity === s && pick(f)).length)).join(' | ') + ' |');
  row('all findings', () => true);
  row('**failing the gate**', (f) => f.gating);
  if (result.baseline) row('new since the baseline', (f) => f.baselineState === 'new');
  if (result.suppressions.length > 0) row('suppressed', (f) => Boolean(f.suppression));
  lines.push('');
  if (options.githubSarif) lines.push(...githubSarifSection(options.githubSarif, MAX_ROWS));

  lines.push('## Results by area', '', '| area | rules | fail | pass | not applicable | not evaluated |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [area, counts] of summary.byArea) {
    lines.push(`| ${escapeMarkdown(area)} | ${counts.rules} | ${counts.fail} | ${counts.pass} | ${counts.notApplicable} | ${counts.notEvaluated} |`);
  }
  lines.push('');

  lines.push(...gateSections(result, MAX_ROWS));
  lines.push(...shardSection(result));

  if (result.gaps.length > 0) {
    lines.push('## Coverage gaps', '', 'These were not read, so the rules that need them were **not evaluated** there (never counted as passing).', '');
    lines.push('| subscription | resource type | status | detail | not evaluated |', '| --- | --- | --- | --- | --- |');
    const blocked = rulesNotEvaluatedBy(result);
    for (const gap of result.gaps.slice(0, MAX_ROWS)) {
      const rules = escapeMarkdown(listWithMore(blocked(gap), 12));
      lines.push(`| ${codeSpan(gap.subscriptionId)} | ${escapeMarkdown(gap.resourceType)} | ${escapeMarkdown(gap.status)} | ${escapeMarkdown(clip(gap.message ?? '', 300))} | ${rules} |`);
    }
    if (result.gaps.length > MAX_ROWS) lines.push('', `…and ${result.gaps.length - MAX_ROWS} more: see aiscan.json.`);
    lines.push('');
  }

  if (result.undecided.length > 0) {
    lines.push('## Not evaluated: values the scan cannot know', '', 'A value these rules decide on is known only at deployment (a template\'s `reference()`, `list*()`, a secret or the like; a manifest\'s namespace) or was not read (a role that a Kubernetes binding grants, not in the scan): they were **not evaluated** on these resources (never counted as passing).', '');
    lines.push('| rule | resource | depends on | where |', '| --- | --- | --- | --- |');
    for (const entry of result.undecided.slice(0, MAX_ROWS)) {
      lines.push(`| ${escapeMarkdown(entry.ruleId)} | ${codeSpan(entry.resourceName)} | ${codeSpan(clip(entry.expression, 200))} | ${codeSpan(`${entry.location.file}:${entry.region.startLine}`)} |`);
    }
    if (result.undecided.length > MAX_ROWS) lines.push('', `…and ${result.undecided.length - MAX_ROWS} more: see aiscan.json.`);
    lines.push('');
  }

  lines.push('## Top findings', '');
  if (result.findings.length === 0) lines.push('No findings.', '');
  const top = rankFindings(result.findings).slice(0, TOP_FINDINGS);
  for (const finding of top) lines.push(...findingSection(finding, rulesById.get(finding.ruleId)!));
  if (result.findings.length > top.length) {
    lines.push(`…and ${result.findings.length - top.length} more: see aiscan.sarif, aiscan.json or aiscan.html for the full list.`, '');
  }

  if (result.warnings.length > 0) {
    lines.push('## Warnings', '', ...result.warnings.slice(0, MAX_ROWS).map((w) => `- ${escapeMarkdown(clip(w, 500))}`), '');
  }
  return fitMarkdown(
    lines.join('\n'),
    options.maxBytes ?? GITHUB_SUMMARY_LIMIT_BYTES,
    '**This report was cut to fit GitHub\'s 1 MiB job-summary limit.** The full results are in aiscan.sarif, aiscan.json and aiscan.html.',
  );
}

/** Whether every shard of a sharded collection was scanned, and which snapshot holds each. */
function shardSection(result: ScanResult): string[] {
  if (!result.shards) return [];
  const { rows, more } = shardRows(result.shards, MAX_ROWS);
  const state = { present: 'scanned', missing: '**missing: not read, not scanned**', duplicated: '**given more than once**', foreign: '**another collection: not part of this set**' };
  const lines = ['## Shards', '', `${result.shards.complete ? '' : '⚠️ '}${escapeMarkdown(clip(shardSummary(result.shards), 1000))}.`, ''];
  lines.push('| shard | snapshot | |', '| --- | --- | --- |');
  for (const row of rows) lines.push(`| ${escapeMarkdown(row.shard)} | ${row.files.length > 0 ? row.files.map((file) => codeSpan(file)).join(', ') : '—'} | ${state[row.state]} |`);
  if (more > 0) lines.push('', `…and ${more} more: see aiscan.json.`);
  lines.push('');
  return lines;
}

function findingSection(finding: GatedFinding, rule: CompiledRule): string[] {
  const badges = [
    finding.gating ? '**fails the gate**' : '',
    finding.baselineState === 'new' ? '**new**' : finding.baselineState ? finding.baselineState : '',
    finding.suppression ? `suppressed ${finding.suppression.permanent ? 'permanently' : `until ${finding.suppression.expires}`}` : '',
    finding.expiredSuppression ? `**suppression expired ${finding.expiredSuppression.expires}**` : '',
  ].filter(Boolean);
  const where = `${codeSpan(`${finding.location.file}:${finding.region.startLine}`)}${finding.failingPaths.length ? ` (${finding.failingPaths.map(codeSpan).join(', ')})` : ''}`;
  const lines = [
    `### ${finding.severity.toUpperCase()} ${escapeMarkdown(rule.id)} ${ruleMarkdown(rule.title)}`,
    '',
    ...(badges.length ? [badges.join(' · '), ''] : []),
    escapeMarkdown(clip(finding.message, MAX_MESSAGE_CHARS)),
    '',
    `- Resource: ${codeSpan(finding.resourceId)}`,
    `- Where: ${where}`,
    `- Fix: ${ruleMarkdown(rule.remediation.summary)}`,
  ];
  if (finding.suppression) lines.push(`- Accepted because: ${escapeMarkdown(clip(finding.suppression.justification, 500))}`);
  if (rule.remediation.cli) lines.push('', ...codeBlock(rule.remediation.cli, 'bash'));
  const documentation = markdownLink('Rule documentation', ruleHelpUri(rule));
  lines.push('', ...(documentation ? [documentation, ''] : []));
  return lines;
}
