import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';
import { demoScan } from '../../support/demo-audit.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJunit } from '../../src/report/junit.js';
import type { ScanResult } from '../../src/scan.js';
import { describeInChromium } from '../helpers/chromium.js';

/** Where the test leaves its screenshot for a person to look at (reports/ is git-ignored). */
const SCREENSHOT = join('reports', 'test-html-report.png');

describeInChromium('the HTML report in headless Chromium', () => {
  let work: string;
  let result: ScanResult;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const requests: string[] = [];
  let url: string;

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'aiscan-browser-'));
    result = demoScan(work);
    const file = join(work, 'aiscan.html');
    writeFileSync(file, renderHtml(result));
    url = pathToFileURL(file).href;
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1360, height: 1400 } });
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(`${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(url, { waitUntil: 'load' });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const visibleRows = () => page.locator('#findings tbody tr:not([hidden])');
  const column = (key: string) => visibleRows().evaluateAll((rows, k) => rows.map((row) => (row as HTMLElement).dataset[k] ?? ''), key);

  it('renders without console errors, and requests nothing but itself', async () => {
    await expect(page.locator('.verdict').textContent()).resolves.toMatch(/^FAIL: 2 findings/);
    expect(problems).toEqual([]);
    expect(requests).toEqual([url]);
  });

  it('shows every finding, and the count of what is shown', async () => {
    await expect(visibleRows().count()).resolves.toBe(result.findings.length);
    await expect(page.locator('#filter-count').textContent()).resolves.toBe(`Showing ${result.findings.length} of ${result.findings.length}`);
  });

  it('sorts by a column when its header is clicked, and reverses on a second click', async () => {
    const severity = page.locator('th[data-sort="sevrank"]');
    await severity.locator('button').click();
    await expect(severity.getAttribute('aria-sort')).resolves.toBe('ascending');
    const ascending = (await column('sevrank')).map(Number);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    await severity.locator('button').click();
    const descending = (await column('sevrank')).map(Number);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));

    await page.locator('th[data-sort="rule"] button').click();
    const rules = await column('rule');
    expect(rules).toEqual([...rules].sort((a, b) => a.localeCompare(b)));
    await expect(severity.getAttribute('aria-sort')).resolves.toBeNull();
  });

  it('filters by severity, area, state and text, and combines them', async () => {
    await page.selectOption('#filter-severity', 'medium');
    const medium = result.findings.filter((f) => f.severity === 'medium').length;
    await expect(visibleRows().count()).resolves.toBe(medium);
    expect(new Set(await column('severity'))).toEqual(new Set(['medium']));
    await expect(page.locator('#filter-count').textContent()).resolves.toBe(`Showing ${medium} of ${result.findings.length}`);
    await page.selectOption('#filter-severity', '');

    await page.selectOption('#filter-area', 'aks');
    await expect(visibleRows().count()).resolves.toBe(result.findings.filter((f) => f.area === 'aks').length);
    await page.selectOption('#filter-state', 'gating');
    await expect(visibleRows().count()).resolves.toBe(result.findings.filter((f) => f.area === 'aks' && f.gating).length);
    await page.selectOption('#filter-area', '');
    await page.selectOption('#filter-state', 'suppressed');
    await expect(visibleRows().count()).resolves.toBe(result.findings.filter((f) => f.suppression).length);
    await page.selectOption('#filter-state', '');

    await page.fill('#filter-text', 'GPUH100');
    await expect(column('resource')).resolves.toEqual(expect.arrayContaining([expect.stringMatching(/gpuh100$/)]));
    const texts = await visibleRows().evaluateAll((rows) => rows.map((row) => row.textContent!.toLowerCase()));
    expect(texts.length).toBeLessThan(result.findings.length);
    expect(texts.every((text) => text.includes('gpuh100'))).toBe(true);
    await page.fill('#filter-text', 'no finding mentions this');
    await expect(visibleRows().count()).resolves.toBe(0);
    await page.fill('#filter-text', '');
    await expect(visibleRows().count()).resolves.toBe(result.findings.length);
  });

  it('opens a finding to show its evidence and its fix', async () => {
    await page.locator('th[data-sort="sevrank"] button').click();
    const first = visibleRows().first();
    await first.locator('summary').click();
    await expect(first.locator('pre').first().isVisible()).resolves.toBe(true);
    await expect(first.locator('.detail').textContent()).resolves.toMatch(/Evidence[\s\S]*Fix\./);
    await page.locator('#toggle-details').click();
    await expect(page.locator('#findings details[open]').count()).resolves.toBe(result.findings.length);
    await page.locator('#toggle-details').click();
    await expect(page.locator('#findings details[open]').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('takes a screenshot a person can look at', async () => {
    await page.evaluate(() => window.scrollTo(0, 0));
    mkdirSync('reports', { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(existsSync(SCREENSHOT)).toBe(true);
  });

  it('parses the JUnit report as XML too', async () => {
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'application/xml');
      return { error: doc.getElementsByTagName('parsererror').length, cases: doc.getElementsByTagName('testcase').length };
    }, renderJunit(result));
    expect(parsed.error).toBe(0);
    expect(parsed.cases).toBeGreaterThan(result.findings.length);
  });
});
