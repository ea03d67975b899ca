import type { CompiledRule } from '../engine/rule.js';
import { SEVERITIES } from '../engine/rule.js';
import { toolVersion } from '../package-info.js';
import type { LocatedFinding, ScanResult } from '../scan.js';
import { ruleHelpUri } from './sarif.js';
import { summarise } from './summary.js';

const TOP_FINDINGS = 25;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** aiscan.md: a summary fit for a pull-request comment or a job summary. */
export function renderMarkdown(result: ScanResult): string {
  const summary = summarise(result);
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  const lines: string[] = [];
  lines.push(`# aiscan report`, '');
  lines.push(`**${summary.verdict}**`, '');
  lines.push(
    `Scanned ${result.resourceCount} resources in ${result.scopes.length} subscription(s) from ${result.files.map((f) => `\`${f}\``).join(', ')} ` +
      `with ${result.rules.length} rules (aiscan ${toolVersion}, ${result.finishedAt}).`,
    '',
  );

  lines.push('## Findings by severity', '', '| ' + SEVERITIES.join(' | ') + ' |', '|' + SEVERITIES.map(() => ' ---: |').join(''));
  lines.push('| ' + SEVERITIES.map((s) => String(summary.findingsBySeverity[s])).join(' | ') + ' |', '');

  lines.push('## Results by area', '', '| area | rules | fail | pass | not applicable | not evaluated |', '| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [area, counts] of Object.entries(summary.byArea).sort()) {
    lines.push(`| ${area} | ${counts.rules} | ${counts.fail} | ${counts.pass} | ${counts.notApplicable} | ${counts.notEvaluated} |`);
  }
  lines.push('');

  if (result.gaps.length > 0) {
    lines.push('## Coverage gaps', '', 'These were not read, so the rules that need them were **not evaluated** there (never counted as passing).', '');
    lines.push('| subscription | resource type | status | detail |', '| --- | --- | --- | --- |');
    for (const gap of result.gaps) lines.push(`| ${gap.subscriptionId} | ${gap.resourceType} | ${gap.status} | ${cell(gap.message ?? '')} |`);
    lines.push('');
  }

  lines.push('## Top findings', '');
  if (result.findings.length === 0) lines.push('No findings.', '');
  const top = [...result.findings].sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)).slice(0, TOP_FINDINGS);
  for (const finding of top) lines.push(...findingSection(finding, rulesById.get(finding.ruleId)!));
  if (result.findings.length > top.length) {
    lines.push(`…and ${result.findings.length - top.length} more: see aiscan.sarif or aiscan.json for the full list.`, '');
  }

  if (result.warnings.length > 0) {
    lines.push('## Warnings', '', ...result.warnings.map((w) => `- ${w}`), '');
  }
  return lines.join('\n');
}

function findingSection(finding: LocatedFinding, rule: CompiledRule): string[] {
  const lines = [
    `### ${finding.severity.toUpperCase()} ${rule.id} ${rule.title}`,
    '',
    finding.message,
    '',
    `- Resource: \`${finding.resourceId}\``,
    `- Where: \`${finding.location.file}:${finding.region.startLine}\`${finding.failingPaths.length ? ` (${finding.failingPaths.map((p) => `\`${p}\``).join(', ')})` : ''}`,
    `- Fix: ${rule.remediation.summary}`,
  ];
  if (rule.remediation.cli) lines.push('', '```bash', rule.remediation.cli, '```');
  lines.push('', `[Rule documentation](${ruleHelpUri(rule)})`, '');
  return lines;
}
