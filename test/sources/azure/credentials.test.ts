import { cachedCredential } from '../../../src/sources/azure/cached-credential.js';
import { acquireFirstToken, describeCredentialFailure } from '../../../src/sources/azure/credential-errors.js';
import { UserError } from '../../../src/errors.js';

// DefaultAzureCredential and ManagedIdentityCredential probe the instance metadata endpoint, so
// their failures are described from errors shaped like theirs; they are never constructed here.
describe('a missing credential is one line: the chain tried, and what to run', () => {
  test('--auth default names every credential DefaultAzureCredential tries and both ways to sign in', () => {
    const aggregate = new Error('ChainedTokenCredential authentication failed.\nCredentialUnavailableError: EnvironmentCredential is unavailable…\n…');
    expect(describeCredentialFailure('default', aggregate)).toBe(
      'no Azure credential: DefaultAzureCredential tried environment variables, workload identity, managed identity, VS Code, Azure CLI, Azure PowerShell and Azure Developer CLI and got no token; ' +
        'run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), or choose one with --auth',
    );
  });

  test.each([
    ['managed-identity', /--auth managed-identity asked the managed identity endpoint .*set AZURE_CLIENT_ID for a user-assigned one$/],
    ['workload-identity', /--auth workload-identity read the federated token .*AZURE_FEDERATED_TOKEN_FILE/],
  ])('--auth %s', (kind, expected) => {
    const message = describeCredentialFailure(kind, new Error('ManagedIdentityCredential: no response\nstack…'));
    expect(message).toMatch(expected);
    expect(message).toContain('(ManagedIdentityCredential: no response)');
    expect(message).not.toContain('\n');
  });

  test('the first token is asked for before anything is read, and its failure is a UserError (exit 2)', async () => {
    const failing = { getToken: async () => Promise.reject(new Error("Please run 'az login' to set up an account")) };
    const error = await acquireFirstToken(failing, 'https://management.azure.com/.default', 'cli').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).exitCode).toBe(2);
    expect((error as UserError).message).toBe(
      "no Azure credential: --auth cli asked the Azure CLI (`az account get-access-token`) and got no token (Please run 'az login' to set up an account); run `az login` (with --tenant for another tenant) and try again",
    );
  });
});

describe('one token is shared by every client of a collection', () => {
  test('concurrent requests for the same scope ask the credential once; an expiring token is renewed', async () => {
    let now = 0;
    let calls = 0;
    const credential = cachedCredential(
      { getToken: async () => ({ token: `t${++calls}`, expiresOnTimestamp: now + 3_600_000 }) },
      () => now,
    );
    const tokens = await Promise.all(Array.from({ length: 20 }, () => credential.getToken('scope')));
    expect(new Set(tokens.map((t) => t?.token))).toEqual(new Set(['t1']));
    now += 3_600_000 - 60_000; // a minute before expiry
    expect((await credential.getToken('scope'))?.token).toBe('t2');
  });

  test('a failure is not cached', async () => {
    let calls = 0;
    const credential = cachedCredential({
      getToken: async () => {
        calls++;
        if (calls === 1) throw new Error('transient');
        return { token: 'ok', expiresOnTimestamp: Date.now() + 3_600_000 };
      },
    });
    await expect(credential.getToken('scope')).rejects.toThrow('transient');
    expect((await credential.getToken('scope'))?.token).toBe('ok');
  });
});
