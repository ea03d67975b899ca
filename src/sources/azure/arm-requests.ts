import type { ResourceManagementClient } from '@azure/arm-resources';
import { createPipelineRequest, RestError, type PipelineResponse } from '@azure/core-rest-pipeline';
import { armError } from './arm-errors.js';
import { itemsOfPage, withRawPages } from './raw-pages.js';

/**
 * Plain GETs through an SDK client's pipeline (token, retries, timeout, raw pages, read-only
 * guard), for the reads no installed SDK offers: subscriptions, user-assigned identities,
 * autoscale settings.
 */
export async function getJson(client: ResourceManagementClient, baseUrl: string, path: string, apiVersion: string): Promise<Record<string, unknown>> {
  const { pages } = await withRawPages(() => send(client, `${baseUrl}${path}?api-version=${apiVersion}`));
  return pages[0] as Record<string, unknown>;
}

/** Every item of a list, following nextLink to the last page. */
export async function listJson(client: ResourceManagementClient, baseUrl: string, path: string, apiVersion: string): Promise<Record<string, unknown>[]> {
  const { pages } = await withRawPages(async () => {
    let url: string | undefined = `${baseUrl}${path}?api-version=${apiVersion}`;
    const seen = new Set<string>();
    while (url) {
      if (seen.has(url)) throw new RestError(`the list repeats its nextLink ${url}`, { code: 'PARSE_ERROR' });
      seen.add(url);
      const response = await send(client, url);
      url = nextLinkOf(response);
    }
  });
  return pages.flatMap(itemsOfPage);
}

async function send(client: ResourceManagementClient, url: string): Promise<PipelineResponse> {
  const response = await client.sendRequest(createPipelineRequest({ url, method: 'GET' }));
  if (response.status < 200 || response.status >= 300) throw armError(response);
  return response;
}

function nextLinkOf(response: PipelineResponse): string | undefined {
  try {
    const nextLink = (JSON.parse(response.bodyAsText ?? '{}') as { nextLink?: unknown }).nextLink;
    return typeof nextLink === 'string' && nextLink !== '' ? nextLink : undefined;
  } catch {
    return undefined; // the raw pages policy has already failed the request
  }
}
