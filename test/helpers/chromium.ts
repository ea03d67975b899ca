import { findChromium, INSTALL_CHROMIUM } from '../../support/chromium.js';

/** Set by .ci/run: there a missing browser fails the run instead of skipping the browser tests. */
export const REQUIRE_BROWSER = 'AISCAN_REQUIRE_BROWSER';

/**
 * `describe` for tests that run in headless Chromium (see support/chromium.ts for where it is
 * looked for). Without one, the tests are reported as skipped and the run prints why and what to
 * do; with AISCAN_REQUIRE_BROWSER=1, as in CI, a missing browser is a failing test instead, so
 * that CI never passes without them.
 */
export function describeInChromium(name: string, body: () => void): void {
  const search = findChromium();
  if ('found' in search) {
    describe(name, body);
  } else if (process.env[REQUIRE_BROWSER] === '1') {
    describe(name, () => {
      it('has a Chromium to run in', () => {
        throw new Error(`${search.missing}, and ${REQUIRE_BROWSER}=1 says these tests must run: ${INSTALL_CHROMIUM}`);
      });
    });
  } else {
    console.warn(`SKIPPED "${name}": ${search.missing}. To run these tests, ${INSTALL_CHROMIUM}.`);
    describe.skip(name, body);
  }
}
