import { scanDemoAudit } from '../helpers/demo-audit.js';
import { byteLength, fitMarkdown, GITHUB_SUMMARY_LIMIT_BYTES } from '../../src/report/markdown-fit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import type { GatedFinding, ScanResult } from '../../src/scan.js';
import { commonMark, elementsOf } from '../helpers/markdown.js';

describe('aiscan.md of an audit with a baseline and suppressions', () => {
  let result: ScanResult;
  let markdown: string;
  beforeAll(() => {
    result = scanDemoAudit();
    markdown = renderMarkdown(result);
  });

  it('leads with the verdict and the gate that produced it', () => {
    expect(markdown.split('\n')[2]).toMatch(/^❌ \*\*FAIL: 2 findings at or above "high" fail the gate/);
    expect(markdown).toContain('The gate fails on **high** and above; only findings new since the baseline count.');
  });

  it('counts findings by severity: all, failing the gate, new, suppressed', () => {
    // The sample has no critical finding; its one info finding is AIS-ML-003's low-priority ML cluster.
    expect(markdown).toMatch(/\| all findings \| 0 \| \d+ \| \d+ \| \d+ \| 1 \|/);
    expect(markdown).toMatch(/\| \*\*failing the gate\*\* \| 0 \| 2 \| 0 \| 0 \| 0 \|/);
    expect(markdown).toMatch(/\| new since the baseline \| 0 \| 1 \| 0 \| 0 \| 0 \|/);
    expect(markdown).toMatch(/\| suppressed \| /);
    expect(markdown).toContain('## Results by area');
  });

  it('says what is new and what was fixed against the baseline', () => {
    expect(markdown).toMatch(/`[^`]*last-night\.sarif` \(scan of 2026-11-20T02:00:00\.000Z\): \*\*1 new\*\*, \d+ updated, \d+ unchanged, \*\*1 fixed\*\*\./);
    expect(markdown).toMatch(/\| high \| AIS-NET-001 \| `[^`]*nic-vm-h100-train01-eth0` \|/);
  });

  it('lists expired and stale suppressions with where they are declared', () => {
    expect(markdown).toContain('**1 expired**, **1 stale**');
    expect(markdown).toMatch(/\| AIS-AKS-007 \| `[^`]+` \| 2026-10-31 \(1 finding\(s\)\) \| .* \| `aiscan\.suppressions\.json#\/suppressions\/1` \|/);
    expect(markdown).toMatch(/\| AIS-NET-003 \| `[^`]+rg-decommissioned\/\*\*` \| permanent \|/);
  });

  it('puts the findings that fail the gate first, each with its fix', () => {
    const top = markdown.slice(markdown.indexOf('## Top findings'));
    const first = top.split('\n### ')[1];
    expect(first).toMatch(/^HIGH AIS-AKS-00[17] /);
    expect(first).toContain('**fails the gate**');
    expect(first).toMatch(/- Fix: \S/);
    expect(first).toContain('```bash');
  });
});

describe('the 1 MiB job-summary limit', () => {
  it('keeps a huge report under the limit, cut at a line, with a note', () => {
    const block = ['### a finding', '', '```bash', 'x'.repeat(900), '```', ''].join('\n');
    const huge = '# aiscan report\n\n' + block.repeat(3000);
    expect(byteLength(huge)).toBeGreaterThan(GITHUB_SUMMARY_LIMIT_BYTES);
    const cut = fitMarkdown(huge, GITHUB_SUMMARY_LIMIT_BYTES, 'Cut to fit.');
    expect(byteLength(cut)).toBeLessThanOrEqual(GITHUB_SUMMARY_LIMIT_BYTES);
    expect(cut.endsWith('\n\n---\n\nCut to fit.\n')).toBe(true);
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
  });

  it('is applied to the rendered report, whatever the estate holds', () => {
    const base = demoScanResult();
    const long = 'é'.repeat(5000);
    const findings: GatedFinding[] = Array.from({ length: 400 }, (_, i) => ({ ...base.findings[0], message: `${i} ${long}`, fingerprint: String(i) }));
    const huge = { ...base, findings, warnings: Array.from({ length: 5000 }, () => long) };
    // Long lists and long values are clipped first, so a real report stays far below the limit…
    expect(byteLength(renderMarkdown(huge))).toBeLessThan(GITHUB_SUMMARY_LIMIT_BYTES / 4);
    // …and the hard limit still holds when it is tighter.
    const tight = renderMarkdown(huge, { maxBytes: 20_000 });
    expect(byteLength(tight)).toBeLessThanOrEqual(20_000);
    expect(tight).toContain("cut to fit GitHub's 1 MiB job-summary limit");
  });
});

describe('the 1 MiB job-summary limit, with text that escaping makes longer', () => {
  it('holds, and what is kept still renders as aiscan wrote it', () => {
    const base = demoScanResult();
    // Each of these characters takes 6 or 7 bytes once shown (\\u0000) and escaped for Markdown.
    const swollen = '\u0000\u202E`|<'.repeat(1000);
    const findings: GatedFinding[] = Array.from({ length: 400 }, (_, i) => ({
      ...base.findings[0],
      message: `${i} ${swollen}`,
      resourceId: `${base.findings[0].resourceId}/${swollen}`,
      fingerprint: String(i),
    }));
    const huge = { ...base, findings, warnings: Array.from({ length: 5000 }, () => swollen), gaps: Array.from({ length: 100 }, () => ({ ...base.gaps[0], subscriptionId: 's', resourceType: 't', status: 'denied' as const, message: swollen })) };
    for (const maxBytes of [GITHUB_SUMMARY_LIMIT_BYTES, 200_000, 20_000]) {
      const markdown = renderMarkdown(huge, { maxBytes });
      expect(byteLength(markdown)).toBeLessThanOrEqual(maxBytes);
      expect((markdown.match(/^```/gm) ?? []).length % 2).toBe(0);
      const allowed = new Set(['h1', 'h2', 'h3', 'p', 'strong', 'em', 'code', 'pre', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'ul', 'li', 'a', 'hr']);
      expect(elementsOf(commonMark.render(markdown)).filter((element) => !allowed.has(element))).toEqual([]);
    }
    expect(renderMarkdown(huge, { maxBytes: 20_000 })).toContain("cut to fit GitHub's 1 MiB job-summary limit");
  });
});

let cached: ScanResult | undefined;
function demoScanResult(): ScanResult {
  if (!cached) {
    cached = scanDemoAudit();
  }
  return cached;
}
