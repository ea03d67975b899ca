import type { AccessToken, TokenCredential } from '@azure/identity';
import { UserError } from '../../errors.js';
import { redactSecrets } from '../../redaction/credentials.js';

/** What each `--auth` choice tries, and what the user can do when it finds nothing. */
const ADVICE: Record<string, { tried: string; fix: string }> = {
  default: {
    tried:
      'DefaultAzureCredential tried environment variables, workload identity, managed identity, VS Code, Azure CLI, Azure PowerShell and Azure Developer CLI',
    fix: 'run `az login`, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET (or AZURE_CLIENT_CERTIFICATE_PATH), or choose one with --auth',
  },
  cli: {
    tried: '--auth cli asked the Azure CLI (`az account get-access-token`)',
    fix: 'run `az login` (with --tenant for another tenant) and try again',
  },
  env: {
    tried: '--auth env read the environment',
    fix: 'set AZURE_TENANT_ID and AZURE_CLIENT_ID with AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH',
  },
  'managed-identity': {
    tried: '--auth managed-identity asked the managed identity endpoint',
    fix: 'run aiscan where a managed identity is assigned (VM, container, App Service), and set AZURE_CLIENT_ID for a user-assigned one',
  },
  'workload-identity': {
    tried: '--auth workload-identity read the federated token',
    fix: 'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_FEDERATED_TOKEN_FILE (AKS workload identity sets them)',
  },
  injected: { tried: 'the credential given to aiscan', fix: 'check the credential' },
};

/**
 * One line: which credential chain was tried, why it gave no token (first line only), and what to
 * run. The reason is the identity library's, which quotes the token endpoint's answer: redacted.
 */
export function describeCredentialFailure(kind: string, error: unknown): string {
  const advice = ADVICE[kind] ?? ADVICE.injected;
  const reason = redactSecrets(firstLine(error));
  const why = kind === 'default' || !reason ? '' : ` (${reason})`;
  return `no Azure credential: ${advice.tried} and got no token${why}; ${advice.fix}`;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error ?? '');
  const line = message.split('\n').map((part) => part.trim()).find((part) => part.length > 0) ?? '';
  return line.length > 200 ? `${line.slice(0, 197)}…` : line;
}

/**
 * Asks for the first token before any request is made, so that a missing login is one clear
 * error (exit 2) rather than every subscription reported as unreadable.
 */
export async function acquireFirstToken(credential: TokenCredential, scope: string, kind = 'injected'): Promise<AccessToken> {
  let token: AccessToken | null;
  try {
    token = await credential.getToken(scope);
  } catch (error) {
    throw new UserError(describeCredentialFailure(kind, error));
  }
  if (!token) throw new UserError(describeCredentialFailure(kind, new Error('the credential returned no token')));
  return token;
}
