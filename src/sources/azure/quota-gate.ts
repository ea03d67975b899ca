import type { QuotaReport } from './throttle-headers.js';

/**
 * ARM counts reads per subscription (and per tenant for tenant-level reads); Resource Graph
 * counts queries per user. Requests that draw on the same quota share one key.
 */
export function quotaKeyOf(url: string): string {
  const path = new URL(url).pathname;
  if (/^\/providers\/microsoft\.resourcegraph\//i.test(path)) return 'resource-graph';
  const subscription = /^\/subscriptions\/([^/]+)/i.exec(path)?.[1];
  return subscription ? `subscription ${subscription.toLowerCase()}` : 'tenant';
}

/**
 * Below this many ARM reads left, requests on that quota are spaced out. ARM's token bucket
 * refills subscription and tenant reads at about 25 a second; 20 left is under a second of
 * refill, and more than the requests aiscan has in flight on one subscription (6 by default).
 */
export const LOW_ARM_READS = 20;
/** How long requests on a nearly exhausted ARM quota wait, to let it refill. */
export const ARM_PACE_MS = 1_000;

/**
 * Holds requests back when their quota is spent or nearly spent, before the server has to say
 * 429: every request on a key waits until the key's hold ends. A 429's Retry-After holds the
 * key as well, so the requests in flight beside the throttled one wait with it.
 */
export class QuotaGate {
  private readonly heldUntil = new Map<string, number>();

  constructor(private readonly now: () => number = Date.now) {}

  /** How long a request on `key` must wait before it is sent (0: at once). */
  delayFor(key: string): number {
    return Math.max(0, (this.heldUntil.get(key) ?? 0) - this.now());
  }

  hold(key: string, ms: number): void {
    const until = this.now() + ms;
    if (until > (this.heldUntil.get(key) ?? 0)) this.heldUntil.set(key, until);
  }

  /** Reads the quota headers of a response to a request on `key`. */
  observe(key: string, report: QuotaReport): void {
    if (report.armReadsRemaining !== undefined && report.armReadsRemaining <= LOW_ARM_READS) this.hold(key, ARM_PACE_MS);
    // Resource Graph's own guidance: with no query left, wait until the window resets.
    if (report.graphQueriesRemaining !== undefined && report.graphQueriesRemaining <= 0 && report.graphResetsAfterMs !== undefined) {
      this.hold(key, report.graphResetsAfterMs);
    }
  }
}
