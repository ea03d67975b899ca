import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '../helpers/temp.js';

/** A child jest that runs only fixtures/needs-chromium.fixture.ts, with `env` as the whole environment beside PATH. */
function runFixture(env: Record<string, string>): { status: number | null; output: string } {
  const config = {
    rootDir: process.cwd(),
    roots: ['<rootDir>/test/support/fixtures'],
    testMatch: ['**/needs-chromium.fixture.ts'],
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }] },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testEnvironment: 'node',
  };
  const child = spawnSync(process.execPath, ['--experimental-vm-modules', join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--config', JSON.stringify(config)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 120_000,
  });
  return { status: child.status, output: child.stdout + child.stderr };
}

describe('the browser tests on a machine without Chromium', () => {
  const tmp = useTempDir('aiscan-browser-skip-');

  it('are reported as skipped, with a notice that says why and what to do', () => {
    const { status, output } = runFixture({ CHROMIUM_PATH: '/nonexistent/chromium' });
    expect(output).toContain('SKIPPED "a suite that needs a browser": CHROMIUM_PATH=/nonexistent/chromium is not an executable file. To run these tests, install');
    expect(output).toMatch(/Tests: +1 skipped, 1 total/);
    expect(status).toBe(0);
  });

  it('fail instead when AISCAN_REQUIRE_BROWSER=1 (as .ci/run sets)', () => {
    const { status, output } = runFixture({ CHROMIUM_PATH: '/nonexistent/chromium', AISCAN_REQUIRE_BROWSER: '1' });
    expect(output).toContain('has a Chromium to run in');
    expect(output).toContain('CHROMIUM_PATH=/nonexistent/chromium is not an executable file, and AISCAN_REQUIRE_BROWSER=1 says these tests must run');
    expect(output).toMatch(/Tests: +1 failed, 1 total/);
    expect(status).toBe(1);
  });

  it('run when a browser is found, required or not', () => {
    const browser = tmp.write('chromium', '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    const { status, output } = runFixture({ CHROMIUM_PATH: browser, AISCAN_REQUIRE_BROWSER: '1' });
    expect(output).not.toContain('SKIPPED');
    expect(output).toMatch(/Tests: +1 passed, 1 total/);
    expect(status).toBe(0);
  });
});
