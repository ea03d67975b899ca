/**
 * Signing in to an AKS cluster's Kubernetes API with the Azure credential of the ARM scan: a
 * Microsoft Entra token for the AKS server application, sent to the API server whose address and
 * CA the cluster's user kubeconfig (exec format) gives. That kubeconfig's user entry only names
 * kubelogin and is discarded. A cluster without Entra integration would hand out a local
 * account's credentials instead: aiscan never asks for them (never listClusterAdminCredential).
 */
import type { ResourceManagementClient } from '@azure/arm-resources';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { KubeConfig } from '@kubernetes/client-node';
import { parse } from 'yaml';
import type { ArmResource } from '../../../estate.js';
import { isRecord } from '../../../json/is-record.js';
import { armError } from '../../azure/arm-errors.js';

/** The AKS server application every Entra-integrated cluster accepts tokens for, in every cloud. */
export const AKS_SERVER_SCOPE = '6dae42f8-4368-4678-94ff-3960e28e3630/.default';
export const AKS_API_VERSION = '2025-10-01';

/** A cluster aiscan will not sign in to, and why: the scan names it and goes on, or stops, as the caller decides. */
export class ClusterSignInError extends Error {}

export interface AksSignIn {
  client: ResourceManagementClient;
  baseUrl: string;
  credential: TokenCredential;
}

export function hasEntraIntegration(cluster: ArmResource): boolean {
  const properties = isRecord(cluster.properties) ? cluster.properties : {};
  return isRecord(properties.aadProfile);
}

export async function aksKubeConfig(cluster: ArmResource, signIn: AksSignIn): Promise<KubeConfig> {
  if (!hasEntraIntegration(cluster)) {
    throw new ClusterSignInError(
      `cluster ${cluster.id} has no Microsoft Entra integration (properties.aadProfile): aiscan signs in to AKS with Microsoft Entra ID only, never with a local account; read it with --kubeconfig FILE instead`,
    );
  }
  const { server, caData } = await apiServerOf(cluster, signIn);
  const token = await signIn.credential.getToken(AKS_SERVER_SCOPE);
  if (!token) throw new ClusterSignInError(`cluster ${cluster.id}: the Azure credential gave no token for the AKS server application (${AKS_SERVER_SCOPE})`);
  const config = new KubeConfig();
  config.loadFromOptions({
    clusters: [{ name: 'aks', server, caData, skipTLSVerify: false }],
    users: [{ name: 'aiscan', token: token.token }],
    contexts: [{ name: 'aks', cluster: 'aks', user: 'aiscan' }],
    currentContext: 'aks',
  });
  return config;
}

/** The API server's URL and CA from the cluster's exec-format user kubeconfig, checked against the cluster's own FQDNs. */
async function apiServerOf(cluster: ArmResource, signIn: AksSignIn): Promise<{ server: string; caData: string }> {
  const url = `${signIn.baseUrl}${cluster.id}/listClusterUserCredential?api-version=${AKS_API_VERSION}&format=exec`;
  const response = await signIn.client.sendRequest(createPipelineRequest({ url, method: 'POST' }));
  if (response.status !== 200) throw new ClusterSignInError(`cluster ${cluster.id}: cannot read its API server address: ${armError(response).message}`);
  const first = firstKubeconfig(response.bodyAsText ?? undefined);
  const clusters = isRecord(first) && Array.isArray(first.clusters) ? first.clusters : [];
  const entry = clusters.find((item) => isRecord(item) && isRecord(item.cluster));
  const details = isRecord(entry) && isRecord(entry.cluster) ? entry.cluster : {};
  const server = typeof details.server === 'string' ? details.server : undefined;
  const caData = typeof details['certificate-authority-data'] === 'string' ? details['certificate-authority-data'] : undefined;
  if (!server || !caData) throw new ClusterSignInError(`cluster ${cluster.id}: its user kubeconfig names no API server and CA`);
  checkServer(cluster, server);
  return { server, caData };
}

function firstKubeconfig(text: string | undefined): unknown {
  try {
    const body = JSON.parse(text ?? '') as { kubeconfigs?: { value?: unknown }[] };
    const value = body.kubeconfigs?.[0]?.value;
    if (typeof value !== 'string') return undefined;
    // The user entry is parsed with the rest and dropped here: nothing of it leaves this function.
    return parse(Buffer.from(value, 'base64').toString('utf8'), { schema: 'core', maxAliasCount: 0 });
  } catch {
    return undefined;
  }
}

/**
 * The token is good for every Entra-integrated AKS cluster, so it goes only to an HTTPS server
 * whose host is one the cluster resource itself names (its public or private FQDN).
 */
function checkServer(cluster: ArmResource, server: string): void {
  const properties = isRecord(cluster.properties) ? cluster.properties : {};
  const hosts = [properties.fqdn, properties.privateFQDN].filter((host): host is string => typeof host === 'string' && host !== '').map((host) => host.toLowerCase());
  let parsed: URL | undefined;
  try {
    parsed = new URL(server);
  } catch {
    parsed = undefined;
  }
  if (!parsed || parsed.protocol !== 'https:' || parsed.username || parsed.password || !hosts.includes(parsed.hostname.toLowerCase())) {
    throw new ClusterSignInError(
      `cluster ${cluster.id}: its kubeconfig names the API server ${parsed ? parsed.origin : 'that is not a URL'}, which is not an HTTPS address at the cluster's fqdn or privateFQDN (${hosts.join(', ') || 'none'}); aiscan sends no token there`,
    );
  }
}
