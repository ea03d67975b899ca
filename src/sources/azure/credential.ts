import {
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

/** The credentials `--auth` can choose, named as the Azure CLI and the Azure SDKs name them. */
export type AuthKind = 'default' | 'cli' | 'env' | 'managed-identity' | 'workload-identity';
export const AUTH_KINDS: readonly AuthKind[] = ['default', 'cli', 'env', 'managed-identity', 'workload-identity'];

export interface CredentialSettings {
  tenantId?: string;
  authorityHost: string;
}

/**
 * Builds the credential `--auth` names. Nothing is requested here: the first token is asked for
 * when collection starts. `default` and `managed-identity` may probe the instance metadata
 * endpoint, so tests never choose them.
 */
export function createCredential(kind: AuthKind, settings: CredentialSettings): TokenCredential {
  const { tenantId, authorityHost } = settings;
  switch (kind) {
    case 'default':
      return new DefaultAzureCredential({ tenantId, authorityHost });
    case 'cli':
      return new AzureCliCredential({ tenantId });
    case 'env':
      return new EnvironmentCredential({ authorityHost });
    case 'managed-identity': {
      const clientId = process.env.AZURE_CLIENT_ID;
      return clientId ? new ManagedIdentityCredential({ clientId }) : new ManagedIdentityCredential();
    }
    case 'workload-identity':
      return new WorkloadIdentityCredential({ tenantId, authorityHost });
  }
}
