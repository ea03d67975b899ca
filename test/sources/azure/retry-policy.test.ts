import { createEmptyPipeline, createHttpHeaders, createPipelineRequest, RestError, type HttpClient, type PipelineRequest } from '@azure/core-rest-pipeline';
import { QuotaGate } from '../../../src/sources/azure/quota-gate.js';
import type { RequestStats } from '../../../src/sources/azure/request-policies.js';
import { retryPolicy, type RetryClock } from '../../../src/sources/azure/retry-policy.js';
import { quotaReportOf, retryAfterMs } from '../../../src/sources/azure/throttle-headers.js';

const ARM = 'https://management.azure.com';
const SUB_A = `${ARM}/subscriptions/aaaa/providers/Microsoft.Compute/virtualMachines`;
const SUB_B = `${ARM}/subscriptions/bbbb/providers/Microsoft.Compute/virtualMachines`;

type Answer = { status: number; headers?: Record<string, string> } | { error: string };

/** A clock that only moves when the policy sleeps, and records each sleep. */
function fakeClock(random = 0.5): RetryClock & { sleeps: number[]; time: number } {
  const clock = {
    time: 0,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
    random: () => random,
  };
  return clock;
}

function harness(answers: Answer[], options: { maxRetries?: number; maxRetryTimeMs?: number; random?: number } = {}) {
  const clock = fakeClock(options.random);
  const stats: RequestStats = { attempts: 0, retries: 0, retryWaitMs: 0, heldBack: 0 };
  const gate = new QuotaGate(clock.now);
  const sent: string[] = [];
  const transport: HttpClient = {
    sendRequest: async (request: PipelineRequest) => {
      sent.push(request.url);
      const answer = answers.shift() ?? { status: 200 };
      if ('error' in answer) throw new RestError('network', { code: answer.error });
      return { request, status: answer.status, headers: createHttpHeaders(answer.headers), bodyAsText: '{"error":{"code":"TooManyRequests","message":"slow down"}}' };
    },
  };
  const pipeline = createEmptyPipeline();
  pipeline.addPolicy(retryPolicy({ maxRetries: options.maxRetries ?? 3, retryDelayInMs: 1000, maxRetryDelayInMs: 30_000, maxRetryTimeMs: options.maxRetryTimeMs ?? 300_000 }, gate, stats, clock));
  const send = (url = SUB_A) => pipeline.sendRequest(transport, createPipelineRequest({ url }));
  return { clock, stats, sent, send };
}

const throttle = (retryAfter: string) => ({ status: 429, headers: { 'retry-after': retryAfter } });

