import { chmodSync } from 'node:fs';
import { CHROMIUM_CANDIDATES, findChromium } from '../../support/chromium.js';
import { useTempDir } from '../helpers/temp.js';

describe('finding a Chromium for the browser tests', () => {
  const tmp = useTempDir('aiscan-chromium-');

  it('takes the executable that CHROMIUM_PATH names', () => {
    const browser = tmp.write('chrome', '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    expect(findChromium({ CHROMIUM_PATH: browser })).toEqual({ found: browser });
  });

  it('looks nowhere else when CHROMIUM_PATH names nothing runnable, and says what it named', () => {
    const notExecutable = tmp.write('not-a-browser', 'text');
    expect(findChromium({ CHROMIUM_PATH: '/nonexistent/chromium' })).toEqual({ missing: 'CHROMIUM_PATH=/nonexistent/chromium is not an executable file' });
    expect(findChromium({ CHROMIUM_PATH: notExecutable })).toEqual({ missing: `CHROMIUM_PATH=${notExecutable} is not an executable file` });
    expect(findChromium({ CHROMIUM_PATH: tmp.path() })).toHaveProperty('missing');
  });

  it('otherwise takes the first of the usual places, or says where it looked', () => {
    const search = findChromium({});
    if ('found' in search) expect(CHROMIUM_CANDIDATES).toContain(search.found);
    else expect(search.missing).toBe(`no Chromium at ${CHROMIUM_CANDIDATES.join(', ')}, and CHROMIUM_PATH is not set`);
  });
});
