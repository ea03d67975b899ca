import { AsyncLocalStorage } from 'node:async_hooks';
import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';
import { redactError, redactKnownSecrets } from '../../redaction/credentials.js';

/** The JSON bodies of the successful responses to the requests made inside one `withRawPages` call. */
interface PageSink {
  pages: unknown[];
}

const sinks = new AsyncLocalStorage<PageSink>();

export const RAW_PAGES_POLICY = 'aiscanRawPages';

/**
 * The SDKs turn responses into their models: `properties` flattened, fields they do not know
 * dropped, and `onResponse` called for the first page only. This policy keeps the body of every
 * response, page by page, exactly as the server sent it; resources are stored from it.
 * Added without a phase, it sees each request once, after retries, with the final response.
 */
export function rawPagesPolicy(): PipelinePolicy {
  return {
    name: RAW_PAGES_POLICY,
    async sendRequest(request, next) {
      const response = await next(request);
      const sink = sinks.getStore();
      if (sink && response.status >= 200 && response.status < 300) {
        // A server that echoes the token (hostile, or a debugging proxy) must not put it in the snapshot.
        try {
          sink.pages.push(JSON.parse(redactKnownSecrets(response.bodyAsText ?? '')));
        } catch (error) {
          throw new RestError(`the response body is not valid JSON (${(error as Error).message})`, {
            code: 'PARSE_ERROR',
            statusCode: response.status,
            request,
            response,
          });
        }
      }
      return response;
    },
  };
}

/**
 * Runs `work` and returns, with its result, the raw JSON page of every response it received.
 * Every read aiscan makes goes through here, so this is where the error of a failed read loses
 * any token or secret it quotes (a server's message, a body cut short), before it becomes a
 * coverage message, a line on stderr or a stack.
 */
export async function withRawPages<T>(work: () => Promise<T>): Promise<{ result: T; pages: unknown[] }> {
  const sink: PageSink = { pages: [] };
  try {
    const result = await sinks.run(sink, work);
    return { result, pages: sink.pages };
  } catch (error) {
    throw redactError(error);
  }
}

/** Drives an SDK pager to its end (following nextLink); the items come from the raw pages, not the models. */
export async function listRawItems(pager: { byPage(): AsyncIterable<unknown> }): Promise<Record<string, unknown>[]> {
  const { pages } = await withRawPages(async () => {
    for await (const page of pager.byPage()) void page;
  });
  return pages.flatMap(itemsOfPage);
}

export function itemsOfPage(page: unknown): Record<string, unknown>[] {
  const value = (page as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) throw new RestError('the response has no "value" array', { code: 'PARSE_ERROR' });
  return value as Record<string, unknown>[];
}
