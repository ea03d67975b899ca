import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import {
  bearerTokenAuthenticationPolicy,
  createDefaultHttpClient,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  RestError,
  type HttpMethods,
} from '@azure/core-rest-pipeline';
import { armError } from './arm-errors.js';
import { addAiscanPolicies, pipelineOptions, type ClientSettings } from './clients.js';
import { withRawPages } from './raw-pages.js';

type GraphOptions = NonNullable<ConstructorParameters<typeof ResourceGraphClient>[1]>;
type LegacyHttpClient = NonNullable<GraphOptions['httpClient']>;
type LegacyResponse = Awaited<ReturnType<LegacyHttpClient['sendRequest']>>;
type LegacyHeaders = LegacyResponse['headers'];

export interface GraphQuery {
  query: string;
  subscriptions?: string[];
  managementGroups?: string[];
}

export interface GraphClient {
  /** Every row of a query, following `$skipToken` to the last page. */
  queryAll(query: GraphQuery): Promise<Record<string, unknown>[]>;
}

/**
 * The Resource Graph SDK (4.x) is built on the legacy ms-rest-js runtime, whose default pipeline
 * retries for minutes and registers resource providers on a 409 (a write). aiscan keeps the SDK's
 * operation (request shape, api-version) and sends it through the same core pipeline as every
 * other client: token, retries honouring Retry-After, timeout, raw pages, read-only guard.
 */
export function createGraphClient(settings: ClientSettings, pageSize: number): GraphClient {
  const pipeline = createPipelineFromOptions(pipelineOptions(settings));
  pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential: settings.credential, scopes: settings.endpoint.tokenScope }), { phase: 'Sign' });
  addAiscanPolicies(pipeline, settings);
  const transport = createDefaultHttpClient();

  const httpClient: LegacyHttpClient = {
    async sendRequest(request) {
      const response = await pipeline.sendRequest(
        transport,
        createPipelineRequest({
          url: request.url,
          method: request.method as HttpMethods,
          headers: createHttpHeaders(request.headers.rawHeaders()),
          body: typeof request.body === 'string' ? request.body : undefined,
        }),
      );
      if (response.status < 200 || response.status >= 300) throw armError(response);
      return { request, status: response.status, headers: legacyHeaders(response.headers.toJSON()), bodyAsText: response.bodyAsText };
    },
  };
  const client = new ResourceGraphClient(settings.credential, { baseUri: settings.endpoint.url, requestPolicyFactories: [], httpClient });

  return {
    async queryAll(query) {
      const rows: Record<string, unknown>[] = [];
      let skipToken: string | undefined;
      do {
        const options = { resultFormat: 'objectArray' as const, top: pageSize, ...(skipToken ? { skipToken } : {}) };
        const { pages } = await withRawPages(() => client.resources({ ...query, options }));
        const page = pages[0] as { data?: unknown; $skipToken?: unknown; resultTruncated?: unknown } | undefined;
        if (!Array.isArray(page?.data)) throw new RestError('the Resource Graph response has no "data" array', { code: 'PARSE_ERROR' });
        rows.push(...(page.data as Record<string, unknown>[]));
        skipToken = typeof page.$skipToken === 'string' && page.$skipToken !== '' ? page.$skipToken : undefined;
        if (!skipToken && String(page.resultTruncated).toLowerCase() === 'true') {
          throw new RestError('Resource Graph truncated the result and gave no $skipToken to continue', { code: 'ResultTruncated' });
        }
      } while (skipToken);
      return rows;
    },
  };
}

/** The headers object the legacy runtime expects, over a plain record. */
function legacyHeaders(raw: Record<string, string>): LegacyHeaders {
  const map = new Map(Object.entries(raw).map(([name, value]) => [name.toLowerCase(), { name, value }]));
  const headers: LegacyHeaders = {
    set: (name, value) => void map.set(name.toLowerCase(), { name, value: String(value) }),
    get: (name) => map.get(name.toLowerCase())?.value,
    contains: (name) => map.has(name.toLowerCase()),
    remove: (name) => map.delete(name.toLowerCase()),
    rawHeaders: () => Object.fromEntries([...map.values()].map(({ name, value }) => [name, value])),
    headersArray: () => [...map.values()],
    headerNames: () => [...map.values()].map(({ name }) => name),
    headerValues: () => [...map.values()].map(({ value }) => value),
    clone: () => legacyHeaders(headers.rawHeaders()),
    toJson: () => headers.rawHeaders(),
  };
  return headers;
}
