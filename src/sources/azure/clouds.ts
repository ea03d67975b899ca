import { AzureAuthorityHosts } from '@azure/identity';
import { UserError } from '../../errors.js';
import type { ArmEndpoint } from './collect-options.js';

import type { CloudName } from './choices.js';

export { CLOUDS, type CloudName } from './choices.js';

interface Cloud {
  armUrl: string;
  authorityHost: string;
}

/** The ARM endpoint and Entra ID authority of each Azure cloud, as `az cloud show` lists them. */
const CLOUD_ENDPOINTS: Record<CloudName, Cloud> = {
  AzureCloud: { armUrl: 'https://management.azure.com', authorityHost: AzureAuthorityHosts.AzurePublicCloud },
  AzureChinaCloud: { armUrl: 'https://management.chinacloudapi.cn', authorityHost: AzureAuthorityHosts.AzureChina },
  AzureUSGovernment: { armUrl: 'https://management.usgovcloudapi.net', authorityHost: AzureAuthorityHosts.AzureGovernment },
};

export function authorityHostOf(cloud: CloudName): string {
  return CLOUD_ENDPOINTS[cloud].authorityHost;
}

/**
 * The ARM endpoint to call: the cloud's own, or `--arm-endpoint` (Azure Stack, an emulator).
 * Tokens are requested for the endpoint itself; bearer tokens are only ever sent over HTTPS.
 */
export function resolveArmEndpoint(cloud: CloudName, armEndpoint?: string): ArmEndpoint {
  const raw = armEndpoint ?? CLOUD_ENDPOINTS[cloud].armUrl;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserError(`--arm-endpoint: "${raw}" is not a URL; give the ARM base URL, e.g. https://management.azure.com`);
  }
  if (url.protocol !== 'https:') {
    throw new UserError(`--arm-endpoint: ${raw} is not HTTPS; aiscan sends bearer tokens only over HTTPS (trust a private CA with NODE_EXTRA_CA_CERTS)`);
  }
  if (url.search || url.hash) throw new UserError(`--arm-endpoint: ${raw} must not have a query or fragment`);
  const base = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  return { url: base, tokenScope: `${base}/.default` };
}
