import { SaxesParser } from 'saxes';
import { scanDemoAudit } from '../helpers/demo-audit.js';
import { renderJunit, xml } from '../../src/report/junit.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { SAMPLE_ESTATE } from '../helpers/cli.js';
import { visibleText } from '../../src/text/visible-text.js';

/** Tags balance and every `&` starts an entity: enough to know a consumer's XML parser will accept it. */
function expectWellFormed(text: string): void {
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
  const body = text.replace(/<\?xml[^>]*\?>/, '').replace(/<!--[\s\S]*?-->/g, '');
  expect(body.match(/&(?!(amp|lt|gt|quot|apos);)/g)).toBeNull();
  const stack: string[] = [];
  for (const [, close, name, selfClosing] of body.matchAll(/<(\/?)([A-Za-z-]+)[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (close) expect(stack.pop()).toBe(name);
    else stack.push(name);
  }
  expect(stack).toEqual([]);
}

describe('aiscan.junit.xml', () => {
  let result: ScanResult;
  let junit: string;
  beforeAll(() => {
    result = scanDemoAudit();
    junit = renderJunit(result);
  });

  it('is well-formed XML', () => {
    expectWellFormed(junit);
  });

  it('has one test suite per rule and one test case per rule × resource evaluated', () => {
    expect(junit.match(/<testsuite /g)).toHaveLength(result.rules.length);
    const outcomes = Object.values(result.counts).reduce((sum, c) => sum + c.pass + c.fail + c.notApplicable + c.notEvaluated, 0);
    expect(junit.match(/<testcase /g)).toHaveLength(outcomes);
    expect(junit).toMatch(new RegExp(`^<testsuites name="aiscan" tests="${outcomes}" `, 'm'));
  });

  it('fails a test case for each unsuppressed finding, with the message, location, fix and evidence', () => {
    const unsuppressed = result.findings.filter((f) => !f.suppression);
    expect(junit.match(/<failure /g)).toHaveLength(unsuppressed.length);
    const pool = result.findings.find((f) => f.ruleId === 'AIS-AKS-001' && f.resourceName === 'gpuh100')!;
    const testcase = junit.slice(junit.indexOf(`name="${pool.resourceId}"`));
    expect(testcase).toMatch(/^name="[^"]+" time="0">\n {6}<failure type="high" message="GPU node pool gpuh100/);
    expect(testcase).toContain(`Where: ${pool.location.file}:${pool.region.startLine}:`);
    expect(testcase).toContain('Baseline: new');
    expect(testcase).toContain('Fix: ');
    expect(testcase).toContain('Evidence:\n{\n');
  });

  it('skips accepted findings and resources a rule does not apply to, saying why', () => {
    expect(junit).toMatch(/<skipped message="suppressed until 2027-01-31: Quota increase/);
    expect(junit).toMatch(/<skipped message="not applicable: /);
  });

  it('lists passes as plain test cases, classed by area and rule', () => {
    expect(junit).toMatch(/<testcase classname="aiscan\.aks\.AIS-AKS-001" name="\/subscriptions\/[^"]+" time="0"\/>/);
  });

  it('makes a resource that could not be read an error, never a pass', () => {
    const base = scan({ snapshots: [SAMPLE_ESTATE[1]], failOn: 'none', recordOutcomes: true });
    const gap = { subscriptionId: base.scopes[0].subscriptionId, resourceType: '*', status: 'denied' as const, message: 'AuthorizationFailed' };
    const withGap = scan({
      estate: { resources: [], scopes: base.scopes, coverage: [gap], files: [], warnings: [] },
      failOn: 'none',
      recordOutcomes: true,
    });
    const text = renderJunit(withGap);
    expect(text).toMatch(/<error type="NotEvaluated" message="not evaluated: \* was denied: AuthorizationFailed"\/>/);
    expect(text).not.toMatch(/time="0"\/>/);
  });

  it("orders each suite's test cases by resource id in English collation, in the evaluation's order where ids collate equal", () => {
    const [first, second] = result.rules;
    const id = (name: string) => `/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
    const composed = id('\u00E9clair');
    const decomposed = id('e\u0301clair'); // collates equal to the composed form: the evaluation's order stays
    const pass = (ruleId: string, resourceId: string) => ({ ruleId, resourceId, resourceType: 'Microsoft.Compute/virtualMachines', outcome: 'pass' as const });
    const names = ['Zeta', 'b', 'alpha', 'Beta', 'zeta/'].map(id);
    const ordered: ScanResult = {
      ...result,
      rules: [first, second],
      findings: [],
      notEvaluated: [],
      configChanges: [],
      outcomes: [...[...names, composed, decomposed].map((name) => pass(first.id, name)), ...[decomposed, ...names, composed].map((name) => pass(second.id, name))],
    };
    const suites = renderJunit(ordered).split('<testsuite ').slice(1);
    const caseNames = (suite: string) => [...suite.matchAll(/<testcase [^>]* name="[^"]*\/virtualMachines\/([^"]*)"/g)].map((match) => match[1]);
    expect(caseNames(suites[0])).toEqual(['alpha', 'b', 'Beta', '\u00E9clair', 'e\u0301clair', 'Zeta', 'zeta/']);
    expect(caseNames(suites[1])).toEqual(['alpha', 'b', 'Beta', 'e\u0301clair', '\u00E9clair', 'Zeta', 'zeta/']);
  });

  it('falls back to failures only when outcomes were not recorded, and says so', () => {
    const { outcomes: _dropped, ...withoutOutcomes } = result;
    const text = renderJunit(withoutOutcomes);
    expect(text).toContain('Only failures are listed');
    expect(text.match(/<testcase /g)).toHaveLength(result.findings.length);
  });

  it('stays well-formed for a conforming XML parser whatever a name or a message holds', () => {
    const forbidden = Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('') + '\u007F\u0085\uDFFF\uD800\uFFFE\uFFFF]]><!--&x;';
    const [first, ...rest] = result.findings.filter((f) => !f.suppression);
    const poisoned: ScanResult = {
      ...result,
      findings: [{ ...first, message: forbidden, resourceId: `${first.resourceId}${forbidden}`, region: { ...first.region, snippet: forbidden } }, ...rest],
      outcomes: result.outcomes!.map((o) => (o.resourceId === first.resourceId && o.ruleId === first.ruleId ? { ...o, resourceId: `${first.resourceId}${forbidden}` } : o)),
    };
    const parser = new SaxesParser();
    const failures: string[] = [];
    let cases = 0;
    parser.on('error', (error) => {
      throw error;
    });
    parser.on('opentag', (tag) => {
      if (tag.name === 'testcase') cases++;
      if (tag.name === 'failure') failures.push(String(tag.attributes.message));
    });
    parser.write(renderJunit(poisoned)).close();
    expect(cases).toBe(junit.match(/<testcase /g)!.length);
    // Read back: every character shown, none of them able to end the attribute or the document.
    expect(failures.find((message) => message.startsWith('\\u0000\\u0001'))).toMatch(/\\u001F\\u007F \\uDFFF\\uD800\\uFFFE\\uFFFF\]\]><!--&x;$/);
  });

  it('escapes markup, and shows the characters XML cannot hold as escapes', () => {
    expect(xml('a<b>&"c\'\u0001\u0008d\uFFFE\uD800')).toBe('a&lt;b&gt;&amp;&quot;c&apos;\\u0001\\u0008d\\uFFFE\\uD800');
  });

  it('leaves a text as it is only where neither markup nor an invisible character needs escaping', () => {
    // Every character of the first 256 code points and a few beyond, alone and between plain text.
    const characters = [...Array.from({ length: 256 }, (_, c) => String.fromCharCode(c)), '\u2028', '\u202E', '\uFEFF', '\uD800', '\uFFFF', '😀'];
    for (const character of characters) {
      for (const text of [character, `gpu-${character}-pool`]) {
        const unchanged = !/[&<>"']/.test(text) && visibleText(text) === text;
        expect([text, xml(text) === text]).toEqual([text, unchanged]);
      }
    }
  });
});
