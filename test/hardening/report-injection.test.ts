import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SaxesParser } from 'saxes';
import type { Log } from 'sarif';
import { withoutEmbeddedLinks } from '../../src/engine/message.js';
import { visibleText } from '../../src/text/visible-text.js';
import { runCli } from '../helpers/cli.js';
import { commonMark, elementsOf, linkableOutsideCode, openingTags, textOf } from '../helpers/markdown.js';
import { useTempDir } from '../helpers/temp.js';
import { scanInProcess, type Outcome } from './harness.js';
import { CARRIERS, PAYLOADS, writeHostileInputs, type Carrier, type HostileInputs, type Output } from './injection/hostile-text.js';

/**
 * The reports and the terminal output of a scan whose estate, rule folder and suppressions carry
 * hostile text (see injection/hostile-text.ts): the Markdown rendered by a CommonMark renderer, the
 * JUnit parsed by a conforming XML parser, the terminal output scanned for control characters and
 * CI commands. Every carrier's text must be there, as text, and nothing else may change. (The HTML
 * report is checked in headless Chromium, in report-injection-browser.test.ts.)
 */

const FORMATS = ['--format', 'sarif', 'json', 'md', 'html', 'junit'];

interface Scan {
  inputs: HostileInputs;
  outcome: Outcome;
  report: (file: string) => string;
}

async function scanWith(dir: string, payload: string): Promise<Scan> {
  const inputs = writeHostileInputs(dir, payload);
  const outcome = await scanInProcess(
    ['--snapshot', inputs.estate, '--rules', inputs.rules, '--suppressions', inputs.suppressions, '--fail-on', 'none', ...FORMATS],
    join(dir, 'out'),
  );
  return { inputs, outcome, report: (file) => readFileSync(join(outcome.out, file), 'utf8') };
}

/** How a carrier's text looks once shown: line breaks and invisible characters made visible (in a block, line breaks kept). */
function shown(carrier: Carrier, text: string): string {
  const raw = carrier.asJson ? JSON.stringify(text).slice(1, -1) : text;
  const visible = visibleText(raw, carrier.block ? 'block' : 'line');
  return carrier.caseFolded ? visible.toLowerCase() : visible;
}

/** The carriers an output shows whose text is not in `text`. */
function missing(scan: Scan, output: Output, text: string): string[] {
  const haystack = text.replace(/\\u003A/g, ':').replace(/\\u0023/g, '#'); // the terminal's neutralised CI commands
  return CARRIERS.filter((carrier) => carrier.shownIn.includes(output))
    .filter((carrier) => {
      const needle = shown(carrier, scan.inputs.held.get(carrier)!);
      return !(carrier.caseFolded ? haystack.toLowerCase() : haystack).includes(needle);
    })
    .map((carrier) => carrier.name);
}

