/**
 * GETs against one cluster's API server. `@kubernetes/client-node` signs the request (its
 * KubeConfig: exec plugins such as kubelogin, tokens, client certificates, the cluster's CA);
 * aiscan sends it and reads the raw JSON, because the library's typed models drop fields they do
 * not know and turn timestamps into Dates, and the estate keeps objects as the server gave them.
 *
 * Only GET, only to the server the kubeconfig names (a response never chooses where the next
 * request goes: no redirect is followed, and a list's `continue` is a query value), and never a
 * Secret or a ConfigMap.
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { createHttpHeaders } from '@azure/core-rest-pipeline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { RetrySettings } from '../../azure/collect-options.js';
import { describeDuration, jitteredBackoff } from '../../azure/retry-policy.js';
import { retryAfterMs } from '../../azure/throttle-headers.js';
import { NEVER_READ } from './kinds.js';

export interface KubeResponse {
  status: number;
  body: unknown;
}

export interface KubeClientSettings {
  retry: RetrySettings;
  requestTimeoutMs: number;
  stats: { attempts: number; retries: number; retryWaitMs: number };
  sleep?: (ms: number) => Promise<void>;
}

/** A request that never got an answer (refused connection, TLS failure, timeout) after its retries. */
export class KubeConnectionError extends Error {}

const RETRIED_STATUSES = new Set([500, 502, 503, 504]);
const MAX_BODY_BYTES = 512 * 1024 * 1024;

export class KubeClient {
  readonly server: URL;

  constructor(
    private readonly config: KubeConfig,
    private readonly settings: KubeClientSettings,
  ) {
    const cluster = config.getCurrentCluster();
    if (!cluster) throw new Error('the kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
    if (this.server.protocol !== 'https:') throw new Error(`the API server ${this.server.origin} is not served over HTTPS; aiscan sends credentials over HTTPS only`);
  }

  /** `path` starts with `/api` or `/apis`; `query` values are encoded here. */
  async get(path: string, query: Record<string, string> = {}): Promise<KubeResponse> {
    guard(path);
    const url = new URL(this.server.href.replace(/\/$/, '') + path);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
    const { retry } = this.settings;
    const sleep = this.settings.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const started = Date.now();
    let failures = 0;
    for (let attempt = 0; ; attempt++) {
      this.settings.stats.attempts++;
      let response: KubeResponse & { retryAfterMs?: number };
      try {
        response = await this.send(url);
      } catch (error) {
        if (++failures > retry.maxRetries) throw new KubeConnectionError(`${this.server.origin}: ${(error as Error).message}`);
        await this.wait(jitteredBackoff(retry, failures - 1), started, sleep, `${(error as Error).message}`);
        continue;
      }
      const throttled = response.status === 429;
      if (!throttled && !RETRIED_STATUSES.has(response.status)) return response;
      if (!throttled && ++failures > retry.maxRetries) return response;
      const delay = response.retryAfterMs ?? jitteredBackoff(retry, throttled ? attempt : failures - 1);
      await this.wait(delay, started, sleep, `the API server answered ${response.status}`);
    }
  }

  private async wait(delay: number, started: number, sleep: (ms: number) => Promise<void>, why: string): Promise<void> {
    const left = this.settings.retry.maxRetryTimeMs - (Date.now() - started);
    if (delay > left) {
      throw new KubeConnectionError(`${why}, and the next attempt is due in ${describeDuration(delay)}, more than the ${describeDuration(Math.max(0, left))} left of the retry time (--max-retry-time)`);
    }
    this.settings.stats.retries++;
    this.settings.stats.retryWaitMs += delay;
    await sleep(delay);
  }

  private async send(url: URL): Promise<KubeResponse & { retryAfterMs?: number }> {
    const options: RequestOptions = { method: 'GET', headers: { Accept: 'application/json', 'User-Agent': 'aiscan' } };
    await this.config.applyToHTTPSOptions(options);
    // applyToHTTPSOptions may name a server of its own (a proxy agent): the URL stays the kubeconfig's.
    options.timeout = this.settings.requestTimeoutMs;
    return new Promise((resolve, reject) => {
      const request = httpsRequest(url, options, (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) request.destroy(new Error(`the answer to GET ${url.pathname} is larger than ${MAX_BODY_BYTES / 1024 / 1024} MB`));
          else chunks.push(chunk);
        });
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const wait = retryAfterMs(createHttpHeaders(singleValued(response.headers)), Date.now());
          resolve({ status: response.statusCode ?? 0, body: parse(text), ...(wait !== undefined ? { retryAfterMs: wait } : {}) });
        });
        response.on('error', reject);
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${describeDuration(this.settings.requestTimeoutMs)} (--request-timeout)`)));
      request.on('error', reject);
      request.end();
    });
  }
}

function guard(path: string): void {
  if (!/^\/apis?(\/|$)/.test(path)) throw new Error(`aiscan refused to read ${path}: not an API path`);
  const segments = path.split('/');
  for (const segment of segments) {
    if (NEVER_READ.has(segment.toLowerCase())) throw new Error(`aiscan refused to read ${path}: it never reads Secrets or ConfigMaps`);
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The headers that have one value (Retry-After among them), as core-rest-pipeline's header reader takes them. */
function singleValued(headers: IncomingHttpHeaders): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The message of a Kubernetes `Status` body, or what the server said otherwise, on one line. */
export function statusMessage(response: KubeResponse): string {
  const body = response.body as { message?: unknown } | string | undefined;
  const message = typeof body === 'object' && body !== null && typeof body.message === 'string' ? body.message : typeof body === 'string' ? body.slice(0, 200) : '';
  return `${response.status}${message ? ` ${message.replace(/\s+/g, ' ').trim()}` : ''}`;
}
