import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUnusedBuiltInRole, PRODUCTION, RESEARCH, SAMPLE_FILES } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { setEnv, useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { installStubAz } from '../emulator/stub-az.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';
import type { ArmEmulator } from '../../support/emulator/arm-emulator.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const collected = sample.filter((r) => !isUnusedBuiltInRole(r, sample));
const collectedIn = (subscriptionId: string) => collected.filter((r) => r.id.startsWith(`/subscriptions/${subscriptionId}`)).length;

// One emulator serving the sample estate for the whole file; each test starts with an empty request log.
const env = useLiveCliEnvironment();
const tmp = useTempDir();
let emulator: ArmEmulator;
beforeAll(async () => {
  emulator = await env.emulator({ resources: sample });
});
beforeEach(() => emulator.requests.splice(0));

describe('aiscan collect', () => {
  const collect = (...args: string[]) => runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli', ...args);

  it('writes a snapshot and evaluates nothing', async () => {
    const out = tmp.path('collect');
    const result = await collect('--subscription', `${RESEARCH},${PRODUCTION}`, '--out', out);
    expect(result.code).toBe(0);
    expect(readdirSync(out)).toEqual(['estate.json']);
    expect(result.stdout).toMatch(new RegExp(`^Wrote ${join(out, 'estate.json')}: ${collected.length} resources from 2 subscription\\(s\\), \\d+ requests, 0 retries\\n$`));
    const snapshot = JSON.parse(readFileSync(join(out, 'estate.json'), 'utf8')) as { format: string; scopes: unknown[] };
    expect(snapshot).toMatchObject({ format: 'aiscan-snapshot', scopes: [{ subscriptionId: RESEARCH }, { subscriptionId: PRODUCTION }] });
  });

  it('says how many values it redacted and names each resource it dropped as listed twice, each on one line', async () => {
    const withSecrets = JSON.parse(readFileSync(join('test', 'redaction', 'secrets', 'vm-custom-script.json'), 'utf8')) as { id: string; name: string };
    const twin = { ...withSecrets, id: withSecrets.id.replace('rg-bootstrap', 'RG-BOOTSTRAP') };
    const listing = await env.emulator({ resources: [...sample, withSecrets, twin] });
    const result = await runCli('collect', '--arm-endpoint', listing.url, '--auth', 'cli', '--subscription', RESEARCH, '--out', tmp.path('redacted'));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Redacted [1-9]\d* value\(s\) that may hold secrets before writing them/m);
    const warnings = result.stdout.split('\n').filter((line) => line.startsWith('warning: '));
    expect(warnings).toEqual([expect.stringContaining(`dropped ${twin.id}, listed twice: its id is the same as ${withSecrets.id}`)]);
  });

  it('reads the Azure CLI’s current subscription when no scope flag is given', async () => {
    const file = tmp.path('default', 'evidence.json');
    const result = await collect('--snapshot-out', file);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`reading subscription ${RESEARCH} from the Azure CLI (az account show)`);
    expect(existsSync(file)).toBe(true);
  });

  it('prefers AZURE_SUBSCRIPTION_ID to the Azure CLI', async () => {
    setEnv('AZURE_SUBSCRIPTION_ID', PRODUCTION);
    try {
      const result = await collect('--out', tmp.path('env-scope'), '--quiet');
      expect(result.code).toBe(0);
      expect(emulator.requests.some((r) => r.path === `/subscriptions/${PRODUCTION}`)).toBe(true);
      expect(emulator.requests.some((r) => r.path === `/subscriptions/${RESEARCH}`)).toBe(false);
    } finally {
      setEnv('AZURE_SUBSCRIPTION_ID', undefined);
    }
  });

  it('exits 3 and lists the gap when a subscription cannot be read', async () => {
    const denied = await env.emulator({ resources: sample, deniedSubscriptions: [RESEARCH] });
    const result = await runCli('collect', '--arm-endpoint', denied.url, '--auth', 'cli', '--subscription', RESEARCH, '--subscription', PRODUCTION, '--out', tmp.path('gap'));
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`${RESEARCH} (whole subscription): denied (HTTP 403 AuthorizationFailed: The client`);
  });

  it('counts the retries a throttled collection needed, and the time they waited', async () => {
    emulator.faults.add({ match: (r) => r.method === 'POST', respond: { kind: 'throttle', retryAfter: '1', retryAfterMs: 20 }, times: 2 });
    try {
      const result = await collect('--subscription', RESEARCH, '--out', tmp.path('throttled'));
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/, \d+ requests, 2 retries after 40 ms of waiting\n$/);
    } finally {
      emulator.faults.clear();
    }
  });

  it('prints one progress line per subscription on stderr when it is not a terminal, and nothing with --quiet', async () => {
    const loud = await collect('--subscription', RESEARCH, '--subscription', PRODUCTION, '--out', tmp.path('progress'));
    expect(loud.stderr.split('\n').filter(Boolean)).toEqual([
      `aiscan: [1/2] ${RESEARCH} (ai-research): ${collectedIn(RESEARCH)} resource(s), 21 type(s) read`,
      `aiscan: [2/2] ${PRODUCTION} (ai-production): ${collectedIn(PRODUCTION)} resource(s), 21 type(s) read`,
    ]);
    const quiet = await collect('--subscription', RESEARCH, '--out', tmp.path('quiet'), '--quiet');
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
  });
});

