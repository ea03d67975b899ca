/**
 * A cluster named by a kubeconfig (`--kubeconfig FILE [--context NAME]`): the file and context
 * the user chose, signed in as that context's user, with `@kubernetes/client-node` doing what
 * kubectl does (exec plugins such as kubelogin, tokens, client certificates).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { UserError } from '../../../errors.js';

export interface KubeconfigRequest {
  /** The file; undefined: $KUBECONFIG, else ~/.kube/config, as kubectl reads them. */
  file?: string;
  /** The context; undefined: the file's current context. */
  context?: string;
  /** The AKS cluster's ARM id (--cluster), so that the objects join its node pools. */
  clusterId?: string;
}

export interface KubeconfigCluster {
  config: KubeConfig;
  /** How messages name it: `context NAME (FILE)`. */
  label: string;
  clusterId: string;
}

export function loadKubeconfig(request: KubeconfigRequest, env: NodeJS.ProcessEnv = process.env): KubeconfigCluster {
  const files = request.file !== undefined && request.file !== '' ? [request.file] : defaultFiles(env);
  const existing = files.filter((file) => existsSync(file));
  if (existing.length === 0) {
    throw new UserError(`--kubeconfig: ${files.length === 1 ? `${files[0]} does not exist` : `none of ${files.join(', ')} exists`}; give the file with --kubeconfig FILE`);
  }
  const config = new KubeConfig();
  try {
    // Several files (KUBECONFIG=a:b) merge as kubectl merges them: the first to name a thing wins.
    config.loadFromFile(existing[0]);
    for (const file of existing.slice(1)) {
      const more = new KubeConfig();
      more.loadFromFile(file);
      config.mergeConfig(more, true);
    }
  } catch (error) {
    throw new UserError(`--kubeconfig: ${existing.join(', ')}: cannot read it: ${(error as Error).message.split('\n')[0]}`);
  }
  const where = existing.join(', ');
  const contextName = request.context ?? config.getCurrentContext();
  if (!contextName) throw new UserError(`--kubeconfig: ${where} has no current context; name one with --context (it has: ${config.getContexts().map((context) => context.name).join(', ') || 'none'})`);
  const context = config.getContextObject(contextName);
  if (!context) throw new UserError(`--context: ${where} has no context ${JSON.stringify(contextName)} (it has: ${config.getContexts().map((item) => item.name).join(', ') || 'none'})`);
  config.setCurrentContext(contextName);
  const cluster = config.getCurrentCluster();
  if (!cluster) throw new UserError(`--kubeconfig: ${where}: context ${contextName} names cluster ${JSON.stringify(context.cluster)}, which the file does not define`);
  return { config, label: `context ${contextName} (${where})`, clusterId: request.clusterId ?? kubeconfigClusterId(cluster.name) };
}

function defaultFiles(env: NodeJS.ProcessEnv): string[] {
  const fromEnv = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  return fromEnv.length > 0 ? fromEnv : [join(homedir(), '.kube', 'config')];
}

/**
 * Where a cluster known only by its kubeconfig is placed, when --cluster does not say which AKS
 * cluster it is: no Azure resource has this id, so its objects join no node pool.
 */
export function kubeconfigClusterId(clusterName: string): string {
  const name = clusterName.replace(/[^A-Za-z0-9._-]/g, '-') || 'cluster';
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aiscan-kubeconfig/providers/Microsoft.ContainerService/managedClusters/${name}`;
}
