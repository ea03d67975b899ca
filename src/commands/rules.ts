import type { CliIO } from '../cli.js';
import { count } from '../text/count.js';
import { UserError } from '../errors.js';
import { ruleWarnings } from '../engine/check-rule-reads.js';
import { loadRules } from '../engine/load-rules.js';
import type { CompiledRule } from '../engine/rule.js';
import { ruleHelpText } from '../report/rule-help.js';
import { ruleHelpUri } from '../report/sarif.js';
import { terminalText as t } from '../text/terminal-text.js';
import { formatRuleTests } from '../rule-tests/report.js';
import { ruleTestsExitCode, runRuleTests } from '../rule-tests/run-tests.js';

interface RuleFolders {
  rules: string[];
  builtinRules: boolean;
}

function load(options: RuleFolders): CompiledRule[] {
  return loadRules({ directories: options.rules, builtin: options.builtinRules });
}

export function rulesListCommand(options: RuleFolders & { json: boolean }, io: CliIO): number {
  const rules = load(options);
  if (options.json) {
    io.stdout(
      JSON.stringify(
        rules.map(({ id, name, title, area, severity, resourceTypes, file }) => ({ id, name, title, area, severity, resourceTypes, file })),
        null,
        2,
      ) + '\n',
    );
    return 0;
  }
  // User rule folders are input too: their folder names (areas), ids and titles go through `t`.
  const areas = [...new Set(rules.map((rule) => rule.area))].sort();
  const lines: string[] = [];
  for (const area of areas) {
    const inArea = rules.filter((rule) => rule.area === area);
    lines.push(`${t(area)} (${inArea.length})`);
    for (const rule of inArea) lines.push(`  ${t(rule.id).padEnd(14)} ${rule.severity.padEnd(8)} ${t(rule.title)}`);
    lines.push('');
  }
  lines.push(`${count(rules.length, 'rule')} in ${count(areas.length, 'area')}`);
  io.stdout(lines.join('\n') + '\n');
  return 0;
}

export function rulesShowCommand(options: RuleFolders & { id: string }, io: CliIO): number {
  const rules = load(options);
  const wanted = options.id.toLowerCase();
  const rule = rules.find((r) => r.id.toLowerCase() === wanted || r.name.toLowerCase() === wanted);
  if (!rule) throw new UserError(`rules show: no rule with id or name "${options.id}" (aiscan rules list shows them)`);
  const parameters = Object.entries(rule.parameters ?? {}).map(
    ([name, p]) => `  ${t(name)} = ${t(JSON.stringify(rule.parameterValues[name]) ?? '')}  ${t(p.description)}`,
  );
  const references = (rule.references ?? []).map((r) => `  ${t(r.kind)}: ${t(r.id)}${r.title ? ` (${t(r.title)})` : ''}`);
  io.stdout(
    [
      `${t(rule.id)} ${t(rule.name)}`,
      t(rule.title),
      `severity: ${rule.severity}   area: ${t(rule.area)}   applies to: ${rule.resourceTypes.map((type) => t(type)).join(', ')}`,
      `file: ${t(rule.file)}`,
      '',
      t(ruleHelpText(rule), 'block'),
      ...(parameters.length ? ['', 'Parameters:', ...parameters] : []),
      ...(references.length ? ['', 'References:', ...references] : []),
      ...documentation(rule),
    ].join('\n') + '\n',
  );
  return 0;
}

function documentation(rule: CompiledRule): string[] {
  const uri = ruleHelpUri(rule);
  return uri === undefined ? [] : ['', `Documentation: ${t(uri)}`];
}

export function rulesValidateCommand(options: { directories: string[] }, io: CliIO): number {
  const rules = loadRules({ directories: options.directories, builtin: false });
  printRuleWarnings(rules, io);
  io.stdout(`${count(rules.length, 'rule file')} valid in ${options.directories.join(', ')}\n`);
  return 0;
}

/** Paths the Azure REST API does not define for a rule's types: worth a look, not a failure (Azure adds properties). */
function printRuleWarnings(rules: readonly CompiledRule[], io: CliIO): void {
  for (const warning of rules.flatMap(ruleWarnings)) io.stderr(`warning: ${t(warning)}\n`);
}

/** Runs the test cases beside each rule in the folders (rules/x/MY-001.test.json): 0 all hold, 1 a case fails or a rule is untested, 2 a test file is malformed. */
export function rulesTestCommand(options: { directories: string[]; quiet: boolean }, io: CliIO): number {
  const results = runRuleTests(options.directories);
  printRuleWarnings(results.flatMap((result) => (result.rule ? [result.rule] : [])), io);
  io.stdout(formatRuleTests(results, { quiet: options.quiet }));
  return ruleTestsExitCode(results);
}
