/**
 * A Chromium for the tests and the screenshot script to drive with playwright-core: the one
 * CHROMIUM_PATH names, or else the first of the usual places Debian, Ubuntu and Google install it.
 * npm's browser downloads are not used: they cannot work offline.
 */
import { accessSync, constants, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export const INSTALL_CHROMIUM = 'install Debian\'s chromium (apt-get install -y chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable';

export type ChromiumSearch = { found: string } | { missing: string };

/**
 * Where Chromium is. CHROMIUM_PATH, when set, is the only place looked at (a wrong path is an
 * answer, not a reason to pick another browser); otherwise the usual places in order.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumSearch {
  const named = env.CHROMIUM_PATH;
  if (named) return isExecutableFile(named) ? { found: named } : { missing: `CHROMIUM_PATH=${named} is not an executable file` };
  const found = CHROMIUM_CANDIDATES.find(isExecutableFile);
  return found ? { found } : { missing: `no Chromium at ${CHROMIUM_CANDIDATES.join(', ')}, and CHROMIUM_PATH is not set` };
}

/** Headless Chromium, driven by playwright-core. Fails with what to do when there is none. */
export async function launchChromium(): Promise<Browser> {
  const search = findChromium();
  if ('missing' in search) throw new Error(`${search.missing}: ${INSTALL_CHROMIUM}`);
  return chromium.launch({ executablePath: search.found, args: CHROMIUM_ARGS });
}

function isExecutableFile(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
