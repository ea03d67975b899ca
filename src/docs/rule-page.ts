import { builtinConditions } from '../engine/conditions.js';
import { createRuleAjv } from '../engine/load-rules.js';
import type { CompiledRule } from '../engine/rule.js';
import { checksMarkdown, describeSchema, type ConditionLookup } from './describe-schema.js';
import type { ArmResource } from '../estate.js';
import type { RuleExamples } from '../rule-tests/examples.js';
import { typeKey } from '../ids.js';
import { compareText } from '../text/order.js';

const GENERATED = '<!-- Generated from the rule file and its fixtures by `npm run docs`. Do not edit. -->';

/** The built-in pack's named conditions, as the pages show them. */
function builtinConditionViews(): ConditionLookup {
  const conditions = builtinConditions(createRuleAjv());
  return (name) => conditions.get(name);
}

/** docs/rules/<ID>.md: fixed sections, generated so that it cannot drift from the rule. */
export function renderRulePage(rule: CompiledRule, examples: RuleExamples, conditions: ConditionLookup = builtinConditionViews()): string {
  const lines: string[] = [GENERATED, '', `# ${rule.id}: ${rule.title}`, ''];
  lines.push(`| | |`, `| --- | --- |`);
  lines.push(`| Name | \`${rule.name}\` |`);
  lines.push(`| Severity | ${rule.severity} |`);
  lines.push(`| Area | ${rule.area} |`);
  lines.push(`| Applies to | ${rule.resourceTypes.map((t) => `\`${t}\``).join(', ')} |`);
  if (rule.requires?.length) lines.push(`| Also reads | ${rule.requires.map((t) => `\`${t}\``).join(', ')} |`);
  if (rule.tags?.length) lines.push(`| Tags | ${rule.tags.join(', ')} |`);
  lines.push('', '## Summary', '', rule.description, '');
  lines.push('## Why it matters', '', rule.rationale ?? rule.description, '');
  lines.push('## How it decides', '');
  lines.push(
    `The rule looks at every ${rule.resourceTypes.map((t) => `\`${t}\``).join(' and ')} in the estate (types compared ignoring case; property names too).`,
  );
  if (rule.when) {
    lines.push('', 'It applies only where (elsewhere the result is *not applicable*):', '', ...checksMarkdown(describeSchema(rule.when, conditions)));
  }
  lines.push('', 'A resource passes when:', '', ...checksMarkdown(describeSchema(rule.assert, conditions)), '');
  lines.push(
    `Paths are written as in the Azure REST reference; \`[*]\` is every element of an array. A property a line names must be present unless the line says *where present*. The rule file is [\`rules/${rule.area}/${rule.id}.json\`](../../rules/${rule.area}/${rule.id}.json); [docs/writing-rules.md](../writing-rules.md) explains how rules are written.`,
    '',
  );
  lines.push(
    '`facts` are derived by aiscan at scan time: GPU classification of VM sizes (`facts.gpu`, from the catalogue in `src/facts/gpu-vm-sizes.json`, with a name-pattern fallback), the VM a NIC is attached to (`facts.vm`), the cluster of a pool (`facts.cluster`), resolved role definitions and scopes (`facts.roleDefinition`, `facts.scope`), quota usage (`facts.quota`, `facts.scaleOut`). See the README.',
    '',
  );
  if (rule.requires?.length) {
    lines.push(`Where ${rule.requires.map((t) => `\`${t}\``).join(' or ')} could not be read in a subscription, the rule reports *not evaluated* there, never a pass.`, '');
  }
  const parameters = Object.entries(rule.parameters ?? {});
  if (parameters.length > 0) {
    lines.push('### Parameters', '', '| name | default | description |', '| --- | --- | --- |');
    for (const [name, parameter] of parameters) {
      lines.push(`| \`${name}\` | \`${JSON.stringify(parameter.default)}\` | ${parameter.description.replace(/\|/g, '\\|')} |`);
    }
    lines.push('');
  }
  lines.push('## Examples', '');
  const compliant = examples.valid[0];
  const nonCompliant = examples.invalid[0];
  if (compliant) lines.push(`### Compliant: ${compliant.name}`, '', '```json', JSON.stringify(exampleResource(rule, compliant.resources), null, 2), '```', '');
  if (nonCompliant) {
    lines.push(`### Non-compliant: ${nonCompliant.name}`, '', '```json', JSON.stringify(exampleResource(rule, nonCompliant.resources), null, 2), '```', '');
    for (const finding of nonCompliant.findings) {
      lines.push(`Finding: ${finding.message}${finding.paths.length ? ` (failing: ${finding.paths.map((p) => `\`${p}\``).join(', ')})` : ''}`, '');
    }
  }
  lines.push('## Remediation', '', rule.remediation.summary, '');
  if (rule.remediation.portal) lines.push('**Azure portal:** ' + rule.remediation.portal, '');
  if (rule.remediation.cli) lines.push('**Azure CLI:**', '', '```bash', rule.remediation.cli, '```', '');
  if (rule.remediation.bicep) lines.push('**Bicep:**', '', '```bicep', rule.remediation.bicep, '```', '');
  lines.push('## References', '');
  for (const reference of rule.references ?? []) {
    const label = reference.url ? `[${reference.title ?? reference.id}](${reference.url})` : reference.title ? `${reference.id} (${reference.title})` : reference.id;
    lines.push(`- ${REFERENCE_KINDS[reference.kind]}: ${label}`);
  }
  if (!rule.references?.length) lines.push('- None known.');
  lines.push('');
  return lines.join('\n');
}

const REFERENCE_KINDS: Record<string, string> = {
  'azure-policy': 'Azure Policy',
  psrule: 'PSRule for Azure',
  checkov: 'Checkov',
  mcsb: 'Microsoft cloud security benchmark',
  cis: 'CIS',
  docs: 'Microsoft Learn',
  none: 'No equivalent',
};

/** The resource of the rule's type in an example estate (for a pool: its cluster). */
function exampleResource(rule: CompiledRule, resources: readonly ArmResource[]): ArmResource | undefined {
  const types = new Set(rule.resourceTypeKeys.map((t) => t.replace(/\/agentpools$/, '')));
  return resources.find((r) => r.type && types.has(typeKey(r.type))) ?? resources[0];
}

/** The rules table kept in the README. */
export function rulesTable(rules: readonly CompiledRule[]): string {
  const lines = ['| id | title | severity | area | references |', '| --- | --- | --- | --- | --- |'];
  const sorted = [...rules].sort((a, b) => compareText(a.area, b.area) || compareText(a.id, b.id));
  for (const rule of sorted) {
    const references = (rule.references ?? []).filter((r) => r.kind !== 'none' && r.kind !== 'docs').map((r) => `${REFERENCE_KINDS[r.kind]} ${r.id}`);
    lines.push(`| [${rule.id}](docs/rules/${rule.id}.md) | ${rule.title} | ${rule.severity} | ${rule.area} | ${references.join('; ') || 'none'} |`);
  }
  return lines.join('\n');
}
