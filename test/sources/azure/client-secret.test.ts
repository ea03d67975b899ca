import { Agent } from 'node:https';
import { EnvironmentCredential } from '@azure/identity';
import { setLogLevel } from '@azure/logger';
import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { collectFromEmulator, RESEARCH, SAMPLE_FILES, TENANT } from '../../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import type { IdentityOptions } from '../../../support/emulator/identity-endpoint.js';
import { setEnv } from '../../emulator/live-cli-environment.js';
import { UserError } from '../../../src/errors.js';

/** Recognisable values: neither may be printed or written. */
const SECRET = 'aiscan-canary-secret-8d2e6f0a4c1b';
const TOKEN = 'aiscan-canary-token-issued-5a7c9e1f';
const CLIENT = '00000000-0000-0000-0000-00000000c11e';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };

/**
 * `--auth env` with AZURE_CLIENT_SECRET: the EnvironmentCredential the CLI builds, pointed at the
 * emulator's token endpoint instead of login.microsoftonline.com (the one difference from the CLI,
 * which tests cannot reach). The token endpoint is hostile: its errors quote the secret sent.
 */
describe('--auth env: the client secret never reaches output', () => {
  const written: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  beforeAll(() => {
    setLogLevel('verbose');
    for (const [key, value] of [['AZURE_TENANT_ID', TENANT], ['AZURE_CLIENT_ID', CLIENT], ['AZURE_CLIENT_SECRET', SECRET]]) setEnv(key, value);
    // Whatever reaches the process's stderr directly, bypassing aiscan, is caught too, and kept
    // out of the test run's output: the verbose SDK log is long.
    process.stderr.write = ((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    }) as typeof process.stderr.write;
  });
  afterAll(() => {
    process.stderr.write = write;
    setLogLevel();
    for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET']) setEnv(key, undefined);
  });
  beforeEach(() => written.splice(0));

  async function collectWithSecret(identity: Omit<IdentityOptions, 'tenantId' | 'clientId' | 'token'>) {
    const emulator = await ArmEmulator.start({ resources: sample, token: TOKEN, identity: { tenantId: TENANT, clientId: CLIENT, token: TOKEN, ...identity } });
    const credential = new EnvironmentCredential({ authorityHost: emulator.url, disableInstanceDiscovery: true, agent: new Agent({ ca: emulator.certificate.cert }) } as ConstructorParameters<typeof EnvironmentCredential>[0]);
    const log: string[] = [];
    try {
      const outcome = await collectFromEmulator(emulator, { ...researchOnly, credential, authKind: 'env', log: (text) => log.push(text) }).catch((error: unknown) => error);
      return { outcome, log: [...log, ...written].join('') };
    } finally {
      await emulator.close();
    }
  }

  it('a rejected secret: one line naming what to set, and no secret in the message, the stack or the SDK log', async () => {
    const { outcome, log } = await collectWithSecret({ clientSecret: 'the-secret-the-app-really-has', quoteSecretInErrors: true });
    expect(outcome).toBeInstanceOf(UserError);
    const error = outcome as UserError;
    expect(error.message).toMatch(/^no Azure credential: --auth env read the environment and got no token \(EnvironmentCredential authentication failed\./);
    expect(log).toContain('EnvironmentCredential => getToken() => ERROR'); // the line that quoted the secret
    expect([error.message, error.stack, log].join('\n')).not.toContain(SECRET);
  });

  it('an accepted secret: the collection runs, and neither the secret nor the token it bought is in the log or the snapshot', async () => {
    const { outcome, log } = await collectWithSecret({ clientSecret: SECRET });
    const { result, snapshot } = outcome as Awaited<ReturnType<typeof collectFromEmulator>>;
    expect(result.gaps).toEqual([]);
    expect(log).toContain('azure:core-rest-pipeline:info Request:');
    const everything = [log, JSON.stringify(snapshot)].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain(TOKEN);
  });
});
