/** A request as the emulator saw it; faults match on it and tests read it back. */
export interface RecordedRequest {
  method: string;
  /** Path without the query, as sent. */
  path: string;
  query: Record<string, string>;
  apiVersion?: string;
  body?: string;
  authorization?: string;
  status?: number;
  at: number;
}

export type FaultResponse =
  /** 429 with Retry-After (seconds) and optionally retry-after-ms. */
  | { kind: 'throttle'; retryAfter: string; retryAfterMs?: number }
  | { kind: 'serverError'; status?: 500 | 502 | 503 }
  | { kind: 'denied' }
  | { kind: 'notRegistered'; namespace: string }
  /** Answers normally, after a delay. */
  | { kind: 'slow'; delayMs: number }
  /** Answers 200 with the first half of the JSON body. */
  | { kind: 'truncated' }
  /** Any answer: a status with a JSON body (or raw text) and headers, e.g. a foreign nextLink, a redirect, an error quoting the token. */
  | { kind: 'reply'; status: number; body?: unknown; text?: string; headers?: Record<string, string> };

export interface Fault {
  /** Tested against "METHOD /path" (no query) or given the whole request. */
  match: RegExp | ((request: RecordedRequest) => boolean);
  /** The answer, or a function of the request (to echo what the client sent, as a hostile server may). */
  respond: FaultResponse | ((request: RecordedRequest) => FaultResponse);
  /** How many matching requests get the fault; the rest are answered normally. Default: all. */
  times?: number;
}

export class FaultTable {
  private readonly faults: { fault: Fault; remaining: number }[] = [];

  add(fault: Fault): void {
    this.faults.push({ fault, remaining: fault.times ?? Infinity });
  }

  clear(): void {
    this.faults.length = 0;
  }

  /** The first fault that matches and has uses left, which it spends. */
  take(request: RecordedRequest): FaultResponse | undefined {
    for (const entry of this.faults) {
      if (entry.remaining <= 0 || !matches(entry.fault.match, request)) continue;
      entry.remaining--;
      const { respond } = entry.fault;
      return typeof respond === 'function' ? respond(request) : respond;
    }
    return undefined;
  }
}

function matches(match: Fault['match'], request: RecordedRequest): boolean {
  return typeof match === 'function' ? match(request) : match.test(`${request.method} ${request.path}`);
}
