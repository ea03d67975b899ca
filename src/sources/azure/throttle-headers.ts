import type { HttpHeaders } from '@azure/core-rest-pipeline';

/**
 * How long the server asks to wait before the next attempt, in milliseconds: `retry-after-ms` or
 * `x-ms-retry-after-ms` (ARM and Resource Graph), else `Retry-After` in seconds or as an HTTP
 * date. Undefined when no header says (or says nothing usable).
 */
export function retryAfterMs(headers: HttpHeaders, now: number): number | undefined {
  for (const name of ['retry-after-ms', 'x-ms-retry-after-ms']) {
    const ms = nonNegativeNumber(headers.get(name));
    if (ms !== undefined) return Math.ceil(ms);
  }
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = nonNegativeNumber(value);
  if (seconds !== undefined) return Math.ceil(seconds * 1000);
  // An HTTP date is in GMT (RFC 9110); anything else Date.parse would guess at ("-3" is a year).
  const date = /\bGMT$/.test(value) ? Date.parse(value) : NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

function nonNegativeNumber(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** What a response says about the caller's remaining quota, as ARM and Resource Graph report it. */
export interface QuotaReport {
  /** Reads left before ARM throttles (`x-ms-ratelimit-remaining-subscription-reads` or `-tenant-reads`). */
  armReadsRemaining?: number;
  /** Resource Graph queries left in the current window (`x-ms-user-quota-remaining`). */
  graphQueriesRemaining?: number;
  /** When Resource Graph's window starts again, in ms (`x-ms-user-quota-resets-after`, hh:mm:ss). */
  graphResetsAfterMs?: number;
}

export function quotaReportOf(headers: HttpHeaders): QuotaReport {
  const reads = [headers.get('x-ms-ratelimit-remaining-subscription-reads'), headers.get('x-ms-ratelimit-remaining-tenant-reads')]
    .map(nonNegativeNumber)
    .filter((value): value is number => value !== undefined);
  return {
    armReadsRemaining: reads.length > 0 ? Math.min(...reads) : undefined,
    graphQueriesRemaining: nonNegativeNumber(headers.get('x-ms-user-quota-remaining')),
    graphResetsAfterMs: durationMs(headers.get('x-ms-user-quota-resets-after')),
  };
}

/** `hh:mm:ss` (optionally with fractional seconds), as Resource Graph writes a duration. */
function durationMs(value: string | undefined): number | undefined {
  const match = /^\s*(\d+):([0-5]?\d):([0-5]?\d(?:\.\d+)?)\s*$/.exec(value ?? '');
  if (!match) return undefined;
  return Math.ceil((Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3])) * 1000);
}
