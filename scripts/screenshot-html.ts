/**
 * Renders the HTML report of the sample estate (second night of a scheduled audit: baseline,
 * suppressions) and screenshots it in headless Chromium to docs/screenshots/html-report.png.
 * Run with `npm run screenshot`. The clock is fixed, so only real changes change the picture.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderHtml } from '../src/report/html.js';
import { launchChromium } from '../support/chromium.js';
import { demoScan } from '../support/demo-audit.js';

const OUTPUT = join('docs', 'screenshots', 'html-report.png');

const work = mkdtempSync(join(tmpdir(), 'aiscan-screenshot-'));
try {
  const page = join(work, 'aiscan.html');
  writeFileSync(page, renderHtml(demoScan(work)));
  const browser = await launchChromium();
  try {
    const tab = await browser.newPage({ viewport: { width: 1360, height: 1500 }, deviceScaleFactor: 1 });
    await tab.goto(pathToFileURL(page).href);
    // Open the first finding whose evidence is short, so the picture shows evidence, fix and more rows.
    await tab.locator('#findings tbody').evaluate((body) => {
      const rows = Array.from(body.querySelectorAll('tr'));
      const short = rows.find((row) => (row.querySelector('pre code')?.textContent ?? '').split('\n').length <= 4) ?? rows[0];
      short.querySelector('details')!.open = true;
    });
    mkdirSync(join('docs', 'screenshots'), { recursive: true });
    await tab.screenshot({ path: OUTPUT, fullPage: false });
    console.log(`wrote ${OUTPUT}`);
  } finally {
    await browser.close();
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
