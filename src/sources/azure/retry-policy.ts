import { RestError, type PipelinePolicy, type PipelineRequest, type PipelineResponse } from '@azure/core-rest-pipeline';
import { armError } from './arm-errors.js';
import type { RetrySettings } from './collect-options.js';
import { quotaKeyOf, type QuotaGate } from './quota-gate.js';
import type { RequestStats } from './request-policies.js';
import { quotaReportOf, retryAfterMs } from './throttle-headers.js';

export const RETRY_POLICY = 'aiscanRetry';

/** Answers worth another attempt: a timeout, throttling, and server errors that say "try again". */
const RETRIED_STATUSES = new Set([408, 429, 500, 502, 503, 504]);
/** Network failures worth another attempt (a timed-out attempt is ETIMEDOUT, see requestTimeoutPolicy). */
const RETRIED_CODES = new Set(['ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'REQUEST_SEND_ERROR']);

export interface RetryClock {
  now(): number;
  sleep(ms: number, request: PipelineRequest): Promise<void>;
  random(): number;
}

const realClock: RetryClock = {
  now: Date.now,
  sleep: (ms, request) =>
    new Promise((resolve, reject) => {
      const signal = request.abortSignal;
      if (signal?.aborted) return reject(new RestError('the request was cancelled', { code: 'ABORTED' }));
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', cancel);
        resolve();
      }, ms);
      const cancel = () => {
        clearTimeout(timer);
        reject(new RestError('the request was cancelled', { code: 'ABORTED' }));
      };
      signal?.addEventListener('abort', cancel, { once: true });
    }),
  random: Math.random,
};

/**
 * aiscan's retry policy, in place of the SDK's, which counts: six 429s in a row exhausted three
 * retries and turned a whole scan into gaps. Here throttling is a time budget:
 *
 * - 429: wait for Retry-After (or `retry-after-ms`), as often as it takes, while the request's
 *   budget (`maxRetryTimeMs`, from its first attempt) lasts; no count applies.
 * - 408, 500, 502, 503, 504 and network errors: at most `maxRetries` retries, after Retry-After
 *   when the server gives one, else after a jittered exponential backoff.
 * - A wait that would end past the budget is not started: the request fails at once, saying so.
 * - Before each attempt, the request waits for its quota (see QuotaGate).
 */
export function retryPolicy(settings: RetrySettings, gate: QuotaGate, stats: RequestStats, clock: RetryClock = realClock): PipelinePolicy {
  const backoff = (attempt: number) => jitteredBackoff(settings, attempt, clock.random);

  return {
    name: RETRY_POLICY,
    async sendRequest(request, next) {
      const started = clock.now();
      const key = quotaKeyOf(request.url);
      const left = () => settings.maxRetryTimeMs - (clock.now() - started);
      let retries = 0;
      let failures = 0;
      let response: PipelineResponse | undefined;
      let error: unknown;

      for (;;) {
        let held = gate.delayFor(key);
        // Counted once per request, before its first attempt: a retry's own wait is counted as the retry's.
        if (held > 0 && retries === 0) stats.heldBack++;
        // Again after each wait: the hold may have been extended meanwhile.
        for (; held > 0; held = gate.delayFor(key)) {
          if (held > left()) throw outOfTime(response, error, retries, `its quota is spent for another ${seconds(held)}`, settings, left());
          await clock.sleep(held, request);
        }

        response = undefined;
        error = undefined;
        try {
          response = await next(request);
        } catch (caught) {
          error = caught;
        }
        if (response) gate.observe(key, quotaReportOf(response.headers));

        const retryable = response ? RETRIED_STATUSES.has(response.status) : isRetriedError(error, request);
        if (!retryable) {
          if (response) return response;
          throw error;
        }
        const throttled = response?.status === 429;
        if (!throttled && ++failures > settings.maxRetries) {
          // Out of retries: the last answer, as the SDK would have given it.
          if (response) return response;
          throw error;
        }
        const serverWait = response ? retryAfterMs(response.headers, clock.now()) : undefined;
        const delay = serverWait !== undefined && serverWait > 0 ? serverWait : backoff(throttled ? retries : failures - 1);
        if (delay > left()) {
          const why = serverWait ? `Azure asked to wait ${seconds(serverWait)}` : `the next retry is due in ${seconds(delay)}`;
          throw outOfTime(response, error, retries, why, settings, left());
        }
        if (throttled) gate.hold(key, delay);
        stats.retries++;
        stats.retryWaitMs += delay;
        retries++;
        await clock.sleep(delay, request);
      }
    },
  };
}

function isRetriedError(error: unknown, request: PipelineRequest): boolean {
  if (request.abortSignal?.aborted) return false;
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && RETRIED_CODES.has(code);
}

/** The wait before retry `attempt` (from 0) when the server names none: exponential, capped, between half and all of it. */
export function jitteredBackoff(settings: Pick<RetrySettings, 'retryDelayInMs' | 'maxRetryDelayInMs'>, attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(settings.maxRetryDelayInMs, settings.retryDelayInMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** A wait as people read it: 40 ms, 1.5 s, 3600 s. */
export function describeDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
}
const seconds = describeDuration;

/**
 * The error for a request whose retry budget ran out: the server's own (status, ARM code,
 * message) with what aiscan did first, so that it survives a message cut short.
 */
function outOfTime(response: PipelineResponse | undefined, error: unknown, retries: number, why: string, settings: RetrySettings, left: number): Error {
  const note = `aiscan gave up after ${retries} ${retries === 1 ? 'retry' : 'retries'}: ${why}, more than the ${seconds(Math.max(0, left))} left of its ${seconds(settings.maxRetryTimeMs)} retry time (--max-retry-time)`;
  if (response) {
    const server = armError(response);
    return new RestError(`${note}; ${server.message}`, { code: server.code, statusCode: server.statusCode });
  }
  if (error instanceof Error) {
    error.message = `${note}; ${error.message}`;
    return error;
  }
  return new RestError(note);
}
