import { readFileSync } from 'node:fs';
import { createDefaultEsmPreset } from 'ts-jest';

/** Suites that start a server, a browser or child processes, or take tens of seconds: see the file. */
const INTEGRATION = Object.values(JSON.parse(readFileSync(new URL('./test/integration-suites.json', import.meta.url), 'utf8')).suites).flat();

const integration = new RegExp(`/test/(?:${INTEGRATION.map((path) => path.replace(/[.]/g, '\\.')).join('|')})\\.test\\.ts$`);

const common = {
  ...createDefaultEsmPreset({ tsconfig: 'tsconfig.json' }),
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: 'unit', testPathIgnorePatterns: ['/node_modules/', integration.source] },
    { ...common, displayName: 'integration', testRegex: integration.source },
  ],
  // The default reporter, and the reasons suites were skipped (no Chromium, say) printed above its summary.
  reporters: ['default', '<rootDir>/test/helpers/skip-notices.js'],
  testTimeout: 60000,
  // Jest's default leaves one of the two cores of our machines idle; many suites wait on child
  // processes and the emulator, so two workers halve the run.
  maxWorkers: 2,
  // A worker is replaced after a suite that leaves its heap above this (the large SARIF and trend
  // suites grow it past 1 GB). Without it, cold runs often ended with "A worker process has failed
  // to exit gracefully": the workers held no handle (probed), but took longer than Jest's 500 ms to end.
  workerIdleMemoryLimit: '512MB',
};
