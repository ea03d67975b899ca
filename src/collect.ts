/**
 * `collect(request)` for the programmatic API: reads subscriptions from Azure Resource Manager into a
 * snapshot file, which `scan({ snapshots: [file] })` then evaluates; the CLI's `aiscan collect` does
 * the same with a credential chosen by --auth.
 */
import type { TokenCredential } from '@azure/identity';
import { UserError } from './errors.js';
import type { CollectResult } from './sources/azure/collect.js';
import { DEFAULTS, ENGINES, positiveNumberProblem, retryCountProblem, type CollectEngine, type RetrySettings } from './sources/azure/collect-options.js';
import { CLOUDS, type CloudName } from './sources/azure/choices.js';
import type { ProgressReporter } from './sources/azure/progress.js';
import type { ClusterRequest } from './sources/kubernetes/live/collect-clusters.js';
import { shardProblem, type Shard } from './sources/shard.js';

export interface CollectRequest {
  /**
   * Signs in. Required: the API never picks a credential for you, so that nothing probes the
   * instance metadata endpoint or reads a CLI login you did not mean to use.
   */
  credential?: TokenCredential;
  /** Where the snapshot is written (atomically: on failure, no file). */
  file: string;
  /** Subscription ids to read. At least one of subscriptions, managementGroups or allSubscriptions. */
  subscriptions?: readonly string[];
  /** Management group ids: every subscription below each is read. */
  managementGroups?: readonly string[];
  /** Every subscription the credential can list (of `tenantId` only, when given). */
  allSubscriptions?: boolean;
  /**
   * Read only shard `index` (1 to `count`) of the subscriptions in scope: those whose id a hash
   * assigns to it (docs/live-scans.md). The snapshot records the shard; scan every shard's together.
   */
  shard?: Shard;
  /**
   * Clusters to read inside (docs/kubernetes-clusters.md): `aks.ids` (each cluster's ARM resource
   * is read too) or `aks.all` (every AKS cluster of the subscriptions read), signed in with
   * `credential`; `kubeconfig` (`{ file?, context?, clusterId? }`) as that context's user, with no
   * Azure credential needed when it is all there is to read.
   */
  clusters?: ClusterRequest;
  tenantId?: string;
  /** The Azure cloud whose Resource Manager is called (default AzureCloud). */
  cloud?: CloudName;
  /** Another Resource Manager base URL (Azure Stack, an emulator); HTTPS only. */
  armEndpoint?: string;
  /** One ARM list call per type and subscription (default), or Azure Resource Graph queries. */
  engine?: CollectEngine;
  /** Subscriptions read at the same time (default 8). */
  concurrency?: number;
  requestTimeoutMs?: number;
  retry?: Partial<RetrySettings>;
  /** Extra trusted CA certificates (PEM). */
  trustedCertificates?: string;
  progress?: ProgressReporter;
  /** Where Azure SDK log lines go when AZURE_LOG_LEVEL asks for them (default: stderr), redacted. */
  log?: (text: string) => void;
}

/**
 * Reads the subscriptions in scope into `request.file`. What could not be read (a forbidden type, a
 * subscription that failed) is in the snapshot's coverage and in `gaps`: a scan of the file then
 * reports those rules as not evaluated rather than compliant. Rejects with a UserError for a missing
 * scope, a credential that cannot sign in or a scope that cannot be resolved.
 */
export async function collect(request: CollectRequest): Promise<CollectResult> {
  const subscriptions = request.subscriptions ?? [];
  const managementGroups = request.managementGroups ?? [];
  const readsArm = subscriptions.length > 0 || managementGroups.length > 0 || request.allSubscriptions === true;
  const aks = request.clusters?.aks;
  if (aks?.all && !readsArm) throw new UserError('collect: clusters.aks.all reads the clusters of the subscriptions read; give subscriptions, managementGroups or allSubscriptions: true');
  if (!readsArm && !request.clusters?.kubeconfig && !(aks && aks.ids.length > 0)) {
    throw new UserError('collect: nothing to read; give subscriptions, managementGroups, allSubscriptions: true or clusters');
  }
  if (!request.credential && (readsArm || aks !== undefined)) {
    throw new UserError('collect: no credential; pass a TokenCredential from @azure/identity (AzureCliCredential, ClientSecretCredential, …)');
  }
  const shard = request.shard && shardProblem(request.shard.index, request.shard.count);
  if (shard) throw new UserError(`collect: shard: ${shard}`);
  if (request.cloud !== undefined && !CLOUDS.includes(request.cloud)) throw new UserError(`collect: cloud: expected one of ${CLOUDS.join(', ')}, got ${String(request.cloud)}`);
  if (request.engine !== undefined && !ENGINES.includes(request.engine)) throw new UserError(`collect: engine: expected one of ${ENGINES.join(', ')}, got ${String(request.engine)}`);
  checkPositive('concurrency', request.concurrency, true);
  checkPositive('requestTimeoutMs', request.requestTimeoutMs, false);
  checkPositive('retry.maxRetryTimeMs', request.retry?.maxRetryTimeMs, false);
  checkPositive('retry.retryDelayInMs', request.retry?.retryDelayInMs, false);
  checkPositive('retry.maxRetryDelayInMs', request.retry?.maxRetryDelayInMs, false);
  const maxRetries = request.retry?.maxRetries;
  const retries = maxRetries === undefined ? undefined : retryCountProblem(maxRetries);
  if (retries !== undefined) throw new UserError(`collect: retry.maxRetries: ${retries}`);
  // Loaded on use: the Azure SDKs are a third of aiscan's modules and a scan of files needs none of them.
  // One at a time: jest's ESM loader (the tests') fails on concurrent dynamic imports of shared modules.
  const { resolveArmEndpoint } = await import('./sources/azure/clouds.js');
  const endpoint = resolveArmEndpoint(request.cloud ?? 'AzureCloud', request.armEndpoint);
  const { collectToSnapshot } = await import('./sources/azure/collect.js');
  const { redactError } = await import('./redaction/credentials.js');
  try {
    return await collectToSnapshot(
      {
        scope: { subscriptions, managementGroups, allSubscriptions: request.allSubscriptions ?? false },
        ...(request.shard !== undefined ? { shard: { index: request.shard.index, count: request.shard.count } } : {}),
        ...(request.credential ? { credential: request.credential } : {}),
        ...(request.clusters !== undefined ? { clusters: request.clusters } : {}),
        ...(request.tenantId !== undefined ? { tenantId: request.tenantId } : {}),
        endpoint,
        engine: request.engine ?? DEFAULTS.engine,
        concurrency: request.concurrency ?? DEFAULTS.concurrency,
        requestTimeoutMs: request.requestTimeoutMs ?? DEFAULTS.requestTimeoutMs,
        retry: { ...DEFAULTS.retry, ...request.retry },
        ...(request.trustedCertificates !== undefined ? { trustedCertificates: request.trustedCertificates } : {}),
        ...(request.progress !== undefined ? { progress: request.progress } : {}),
        ...(request.log !== undefined ? { log: request.log } : {}),
      },
      request.file,
    );
  } catch (error) {
    // An SDK error can quote a request's headers or a credential's output: never pass on a token.
    throw redactError(error);
  }
}

function checkPositive(name: string, value: number | undefined, integer: boolean): void {
  const problem = value === undefined ? undefined : positiveNumberProblem(value, integer);
  if (problem !== undefined) throw new UserError(`collect: ${name}: ${problem}`);
}
