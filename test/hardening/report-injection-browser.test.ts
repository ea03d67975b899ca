import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../support/chromium.js';
import { SCRIPT } from '../../src/report/html/script.js';
import { visibleText } from '../../src/text/visible-text.js';
import { describeInChromium } from '../helpers/chromium.js';
import { useTempDir } from '../helpers/temp.js';
import { scanInProcess } from './harness.js';
import { CARRIERS, PAYLOADS, writeHostileInputs, type HostileInputs } from './injection/hostile-text.js';

/**
 * aiscan.html of a scan whose estate, rule folder and suppressions carry hostile text (see
 * injection/hostile-text.ts), opened in headless Chromium: the page must have exactly the elements
 * and attributes of the same report with benign text, run only its own script, request nothing,
 * break no rule of its Content-Security-Policy, and show every carrier's text as text.
 */

interface Page {
  /** Every element: its name and its attributes' names. */
  shape: string[];
  scripts: string[];
  hrefs: string[];
  text: string;
  problems: string[];
  requests: string[];
  url: string;
}

describeInChromium('hostile text in the HTML report, in headless Chromium', () => {
  const tmp = useTempDir('aiscan-injection-html-');
  let browser: Browser;

  async function open(label: string, payload: string): Promise<Page & { inputs: HostileInputs }> {
    const dir = tmp.path(label.replace(/\W+/g, '-'));
    const inputs = writeHostileInputs(dir, payload);
    const outcome = await scanInProcess(
      ['--snapshot', inputs.estate, '--rules', inputs.rules, '--suppressions', inputs.suppressions, '--fail-on', 'none', '--format', 'html'],
      join(dir, 'out'),
    );
    expect(outcome.code).toBe(3);
    const url = pathToFileURL(join(outcome.out, 'aiscan.html')).href;
    const page = await browser.newPage();
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (message) => problems.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    // Not subject to the page's CSP: records every violation of it.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(url, { waitUntil: 'load' });
    await page.locator('#toggle-details').click(); // open every finding: evidence and fix
    const seen = await page.evaluate(() => ({
      shape: [...document.querySelectorAll('*')].map((element) => [element.localName, ...[...element.attributes].map((a) => a.name).sort()].join(' ')),
      scripts: [...document.scripts].map((script) => script.textContent ?? ''),
      hrefs: [...document.querySelectorAll('[href]')].map((element) => element.getAttribute('href') ?? ''),
      text: document.documentElement.textContent ?? '',
    }));
    await page.close();
    return { ...seen, problems, requests, url, inputs };
  }

  let benign: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    browser = await launchChromium();
    benign = await open('benign', 'benign');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('the benign report shows every carrier, runs its script, and loads nothing', () => {
    expect(benign.problems).toEqual([]);
    expect(benign.requests).toEqual([benign.url]);
    expect(benign.scripts).toEqual([SCRIPT]);
    for (const carrier of CARRIERS.filter((c) => c.shownIn.includes('html'))) expect([carrier.name, benign.text.includes('benign')]).toEqual([carrier.name, true]);
  });

  it.each(Object.entries(PAYLOADS))('%s', async (label, payload) => {
    const page = await open(label, payload);
    expect(page.problems).toEqual([]);
    expect(page.requests).toEqual([page.url]);
    expect(page.scripts).toEqual([SCRIPT]);
    // The same elements with the same attributes (in another order: the hostile area sorts elsewhere).
    expect([...page.shape].sort()).toEqual([...benign.shape].sort());
    expect(page.hrefs.filter((href) => !/^https:\/\/github\.com\/aiscan\/aiscan\/blob\/main\/docs\/rules\/[A-Z0-9-]+\.md$/.test(href))).toEqual([]);
    const missing = CARRIERS.filter((carrier) => carrier.shownIn.includes('html')).filter((carrier) => {
      const held = page.inputs.held.get(carrier)!;
      const raw = carrier.asJson ? JSON.stringify(held).slice(1, -1) : held;
      const shown = visibleText(raw, carrier.block ? 'block' : 'line');
      return !(carrier.caseFolded ? page.text.toLowerCase().includes(shown.toLowerCase()) : page.text.includes(shown));
    });
    expect(missing.map((carrier) => carrier.name)).toEqual([]);
  });
});
