import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { BUILTIN_RULES_DIR, loadRules } from '../../src/engine/load-rules.js';
import { renderRulePage, rulesTable } from '../../src/docs/rule-page.js';
import { ruleExamples } from '../../src/rule-tests/examples.js';
import { formatRuleTests } from '../../src/rule-tests/report.js';
import { runRuleTests } from '../../src/rule-tests/run-tests.js';
import { scan } from '../../src/scan.js';

const rules = loadRules();
/** The pack's own tests, run by the code `aiscan rules test rules/` runs. */
const tested = runRuleTests([BUILTIN_RULES_DIR]);
/** The two subscriptions, and the Kubernetes objects of their GPU cluster (as `npm start` scans them). */
const SAMPLE_ESTATE = ['examples/estate/subscription-research.json', 'examples/estate/subscription-production.json', 'examples/estate/kubernetes-aks-research-gpu.json'];

describe('the built-in rule pack', () => {
  it('has rules in every check area', () => {
    const areas = new Set(rules.map((rule) => rule.area));
    for (const area of ['rbac', 'identity', 'aks', 'network', 'quota']) expect(areas).toContain(area);
  });

  it('names each rule file after its id, in the folder of its area', () => {
    for (const rule of rules) {
      expect(basename(rule.file)).toBe(`${rule.id}.json`);
      expect(basename(dirname(rule.file))).toBe(rule.area);
    }
  });

  it('uses one spelling per property name across all rules (keys are matched ignoring case)', () => {
    const spellings = new Map<string, Set<string>>();
    for (const rule of rules) {
      for (const name of rule.propertyNames) {
        const set = spellings.get(name.toLowerCase()) ?? new Set<string>();
        set.add(name);
        spellings.set(name.toLowerCase(), set);
      }
    }
    const conflicts = [...spellings.values()].filter((set) => set.size > 1).map((set) => [...set].join(' / '));
    expect(conflicts).toEqual([]);
  });

  it('has a test file beside every rule and no test file without a rule', () => {
    expect(tested.filter((result) => !result.rule || result.status === 'untested').map((result) => result.testFile)).toEqual([]);
    expect(tested.map((result) => result.rule?.id).sort()).toEqual(rules.map((rule) => rule.id).sort());
  });

  it('has an up-to-date documentation page for every rule (npm run docs regenerates them)', () => {
    for (const rule of rules) {
      const page = join('docs', 'rules', `${rule.id}.md`);
      expect(existsSync(page) ? page : `missing ${page}`).toBe(page);
      if (existsSync(page)) expect(readFileSync(page, 'utf8')).toBe(renderRulePage(rule, ruleExamples(rule)));
    }
  });

  it('says on each page what the rule checks in words, paths and condition names, not as a pasted schema', () => {
    for (const rule of rules) {
      const page = renderRulePage(rule, ruleExamples(rule));
      const decides = page.slice(page.indexOf('## How it decides'), page.indexOf('## Examples'));
      expect({ rule: rule.id, decides }).toEqual({ rule: rule.id, decides: expect.stringContaining('A resource passes when:\n\n- ') });
      expect({ rule: rule.id, decides }).toEqual({ rule: rule.id, decides: expect.not.stringMatching(/```|satisfies `\{/) });
    }
  });

  it('lists every rule in the README table (npm run docs regenerates it)', () => {
    const readme = readFileSync('README.md', 'utf8');
    expect(readme).toContain(rulesTable(rules));
  });

  it('both passes and fails somewhere in the sample estate', () => {
    const result = scan({ snapshots: SAMPLE_ESTATE, failOn: 'none' });
    const neverBoth = rules
      .filter((rule) => !(result.counts[rule.id].pass > 0 && result.counts[rule.id].fail > 0))
      .map((rule) => `${rule.id} pass=${result.counts[rule.id].pass} fail=${result.counts[rule.id].fail}`);
    expect(neverBoth).toEqual([]);
  });
});

describe.each(rules.map((rule) => [rule.id] as const))('%s', (id) => {
  const result = tested.find((candidate) => candidate.rule?.id === id);
  const kinds = new Set(result?.cases.map((c) => c.located.kind));

  it('has at least one passing, one failing and one not-applicable case', () => {
    expect([...kinds].sort()).toEqual(['invalid', 'notApplicable', 'valid']);
  });

  it('passes every case in its test file (the readable diff of aiscan rules test shows otherwise)', () => {
    expect(result && result.status === 'passed' ? 'passed' : formatRuleTests(result ? [result] : [])).toBe('passed');
  });
});
