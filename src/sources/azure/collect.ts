import type { TokenCredential } from '@azure/identity';
import { isGap, type ArmResource, type CoverageEntry, type ShardHeader } from '../../estate.js';
import { UserError } from '../../errors.js';
import { idKey } from '../../ids.js';
import { getNamedClusters, readAksClusters, readKubeconfigCluster, refuseNamedClustersWithoutEntra, type ClusterRequest } from '../kubernetes/live/collect-clusters.js';
import { collectSubscriptionWithArm, type ArmEngineContext } from './arm-engine.js';
import { cachedCredential } from './cached-credential.js';
import { createTenantClient, type ClientSettings } from './clients.js';
import { DEFAULTS, type CollectOptions } from './collect-options.js';
import { mapWithConcurrency } from './concurrency.js';
import { wholeSubscriptionGap } from './coverage.js';
import { acquireFirstToken } from './credential-errors.js';
import { createGraphClient, type GraphClient } from './graph-client.js';
import { collectBatchWithGraph } from './graph-engine.js';
import { createHttpsAgent } from './https-agent.js';
import { ancestryGap, lookUpAncestors, type Ancestry } from './management-groups.js';
import { QuotaGate } from './quota-gate.js';
import type { RequestStats } from './request-policies.js';
import { resolveSubscriptions } from './scope.js';
import { selectShard } from '../shard.js';
import { routeSdkLogs } from './sdk-log.js';
import { redactSecrets } from '../../redaction/credentials.js';
import { SnapshotWriter, type SnapshotSummary } from './snapshot-writer.js';
import { COLLECTED_TYPES, type SubscriptionCollection } from './subscription-collection.js';

export interface CollectResult extends SnapshotSummary {
  /** Clusters read inside (--aks, --kubeconfig). */
  clusters: number;
  gaps: CoverageEntry[];
  /** HTTP requests sent to ARM, retries included. */
  requests: number;
  /** Requests sent again after a 429, a 5xx, a network error or a timeout. */
  retries: number;
  /** The waits before those retries, summed over requests (which wait in parallel). */
  retryWaitMs: number;
  /** Requests held back because their quota was spent or nearly spent. */
  heldBack: number;
}

/**
 * Reads the subscriptions in scope and writes them as a snapshot to `file`. Whatever could not be
 * read is in the snapshot's coverage list; only a missing credential or an unresolvable scope
 * stops the collection (as a UserError).
 */
export async function collectToSnapshot(options: CollectOptions, file: string): Promise<CollectResult> {
  const restoreSdkLogs = routeSdkLogs(options.log ?? ((text) => process.stderr.write(text)));
  try {
    return await collect(options, file);
  } finally {
    restoreSdkLogs();
  }
}

async function collect(options: CollectOptions, file: string): Promise<CollectResult> {
  const collectedAt = (options.now ?? (() => new Date()))().toISOString();
  const readsArm = hasArmScope(options.scope);
  if (options.shard) refuseShardWithoutSubscriptions(options);
  const needsAzure = readsArm || options.clusters?.aks !== undefined;
  const credential = needsAzure ? cachedCredential(requireCredential(options.credential)) : undefined;
  if (credential) await acquireFirstToken(credential, options.endpoint.tokenScope, options.authKind);

  const perSubscription = options.requestsPerSubscription ?? DEFAULTS.requestsPerSubscription;
  const agent = createHttpsAgent(Math.max(16, options.concurrency * perSubscription), options.trustedCertificates);
  const stats: RequestStats = { attempts: 0, retries: 0, retryWaitMs: 0, heldBack: 0 };
  const settings: ClientSettings | undefined = credential && {
    credential,
    endpoint: options.endpoint,
    agent,
    retry: options.retry,
    requestTimeoutMs: options.requestTimeoutMs,
    stats,
    quota: new QuotaGate(),
  };
  try {
    const writer = new SnapshotWriter(file);
    try {
      let order = 0;
      let shard: ShardHeader | undefined;
      const clusters = new Map<string, ArmResource>();
      const add = (collection: SubscriptionCollection) => writer.add(collection, order++);
      if (readsArm && settings) {
        const graph = createGraphClient(settings, DEFAULTS.graphPageSize);
        const resolved = await resolveSubscriptions(options.scope, {
          tenantClient: createTenantClient(settings),
          graph,
          baseUrl: options.endpoint.url,
          tenantId: options.tenantId,
        });
        const { ancestry } = resolved;
        // The shard is chosen from the whole resolved scope, whose fingerprint the snapshot records.
        const sharded = options.shard ? selectShard(options.shard, resolved.subscriptionIds) : undefined;
        shard = sharded?.header;
        const subscriptionIds = sharded?.subscriptionIds ?? resolved.subscriptionIds;
        options.progress?.started(subscriptionIds.length);
        const context = { settings, requestsPerSubscription: perSubscription, progress: options.progress };
        const emit = (collection: SubscriptionCollection, at: number) => {
          for (const resource of collection.resources) if (isManagedCluster(resource)) clusters.set(idKey(resource.id), resource);
          writer.add(collection, at);
          options.progress?.subscriptionFinished(collection);
        };
        const batchSize = Math.min(1000, options.graphBatchSize ?? DEFAULTS.graphBatchSize);
        if (options.engine === 'resource-graph') await collectWithGraph(context, graph, subscriptionIds, options.concurrency, batchSize, emit);
        else await collectWithArm(context, graph, subscriptionIds, ancestry, options.concurrency, batchSize, emit);
        order = subscriptionIds.length;
      }
      const clusterCount = options.clusters ? await collectClusters(options.clusters, clusters, settings, { ...options, stats }, add) : 0;
      const summary = writer.finish({ collectedAt, ...(shard ? { shard } : {}) });
      options.progress?.finished();
      return { ...summary, clusters: clusterCount, gaps: summary.coverage.filter(isGap), requests: stats.attempts, retries: stats.retries, retryWaitMs: stats.retryWaitMs, heldBack: stats.heldBack };
    } finally {
      writer.discardParts();
    }
  } finally {
    agent.destroy();
  }
}

