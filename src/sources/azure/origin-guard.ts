import { RestError, type PipelinePolicy } from '@azure/core-rest-pipeline';

/**
 * The ARM token is for the ARM endpoint only. A response names the next URL to read (a list's
 * `nextLink`, a redirect's `Location`), and whoever controls a response controls that URL; the
 * SDKs and aiscan's own paging would follow it with the token. Every request is checked here
 * instead: the same scheme, host and port as the ARM endpoint, as the WHATWG URL parser reads
 * them (so `https://management.azure.com@evil`, `https://management.azure.com.evil.example`, an
 * IDN look-alike or another port are all other origins), and no user name or password in it.
 */
export function isArmOrigin(url: string, armEndpoint: string): boolean {
  const target = parse(url);
  return target !== undefined && !target.username && !target.password && target.origin === parse(armEndpoint)?.origin;
}

/** The origin to name in a message: scheme, host and port, never the path or query (which may carry a signature). */
export function originOf(url: string): string {
  return parse(url)?.origin ?? 'a URL that cannot be parsed';
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export const ORIGIN_GUARD_POLICY = 'aiscanArmOriginOnly';

/**
 * Refuses a request to any origin but the ARM endpoint's. Added twice to every pipeline: first
 * of all, before the bearer token policy signs the request, so that a refused request never
 * carries the token; and last, just before the request leaves, so that no redirect followed
 * inside the pipeline reaches another host either.
 */
export function originGuardPolicy(armEndpoint: string, stage: 'before signing' | 'before sending'): PipelinePolicy {
  return {
    name: `${ORIGIN_GUARD_POLICY} ${stage}`,
    async sendRequest(request, next) {
      if (!isArmOrigin(request.url, armEndpoint)) {
        const what = stage === 'before signing' ? 'follow a link to' : 'follow a redirect to';
        throw new RestError(
          `aiscan refused to ${what} ${originOf(request.url)}: only the ARM endpoint ${originOf(armEndpoint)} is sent the ARM token, and a response named another host`,
        );
      }
      return next(request);
    },
  };
}
