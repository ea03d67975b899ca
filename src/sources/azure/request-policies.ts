import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';

/** The one POST aiscan sends: a Resource Graph query, which reads. */
const GRAPH_QUERY_PATH = /^\/providers\/microsoft\.resourcegraph\/resources$/i;
/**
 * The one credential operation: an AKS cluster's user kubeconfig in `exec` format, asked only of
 * a cluster with Microsoft Entra integration (sources/kubernetes/live/aks-connection.ts). It holds
 * the API server's address and CA and a user entry that names kubelogin, no secret; aiscan reads
 * the address and CA and discards the rest. Without `format=exec` AKS may answer with a local
 * account's certificate and token, so the request is refused without it.
 */
const AKS_EXEC_KUBECONFIG_PATH = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+\/providers\/microsoft\.containerservice\/managedclusters\/[^/]+\/listclusterusercredential$/i;

function isExecKubeconfigRequest(method: string, url: URL): boolean {
  return method === 'POST' && AKS_EXEC_KUBECONFIG_PATH.test(url.pathname) && url.searchParams.getAll('format').join() === 'exec';
}
/** Reads that return secrets or credentials; aiscan never sends them, even as a GET. */
const SECRET_OPERATIONS = /\/(list\w*keys|list\w*credentials?|listsecrets|accessprofiles|getaccesstoken|listconnectionstrings)(\/|$)/i;

/**
 * The scanner is read-only, by construction and not only by habit: this policy refuses to send
 * anything but a GET (or the Resource Graph query, or an AKS exec kubeconfig), and any operation
 * that returns secrets.
 */
export function readOnlyPolicy(): PipelinePolicy {
  return {
    name: 'aiscanReadOnly',
    async sendRequest(request, next) {
      const url = new URL(request.url);
      const path = url.pathname;
      if (isExecKubeconfigRequest(request.method, url)) return next(request);
      const isGraphQuery = request.method === 'POST' && GRAPH_QUERY_PATH.test(path);
      if ((request.method !== 'GET' && !isGraphQuery) || SECRET_OPERATIONS.test(path)) {
        throw new Error(`aiscan is read-only and refused to send ${request.method} ${path}`);
      }
      return next(request);
    },
  };
}

/**
 * A per-attempt timeout. Placed after the retry phase, so each attempt has its own; a timed-out
 * attempt fails as ETIMEDOUT, which the retry policy retries like a network error.
 */
export function requestTimeoutPolicy(timeoutMs: number): PipelinePolicy {
  return {
    name: 'aiscanRequestTimeout',
    async sendRequest(request, next) {
      request.timeout = timeoutMs;
      try {
        return await next(request);
      } catch (error) {
        if ((error as Error).name === 'AbortError' && !request.abortSignal?.aborted) {
          throw new RestError(`no response within ${timeoutMs} ms`, { code: 'ETIMEDOUT', request });
        }
        throw error;
      }
    },
  };
}

/** Counted for the summary and the benchmark. */
export interface RequestStats {
  /** Requests sent, retries included. */
  attempts: number;
  /** Requests sent again after a 429, a 5xx, a network error or a timeout. */
  retries: number;
  /** The waits before those retries, summed (requests wait in parallel, so this can exceed the wall time). */
  retryWaitMs: number;
  /** Requests held back before they were sent, because their quota was spent or nearly spent. */
  heldBack: number;
}

/** Counts every attempt sent, after the retry policy so that each retry is counted. */
export function countingPolicy(stats: RequestStats): PipelinePolicy {
  return {
    name: 'aiscanRequestCounter',
    sendRequest(request, next) {
      stats.attempts++;
      return next(request);
    },
  };
}
