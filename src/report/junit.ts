import type { ItemOutcome } from '../engine/evaluate.js';
import type { CompiledRule } from '../engine/rule.js';
import { idKey } from '../ids.js';
import { addTo, entryOf } from '../multimap.js';
import type { GatedFinding, ScanResult } from '../scan.js';
import { visibleText, type TextShape } from '../text/visible-text.js';
import { compareText } from '../text/order.js';

/**
 * aiscan.junit.xml for test-result tabs (Azure DevOps, GitLab, Jenkins): one test suite per rule,
 * one test case per rule × resource. A finding is a failure; an accepted (suppressed) finding and a
 * resource the rule does not apply to are skipped, with the reason; a resource that could not be
 * evaluated because data was not read is an error, so it never shows as passed.
 */
export function renderJunit(result: ScanResult): string {
  return [...junitChunks(result)].join('');
}

/**
 * The same text, a test suite's cases a batch at a time: with every rule × resource outcome of a
 * large estate the report is hundreds of megabytes, and held whole it more than doubled the scan's
 * peak memory. The cases are counted first, for the totals the root element carries.
 */
export function* junitChunks(result: ScanResult): Generator<string> {
  const findings = findingsByRule(result.findings);
  const outcomes = result.outcomes ?? findingsAsOutcomes(result.findings);
  const outcomesByRule = groupOutcomes(outcomes);
  const resources = resourcesOf(outcomes);
  const seconds = secondsBetween(result.startedAt, result.finishedAt);
  const suites = [...result.rules.map((rule) => suite(rule, outcomesByRule.get(rule.id) ?? [], resources, findings.get(rule.id), result)), ...configSuite(result)];
  const totals = suites.reduce(
    (sum, s) => ({ tests: sum.tests + s.tests, failures: sum.failures + s.failures, errors: sum.errors + s.errors, skipped: sum.skipped + s.skipped }),
    { tests: 0, failures: 0, errors: 0, skipped: 0 },
  );
  const note = result.outcomes
    ? ''
    : '  <!-- Only failures are listed: the scan did not record passing and not-applicable outcomes. -->\n';
  yield '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<testsuites name="aiscan" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" skipped="${totals.skipped}" time="${seconds}">\n` +
    note;
  for (const s of suites) yield* s.chunks();
  yield '</testsuites>\n';
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

interface Suite extends Counts {
  /** Its text, made when asked for. */
  chunks: () => Iterable<string>;
}

/** Test cases joined into one chunk. */
const CASES_PER_CHUNK = 256;

/** What a rule × resource outcome is in the report, and which total it counts in besides `tests`. */
type CaseKind = 'pass' | 'notApplicable' | 'notEvaluated' | 'suppressed' | 'failure';
const COUNTED_AS: Record<CaseKind, keyof Counts | undefined> = { pass: undefined, notApplicable: 'skipped', notEvaluated: 'errors', suppressed: 'skipped', failure: 'failures' };

/** An outcome with its resource and its finding. */
interface Case {
  outcome: ItemOutcome;
  resource: Resource;
  finding: GatedFinding | undefined;
}

/** What every test case of a resource shares, made once per resource rather than once per rule. */
interface Resource {
  key: string;
  /** Its place in the cases' order: by id key in English collation, equal where the collation finds the keys equal. */
  rank: number;
  /** The id as a test case's name, escaped. */
  name: string;
}

/**
 * The resources of these outcomes, by id. Ranking the keys once costs one sort of the resources;
 * each suite then sorts its cases by number: comparing collated text in every suite's sort took a
 * tenth of a 100k-resource report.
 */
function resourcesOf(outcomes: readonly ItemOutcome[]): Map<string, Resource> {
  const byId = new Map<string, Resource>();
  for (const { resourceId } of outcomes) {
    if (!byId.has(resourceId)) byId.set(resourceId, { key: idKey(resourceId), rank: 0, name: xml(resourceId) });
  }
  const ordered = [...byId.values()].sort((a, b) => compareText(a.key, b.key));
  let rank = 0;
  ordered.forEach((resource, index) => {
    if (index > 0 && compareText(ordered[index - 1].key, resource.key) !== 0) rank++;
    resource.rank = rank;
  });
  return byId;
}

function caseKind(outcome: ItemOutcome, finding: GatedFinding | undefined): CaseKind {
  if (outcome.outcome === 'fail') return finding?.suppression ? 'suppressed' : 'failure';
  return outcome.outcome;
}

function suite(rule: CompiledRule, outcomes: readonly ItemOutcome[], resources: Map<string, Resource>, findings: Map<string, GatedFinding> | undefined, result: ScanResult): Suite {
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const classname = xml(`aiscan.${rule.area}.${rule.id}`);
  const cases: Case[] = outcomes.map((outcome) => {
    const resource = resources.get(outcome.resourceId)!;
    return { outcome, resource, finding: findings?.get(resource.key) };
  });
  cases.sort((a, b) => a.resource.rank - b.resource.rank);
  for (const { outcome, finding } of cases) {
    counts.tests++;
    const total = COUNTED_AS[caseKind(outcome, finding)];
    if (total) counts[total]++;
  }
  const gaps = result.notEvaluated.filter((entry) => entry.ruleId === rule.id);
  counts.tests += gaps.length;
  counts.errors += gaps.length;

  const testCase = ({ outcome, resource, finding }: Case): string => {
    const open = `    <testcase classname="${classname}" name="${resource.name}" time="0"`;
    switch (caseKind(outcome, finding)) {
      case 'pass':
        return `${open}/>\n`;
      case 'notApplicable':
        return `${open}>\n      <skipped message="not applicable: the rule's conditions do not select this ${xml(outcome.resourceType)}"/>\n    </testcase>\n`;
      case 'notEvaluated':
        return `${open}>\n      <error type="NotEvaluated" message="not evaluated: data this rule needs was not read in this subscription"/>\n    </testcase>\n`;
      case 'suppressed': {
        const suppression = finding!.suppression!;
        const until = suppression.permanent ? 'permanently' : `until ${suppression.expires}`;
        return `${open}>\n      <skipped message="${xml(`suppressed ${until}: ${suppression.justification}`)}"/>\n    </testcase>\n`;
      }
      case 'failure':
        return `${open}>\n      <failure type="${rule.severity}" message="${xml(finding?.message ?? rule.title)}">${xml(failureText(rule, finding), 'block')}</failure>\n    </testcase>\n`;
    }
  };
  const gapCase = (gap: (typeof gaps)[number]): string =>
    `    <testcase classname="${classname}" name="${xml(`subscription ${gap.subscriptionId}: ${gap.resourceType}`)}" time="0">\n` +
    `      <error type="NotEvaluated" message="${xml(`not evaluated: ${gap.reason}`)}"/>\n    </testcase>\n`;

  return {
    ...counts,
    *chunks() {
      yield `  <testsuite name="${xml(`${rule.id} ${rule.title}`)}" tests="${counts.tests}" failures="${counts.failures}" errors="${counts.errors}" skipped="${counts.skipped}" time="0" timestamp="${xml(result.startedAt.replace(/\.\d+Z$/, ''))}">\n` +
        `    <properties>\n      <property name="severity" value="${rule.severity}"/>\n      <property name="area" value="${xml(rule.area)}"/>\n    </properties>\n`;
      let batch: string[] = [];
      for (const entry of cases) {
        batch.push(testCase(entry));
        if (batch.length === CASES_PER_CHUNK) {
          yield batch.join('');
          batch = [];
        }
      }
      // One per subscription and resource type at most: no batches needed.
      for (const gap of gaps) batch.push(gapCase(gap));
      yield batch.join('') + '  </testsuite>\n';
    },
  };
}

/**
 * What the configuration changed about the built-in checks, as skipped test cases of their own
 * suite: a disabled rule, a lowered severity or a narrowed scope shows in the tests tab as a test
 * that did not run as shipped, with the reason.
 */
function configSuite(result: ScanResult): Suite[] {
  const changes = result.configChanges;
  if (changes.length === 0) return [];
  const cases = changes.map(
    (change) =>
      `    <testcase classname="aiscan.configuration" name="${xml(change.ruleId ?? change.kind)}" time="0">\n      <skipped message="${xml(change.text)}"/>\n    </testcase>\n`,
  );
  const xmlText =
    `  <testsuite name="Settings that change the built-in checks" tests="${changes.length}" failures="0" errors="0" skipped="${changes.length}" time="0" timestamp="${xml(result.startedAt.replace(/\.\d+Z$/, ''))}">\n` +
    cases.join('') +
    '  </testsuite>\n';
  return [{ chunks: () => [xmlText], tests: changes.length, failures: 0, errors: 0, skipped: changes.length }];
}

/**
 * What a reader of the tests tab needs to act: where, what fails, and the fix. Written as a block
 * of lines, so each value meant for one line is kept to one (`one`), lest a name add lines of its own.
 */
function failureText(rule: CompiledRule, finding: GatedFinding | undefined): string {
  const one = (text: string) => visibleText(text);
  if (!finding) return `${one(rule.title)}\nFix: ${one(rule.remediation.summary)}`;
  const lines = [
    one(finding.message),
    '',
    `Rule: ${one(rule.id)} ${one(rule.name)} (${rule.severity})`,
    `Resource: ${one(finding.resourceId)}`,
    `Where: ${one(finding.location.file)}:${finding.region.startLine}:${finding.region.startColumn}`,
  ];
  if (finding.failingPaths.length > 0) lines.push(`Failing: ${finding.failingPaths.map(one).join(', ')}`);
  if (finding.baselineState) lines.push(`Baseline: ${finding.baselineState}`);
  if (finding.expiredSuppression) lines.push(`Suppression expired on ${finding.expiredSuppression.expires}: ${one(finding.expiredSuppression.justification)}`);
  lines.push(`Fix: ${one(rule.remediation.summary)}`);
  if (rule.remediation.cli) lines.push('', rule.remediation.cli);
  lines.push('', 'Evidence:', finding.region.snippet);
  return lines.join('\n');
}

function groupOutcomes(outcomes: readonly ItemOutcome[]): Map<string, ItemOutcome[]> {
  const byRule = new Map<string, ItemOutcome[]>();
  for (const outcome of outcomes) addTo(byRule, outcome.ruleId, outcome);
  return byRule;
}

function findingsAsOutcomes(findings: readonly GatedFinding[]): ItemOutcome[] {
  return findings.map((f) => ({ ruleId: f.ruleId, resourceId: f.resourceId, resourceType: f.resourceType, outcome: 'fail' }));
}

/** Each rule's findings by their resource's id key. */
function findingsByRule(findings: readonly GatedFinding[]): Map<string, Map<string, GatedFinding>> {
  const byRule = new Map<string, Map<string, GatedFinding>>();
  for (const finding of findings) entryOf(byRule, finding.ruleId, () => new Map()).set(idKey(finding.resourceId), finding);
  return byRule;
}

function secondsBetween(start: string, end: string): string {
  return Math.max(0, (Date.parse(end) - Date.parse(start)) / 1000).toFixed(3);
}

const NOT_PLAIN = /[^\x20-\x7e]|[&<>"']/;

/**
 * Escapes for attributes and text. Text from the estate, the rules or the configuration enters the
 * report only through here. `visibleText` first: besides line breaks and invisible characters, it
 * shows as `\uXXXX` every character XML 1.0 cannot hold at all (C0 controls but tab and line
 * breaks, lone surrogates, U+FFFE, U+FFFF), which would make the whole file unreadable to a parser.
 */
export function xml(text: string, shape: TextShape = 'line'): string {
  // Printable ASCII but the five markup characters is left as it is by both steps.
  if (!NOT_PLAIN.test(text)) return text;
  return visibleText(text, shape)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}
