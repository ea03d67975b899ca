import type { Argv } from 'yargs';
import { UserError } from '../errors.js';
import { isClusterId } from '../ids.js';
import { AUTH_KINDS, CLOUDS, type AuthKind, type CloudName } from '../sources/azure/choices.js';
import { DEFAULTS, ENGINES, type CollectEngine } from '../sources/azure/collect-options.js';
import { parseShard, type Shard } from '../sources/shard.js';

const LIVE_GROUP = 'Live Azure scope and sign-in:';
const CLUSTER_GROUP = 'Inside Kubernetes clusters (read-only; never Secrets or ConfigMaps):';

/** The flags that choose what to read from Azure and how to sign in, shared by `scan` and `collect`. */
export function liveOptions<T>(y: Argv<T>) {
  return y
    .option('subscription', { type: 'string', array: true, default: [] as string[], describe: 'Subscription id to read from Azure (repeatable)' })
    .option('all-subscriptions', { type: 'boolean', default: false, describe: 'Read every subscription the credential can see (with --tenant: of that tenant)' })
    .option('management-group', { type: 'string', array: true, default: [] as string[], describe: 'Read every subscription below this management group id (repeatable)' })
    .option('tenant', { type: 'string', describe: 'Entra ID tenant to sign in to' })
    .option('auth', { type: 'string', choices: AUTH_KINDS, default: 'default', describe: 'Credential: default (the Azure SDK chain), cli (az login), env, managed-identity, workload-identity' })
    .option('cloud', { type: 'string', choices: CLOUDS, default: 'AzureCloud', describe: 'Azure cloud' })
    .option('arm-endpoint', { type: 'string', describe: 'Another ARM endpoint (Azure Stack, an emulator); a private CA is trusted through NODE_EXTRA_CA_CERTS' })
    .option('engine', { type: 'string', choices: ENGINES, default: DEFAULTS.engine, describe: 'arm: one list call per type and subscription; resource-graph: Azure Resource Graph queries (large tenants)' })
    .option('concurrency', { type: 'number', default: DEFAULTS.concurrency, describe: 'Subscriptions read at the same time' })
    .option('request-timeout', { type: 'number', default: DEFAULTS.requestTimeoutMs / 1000, describe: 'Seconds to wait for one response before retrying it' })
    .option('max-retries', { type: 'number', default: DEFAULTS.retry.maxRetries, describe: 'Retries of a failed (5xx), unreachable or timed-out request; throttled requests (429) wait as long as --max-retry-time allows' })
    .option('max-retry-time', {
      type: 'number',
      default: DEFAULTS.retry.maxRetryTimeMs / 1000,
      describe: 'Seconds one request may take, retries and waits for Retry-After included; a longer wait fails the request (a coverage gap)',
    })
    .option('snapshot-out', { type: 'string', describe: 'Where to write the collected snapshot (default: <out>/estate.json)' })
    .option('aks', {
      type: 'string',
      array: true,
      describe: 'Also read inside AKS clusters, signed in with Microsoft Entra ID: the cluster ids given, or with no id every cluster of the subscriptions read (repeatable)',
    })
    .option('kubeconfig', { type: 'string', describe: "Also read inside the cluster of this kubeconfig's context (no file: $KUBECONFIG or ~/.kube/config); --cluster names its AKS cluster" })
    .option('context', { type: 'string', describe: 'The kubeconfig context to read (default: its current context)' })
    .group(
      ['subscription', 'all-subscriptions', 'management-group', 'tenant', 'auth', 'cloud', 'arm-endpoint', 'engine', 'concurrency', 'request-timeout', 'max-retries', 'max-retry-time', 'snapshot-out'],
      LIVE_GROUP,
    )
    .group(['aks', 'kubeconfig', 'context'], CLUSTER_GROUP);
}

/** `--shard K/N`: `aiscan collect` only. A live scan of one shard would always be incomplete (exit 3), so `scan` reads the shards' snapshots instead. */
export function shardOption<T>(y: Argv<T>) {
  return y
    .option('shard', {
      type: 'string',
      describe: 'Collect only shard K of N (1/4, 2/4, 3/4, 4/4): the subscriptions in scope that a hash of their id assigns to it. Scan every shard\'s snapshot together',
    })
    .group(['shard'], LIVE_GROUP);
}