describe('errors a user can cause: one line, exit 2, nothing sent', () => {

  const expectOneLineError = (result: { code: number; stderr: string }, pattern: RegExp) => {
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aiscan: [^\n]+\n$/);
    expect(result.stderr).toMatch(pattern);
    expect(emulator.requests).toEqual([]);
  };

  it('says which credential chain was tried and what to run when the Azure CLI is not signed in', async () => {
    const signedOut = installStubAz(tmp.path('signed-out'), { token: '', subscriptionId: RESEARCH, tenantId: '', failWith: "ERROR: Please run 'az login' to setup account." });
    const path = process.env.PATH;
    setEnv('PATH', `${signedOut.binDir}:/usr/bin:/bin`);
    try {
      const result = await runCli('collect', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--auth', 'cli', '--out', tmp.path('no-login'));
      expectOneLineError(result, /no Azure credential: --auth cli asked the Azure CLI .* run `az login`/);
      expect(existsSync(tmp.path('no-login'))).toBe(false);
    } finally {
      setEnv('PATH', path);
    }
  });

  it('names the environment variables to set for --auth env', async () => {
    const result = await runCli('scan', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--auth', 'env', '--out', tmp.path('env'));
    expectOneLineError(result, /no Azure credential: --auth env read the environment .*AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET/);
  });

  it('lists the scope flags when there is nothing to read', async () => {
    const empty = tmp.path('empty-bin');
    mkdirSync(empty, { recursive: true });
    const path = process.env.PATH;
    setEnv('PATH', empty);
    try {
      const result = await runCli('scan', '--arm-endpoint', emulator.url, '--auth', 'cli');
      expectOneLineError(result, /scan: nothing to scan; give an estate file with --snapshot FILE, or a subscription to read with --subscription ID, --all-subscriptions or --management-group ID/);
      const collect = await runCli('collect', '--arm-endpoint', emulator.url, '--auth', 'cli');
      expectOneLineError(collect, /collect: nothing to read; give a subscription to read with --subscription ID.*, or a cluster with --aks CLUSTER_ID or --kubeconfig\n$/);
    } finally {
      setEnv('PATH', path);
    }
  });

  it.each([
    [['--subscription', 'ai-research'], /--subscription: "ai-research" is not a subscription id/],
    [['--subscription', RESEARCH, '--arm-endpoint', 'http://127.0.0.1:1'], /--arm-endpoint: http:\/\/127\.0\.0\.1:1 is not HTTPS/],
    [['--subscription', RESEARCH, '--concurrency', '0'], /--concurrency: expected a positive whole number/],
    [['--subscription', RESEARCH, '--max-retry-time', '0'], /--max-retry-time: expected a positive number, got 0/],
  ])('aiscan collect %j', async (args, pattern) => {
    const endpoint = args.includes('--arm-endpoint') ? [] : ['--arm-endpoint', emulator.url];
    const result = await runCli('collect', ...endpoint, '--auth', 'cli', ...args);
    expectOneLineError(result, pattern);
  });
});
