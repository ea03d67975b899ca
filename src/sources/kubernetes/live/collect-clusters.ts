/**
 * Which clusters a live scan reads inside (`--aks`, `--kubeconfig`), and reading each into a
 * collection the snapshot writer takes like a subscription's. A cluster aiscan cannot sign in
 * to or read is a coverage gap of every kind it would have listed, never a clean cluster.
 */
import type { ArmResource, CoverageEntry } from '../../../estate.js';
import { UserError } from '../../../errors.js';
import { idKey, parseResourceId } from '../../../ids.js';
import { getJson } from '../../azure/arm-requests.js';
import { mapWithConcurrency } from '../../azure/concurrency.js';
import type { SubscriptionCollection } from '../../azure/subscription-collection.js';
import { COLLECTED_TYPES } from '../../azure/subscription-collection.js';
import { kubernetesType } from '../kubernetes-ids.js';
import { aksKubeConfig, AKS_API_VERSION, ClusterSignInError, hasEntraIntegration, type AksSignIn } from './aks-connection.js';
import { groupVersion, LISTED_KINDS } from './kinds.js';
import { KubeClient, type KubeClientSettings } from './kube-client.js';
import { loadKubeconfig, type KubeconfigRequest } from './kubeconfig.js';
import { readCluster } from './read-cluster.js';

export interface ClusterRequest {
  /** `--aks`: the clusters named, and with `all` every AKS cluster the ARM scan found. */
  aks?: { ids: readonly string[]; all: boolean };
  kubeconfig?: KubeconfigRequest;
}

export type ClusterReadSettings = Pick<KubeClientSettings, 'retry' | 'requestTimeoutMs' | 'stats'>;

/** Clusters read at once; each lists its kinds one after another, as kubectl would. */
const CLUSTER_CONCURRENCY = 4;

/** The cluster a kubeconfig names, read into one collection. */
export async function readKubeconfigCluster(request: KubeconfigRequest, settings: ClusterReadSettings): Promise<SubscriptionCollection> {
  const { config, label, clusterId } = loadKubeconfig(request);
  let client: KubeClient;
  try {
    client = new KubeClient(config, settings);
  } catch (error) {
    throw new UserError(`--kubeconfig: ${label}: ${(error as Error).message}`);
  }
  return readCluster({ clusterId, label, client });
}

/**
 * The AKS clusters named by id that the ARM scan did not already return, read with a GET: their
 * node pools are what the objects join. A cluster that does not exist is a mistake in the flag.
 */
export async function getNamedClusters(ids: readonly string[], found: ReadonlyMap<string, ArmResource>, signIn: AksSignIn): Promise<SubscriptionCollection[]> {
  const collections: SubscriptionCollection[] = [];
  for (const id of ids) {
    if (found.has(idKey(id))) continue;
    const subscriptionId = parseResourceId(id).subscriptionId ?? '';
    try {
      const cluster = (await getJson(signIn.client, signIn.baseUrl, id, AKS_API_VERSION)) as ArmResource;
      collections.push({ scope: { subscriptionId }, coverage: [], resources: [cluster] });
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404) throw new UserError(`--aks: ${id}: no such AKS cluster (${(error as Error).message})`);
      collections.push({ scope: { subscriptionId }, coverage: [clusterGap(id, status === 401 || status === 403 ? 'denied' : 'failed', `cannot read the cluster: ${(error as Error).message}`)], resources: [] });
    }
  }
  return collections;
}

/** `--aks ID` on a cluster aiscan will not sign in to stops the scan before anything is read inside. */
export function refuseNamedClustersWithoutEntra(ids: readonly string[], clusters: ReadonlyMap<string, ArmResource>): void {
  for (const id of ids) {
    const cluster = clusters.get(idKey(id));
    if (cluster && !hasEntraIntegration(cluster)) {
      throw new UserError(`--aks: ${cluster.id} has no Microsoft Entra integration: aiscan signs in to AKS with Microsoft Entra ID only, never with a local account; read it with --kubeconfig FILE --cluster ${cluster.id}`);
    }
  }
}

/** Reads inside each cluster; one that cannot be signed in to or reached becomes gaps naming it. */
export async function readAksClusters(clusters: readonly ArmResource[], signIn: AksSignIn, settings: ClusterReadSettings): Promise<SubscriptionCollection[]> {
  return mapWithConcurrency([...clusters], CLUSTER_CONCURRENCY, async (cluster) => {
    const subscriptionId = parseResourceId(cluster.id).subscriptionId ?? '';
    try {
      const config = await aksKubeConfig(cluster, signIn);
      return await readCluster({ clusterId: cluster.id, label: cluster.id, client: new KubeClient(config, settings) });
    } catch (error) {
      const message = error instanceof ClusterSignInError ? error.message : `cluster ${cluster.id}: cannot sign in: ${(error as Error).message}`;
      return { scope: { subscriptionId }, coverage: everyKindGap(cluster.id, error instanceof ClusterSignInError ? 'denied' : 'failed', message), resources: [] };
    }
  });
}

function everyKindGap(clusterId: string, status: 'denied' | 'failed', message: string): CoverageEntry[] {
  const subscriptionId = parseResourceId(clusterId).subscriptionId ?? '';
  return LISTED_KINDS.map((kind) => ({ subscriptionId, resourceType: kubernetesType(groupVersion(kind.group, kind.versions[0]), kind.kind), status, scope: clusterId, message }));
}

function clusterGap(id: string, status: 'denied' | 'failed', message: string): CoverageEntry {
  return { subscriptionId: parseResourceId(id).subscriptionId ?? '', resourceType: COLLECTED_TYPES.managedCluster, status, message: `${id}: ${message}` };
}