/** The parsed live flags. */
export interface LiveArgs {
  subscriptions: string[];
  allSubscriptions: boolean;
  managementGroups: string[];
  tenant?: string;
  auth: AuthKind;
  cloud: CloudName;
  armEndpoint?: string;
  engine: CollectEngine;
  concurrency: number;
  requestTimeoutSeconds: number;
  maxRetries: number;
  maxRetryTimeSeconds: number;
  snapshotOut?: string;
  /** --shard (collect only). */
  shard?: Shard;
  /** --aks: cluster ids, or every cluster found when `all`. */
  aks?: { ids: string[]; all: boolean };
  /** --kubeconfig (file '' or undefined: the default one) and --context. */
  kubeconfig?: { file?: string; context?: string };
}

type ParsedLive = {
  subscription: string[];
  'all-subscriptions': boolean;
  'management-group': string[];
  tenant?: string;
  auth: string;
  cloud: string;
  'arm-endpoint'?: string;
  engine: string;
  concurrency: number;
  'request-timeout': number;
  'max-retries': number;
  'max-retry-time': number;
  'snapshot-out'?: string;
  shard?: string;
  aks?: string[];
  kubeconfig?: string;
  context?: string;
};

/** A flag meant once but given more than once: the last one counts, as in most command lines. */
const last = (value: unknown): string | undefined => (Array.isArray(value) ? last(value[value.length - 1]) : value === undefined ? undefined : String(value));

export function liveArgsOf(args: ParsedLive): LiveArgs {
  return {
    // `--subscription a,b` is accepted as well as repeating the flag.
    subscriptions: args.subscription.flatMap((value) => String(value).split(',')).map((value) => value.trim()).filter(Boolean),
    allSubscriptions: args['all-subscriptions'],
    managementGroups: args['management-group'].map(String),
    tenant: last(args.tenant),
    auth: args.auth as AuthKind,
    cloud: args.cloud as CloudName,
    armEndpoint: last(args['arm-endpoint']),
    engine: args.engine as CollectEngine,
    concurrency: args.concurrency,
    requestTimeoutSeconds: args['request-timeout'],
    maxRetries: args['max-retries'],
    maxRetryTimeSeconds: args['max-retry-time'],
    snapshotOut: last(args['snapshot-out']),
    ...(args.shard !== undefined ? { shard: parseShard(last(args.shard)!) } : {}),
    ...aksArgsOf(args.aks),
    ...kubeconfigArgsOf(args),
  };
}

function aksArgsOf(values: string[] | undefined): Pick<LiveArgs, 'aks'> {
  if (values === undefined) return {};
  const ids = values.flatMap((value) => String(value).split(',')).map((value) => value.trim()).filter(Boolean);
  return { aks: { ids, all: ids.length === 0 } };
}

function kubeconfigArgsOf(args: ParsedLive): Pick<LiveArgs, 'kubeconfig'> {
  const file = last(args.kubeconfig);
  const context = last(args.context);
  if (file === undefined && context === undefined) return {};
  return { kubeconfig: { ...(file ? { file } : {}), ...(context !== undefined ? { context } : {}) } };
}

/** Subscriptions to read from ARM were named. */
export function hasArmScope(live: LiveArgs): boolean {
  return live.subscriptions.length > 0 || live.allSubscriptions || live.managementGroups.length > 0;
}

/** Something to read live was named: subscriptions, or clusters (named AKS clusters, a kubeconfig). */
export function hasLiveScope(live: LiveArgs): boolean {
  return hasArmScope(live) || live.kubeconfig !== undefined || live.aks !== undefined;
}

/** --cluster names an AKS cluster by its ARM id: its objects' ids, and every finding on them, are built from it. */
export function checkClusterFlag(cluster: string): void {
  if (!isClusterId(cluster)) {
    throw new UserError(`--cluster: ${JSON.stringify(cluster)} is not the id of an AKS cluster (/subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerService/managedClusters/NAME)`);
  }
}
