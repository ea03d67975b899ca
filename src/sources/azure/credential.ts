import {
  AzureCliCredential,
  DefaultAzureCredential,
  EnvironmentCredential,
  ManagedIdentityCredential,
  WorkloadIdentityCredential,
  type TokenCredential,
} from '@azure/identity';

import type { AuthKind } from './choices.js';

export { AUTH_KINDS, type AuthKind } from './choices.js';

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