/** No control or invisible character but line feeds, no line a CI runner would take as a command. */
function expectSafeForTerminal(text: string): void {
  expect(text.match(/[^\n\P{Cc}]|[\p{Cf}\p{Zl}\p{Zp}\p{Cs}\uFFFE\uFFFF]/gu) ?? []).toEqual([]);
  expect(text.split('\n').filter((line) => /^[\s\u0085]*::/.test(line) || /##(vso)?\[/i.test(line))).toEqual([]);
}

/** The elements aiscan's own Markdown makes, and the attributes markdown-it gives them. */
const MARKDOWN_ELEMENTS = new Set(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'a', 'hr']);
const MARKDOWN_ATTRIBUTES = /^<(?:\w+|th style="text-align:(?:right|left|center)"|td style="text-align:(?:right|left|center)"|code class="language-bash"|a href="https:\/\/github\.com\/aiscan\/aiscan\/blob\/main\/docs\/rules\/[A-Z0-9-]+\.md")>$/;

function expectOnlyOwnMarkdown(html: string): void {
  expect(elementsOf(html).filter((element) => !MARKDOWN_ELEMENTS.has(element))).toEqual([]);
  expect(openingTags(html).filter((tag) => !MARKDOWN_ATTRIBUTES.test(tag))).toEqual([]);
  expect(linkableOutsideCode(html)).toEqual([]);
}

/** Text and attribute values of an XML document, as a conforming parser reads them; throws on any well-formedness error. */
function parseXml(text: string): { text: string; elements: string[] } {
  const parser = new SaxesParser({ xmlns: false });
  const parts: string[] = [];
  const elements: string[] = [];
  parser.on('error', (error) => {
    throw error;
  });
  parser.on('text', (t) => parts.push(t));
  parser.on('opentag', (tag) => {
    elements.push(tag.name);
    parts.push(...Object.values(tag.attributes).map(String));
  });
  parser.write(text).close();
  return { text: parts.join('\n'), elements };
}

const count = (items: readonly string[], item: string) => items.filter((i) => i === item).length;

describe('hostile text in resource names, tags, role names, display names, coverage messages, rule files and suppressions', () => {
  const tmp = useTempDir('aiscan-injection-');
  let benign: Scan;
  beforeAll(async () => {
    benign = await scanWith(tmp.path('benign'), 'benign');
  });

  it('the benign run shows every carrier, so that the checks below cannot pass by showing nothing', () => {
    expect(benign.outcome.code).toBe(3); // the coverage gap
    const markdown = commonMark.render(benign.report('aiscan.md'));
    expect(missing(benign, 'markdown', textOf(markdown))).toEqual([]);
    expect(missing(benign, 'junit', parseXml(benign.report('aiscan.junit.xml')).text)).toEqual([]);
    expect(missing(benign, 'terminal', benign.outcome.stdout)).toEqual([]);
  });

  describe.each(Object.entries(PAYLOADS))('%s', (label, payload) => {
    let scan: Scan;
    beforeAll(async () => {
      scan = await scanWith(tmp.path(label.replace(/\W+/g, '-')), payload);
    });

    it('finds what the benign run finds, and keeps the text exactly in the JSON report', () => {
      expect(scan.outcome.code).toBe(benign.outcome.code);
      const json = JSON.parse(scan.report('aiscan.json')) as { findings: { ruleId: string; message: string }[] };
      const before = JSON.parse(benign.report('aiscan.json')) as typeof json;
      expect(json.findings.map((f) => f.ruleId).sort()).toEqual(before.findings.map((f) => f.ruleId).sort());
      const hostile = json.findings.find((f) => f.ruleId === 'HOSTILE-TEXT-001')!;
      const resourceName = CARRIERS.find((c) => c.name === 'resource name')!;
      // Exactly as read, but for the one change every message gets: no SARIF embedded link (see engine/message.ts).
      expect(hostile.message.startsWith(`VM ${withoutEmbeddedLinks(scan.inputs.held.get(resourceName)!)}: `)).toBe(true);
    });

    it('Markdown, rendered: only the elements aiscan writes, every finding and table row, every carrier as text', () => {
      const html = commonMark.render(scan.report('aiscan.md'));
      const before = commonMark.render(benign.report('aiscan.md'));
      expectOnlyOwnMarkdown(html);
      for (const element of ['h2', 'h3', 'tr', 'td', 'li', 'a', 'pre']) expect([element, count(elementsOf(html), element)]).toEqual([element, count(elementsOf(before), element)]);
      expect(missing(scan, 'markdown', textOf(html))).toEqual([]);
    });

    it('SARIF: no message a viewer would turn into a link (SARIF embedded links, `[text](target)`)', () => {
      const log = JSON.parse(scan.report('aiscan.sarif')) as Log;
      const messages = [
        ...(log.runs[0].results ?? []).map((result) => result.message.text ?? ''),
        ...(log.runs[0].invocations ?? []).flatMap((invocation) => (invocation.toolExecutionNotifications ?? []).map((n) => n.message.text ?? '')),
      ];
      expect(messages.length).toBeGreaterThan(0);
      expect(messages.filter((text) => text.includes(']('))).toEqual([]);
    });

    it('JUnit, parsed: well-formed, every test case, every carrier as text', () => {
      const parsed = parseXml(scan.report('aiscan.junit.xml'));
      const before = parseXml(benign.report('aiscan.junit.xml'));
      for (const element of ['testsuite', 'testcase', 'failure', 'skipped', 'error']) {
        expect([element, count(parsed.elements, element)]).toEqual([element, count(before.elements, element)]);
      }
      expect(missing(scan, 'junit', parsed.text)).toEqual([]);
    });

    it('terminal: no control character, no CI command, every carrier shown', () => {
      expectSafeForTerminal(scan.outcome.stdout + scan.outcome.stderr);
      expect(missing(scan, 'terminal', scan.outcome.stdout)).toEqual([]);
    });

    it('terminal: rules list and rules show print the user rule safely', async () => {
      const list = await runCli('rules', 'list', '--rules', scan.inputs.rules);
      const show = await runCli('rules', 'show', 'HOSTILE-TEXT-001', '--rules', scan.inputs.rules);
      const json = await runCli('rules', 'list', '--json', '--rules', scan.inputs.rules);
      for (const run of [list, show, json]) {
        expect(run.code).toBe(0);
        expectSafeForTerminal(run.stdout + run.stderr);
      }
      // What the terminal shows as \uXXXX is a JSON escape: JSON output stays JSON, and reads back exactly.
      const hostile = (JSON.parse(json.stdout) as { id: string; title: string; area: string }[]).find((rule) => rule.id === 'HOSTILE-TEXT-001')!;
      expect(hostile.title).toBe(`Hostile title: ${scan.inputs.held.get(CARRIERS.find((c) => c.name === 'rule title')!)}`);
      const [area, title, command] = ['rule area', 'rule title', 'rule command'].map((name) => CARRIERS.find((c) => c.name === name)!);
      for (const [carrier, output] of [
        [area, list.stdout],
        [title, list.stdout],
        [title, show.stdout],
        [command, show.stdout],
      ] as const) {
        expect(output.replace(/\\u003A/g, ':').replace(/\\u0023/g, '#')).toContain(shown(carrier, scan.inputs.held.get(carrier)!));
      }
    });

    it('diff of the benign and the hostile SARIF: text safe for a terminal, Markdown that stays text', async () => {
      const [before, after] = [benign, scan].map((s) => join(s.outcome.out, 'aiscan.sarif'));
      const text = await runCli('diff', before, after);
      const markdown = await runCli('diff', before, after, '--format', 'md');
      for (const run of [text, markdown]) {
        expect(run.code).toBe(0);
        expectSafeForTerminal(run.stdout + run.stderr);
      }
      expect(text.stdout).toMatch(/: 0 new, 0 fixed, \d+ updated, \d+ unchanged\n/);
      expectOnlyOwnMarkdown(commonMark.render(markdown.stdout));
    });

    it('an error naming a file: one line, safe for a terminal', async () => {
      const run = await runCli('scan', '--snapshot', join(tmp.path('nowhere'), `${payload.replace(/[/\0]/g, '_')}.json`), '--out', tmp.path('unused'));
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')).toEqual([expect.stringMatching(/^aiscan: /), '']);
      expectSafeForTerminal(run.stderr);
    });
  });
});
