import { join } from 'node:path';
import type { CliIO } from '../cli.js';
import { isGap, type ShardHeader } from '../estate.js';
import { UserError } from '../errors.js';
import { EXIT } from '../gate/exit-code.js';
import { authorityHostOf, resolveArmEndpoint } from '../sources/azure/clouds.js';
import { collectToSnapshot, type CollectResult } from '../sources/azure/collect.js';
import { DEFAULTS, positiveNumberProblem, retryCountProblem, type ScopeRequest } from '../sources/azure/collect-options.js';
import { createCredential } from '../sources/azure/credential.js';
import { findDefaultSubscription } from '../sources/azure/default-subscription.js';
import { createProgress } from '../sources/azure/progress.js';
import type { ClusterRequest } from '../sources/kubernetes/live/collect-clusters.js';
import { describeDuration } from '../sources/azure/retry-policy.js';
import { routeSdkLogs } from '../sources/azure/sdk-log.js';
import { redactError, redactSecrets } from '../redaction/credentials.js';
import { shortFingerprint } from '../text/shards.js';
import { terminalText } from '../text/terminal-text.js';
import { checkClusterFlag, hasArmScope, hasLiveScope, type LiveArgs } from './live-options.js';

export const SNAPSHOT_FILE_NAME = 'estate.json';

const NO_SCOPE =
  'a subscription to read with --subscription ID, --all-subscriptions or --management-group ID (AZURE_SUBSCRIPTION_ID is not set and `az account show` gave none), or a cluster with --aks CLUSTER_ID or --kubeconfig';

const NOTHING_TO_DO = {
  collect: `collect: nothing to read; give ${NO_SCOPE}`,
  scan: `scan: nothing to scan; give an estate file with --snapshot FILE, or ${NO_SCOPE}`,
};

/** The scope flags given, or the default subscription; a one-line error naming the flags when there is none. */
export async function liveScopeOf(live: LiveArgs, io: CliIO, quiet: boolean, command: keyof typeof NOTHING_TO_DO): Promise<ScopeRequest> {
  // Named clusters (--aks ID, --kubeconfig) need no subscription scan; `--aks` alone means the clusters of the default subscription.
  if (hasArmScope(live) || (hasLiveScope(live) && live.aks?.all !== true)) return { subscriptions: live.subscriptions, allSubscriptions: live.allSubscriptions, managementGroups: live.managementGroups };
  const found = await findDefaultSubscription();
  if (!found) throw new UserError(NOTHING_TO_DO[command]);
  if (!quiet) io.stderr(`aiscan: reading subscription ${found.subscriptionId} from ${found.source}\n`);
  return { subscriptions: [found.subscriptionId], allSubscriptions: false, managementGroups: [] };
}

function checkNumbers(live: LiveArgs): void {
  const positive = (flag: string, value: number, integer: boolean) => {
    const problem = positiveNumberProblem(value, integer);
    if (problem !== undefined) throw new UserError(`--${flag}: ${problem}`);
  };
  positive('concurrency', live.concurrency, true);
  positive('request-timeout', live.requestTimeoutSeconds, false);
  positive('max-retry-time', live.maxRetryTimeSeconds, false);
  const retries = retryCountProblem(live.maxRetries);
  if (retries !== undefined) throw new UserError(`--max-retries: ${retries}`);
}

/** The CLI's output with every token and secret redacted: what a live collection prints goes through here. */
function redactingIO(io: CliIO): CliIO {
  return { ...io, stdout: (text) => io.stdout(redactSecrets(text)), stderr: (text) => io.stderr(redactSecrets(text)) };
}

/**
 * Reads the live scope from Azure into a snapshot file, with progress (and Azure SDK logs, when
 * AZURE_LOG_LEVEL asks for them) on stderr. Unless `summary` is false or --quiet is given, ends
 * with a line on stderr counting requests and retries (`collect` prints its own summary instead).
 * An error leaves here with any token or secret it quotes redacted, stack included.
 */
export async function collectLive(live: LiveArgs, scope: ScopeRequest, file: string, io: CliIO, quiet: boolean, summary = true, cluster?: string): Promise<CollectResult> {
  checkNumbers(live);
  const endpoint = resolveArmEndpoint(live.cloud, live.armEndpoint);
  const out = redactingIO(io);
  // From before the credential is made: @azure/identity logs as soon as it reads the environment.
  const restoreSdkLogs = routeSdkLogs(out.stderr);
  let result: CollectResult;
  try {
    // A kubeconfig's cluster alone needs no Azure credential: none is made, so nothing probes for one.
    const readsAzure = scope.subscriptions.length > 0 || scope.allSubscriptions || scope.managementGroups.length > 0 || live.aks !== undefined;
    const credential = readsAzure ? createCredential(live.auth, { tenantId: live.tenant, authorityHost: authorityHostOf(live.cloud) }) : undefined;
    result = await collectToSnapshot(
      {
        scope,
        ...(live.shard ? { shard: live.shard } : {}),
        ...(credential ? { credential } : {}),
        ...clusterRequestOf(live, cluster),
        authKind: live.auth,
        tenantId: live.tenant,
        endpoint,
        engine: live.engine,
        concurrency: live.concurrency,
        requestTimeoutMs: live.requestTimeoutSeconds * 1000,
        retry: { ...DEFAULTS.retry, maxRetries: live.maxRetries, maxRetryTimeMs: live.maxRetryTimeSeconds * 1000 },
        progress: createProgress({ write: out.stderr, isTTY: out.stderrIsTTY ?? false, quiet }),
        log: out.stderr,
      },
      file,
    );
  } catch (error) {
    throw redactError(error);
  } finally {
    restoreSdkLogs();
  }
  if (summary && !quiet) {
    out.stderr(`aiscan: read ${describeScope(result)} into ${terminalText(result.file)}: ${describeRequests(result)}${result.redacted > 0 ? `; ${result.redacted} value(s) that may hold secrets redacted` : ''}\n`);
    for (const warning of result.warnings) out.stderr(`aiscan: warning: ${terminalText(warning)}\n`);
  }
  return result;
}

