import { spawnSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { useTempDir } from '../helpers/temp.js';

/**
 * A child jest that runs the suites in fixtures/ (one needs Chromium) in two workers, with the
 * reporters of jest.config.js, and `env` as the whole environment beside PATH.
 */
function runFixtures(env: Record<string, string>, cacheDirectory: string): { status: number | null; output: string } {
  const config = {
    rootDir: process.cwd(),
    roots: ['<rootDir>/test/support/fixtures'],
    testMatch: ['**/*.fixture.ts'],
    reporters: ['default', '<rootDir>/test/helpers/skip-notices.js'],
    // No timings from earlier runs: jest then runs two suites in workers, not in its own process.
    cacheDirectory,
    extensionsToTreatAsEsm: ['.ts'],
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', useESM: true }] },
    moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
    testEnvironment: 'node',
  };
  const child = spawnSync(process.execPath, ['--experimental-vm-modules', join('node_modules', 'jest', 'bin', 'jest.js'), '--ci', '--maxWorkers=2', '--config', JSON.stringify(config)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 120_000,
  });
  return { status: child.status, output: child.stdout + child.stderr };
}

describe('the browser tests on a machine without Chromium', () => {
  const tmp = useTempDir('aiscan-browser-skip-');

  it('are reported as skipped, with a notice beside the summary that says why and what to do', () => {
    const { status, output } = runFixtures({ CHROMIUM_PATH: '/nonexistent/chromium' }, tmp.path('cache-skip'));
    expect(output).toMatch(/Tests: +1 skipped, 1 passed, 2 total/);
    expect(output).toContain('SKIPPED "a suite that needs a browser": CHROMIUM_PATH=/nonexistent/chromium is not an executable file. To run these tests, install');
    expect(status).toBe(0);
  });

  it('fail instead when AISCAN_REQUIRE_BROWSER=1 (as .ci/run sets)', () => {
    const { status, output } = runFixtures({ CHROMIUM_PATH: '/nonexistent/chromium', AISCAN_REQUIRE_BROWSER: '1' }, tmp.path('cache-required'));
    expect(output).toContain('has a Chromium to run in');
    expect(output).toContain('CHROMIUM_PATH=/nonexistent/chromium is not an executable file, and AISCAN_REQUIRE_BROWSER=1 says these tests must run');
    expect(output).toMatch(/Tests: +1 failed, 1 passed, 2 total/);
    expect(status).toBe(1);
  });

  it('run when a browser is found, required or not', () => {
    const browser = tmp.write('chromium', '#!/bin/sh\n');
    chmodSync(browser, 0o755);
    const { status, output } = runFixtures({ CHROMIUM_PATH: browser, AISCAN_REQUIRE_BROWSER: '1' }, tmp.path('cache-found'));
    expect(output).not.toContain('SKIPPED');
    expect(output).toMatch(/Tests: +2 passed, 2 total/);
    expect(status).toBe(0);
  });
});
