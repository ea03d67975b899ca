import type { CompiledRule } from '../engine/rule.js';

/** The rule's explanation and fix as plain text, for SARIF `help.text` and the terminal. */
export function ruleHelpText(rule: CompiledRule): string {
  const parts = [rule.description];
  if (rule.rationale) parts.push(`Why it matters: ${rule.rationale}`);
  parts.push(`Fix: ${rule.remediation.summary}`);
  if (rule.remediation.cli) parts.push(`Azure CLI:\n${rule.remediation.cli}`);
  if (rule.remediation.bicep) parts.push(`Bicep:\n${rule.remediation.bicep}`);
  return parts.join('\n\n');
}

/** The same as Markdown, for SARIF `help.markdown` (GitHub shows it beside the alert). */
export function ruleHelpMarkdown(rule: CompiledRule): string {
  const parts = [`**${rule.title}**`, rule.description];
  if (rule.rationale) parts.push(`**Why it matters.** ${rule.rationale}`);
  parts.push(`**Fix.** ${rule.remediation.summary}`);
  if (rule.remediation.portal) parts.push(`**Portal.** ${rule.remediation.portal}`);
  if (rule.remediation.cli) parts.push('**Azure CLI**\n\n```bash\n' + rule.remediation.cli + '\n```');
  if (rule.remediation.bicep) parts.push('**Bicep**\n\n```bicep\n' + rule.remediation.bicep + '\n```');
  const references = (rule.references ?? []).filter((reference) => reference.kind !== 'none');
  if (references.length > 0) {
    parts.push(
      '**References**\n\n' +
        references.map((r) => `- ${r.kind}: ${r.url ? `[${r.title ?? r.id}](${r.url})` : `${r.id}${r.title ? ` (${r.title})` : ''}`}`).join('\n'),
    );
  }
  return parts.join('\n\n');
}