function hasArmScope(scope: CollectOptions['scope']): boolean {
  return scope.subscriptions.length > 0 || scope.managementGroups.length > 0 || scope.allSubscriptions;
}

/**
 * A shard is a part of the subscriptions in scope: a cluster named by its id or read through a
 * kubeconfig belongs to no shard, and every shard would read it again.
 */
function refuseShardWithoutSubscriptions(options: CollectOptions): void {
  if (!hasArmScope(options.scope)) throw new UserError('--shard splits the subscriptions in scope; give --subscription, --all-subscriptions or --management-group');
  if (options.clusters?.kubeconfig || (options.clusters?.aks?.ids.length ?? 0) > 0) {
    throw new UserError('--shard: a cluster named with --aks ID or --kubeconfig is in no shard; collect it apart, or use --aks without an id to read the clusters of each shard\'s subscriptions');
  }
}

function requireCredential(credential: CollectOptions['credential']): TokenCredential {
  if (!credential) throw new UserError('collect: reading Azure needs a credential; pass a TokenCredential from @azure/identity');
  return credential;
}

const isManagedCluster = (resource: ArmResource) => typeof resource.type === 'string' && resource.type.toLowerCase() === COLLECTED_TYPES.managedCluster.toLowerCase();

/**
 * Reads inside the clusters asked for: the kubeconfig's, and with --aks the clusters named (read
 * from ARM when the subscription scan did not return them) or every cluster found. Returns how
 * many clusters were read inside.
 */
async function collectClusters(
  request: ClusterRequest,
  found: Map<string, ArmResource>,
  settings: ClientSettings | undefined,
  options: CollectOptions & { stats: RequestStats },
  add: (collection: SubscriptionCollection) => void,
): Promise<number> {
  const kubeSettings = { retry: options.retry, requestTimeoutMs: options.requestTimeoutMs, stats: options.stats };
  const collections: SubscriptionCollection[] = [];
  let count = 0;
  if (request.aks && settings) {
    const signIn = { client: createTenantClient(settings), baseUrl: options.endpoint.url, credential: settings.credential };
    for (const collection of await getNamedClusters(request.aks.ids, found, signIn)) {
      collections.push(collection);
      for (const resource of collection.resources) found.set(idKey(resource.id), resource);
    }
    // Before anything is read inside any cluster: a flag that cannot be honoured stops the scan at once.
    refuseNamedClustersWithoutEntra(request.aks.ids, found);
    const named = new Set(request.aks.ids.map(idKey));
    const targets = [...found.values()].filter((cluster) => request.aks!.all || named.has(idKey(cluster.id)));
    collections.push(...(await readAksClusters(targets, signIn, kubeSettings)));
    count += targets.length;
  }
  if (request.kubeconfig) {
    collections.unshift(await readKubeconfigCluster(request.kubeconfig, kubeSettings));
    count++;
  }
  for (const collection of collections) add(collection);
  return count;
}

type Emit = (collection: SubscriptionCollection, order: number) => void;

async function collectWithArm(context: ArmEngineContext, graph: GraphClient, ids: string[], known: Ancestry, concurrency: number, batchSize: number, emit: Emit) {
  const missing = ids.filter((id) => !known.ancestors.has(id.toLowerCase()));
  const ancestry = await lookUpAncestors(graph, missing, batchSize);
  for (const [id, chain] of known.ancestors) ancestry.ancestors.set(id, chain);
  await mapWithConcurrency(ids, concurrency, async (id, order) => {
    const collection = await guarded(id, () => collectSubscriptionWithArm(context, id));
    if (!collection.coverage.some((entry) => entry.resourceType === '*')) {
      const chain = ancestry.ancestors.get(id.toLowerCase());
      if (chain) collection.scope.managementGroupAncestors = chain;
      const gap = chain ? undefined : ancestryGap(ancestry, id);
      if (gap) collection.coverage.push(gap);
    }
    emit(collection, order);
  });
}

async function collectWithGraph(context: ArmEngineContext, graph: GraphClient, ids: string[], concurrency: number, batchSize: number, emit: Emit) {
  for (let start = 0; start < ids.length; start += batchSize) {
    const batch = ids.slice(start, start + batchSize);
    const collections = await collectBatchWithGraph({ ...context, graph, concurrency }, batch);
    collections.forEach((collection, index) => emit(collection, start + index));
  }
}

/** A defect while reading one subscription is that subscription's gap, not the end of the scan. */
async function guarded(subscriptionId: string, work: () => Promise<SubscriptionCollection>): Promise<SubscriptionCollection> {
  try {
    return await work();
  } catch (error) {
    const gap = wholeSubscriptionGap(subscriptionId, new Error(`aiscan failed while reading it: ${redactSecrets((error as Error).message)}`));
    return { scope: { subscriptionId }, coverage: [{ ...gap, status: 'failed' }], resources: [] };
  }
}
