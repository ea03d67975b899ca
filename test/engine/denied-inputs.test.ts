import { evaluate } from '../../src/engine/evaluate.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { withAncestorTypes } from '../../src/engine/required-types.js';
import type { Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { TYPE_NAMES } from '../../src/facts/resource-types.js';
import { typeKey } from '../../src/ids.js';
import { renderHtml } from '../../src/report/html.js';
import { jsonReport } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { sarifLog } from '../../src/report/sarif.js';
import { renderTerminal } from '../../src/report/terminal.js';
import { scan } from '../../src/scan.js';
import { loadEstate } from '../../src/sources/load-estate.js';

/**
 * A rule whose inputs could not be read is never counted as passing: for every built-in rule and
 * every type it requires, an estate in which that type was denied leaves the rule *not evaluated*
 * in that subscription. The research subscription of the sample estate holds something for every
 * rule to look at, so "not evaluated" is never the trivial answer of an empty estate.
 */

const RESEARCH = 'examples/estate/subscription-research.json';
/** The Kubernetes objects of the research subscription's GPU cluster: what the kubernetes rules look at. */
const RESEARCH_CLUSTER_OBJECTS = 'examples/estate/kubernetes-aks-research-gpu.json';
const rules = loadRules();
const research = loadEstate([RESEARCH, RESEARCH_CLUSTER_OBJECTS]);
const subscriptionId = research.scopes[0].subscriptionId;

/** The research estate as a collection that was refused `type` sees it: none of it, nor anything listed under it. */
function denying(type: string): Estate {
  const denied = typeKey(type);
  return {
    ...research,
    resources: research.resources.filter((entry) => !withAncestorTypes([entry.type]).some((ancestor) => typeKey(ancestor) === denied)),
    coverage: [
      ...research.coverage.filter((entry) => typeKey(entry.resourceType) !== denied),
      { subscriptionId, resourceType: type, status: 'denied', message: 'AuthorizationFailed: the client does not have authorization to perform action read' },
    ],
  };
}

const cases = rules.flatMap((rule) => rule.requiredTypeKeys.map((type) => [rule.id, type] as const));

describe('every built-in rule with one of its inputs denied', () => {
  it('has inputs to deny: its own types, and for rules that read other types, those', () => {
    expect(rules.length).toBeGreaterThanOrEqual(32);
    for (const rule of rules) expect(rule.requiredTypeKeys).toEqual(expect.arrayContaining(rule.resourceTypeKeys));
  });

  it.each(cases)('%s with %s denied: not evaluated there, never passed or failed', (ruleId, type) => {
    const rule = rules.find((candidate) => candidate.id === ruleId)!;
    const estate = denying(type);
    const evaluation = evaluate([rule], enrichEstate(estate), estate);
    expect(evaluation.counts.get(ruleId)).toMatchObject({ pass: 0, fail: 0 });
    expect(evaluation.counts.get(ruleId)!.notEvaluated).toBeGreaterThan(0);
    expect(evaluation.notEvaluated).toContainEqual(expect.objectContaining({ ruleId, subscriptionId }));
    expect(evaluation.findings).toEqual([]);
  });
});

describe('a snapshot whose coverage denies the managed clusters (the reproduction of issue 10)', () => {
  const CLUSTER_RULES = ['AIS-AKS-001', 'AIS-AKS-009', 'AIS-AKS-010', 'AIS-QUOTA-003'];
  const result = scan({ estate: denying(TYPE_NAMES.managedCluster), failOn: 'none', recordOutcomes: true });

  it('counts every rule about clusters, their pools or namespaces as not evaluated, none as passed', () => {
    const clusterDerived = result.rules.filter((rule) => rule.requiredTypeKeys.includes(typeKey(TYPE_NAMES.managedCluster))).map((rule) => rule.id);
    expect(clusterDerived).toEqual(expect.arrayContaining(CLUSTER_RULES));
    for (const id of clusterDerived) {
      expect({ id, ...result.counts[id] }).toMatchObject({ id, pass: 0, fail: 0 });
      expect({ id, notEvaluated: result.counts[id].notEvaluated > 0 }).toEqual({ id, notEvaluated: true });
    }
  });

  it('says so in the JSON counts, the JUnit errors, the Markdown and HTML tables and the SARIF notifications', () => {
    const json = jsonReport(result);
    const junit = renderJunit(result);
    const markdown = renderMarkdown(result);
    const html = renderHtml(result);
    for (const id of CLUSTER_RULES) {
      expect(json.rules.find((rule) => rule.id === id)!.counts).toMatchObject({ pass: 0, fail: 0, notEvaluated: 1 });
      expect(junit).toMatch(new RegExp(`<testsuite name="${id} [^"]*" tests="1" failures="0" errors="1"`));
      expect(html).toMatch(new RegExp(`<code>${id}</code>.*?<td>0</td><td>0</td><td>0</td><td>1</td></tr>`));
    }
    // The quota area's other rules read no cluster: its one not-evaluated count is AIS-QUOTA-003's.
    expect(markdown).toMatch(/^\| quota \| 7 \| \d+ \| \d+ \| \d+ \| 1 \|$/m);
    const notifications = sarifLog(result).runs[0].invocations![0].toolExecutionNotifications!;
    const gap = notifications.find((notification) => notification.descriptor?.id === 'AIS-COVERAGE-GAP' && notification.properties?.resourceType === TYPE_NAMES.managedCluster);
    expect(gap?.properties?.rulesNotEvaluated).toEqual(expect.arrayContaining(CLUSTER_RULES));
    for (const id of CLUSTER_RULES) expect(gap?.message.text).toContain(id);
  });

  it('names the rules each gap left not evaluated, in the terminal summary and the Markdown and HTML gap tables', () => {
    const gapRow = renderMarkdown(result).split('\n').find((line) => line.includes(TYPE_NAMES.managedCluster) && line.startsWith('|'))!;
    const terminal = renderTerminal(result);
    const html = renderHtml(result);
    // The Markdown and terminal lists are cut after 12 ids: AIS-AKS-001, -009 and -010 sort among the first.
    for (const id of ['AIS-AKS-001', 'AIS-AKS-009', 'AIS-AKS-010']) {
      expect(gapRow).toContain(id);
      expect(terminal).toMatch(new RegExp(`not evaluated: .*${id}`));
    }
    for (const id of CLUSTER_RULES) expect(html).toMatch(new RegExp(`<td><code>${TYPE_NAMES.managedCluster}</code></td>.*${id}`));
  });
});
