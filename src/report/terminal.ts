import { SEVERITIES } from '../engine/rule.js';
import type { ScanResult } from '../scan.js';
import { summarise } from './summary.js';
import { listWithMore, rulesNotEvaluatedBy } from './not-evaluated.js';
import { shardSummary } from './shards.js';
import { githubSarifLines } from './terminal-github.js';
import type { GithubSarifSummary } from './sarif-github.js';
import { terminalText as t } from '../text/terminal-text.js';
import { count } from '../text/count.js';

const SHOWN = 20;
const SHOWN_CHANGES = 10;

/**
 * The summary printed on stdout after a scan: verdict, counts, the worst findings, gaps, where the
 * reports are. Every value from the estate, the rules or the configuration goes through `t`.
 */
export function renderTerminal(result: ScanResult, writtenFiles: readonly string[] = [], options: { githubSarif?: GithubSarifSummary } = {}): string {
  const summary = summarise(result);
  const lines: string[] = [];
  lines.push(summary.verdict);
  lines.push(
    `${count(result.resourceCount, 'resource')}, ${count(result.rules.length, 'rule')}: ${summary.totals.fail} failed, ${summary.totals.pass} passed, ` +
      `${summary.totals.notApplicable} not applicable, ${summary.totals.notEvaluated} not evaluated`,
  );
  lines.push('Findings: ' + SEVERITIES.map((s) => `${s} ${summary.findingsBySeverity[s]}`).join(', '));
  if (result.shards) lines.push(`Shards: ${t(shardSummary(result.shards))}`);
  lines.push(...inputLines(result));
  lines.push(...gateLines(result));
  lines.push(...configChangeLines(result));
  const worst = [...result.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).slice(0, SHOWN);
  if (worst.length > 0) lines.push('');
  for (const finding of worst) {
    const mark = finding.suppression ? ' [suppressed]' : finding.baselineState === 'new' ? ' [new]' : '';
    lines.push(`  ${finding.severity.padEnd(8)} ${t(finding.ruleId).padEnd(13)} ${t(finding.message)}${mark}`);
    lines.push(`  ${''.padEnd(8)} ${''.padEnd(13)} at ${t(finding.location.file)}:${finding.region.startLine}`);
  }
  if (result.findings.length > worst.length) lines.push(`  …and ${result.findings.length - worst.length} more in the reports`);
  if (result.gaps.length > 0) {
    lines.push('', `Coverage gaps (not evaluated, never counted as compliant):`);
    const blocked = rulesNotEvaluatedBy(result);
    for (const gap of result.gaps) {
      const rules = blocked(gap);
      lines.push(`  ${t(gap.subscriptionId)} ${t(gap.resourceType)}: ${t(gap.status)}${gap.message ? ` (${t(gap.message)})` : ''}`);
      if (rules.length > 0) lines.push(`    not evaluated: ${t(listWithMore(rules, 12))}`);
    }
  }
  lines.push(...undecidedLines(result));
  for (const warning of result.warnings) lines.push(`warning: ${t(warning)}`);
  if (writtenFiles.length > 0) lines.push('', `Reports: ${writtenFiles.map((file) => t(file)).join(', ')}`);
  if (options.githubSarif) lines.push(...githubSarifLines(options.githubSarif));
  return lines.join('\n') + '\n';
}

/** What `aiscan scan PATH…` read, by kind, and what it skipped, with why (the first few). */
function inputLines(result: ScanResult): string[] {
  if (!result.inputs) return [];
  const { read, skipped, ignored } = result.inputs;
  const kinds = read.map((kind) => count(kind.count, kind.label));
  const lines = [`Read ${kinds.length > 0 ? kinds.join(', ') : 'nothing'}; skipped ${count(skipped.length, 'file')}${ignored > 0 ? `, ignored ${ignored} (.gitignore'd, hidden, node_modules, .git)` : ''}`];
  for (const entry of skipped.slice(0, SHOWN_CHANGES)) lines.push(`  skipped ${t(entry.file)}: ${t(entry.reason)}`);
  if (skipped.length > SHOWN_CHANGES) lines.push(`  …and ${skipped.length - SHOWN_CHANGES} more in aiscan.json`);
  return lines;
}

/** Rules left not evaluated by values the scan cannot know (known only at deployment, or not read): how many, and the first few, each with its expression. */
function undecidedLines(result: ScanResult): string[] {
  if (result.undecided.length === 0) return [];
  const lines = ['', `Not evaluated, on values the scan cannot know (${result.undecided.length}):`];
  for (const entry of result.undecided.slice(0, SHOWN_CHANGES)) {
    lines.push(`  ${t(entry.ruleId).padEnd(13)} ${t(entry.resourceName)}: depends on ${t(entry.expression)} at ${t(entry.location.file)}:${entry.region.startLine}`);
  }
  if (result.undecided.length > SHOWN_CHANGES) lines.push(`  …and ${result.undecided.length - SHOWN_CHANGES} more in the reports`);
  return lines;
}

/** What the configuration changed about the built-in checks, next to the verdict: the first few, and how many more. */
function configChangeLines(result: ScanResult): string[] {
  const changes = result.configChanges;
  if (changes.length === 0) return [];
  const shown = changes.slice(0, SHOWN_CHANGES).map((change) => `  - ${t(change.text)}`);
  const more = changes.length > SHOWN_CHANGES ? [`  …and ${changes.length - SHOWN_CHANGES} more in the reports`] : [];
  return ['', `Settings that change the built-in checks (${changes.length}):`, ...shown, ...more];
}

/** What the baseline and the suppressions changed, in two lines at most. */
function gateLines(result: ScanResult): string[] {
  const lines: string[] = [];
  if (result.baseline) {
    const count = (state: string) => result.findings.filter((finding) => finding.baselineState === state).length;
    lines.push(
      `Against ${t(result.baseline.file)}: ${count('new')} new, ${count('unchanged')} unchanged, ${count('updated')} updated, ${result.absent.length} fixed` +
        (result.unverified.length > 0 ? `, ${result.unverified.length} not re-checked` : '') +
        (result.newOnly ? ' (only new findings gate)' : ''),
    );
  }
  if (result.suppressions.length > 0) {
    const state = (s: string) => result.suppressions.filter((status) => status.state === s).length;
    const suppressed = result.findings.filter((finding) => finding.suppression).length;
    lines.push(`Suppressions: ${suppressed} finding(s) suppressed; ${state('expired')} expired, ${state('stale')} stale (see the reports)`);
  }
  return lines;
}
