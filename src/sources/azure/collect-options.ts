import type { TokenCredential } from '@azure/identity';
import type { ProgressReporter } from './progress.js';
import type { ClusterRequest } from '../kubernetes/live/collect-clusters.js';
import type { Shard } from '../shard.js';

/** How resources are listed: one ARM list call per type and subscription, or Azure Resource Graph queries. */
export type CollectEngine = 'arm' | 'resource-graph';
export const ENGINES: readonly CollectEngine[] = ['arm', 'resource-graph'];

/** Which subscriptions to read. Subscriptions from all three are merged, each read once. */
export interface ScopeRequest {
  subscriptions: readonly string[];
  allSubscriptions: boolean;
  managementGroups: readonly string[];
}

/** aiscan's retry policy (see retry-policy.ts): throttling is bounded by time, failures by a count and by time. */
export interface RetrySettings {
  /** Retries of a request that failed (5xx, network error, timeout); throttled requests (429) are not counted. */
  maxRetries: number;
  /** First backoff of the jittered exponential backoff, when the server gives no Retry-After. */
  retryDelayInMs: number;
  maxRetryDelayInMs: number;
  /** How long one request may take, from its first attempt to its last, waits included. */
  maxRetryTimeMs: number;
}

export interface ArmEndpoint {
  /** Base URL of Azure Resource Manager, without a trailing slash. */
  url: string;
  /** The scope a token is requested for, e.g. https://management.azure.com/.default. */
  tokenScope: string;
}

export interface CollectOptions {
  scope: ScopeRequest;
  /** Read only the subscriptions of the resolved scope that this shard holds (see sources/shard.ts). */
  shard?: Shard;
  /** Required to read Azure (a scope, or --aks); a kubeconfig's cluster alone needs none. */
  credential?: TokenCredential;
  /** Clusters to read inside: their Kubernetes objects join the snapshot. */
  clusters?: ClusterRequest;
  /** Says how `credential` was chosen (--auth), so a missing credential is explained in the user's terms. */
  authKind?: string;
  /** With --all-subscriptions: only subscriptions of this tenant. */
  tenantId?: string;
  endpoint: ArmEndpoint;
  engine: CollectEngine;
  /** Subscriptions read at the same time. */
  concurrency: number;
  /** Requests in flight at the same time within one subscription. */
  requestsPerSubscription?: number;
  /** A request that has not answered after this long is abandoned (and retried like a network error). */
  requestTimeoutMs: number;
  retry: RetrySettings;
  /** Extra trusted CA certificates (PEM). Default: the file named by NODE_EXTRA_CA_CERTS, if any. */
  trustedCertificates?: string;
  /** Subscriptions per Resource Graph query (Resource Graph accepts at most 1000). */
  graphBatchSize?: number;
  progress?: ProgressReporter;
  /** Where Azure SDK log lines go (AZURE_LOG_LEVEL), redacted; default: the process's stderr. */
  log?: (text: string) => void;
  now?: () => Date;
}

export const DEFAULTS = {
  engine: 'arm' as CollectEngine,
  concurrency: 8,
  requestsPerSubscription: 6,
  requestTimeoutMs: 60_000,
  // Five minutes for one request, waits included: ARM's throttling window (Read_ObservationWindow_00:05:00).
  retry: { maxRetries: 3, retryDelayInMs: 1_000, maxRetryDelayInMs: 30_000, maxRetryTimeMs: 300_000 } satisfies RetrySettings,
  graphBatchSize: 200,
  graphPageSize: 1000,
};

/** Why a count or a duration of the collection is refused (they are positive), or undefined. */
export function positiveNumberProblem(value: number, integer: boolean): string | undefined {
  return !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value)) ? `expected a positive ${integer ? 'whole ' : ''}number, got ${value}` : undefined;
}

/** Why a retry count is refused (a whole number, 0 or more), or undefined. */
export function retryCountProblem(value: number): string | undefined {
  return !Number.isInteger(value) || value < 0 ? `expected 0 or more, got ${value}` : undefined;
}
