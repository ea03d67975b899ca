import { createHash } from 'node:crypto';
import { scanDemoAudit } from '../helpers/demo-audit.js';
import { evidence } from '../../src/report/html/findings-table.js';
import { renderHtml } from '../../src/report/html.js';
import type { ScanResult } from '../../src/scan.js';

let result: ScanResult;
let page: string;
beforeAll(() => {
  result = scanDemoAudit();
  page = renderHtml(result);
});

describe('aiscan.html is one self-contained file', () => {
  it('loads nothing: no external scripts, styles, fonts, images or frames', () => {
    expect(page).not.toMatch(/<(link|img|iframe|object|embed|source|video|audio)\b/i);
    expect(page).not.toMatch(/\bsrc=/i);
    expect(page).not.toMatch(/url\(|@import|@font-face/i);
    expect(page.match(/<script\b/g)).toHaveLength(1);
    expect(page.match(/<style\b/g)).toHaveLength(1);
  });

  it('forbids every fetch in its Content-Security-Policy, allowing only its own style and script by hash', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(page)![1].replace(/&#39;/g, "'");
    const hash = (tag: string) => {
      const body = new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`).exec(page)![1];
      return `'sha256-${createHash('sha256').update(body).digest('base64')}'`;
    };
    expect(csp).toBe(`default-src 'none'; style-src ${hash('style')}; script-src ${hash('script')}; img-src data:; base-uri 'none'; form-action 'none'`);
    expect(page).not.toMatch(/\sstyle="/);
    expect(page).not.toMatch(/\son[a-z]+="/i);
  });

  it('links only to https documentation, never to script URLs', () => {
    for (const [, href] of page.matchAll(/href="([^"]*)"/g)) expect(href).toMatch(/^https:\/\//);
  });
});

describe('what the audit report holds', () => {
  it('leads with the verdict and summary tiles', () => {
    expect(page).toContain('<div class="verdict fail" role="status">FAIL: 2 findings at or above &quot;high&quot; fail the gate');
    for (const label of ['resources scanned', 'failing the gate', 'new since baseline', 'fixed since baseline', 'suppressed', 'expired suppressions', 'coverage gaps']) {
      expect(page).toContain(`<div class="label">${label}</div>`);
    }
  });

  it('draws its charts as inline SVG: by area and severity, against the baseline, outcomes by area', () => {
    expect(page.match(/<svg role="img"/g)).toHaveLength(3);
    for (const title of ['Findings by area and severity', 'Against the baseline, by severity', 'Rule outcomes by area']) expect(page).toContain(`<figcaption>${title}</figcaption>`);
  });

  it('has a row per finding with its evidence and remediation', () => {
    expect(page.match(/<tr data-rank=/g)).toHaveLength(result.findings.length);
    const gpuh100 = result.findings.find((f) => f.resourceName === 'gpuh100' && f.ruleId === 'AIS-AKS-001')!;
    expect(page).toContain('&quot;name&quot;: &quot;gpuh100&quot;');
    expect(page).toContain(`<code>${gpuh100.location.file}:${gpuh100.region.startLine}:${gpuh100.region.startColumn}</code>`);
    expect(page).toContain('<strong>Fix.</strong> Add a GPU taint');
    expect(page).toContain('<strong>Azure CLI</strong>');
  });

  it('lists fixed findings, suppressions with their state, and coverage', () => {
    expect(page).toContain('<h2>Fixed since the baseline (1)</h2>');
    expect(page).toContain('<span class="state expired">expired 2026-10-31</span>');
    expect(page).toContain('<span class="state">stale: matches nothing</span>');
    expect(page).toContain('<h2>Coverage</h2>');
  });
});

describe('estate data in the HTML report', () => {
  it('is escaped everywhere, so a hostile name or tag cannot run script', () => {
    const hostile = '</script><script>alert(1)</script>"><img src=x onerror=alert(2)>';
    const [first, ...rest] = result.findings;
    const poisoned: ScanResult = {
      ...result,
      findings: [{ ...first, resourceName: hostile, message: hostile, resourceId: `${first.resourceId}/${hostile}`, failingPaths: [hostile], region: { ...first.region, snippet: hostile } }, ...rest],
      warnings: [hostile],
      scopes: [{ subscriptionId: 's', displayName: hostile }],
    };
    const text = renderHtml(poisoned);
    expect(text.match(/<script\b/g)).toHaveLength(1);
    expect(text).not.toMatch(/<img\b/);
    expect(text).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
  });

  it('shows bidi overrides, zero-width and control characters instead of letting them reorder or hide text', () => {
    const hidden = 'vm\u202Eexe.gpj\u2066\u200B\u0007\u001B[2J\r\nnext';
    const [first, ...rest] = result.findings;
    const text = renderHtml({ ...result, findings: [{ ...first, resourceName: hidden, region: { ...first.region, snippet: `"${hidden}"` } }, ...rest] });
    expect(text).not.toMatch(/[\u202E\u2066\u200B\u0007\u001B\r]/);
    expect(text).toContain('<strong>vm\\u202Eexe.gpj\\u2066\\u200B\\u0007\\u001B[2J next</strong>');
    // Evidence is a block: its line breaks stay.
    expect(text).toContain('&quot;vm\\u202Eexe.gpj\\u2066\\u200B\\u0007\\u001B[2J\nnext&quot;');
  });

  it('shows evidence with the indentation of the file', () => {
    expect(evidence('"a": {\n      "b": 1\n    }', 5)).toBe('"a": {\n  "b": 1\n}');
  });
});
