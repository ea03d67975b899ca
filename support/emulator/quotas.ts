import { armErrors, type ArmErrorResponse } from './arm-errors.js';
import type { RecordedRequest } from './faults.js';

/** ARM's read throttling, as a token bucket per subscription (and one for tenant-level reads). */
export interface ArmReadQuota {
  capacity: number;
  refillPerSecond: number;
}

/** Resource Graph's throttling: `queries` per window of `windowSeconds`, per user. */
export interface GraphQuota {
  queries: number;
  windowSeconds: number;
}

interface Taken {
  /** A 429 when the quota is spent; undefined when the request may be answered. */
  throttled?: ArmErrorResponse;
  /** The quota headers every answer carries. */
  headers: Record<string, string>;
}

const isGraph = (request: RecordedRequest) => request.method === 'POST' && /^\/providers\/microsoft\.resourcegraph\//i.test(request.path);

/**
 * Meters requests as ARM and Resource Graph do, and answers with their headers: ARM's
 * `x-ms-ratelimit-remaining-subscription-reads` (or `-tenant-reads`) on every read, Resource
 * Graph's `x-ms-user-quota-remaining` and `x-ms-user-quota-resets-after` on every query, and a
 * 429 with Retry-After once a quota is spent.
 */
export class QuotaMeter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private window = { start: 0, used: 0 };

  constructor(
    private readonly arm?: ArmReadQuota,
    private readonly graph?: GraphQuota,
    private readonly now: () => number = Date.now,
  ) {}

  take(request: RecordedRequest): Taken {
    if (isGraph(request)) return this.graph ? this.takeGraph(this.graph) : { headers: {} };
    if (!this.arm || request.method !== 'GET') return { headers: {} };
    const subscription = /^\/subscriptions\/([^/]+)/i.exec(request.path)?.[1]?.toLowerCase();
    return this.takeArm(this.arm, subscription ?? 'tenant', subscription ? 'subscription' : 'tenant');
  }

  private takeArm(quota: ArmReadQuota, key: string, scope: 'subscription' | 'tenant'): Taken {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: quota.capacity, at: now };
    bucket.tokens = Math.min(quota.capacity, bucket.tokens + ((now - bucket.at) / 1000) * quota.refillPerSecond);
    bucket.at = now;
    this.buckets.set(key, bucket);
    const header = `x-ms-ratelimit-remaining-${scope}-reads`;
    if (bucket.tokens < 1) {
      const retryAfter = String(Math.ceil((1 - bucket.tokens) / quota.refillPerSecond));
      return { throttled: armErrors.throttled(retryAfter), headers: { [header]: '0' } };
    }
    bucket.tokens -= 1;
    return { headers: { [header]: String(Math.floor(bucket.tokens)) } };
  }

  private takeGraph(quota: GraphQuota): Taken {
    const now = this.now();
    const windowMs = quota.windowSeconds * 1000;
    if (now - this.window.start >= windowMs) this.window = { start: now, used: 0 };
    const resetsAfter = Math.ceil((this.window.start + windowMs - now) / 1000);
    const spent = this.window.used >= quota.queries;
    if (!spent) this.window.used++;
    const headers = { 'x-ms-user-quota-remaining': String(quota.queries - this.window.used), 'x-ms-user-quota-resets-after': hhmmss(resetsAfter) };
    return spent ? { throttled: armErrors.throttled(String(resetsAfter)), headers } : { headers };
  }
}

function hhmmss(seconds: number): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(Math.floor(seconds / 3600))}:${two(Math.floor((seconds % 3600) / 60))}:${two(seconds % 60)}`;
}