/** The clusters to read inside, from --aks, --kubeconfig, --context and (for a kubeconfig's cluster) --cluster. */
function clusterRequestOf(live: LiveArgs, cluster: string | undefined): { clusters?: ClusterRequest } {
  if (!live.aks && !live.kubeconfig) return {};
  return {
    clusters: {
      ...(live.aks ? { aks: live.aks } : {}),
      ...(live.kubeconfig ? { kubeconfig: { ...live.kubeconfig, ...(cluster !== undefined ? { clusterId: cluster } : {}) } } : {}),
    },
  };
}

/** `2 subscription(s)`, `1 subscription(s) and 3 cluster(s)`: a cluster read inside is counted apart from its subscription. */
function describeScope(result: CollectResult): string {
  return `${result.subscriptions} subscription(s)${result.clusters > 0 ? ` and ${result.clusters} cluster(s)` : ''}`;
}

/** Requests sent, how many were retries and how long those waited, and how many waited for quota: throttling shows here. */
export function describeRequests(result: CollectResult): string {
  const waited = result.retryWaitMs > 0 ? ` after ${describeDuration(result.retryWaitMs)} of waiting` : '';
  const held = result.heldBack > 0 ? `, ${result.heldBack} held back to spare a nearly spent quota` : '';
  return `${result.requests} requests, ${result.retries} ${result.retries === 1 ? 'retry' : 'retries'}${waited}${held}`;
}

export interface CollectCommandOptions {
  live: LiveArgs;
  out: string;
  quiet: boolean;
  /** --cluster: the AKS cluster a --kubeconfig cluster is. */
  cluster?: string;
}

/** `aiscan collect`: writes a snapshot and evaluates nothing. Exit 3 when something could not be read. */
export async function collectCommand(options: CollectCommandOptions, io: CliIO): Promise<number> {
  if (options.cluster !== undefined) checkClusterFlag(options.cluster);
  const scope = await liveScopeOf(options.live, io, options.quiet, 'collect');
  const file = options.live.snapshotOut ?? join(options.out, SNAPSHOT_FILE_NAME);
  const result = await collectLive(options.live, scope, file, io, options.quiet, false, options.cluster);
  if (!options.quiet) io.stdout(redactSecrets(describeCollection(result)));
  return result.coverage.some(isGap) ? EXIT.incomplete : EXIT.clean;
}

/** What a collection wrote and what it could not read. Coverage messages and ids come from Azure's responses: each is one line of plain text. */
export function describeCollection(result: CollectResult): string {
  const lines = [`Wrote ${terminalText(result.file)}: ${result.resources} resources from ${describeScope(result)}, ${describeRequests(result)}`];
  if (result.shard) lines.push(describeShard(result.shard));
  if (result.redacted > 0) lines.push(`Redacted ${result.redacted} value(s) that may hold secrets before writing them (docs/snapshots.md lists what is redacted)`);
  if (result.gaps.length > 0) {
    lines.push('', 'Coverage gaps (rules that need these are not evaluated, never counted as compliant):');
    for (const gap of result.gaps) {
      const type = gap.resourceType === '*' ? '(whole subscription)' : terminalText(gap.resourceType);
      lines.push(`  ${terminalText(gap.subscriptionId)} ${type}: ${gap.status}${gap.message ? ` (${terminalText(gap.message)})` : ''}`);
    }
  }
  for (const warning of result.warnings) lines.push(`warning: ${terminalText(warning)}`);
  return lines.join('\n') + '\n';
}

/** Which part of the scope a shard's snapshot holds, and that it is a part: alone it says nothing of the rest. */
function describeShard(shard: ShardHeader): string {
  const others = shard.count - 1;
  const scope = `${shard.scopeSubscriptions ?? '?'} subscription(s) in scope, ${shortFingerprint(shard.scope)}`;
  return `Shard ${shard.index}/${shard.count} of ${scope}${others > 0 ? `: scan it together with the snapshots of the other ${others} shard(s) (aiscan scan --snapshot FILE…)` : ''}`;
}
