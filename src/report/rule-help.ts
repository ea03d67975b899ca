import type { CompiledRule } from '../engine/rule.js';
import { safeUrl } from './html/escape.js';
import { codeBlock, escapeMarkdown, ruleMarkdown } from './markdown-text.js';

/** The rule's explanation and fix as plain text, for SARIF `help.text` and the terminal. */
export function ruleHelpText(rule: CompiledRule): string {
  const parts = [rule.description];
  if (rule.rationale) parts.push(`Why it matters: ${rule.rationale}`);
  parts.push(`Fix: ${rule.remediation.summary}`);
  if (rule.remediation.cli) parts.push(`Azure CLI:\n${rule.remediation.cli}`);
  if (rule.remediation.bicep) parts.push(`Bicep:\n${rule.remediation.bicep}`);
  return parts.join('\n\n');
}

/**
 * The same as Markdown, for SARIF `help.markdown` (GitHub shows it beside the alert). A rule from a
 * user's folder is input: its prose keeps only inline code, and only its https links are links.
 */
export function ruleHelpMarkdown(rule: CompiledRule): string {
  const parts = [`**${ruleMarkdown(rule.title)}**`, ruleMarkdown(rule.description)];
  if (rule.rationale) parts.push(`**Why it matters.** ${ruleMarkdown(rule.rationale)}`);
  parts.push(`**Fix.** ${ruleMarkdown(rule.remediation.summary)}`);
  if (rule.remediation.portal) parts.push(`**Portal.** ${ruleMarkdown(rule.remediation.portal)}`);
  if (rule.remediation.cli) parts.push(['**Azure CLI**', '', ...codeBlock(rule.remediation.cli, 'bash')].join('\n'));
  if (rule.remediation.bicep) parts.push(['**Bicep**', '', ...codeBlock(rule.remediation.bicep, 'bicep')].join('\n'));
  const references = (rule.references ?? []).filter((reference) => reference.kind !== 'none');
  if (references.length > 0) {
    parts.push('**References**\n\n' + references.map((r) => `- ${escapeMarkdown(r.kind)}: ${reference(r)}`).join('\n'));
  }
  return parts.join('\n\n');
}

function reference(r: NonNullable<CompiledRule['references']>[number]): string {
  return markdownLink(escapeMarkdown(r.title ?? r.id), r.url) ?? `${escapeMarkdown(r.id)}${r.title ? ` (${escapeMarkdown(r.title)})` : ''}`;
}

/** A Markdown link to a URL from a rule file when it is http(s), else undefined. `label` is Markdown already. */
export function markdownLink(label: string, url: string | undefined): string | undefined {
  const safe = safeUrl(url);
  // Inside the angle brackets of a link destination only `<`, `>` and line breaks end it; encode them.
  return safe ? `[${label}](<${safe.replace(/[<>\s]/g, encodeURIComponent)}>)` : undefined;
}
