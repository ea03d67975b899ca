import { createHash } from 'node:crypto';
import { renderTrendHtml } from '../../src/report/trend-html.js';
import { renderTrendMarkdown } from '../../src/report/trend-markdown.js';
import { esc } from '../../src/report/html/escape.js';
import type { RunRecord, SuppressionGroup, TrackedFinding } from '../../src/trend/read-run.js';
import { computeTrend, type Trend } from '../../src/trend/trend.js';
import { visibleText } from '../../src/text/visible-text.js';
import { PAYLOADS } from '../hardening/injection/hostile-text.js';
import { commonMark, elementsOf, linkableOutsideCode, openingTags, textOf } from '../helpers/markdown.js';

const SUB_A = '11111111-1111-1111-1111-111111111111';
const SUB_B = '22222222-2222-2222-2222-222222222222';

/**
 * Three nights whose every text from the estate or the SARIF files is `text`: night 2 fixes b and
 * finds c; night 3 cannot read subscription B (d not re-checked), and has a suppression ending
 * soon and one expired.
 */
function nights(text: string): RunRecord[] {
  const finding = (name: string, more: Partial<TrackedFinding> = {}): TrackedFinding => ({
    ruleId: `AIS-${name.toUpperCase()}-001`,
    severity: 'high',
    resourceId: `/subscriptions/${SUB_A}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}-${text}`,
    subscriptionId: SUB_A,
    suppressed: false,
    ...more,
  });
  const a = finding('a', { severity: 'critical', ruleId: `CUSTOM-${text}`, firstDetectedAt: '2026-10-01T02:00:00.000Z' });
  const b = finding('b', { severity: 'medium' });
  const c = finding('c', { severity: 'low' });
  const d = finding('d', { severity: 'info', subscriptionId: SUB_B, resourceId: `/subscriptions/${SUB_B}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/d-${text}` });
  const s = finding('s', { suppressed: true });
  const group = (expires: string, status: SuppressionGroup['status'], findings: number): SuppressionGroup => ({
    status,
    justification: `${status} ${text}`,
    expires,
    source: `aiscan.suppressions.json#/suppressions/${text}`,
    owner: text,
    ticket: text,
    findings,
  });
  const run = (day: string, findings: Record<string, TrackedFinding>, more: Partial<RunRecord> = {}): RunRecord => ({
    file: `history/${day}/${text}.sarif`,
    startedAt: `2026-11-${day}T02:00:00.000Z`,
    findings: new Map(Object.entries(findings)),
    fixedByScan: new Set(),
    unverified: new Map(),
    gaps: { everywhere: false, subscriptions: new Set() },
    suppressions: [],
    baseline: `history/${text}/aiscan.sarif`,
    ...more,
  });
  return [
    run('01', { a, b, d }, { baseline: undefined }),
    run('02', { a, c, d, s }, { fixedByScan: new Set(['b']) }),
    run(
      '03',
      { a, c, s },
      {
        gaps: { everywhere: false, subscriptions: new Set([SUB_B]) },
        suppressions: [group('2026-11-20', 'accepted', 1), group('2026-10-31', 'rejected', 2), group('2027-06-30', 'accepted', 4)],
        messages: new Map([
          ['a', `Message ${text}`],
          ['c', `Another ${text}`],
        ]),
      },
    ),
  ];
}

function trendOf(text: string): Trend {
  return computeTrend(nights(text), { top: 20, expiringWithinDays: 30 });
}

const count = (items: readonly string[], item: string) => items.filter((i) => i === item).length;

