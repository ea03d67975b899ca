import { SEVERITIES } from '../engine/rule.js';
import { codeSpan, escapeMarkdown } from './markdown-text.js';
import type { GithubSarifSummary } from './sarif-github.js';

const TOP_RULES = 10;

/**
 * aiscan.md's account of what the SARIF for GitHub (`--sarif-for github`) left out, so the reader
 * of the job summary knows the Security tab does not show everything; nothing when it left nothing out.
 */
export function githubSarifSection(summary: GithubSarifSummary, maxRows: number): string[] {
  if (summary.leftOut === 0) return [];
  const { limits } = summary;
  const where = summary.completeIn.length > 0 ? `Every result is in ${summary.completeIn.map(codeSpan).join(' and ')}.` : 'Every result is in the full SARIF (`--sarif-for full`).';
  const lines = [
    '## Left out of the SARIF for GitHub code scanning',
    '',
    `**${summary.leftOut} of ${summary.total} results are not in aiscan.sarif**, the least important first (fixed, then by severity), to fit GitHub code scanning's limits: ` +
      `at most ${limits.resultsPerRun} results per run (GitHub keeps no more), ${limits.runsPerFile} runs per file, ${(limits.gzipBytes / 1_000_000).toFixed(1)} MB gzipped. ` +
      `GitHub does not show them, and closes their alerts in a category whose run was written. ${where}`,
    '',
    '| | ' + SEVERITIES.join(' | ') + ' |',
    '| --- |' + SEVERITIES.map(() => ' ---: |').join(''),
    '| left out | ' + SEVERITIES.map((severity) => String(summary.leftOutBySeverity[severity])).join(' | ') + ' |',
    '',
  ];
  const cut = summary.categories.filter((category) => category.leftOut > 0);
  lines.push('| category | subscriptions | results | left out |', '| --- | --- | ---: | ---: |');
  for (const category of cut.slice(0, maxRows)) {
    const scope = [...category.subscriptions.slice(0, 3).map(codeSpan), ...(category.withoutSubscription ? ['none (management group or tenant)'] : [])];
    const more = category.subscriptions.length > 3 ? ` and ${category.subscriptions.length - 3} more` : '';
    const area = category.area !== undefined ? `, area ${escapeMarkdown(category.area)}` : '';
    const unwritten = category.written ? '' : ' (run not written: GitHub keeps its last analysis)';
    lines.push(`| ${codeSpan(category.category)}${unwritten} | ${scope.join(', ')}${more}${area} | ${category.results} | ${category.leftOut} |`);
  }
  if (cut.length > maxRows) lines.push('', `…and ${cut.length - maxRows} more categories: see the notifications in aiscan.sarif.`);
  const rules = summary.leftOutByRule.slice(0, TOP_RULES).map(({ ruleId, count }) => `${escapeMarkdown(ruleId)} (${count})`);
  lines.push('', `Rules with the most left out: ${rules.join(', ')}${summary.leftOutByRule.length > TOP_RULES ? `, and ${summary.leftOutByRule.length - TOP_RULES} more` : ''}.`, '');
  return lines;
}
