import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setLogLevel } from '@azure/logger';
import { RESEARCH, SAMPLE_FILES } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import type { RecordedRequest } from '../../support/emulator/faults.js';
import { useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { builtCli } from '../hardening/built-cli.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

/** A recognisable token, handed out by the stub `az` and accepted by the emulator: it must never be printed or written. */
const TOKEN = 'aiscan-canary-token-3f9a1c7e5b2d';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const env = useLiveCliEnvironment(TOKEN);
const tmp = useTempDir();

const route = (pattern: RegExp) => (r: RecordedRequest) => r.method === 'GET' && pattern.test(r.path);
/** An ARM error whose message quotes what the client sent, as a hostile (or careless) server might. */
const quoting = (status: number, code: string) => (r: RecordedRequest) => ({
  kind: 'reply' as const,
  status,
  body: { error: { code, message: `The request carried '${r.authorization}', which is not accepted here.` } },
});

/** Everything aiscan printed or wrote: stdout, stderr, and every file in the output folder. */
function everythingWritten(result: { stdout: string; stderr: string }, out: string): string {
  const files = readdirSync(out).map((name) => readFileSync(join(out, name), 'utf8'));
  return [result.stdout, result.stderr, ...files].join('\n');
}

describe('no token reaches a log line, an error, a stack, the snapshot or a report', () => {
  beforeAll(() => setLogLevel('verbose'));
  afterAll(() => setLogLevel());

  it('with AZURE_LOG_LEVEL=verbose and --verbose, through 401, 403, 500, malformed JSON, a timeout, a foreign link and a body that echoes the token', async () => {
    const emulator = await env.emulator({ resources: sample });
    emulator.faults.add({ match: route(/roleAssignments$/i), respond: quoting(401, 'InvalidAuthenticationToken') });
    emulator.faults.add({ match: route(/classicAdministrators$/i), respond: quoting(403, 'AuthorizationFailed') });
    emulator.faults.add({ match: route(/networkInterfaces$/i), respond: quoting(500, 'InternalServerError') });
    emulator.faults.add({
      match: route(/virtualMachines$/i),
      respond: (r) => ({ kind: 'reply', status: 200, text: `{"value": [{"id": "/subscriptions/${RESEARCH}/x", "tags": {"seen": "${r.authorization}"` }),
    });
    emulator.faults.add({ match: route(/publicIPAddresses$/i), respond: { kind: 'slow', delayMs: 1_500 } });
    emulator.faults.add({ match: route(/autoscalesettings$/i), respond: { kind: 'reply', status: 200, body: { value: [], nextLink: `https://127.0.0.2:9/next?token=${TOKEN}` } } });
    emulator.faults.add({
      match: route(/userAssignedIdentities$/i),
      respond: (r) => ({
        kind: 'reply',
        status: 200,
        body: { value: [{ id: `/subscriptions/${RESEARCH}/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/echo`, name: 'echo', location: 'eastus', tags: { seen: r.authorization } }] },
      }),
    });

    const out = tmp.path('faults');
    const formats = ['--format', 'sarif', 'json', 'md', 'html', 'junit'];
    const result = await runCli('scan', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--auth', 'cli', '--verbose', '--out', out, ...formats, '--fail-on', 'none', '--request-timeout', '0.3', '--max-retries', '0');

    expect(result.code).toBe(3);
    expect(everythingWritten(result, out)).not.toContain(TOKEN);

    // The SDK request log was on (on aiscan's stderr), and every fault was a gap (or, for the echo, a resource).
    expect(result.stderr).toContain('azure:core-rest-pipeline:info Request:');
    const report = JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as { coverageGaps: { resourceType: string; status: string }[] };
    expect(report.coverageGaps.map((gap) => `${gap.resourceType} ${gap.status}`)).toEqual(
      expect.arrayContaining([
        'Microsoft.Authorization/roleAssignments denied',
        'Microsoft.Authorization/classicAdministrators denied',
        'Microsoft.Network/networkInterfaces failed',
        'Microsoft.Compute/virtualMachines failed',
        'Microsoft.Network/publicIPAddresses failed',
        'Microsoft.Insights/autoscaleSettings failed',
      ]),
    );
    expect(readFileSync(join(out, 'estate.json'), 'utf8')).toContain('"seen": "Bearer [redacted by aiscan]"');
  });

  it('when the collection stops with an error (exit 2), its message and --verbose stack hold no token', async () => {
    const emulator = await env.emulator({ resources: sample });
    emulator.faults.add({ match: route(/^\/subscriptions$/i), respond: quoting(400, 'BadRequest') });
    const out = tmp.path('stopped');
    const result = await runCli('collect', '--all-subscriptions', '--arm-endpoint', emulator.url, '--auth', 'cli', '--verbose', '--out', out);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^aiscan: --all-subscriptions: cannot list the subscriptions the credential can see: HTTP 400 BadRequest: The request carried 'Bearer \[redacted by aiscan\]'/m);
    expect(result.stderr).toMatch(/\n\s+at /); // the stack was printed
    expect(result.stderr).not.toContain(TOKEN);
  });

  it('the real CLI, with AZURE_LOG_LEVEL=info set when it starts (how the token reached stderr dozens of times)', async () => {
    const emulator = await env.emulator({ resources: sample });
    const out = tmp.path('spawned');
    const child = spawn(process.execPath, [builtCli(), 'collect', '--subscription', RESEARCH, '--arm-endpoint', emulator.url, '--auth', 'cli', '--out', out], {
      env: { ...process.env, AZURE_LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(0);
    expect(stderr.match(/azure:core-rest-pipeline:info Request:/g)?.length).toBeGreaterThan(10);
    expect(everythingWritten({ stdout, stderr }, out)).not.toContain(TOKEN);
  });
});
