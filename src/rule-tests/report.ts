import { count } from '../text/count.js';
import { terminalText as t } from '../text/terminal-text.js';
import type { CaseResult, RuleTestResult, RuleTestStatus } from './run-tests.js';
import type { CaseKind } from './test-file.js';

const STATUS_WORDS: Record<RuleTestStatus, string> = {
  passed: 'ok',
  failed: 'FAILED',
  untested: 'NO TESTS',
  error: 'ERROR',
};

const KIND_WORDS: Record<CaseKind, string> = {
  valid: 'a valid case (one the rule passes)',
  invalid: 'an invalid case (one the rule fails)',
  notApplicable: 'a notApplicable case',
};

/**
 * What `aiscan rules test` prints: a line per rule, under a failing rule each failing case with
 * what was expected and what the rule did, then a summary. Every text that came from a file (ids,
 * names, paths, messages, resource ids) is one line through `terminalText`.
 */
export function formatRuleTests(results: readonly RuleTestResult[], options: { quiet?: boolean } = {}): string {
  const idWidth = Math.min(24, Math.max(0, ...results.map((result) => t(result.rule?.id ?? '').length)));
  const lines: string[] = [];
  for (const result of results) {
    if (options.quiet && result.status === 'passed') continue;
    const head = `${STATUS_WORDS[result.status].padEnd(8)} ${t(result.rule?.id ?? '').padEnd(idWidth)}`;
    if (result.status === 'error') {
      lines.push(`${head} ${t(result.error ?? '')}`);
      continue;
    }
    if (result.status === 'untested') {
      lines.push(`${head} ${t(result.rule!.file)}: no test file; write ${t(result.testFile)} (docs/rule-tests.md)`);
      continue;
    }
    const failing = result.cases.filter((c) => c.differences.length > 0);
    const count = failing.length > 0 ? `${failing.length} of ${result.cases.length} cases failed` : `${result.cases.length} cases`;
    lines.push(`${head} ${t(result.testFile)} (${count})`);
    for (const caseResult of failing) lines.push(...caseLines(caseResult));
    for (const kind of result.missing) lines.push(`    missing: ${KIND_WORDS[kind]}; every rule needs a case that passes it and one that breaks it`);
  }
  if (!options.quiet || results.some((result) => result.status !== 'passed')) {
    if (lines.length > 0) lines.push('');
    lines.push(summary(results));
  }
  return lines.length > 0 ? lines.join('\n') + '\n' : '';
}

function caseLines({ located, differences }: CaseResult): string[] {
  const named = located.testCase.name === undefined ? '' : ` ${t(located.testCase.name)}`;
  const lines = [`  x ${located.kind}[${located.index}]${named}`, `      ${'target'.padEnd(10)} ${t(located.testCase.target)}`];
  for (const difference of differences) {
    lines.push(`      ${difference.aspect.padEnd(10)} expected: ${t(difference.expected)}`);
    lines.push(`      ${''.padEnd(10)} actual:   ${t(difference.actual)}`);
  }
  return lines;
}

function summary(results: readonly RuleTestResult[]): string {
  const withStatus = (status: RuleTestStatus) => results.filter((result) => result.status === status).length;
  const cases = results.flatMap((result) => result.cases);
  const failedCases = cases.filter((c) => c.differences.length > 0).length;
  const rules = results.filter((result) => result.rule).length;
  const parts = [`${withStatus('passed')} passed`, `${withStatus('failed')} failed`];
  if (withStatus('untested')) parts.push(`${withStatus('untested')} without tests`);
  if (withStatus('error')) parts.push(`${count(withStatus('error'), 'test file')} in error`);
  return `${count(rules, 'rule')}: ${parts.join(', ')}; ${count(cases.length, 'case')} run, ${failedCases} failed`;
}