/** The elements aiscan's trend Markdown makes; markdown-it aligns numeric columns with a style attribute. */
const MARKDOWN_ELEMENTS = new Set(['h1', 'h2', 'p', 'strong', 'em', 'code', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li']);
const MARKDOWN_TAGS = /^<(?:\w+|t[hd] style="text-align:right")>$/;

/** The elements of the trend page: its own, the SVG charts', nothing from the data. */
const HTML_ELEMENTS = new Set(
  '!,html,head,meta,title,style,body,header,h1,h2,p,main,div,figure,figcaption,svg,line,text,g,rect,ul,li,span,section,table,thead,tbody,tr,th,td,code,strong,br,footer'.split(','),
);

describe('aiscan-trend.md', () => {
  const markdown = renderTrendMarkdown(trendOf('x'));

  it('says where the latest run stands and what changed', () => {
    expect(markdown).toContain('**3 runs**, 2026-11-01 02:00:00 UTC to 2026-11-03 02:00:00 UTC. Latest run: **2 open (1 critical, 0 high, 0 medium, 1 low, 0 info)**, 1 suppressed, 1 not re-checked.');
    expect(markdown).toContain('Within these runs: 2 new, 1 fixed; mean time to fix ≥ 1 day (median ≥ 1 day, 1 fixed finding).');
  });

  it('has a row per run: open by severity, suppressed, not re-checked, new, fixed, and what makes a run less certain', () => {
    expect(markdown).toContain('| run (UTC) | critical | high | medium | low | info | suppressed | not re-checked | new | fixed | notes |');
    expect(markdown).toContain('| 2026-11-01 02:00:00 UTC | 1 | 0 | 1 | 0 | 1 | 0 | 0 | — | — |  |');
    expect(markdown).toContain('| 2026-11-02 02:00:00 UTC | 1 | 0 | 0 | 1 | 1 | 1 | 0 | 2 | 1 |  |');
    expect(markdown).toContain('| 2026-11-03 02:00:00 UTC | 1 | 0 | 0 | 1 | 0 | 1 | 1 | 0 | 0 | coverage gap |');
  });

  it('lists the oldest open findings with their first-seen date and age, and the one not re-checked as such', () => {
    expect(markdown).toContain('## Oldest open findings (3 of 3)');
    expect(markdown).toContain('| critical | `CUSTOM-x` | `/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/a-x` | Message x | 2026-10-01 | 33 |');
    expect(markdown).toMatch(/\| info \| `AIS-D-001` \| `[^`]+d-x` \| _not re-checked by the latest run_ \| ≥ 2026-11-01 \| ≥ 2 \|/);
  });

  it('lists suppressions ending within the window and expired ones, soonest first, but not one ending later', () => {
    const section = markdown.slice(markdown.indexOf('## Suppressions'));
    expect(section).toContain('| 2026-10-31 | **expired** | 2 | rejected x | x | x | `aiscan.suppressions.json#/suppressions/x` |');
    expect(section).toContain('| 2026-11-20 | ends in 18 days | 1 | accepted x |');
    expect(section.indexOf('2026-10-31')).toBeLessThan(section.indexOf('2026-11-20'));
    expect(section).not.toContain('2027-06-30');
  });

  it('with one run: a single row, no new or fixed, still the oldest open findings', () => {
    const one = renderTrendMarkdown(computeTrend(nights('x').slice(2), { top: 1, expiringWithinDays: 30 }));
    expect(one).toContain('**1 run**, 2026-11-03 02:00:00 UTC.');
    expect(one).not.toContain('Within these runs');
    expect(one).toContain('## Oldest open findings (1 of 2)');
  });
});

describe('aiscan-trend.html', () => {
  const page = renderTrendHtml(trendOf('x'));

  it('loads nothing and runs nothing: no script, one style allowed by its hash, every fetch forbidden', () => {
    expect(page).not.toMatch(/<script\b/i);
    expect(page).not.toMatch(/\b(src|href)=/i);
    expect(page).not.toMatch(/url\(|@import|@font-face/i);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/\son[a-z]+="/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(page)![1];
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1].replace(/&#39;/g, "'");
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; img-src data:; base-uri 'none'; form-action 'none'`);
  });

  it('draws open findings by severity over time, and new and fixed per run, as inline SVG', () => {
    expect(page.match(/<svg role="img"/g)).toHaveLength(2);
    expect(page).toContain('<figcaption>Open findings by severity (not suppressed)</figcaption>');
    expect(page).toContain('<figcaption>New and fixed per run</figcaption>');
    expect(page).toContain('<title>2026-11-02 02:00:00 UTC: 1 low</title>');
    expect(page).toContain('<title>2026-11-02 02:00:00 UTC: 2 new</title>');
    expect(page.match(/<rect class="bar sev-/g)).toHaveLength(8);
    // The night that could not read subscription B shows its finding as unknown, on top of the open ones.
    expect(page).toContain('<title>2026-11-03 02:00:00 UTC: 1 not re-checked</title>');
  });

  it('with one run: the severity chart, and a note instead of an empty chart of changes', () => {
    const one = renderTrendHtml(computeTrend(nights('x').slice(2), { top: 20, expiringWithinDays: 30 }));
    expect(one.match(/<svg role="img"/g)).toHaveLength(1);
    expect(one).toContain('<figcaption>New and fixed per run</figcaption><p class="empty">One run: nothing to compare it with.');
  });

  it('has the same numbers as the Markdown', () => {
    expect(page).toContain('<div class="value">2</div><div class="label">open now</div>');
    expect(page).toContain(
      '<tr><td class="nowrap">2026-11-03 02:00:00 UTC</td><td class="num">1</td><td class="num">0</td><td class="num">0</td><td class="num">1</td><td class="num">0</td><td class="num">1</td><td class="num">1</td><td class="num">0</td><td class="num">0</td>',
    );
    expect(page).toContain('<h2>Oldest open findings (3 of 3)</h2>');
    expect(page).toContain('<span class="state expired">expired</span>');
  });
});

describe.each(Object.entries(PAYLOADS))('hostile text in the SARIF files: %s', (_label, payload) => {
  const benign = trendOf('benign');
  const hostile = trendOf(payload);

  it('Markdown, rendered: only the elements aiscan writes, the same tables, every value shown as text', () => {
    const html = commonMark.render(renderTrendMarkdown(hostile));
    const before = commonMark.render(renderTrendMarkdown(benign));
    expect(elementsOf(html).filter((element) => !MARKDOWN_ELEMENTS.has(element))).toEqual([]);
    expect(openingTags(html).filter((tag) => !MARKDOWN_TAGS.test(tag))).toEqual([]);
    expect(linkableOutsideCode(html)).toEqual([]);
    for (const element of ['h2', 'tr', 'td', 'li']) expect([element, count(elementsOf(html), element)]).toEqual([element, count(elementsOf(before), element)]);
    const text = textOf(html);
    for (const shown of [`Message ${payload}`, `rejected ${payload}`, `CUSTOM-${payload}`]) expect(text).toContain(visibleText(shown));
  });

  it('HTML: only the page’s own elements, the same rows, every value escaped', () => {
    const page = renderTrendHtml(hostile);
    const before = renderTrendHtml(benign);
    expect(elementsOf(page).filter((element) => !HTML_ELEMENTS.has(element))).toEqual([]);
    for (const element of ['tr', 'td', 'rect', 'section']) expect([element, count(elementsOf(page), element)]).toEqual([element, count(elementsOf(before), element)]);
    expect(page).not.toMatch(/<script\b/i);
    for (const shown of [`Message ${payload}`, `rejected ${payload}`, `CUSTOM-${payload}`, `history/01/${payload}.sarif`]) expect(page).toContain(esc(shown));
  });
});