describe("aiscan's retry policy", () => {
  test('waits for Retry-After as often as Azure says 429, however many times, within the time budget', async () => {
    const { clock, stats, send } = harness(Array.from({ length: 6 }, () => throttle('1')), { maxRetries: 3 });
    expect((await send()).status).toBe(200);
    expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000, 1000, 1000]);
    expect(stats).toEqual({ attempts: 0, retries: 6, retryWaitMs: 6000, heldBack: 0 });
  });

  test('fails at once, without sleeping, when Retry-After is longer than the budget has left', async () => {
    const { clock, send } = harness([throttle('2'), throttle('2'), throttle('120')], { maxRetryTimeMs: 60_000 });
    await expect(send()).rejects.toMatchObject({
      statusCode: 429,
      code: 'TooManyRequests',
      message: 'aiscan gave up after 2 retries: Azure asked to wait 120 s, more than the 56 s left of its 60 s retry time (--max-retry-time); slow down',
    });
    expect(clock.sleeps).toEqual([2000, 2000]);
  });

  test('server errors and network errors: jittered exponential backoff, at most --max-retries', async () => {
    const low = harness([{ status: 500 }, { error: 'ECONNRESET' }, { status: 503 }, { status: 500 }], { random: 0 });
    expect((await low.send()).status).toBe(500); // out of retries: the last answer, as the SDK would give it
    expect(low.clock.sleeps).toEqual([500, 1000, 2000]); // half of 1 s, 2 s, 4 s
    const high = harness([{ status: 502 }, { status: 504 }], { random: 0.99 });
    expect((await high.send()).status).toBe(200);
    expect(high.clock.sleeps).toEqual([995, 1990]); // up to all of 1 s, 2 s
  });

  test('a 503 with Retry-After waits for it, and counts as a failure', async () => {
    const { clock, send } = harness([{ status: 503, headers: { 'retry-after-ms': '250' } }, { status: 503, headers: { 'x-ms-retry-after-ms': '300' } }], { maxRetries: 1 });
    expect((await send()).status).toBe(503);
    expect(clock.sleeps).toEqual([250]);
  });

  test('answers that retrying cannot change are returned at once', async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const { clock, send } = harness([{ status }]);
      expect((await send()).status).toBe(status);
      expect(clock.sleeps).toEqual([]);
    }
    const { send } = harness([{ error: 'ERR_TLS_CERT_ALTNAME_INVALID' }]);
    await expect(send()).rejects.toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('a 429 holds back the other requests on the same subscription, not those on another', async () => {
    const { clock, send, stats } = harness([throttle('5')]);
    const first = send(SUB_A);
    await first;
    clock.time -= 5000; // as if the next two were sent while the first waited
    clock.sleeps.length = 0;
    await send(SUB_B);
    expect(clock.sleeps).toEqual([]);
    await send(SUB_A);
    expect(clock.sleeps).toEqual([5000]);
    expect(stats.heldBack).toBe(1);
  });

  test('ARM reads nearly spent: the next request on that subscription waits before it is sent', async () => {
    const { clock, send } = harness([{ status: 200, headers: { 'x-ms-ratelimit-remaining-subscription-reads': '7' } }, { status: 200, headers: { 'x-ms-ratelimit-remaining-subscription-reads': '900' } }]);
    await send(SUB_A);
    await send(SUB_A);
    expect(clock.sleeps).toEqual([1000]);
    await send(SUB_A);
    expect(clock.sleeps).toEqual([1000]);
  });

  test('Resource Graph quota spent: the next query waits until the window resets', async () => {
    const graph = `${ARM}/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01`;
    const { clock, send } = harness([{ status: 200, headers: { 'x-ms-user-quota-remaining': '0', 'x-ms-user-quota-resets-after': '00:00:04' } }]);
    await send(graph);
    await send(graph);
    expect(clock.sleeps).toEqual([4000]);
  });
});

describe('throttling headers', () => {
  test.each([
    [{ 'retry-after': '7' }, 7000],
    [{ 'retry-after': '1.5' }, 1500],
    [{ 'retry-after': 'Thu, 01 Jan 1970 00:00:10 GMT' }, 10_000],
    [{ 'retry-after': '5', 'retry-after-ms': '120' }, 120],
    [{ 'x-ms-retry-after-ms': '80' }, 80],
    [{ 'retry-after': 'soon' }, undefined],
    [{ 'retry-after': '-3' }, undefined],
    [{}, undefined],
  ])('%j → %s ms', (headers, expected) => {
    expect(retryAfterMs(createHttpHeaders(headers), 0)).toBe(expected);
  });

  test('quota headers', () => {
    expect(quotaReportOf(createHttpHeaders({ 'x-ms-ratelimit-remaining-subscription-reads': '249', 'x-ms-ratelimit-remaining-tenant-reads': '12' }))).toMatchObject({ armReadsRemaining: 12 });
    expect(quotaReportOf(createHttpHeaders({ 'x-ms-user-quota-remaining': '3', 'x-ms-user-quota-resets-after': '00:01:02.5' }))).toEqual({
      armReadsRemaining: undefined,
      graphQueriesRemaining: 3,
      graphResetsAfterMs: 62_500,
    });
  });
});
