/**
 * Regenerates docs/rules/<ID>.md for every built-in rule and the rules table in README.md.
 * Run with `npm run docs`; test/rules/rule-pack.test.ts fails when either is out of date.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadRules } from '../src/engine/load-rules.js';
import { renderRulePage, rulesTable } from '../src/docs/rule-page.js';
import { ruleExamples } from '../src/rule-tests/examples.js';

const START = '<!-- rules-table:start -->';
const END = '<!-- rules-table:end -->';

const rules = loadRules();
mkdirSync(join('docs', 'rules'), { recursive: true });
for (const rule of rules) {
  // The examples are the rule's test cases, beside it: rules/<area>/<ID>.test.json.
  const examples = ruleExamples(rule);
  if (examples.valid.length + examples.invalid.length === 0) console.warn(`warning: ${rule.id} has no test cases; its page has no examples`);
  writeFileSync(join('docs', 'rules', `${rule.id}.md`), renderRulePage(rule, examples));
}
const readme = readFileSync('README.md', 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md has no ${START} … ${END} markers`);
writeFileSync('README.md', readme.slice(0, start + START.length) + '\n' + rulesTable(rules) + '\n' + readme.slice(end));
console.log(`wrote ${rules.length} rule pages and the README rules table`);
