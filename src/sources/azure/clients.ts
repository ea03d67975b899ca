import type { Agent } from 'node:https';
import { AuthorizationManagementClient } from '@azure/arm-authorization';
import { ComputeManagementClient } from '@azure/arm-compute';
import { ContainerServiceClient } from '@azure/arm-containerservice';
import { AzureMachineLearningWorkspaces } from '@azure/arm-machinelearning';
import { NetworkManagementClient } from '@azure/arm-network';
import { ResourceManagementClient } from '@azure/arm-resources';
import type { Pipeline } from '@azure/core-rest-pipeline';
import type { TokenCredential } from '@azure/identity';
import { toolName, toolVersion } from '../../package-info.js';
import type { ArmEndpoint, RetrySettings } from './collect-options.js';
import { originGuardPolicy } from './origin-guard.js';
import type { QuotaGate } from './quota-gate.js';
import { rawPagesPolicy } from './raw-pages.js';
import { countingPolicy, readOnlyPolicy, requestTimeoutPolicy, type RequestStats } from './request-policies.js';
import { retryPolicy } from './retry-policy.js';

export interface ClientSettings {
  credential: TokenCredential;
  endpoint: ArmEndpoint;
  agent: Agent;
  retry: RetrySettings;
  requestTimeoutMs: number;
  stats: RequestStats;
  /** Shared by every client, so that requests on one quota hold back together. */
  quota: QuotaGate;
}

/** The SDK clients for one subscription, all sharing one agent, one token and aiscan's policies. */
export interface SubscriptionClients {
  subscriptionId: string;
  resources: ResourceManagementClient;
  authorization: AuthorizationManagementClient;
  compute: ComputeManagementClient;
  network: NetworkManagementClient;
  containers: ContainerServiceClient;
  machineLearning: AzureMachineLearningWorkspaces;
}

/** Options understood by both generations of the ARM SDKs (core-client and the newer modular ones). */
export function pipelineOptions(settings: ClientSettings) {
  return {
    agent: settings.agent,
    // The SDK's redirect policy follows same-origin redirects only; said here so that it stays so.
    redirectOptions: { allowCrossOriginRedirects: false },
    userAgentOptions: { userAgentPrefix: `${toolName}/${toolVersion}` },
  };
}

/**
 * aiscan's policies, added to every client's pipeline. In the order a request meets them:
 * the ARM-origin guard (before the token is added), raw pages, aiscan's retry policy (in place
 * of the SDK's), then per attempt a timeout and the counter, and last, just before the request
 * leaves, the read-only guard and the ARM-origin guard again (for redirects).
 */
export function addAiscanPolicies(pipeline: Pipeline, settings: ClientSettings): void {
  pipeline.addPolicy(originGuardPolicy(settings.endpoint.url, 'before signing'), { phase: 'Serialize' });
  pipeline.addPolicy(rawPagesPolicy());
  pipeline.removePolicy({ phase: 'Retry' });
  pipeline.addPolicy(retryPolicy(settings.retry, settings.quota, settings.stats), { phase: 'Retry' });
  pipeline.addPolicy(requestTimeoutPolicy(settings.requestTimeoutMs), { afterPhase: 'Retry' });
  pipeline.addPolicy(countingPolicy(settings.stats), { afterPhase: 'Retry' });
  pipeline.addPolicy(readOnlyPolicy(), { afterPhase: 'Sign' });
  pipeline.addPolicy(originGuardPolicy(settings.endpoint.url, 'before sending'), { afterPhase: 'Sign' });
}

export function createSubscriptionClients(settings: ClientSettings, subscriptionId: string): SubscriptionClients {
  const { credential, endpoint } = settings;
  // core-client SDKs take the URL as $host and derive nothing from it; the token scope is explicit.
  const classic = { ...pipelineOptions(settings), endpoint: endpoint.url, $host: endpoint.url, credentialScopes: [endpoint.tokenScope] };
  const modular = { ...pipelineOptions(settings), endpoint: endpoint.url, credentials: { scopes: [endpoint.tokenScope] } };
  const clients: SubscriptionClients = {
    subscriptionId,
    resources: new ResourceManagementClient(credential, subscriptionId, classic),
    authorization: new AuthorizationManagementClient(credential, subscriptionId, classic),
    compute: new ComputeManagementClient(credential, subscriptionId, modular),
    network: new NetworkManagementClient(credential, subscriptionId, classic),
    containers: new ContainerServiceClient(credential, subscriptionId, modular),
    machineLearning: new AzureMachineLearningWorkspaces(credential, subscriptionId, classic),
  };
  for (const client of [clients.resources, clients.authorization, clients.compute, clients.network, clients.containers, clients.machineLearning]) {
    addAiscanPolicies(client.pipeline, settings);
  }
  return clients;
}

/** A client for requests outside any one subscription (the subscription list). */
export function createTenantClient(settings: ClientSettings): ResourceManagementClient {
  const { credential, endpoint } = settings;
  const client = new ResourceManagementClient(credential, {
    ...pipelineOptions(settings),
    endpoint: endpoint.url,
    $host: endpoint.url,
    credentialScopes: [endpoint.tokenScope],
  });
  addAiscanPolicies(client.pipeline, settings);
  return client;
}
