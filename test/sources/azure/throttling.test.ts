import { ArmEmulator, type EmulatorOptions } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, PRODUCTION, RESEARCH, SAMPLE_FILES, type Snapshot } from '../../../support/emulator/collect-harness.js';
import type { RecordedRequest } from '../../../support/emulator/faults.js';
import type { RetrySettings } from '../../../src/sources/azure/collect-options.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };
const entry = (snapshot: Snapshot, type: string) => snapshot.coverage.find((e) => e.subscriptionId === RESEARCH && e.resourceType === type);
const retry = (overrides: Partial<RetrySettings>): { retry: RetrySettings } => ({ retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetryTimeMs: 30_000, ...overrides } });

const VMS = /^GET \/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines$/i;
const isGraphQuery = (r: RecordedRequest) => r.method === 'POST' && /resourcegraph/i.test(r.path);
const throttled = (emulator: ArmEmulator) => emulator.requests.filter((r) => r.status === 429).length;

describe('throttling is a time budget, not a count', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.faults.clear();
    emulator.requests.splice(0);
  });

  it('waits out six 429s in a row on the first Resource Graph query, where three retries used to turn every ancestry into a gap', async () => {
    // Retry-After: 1 as Azure sends it, with retry-after-ms (which wins) to keep the test short.
    emulator.faults.add({ match: isGraphQuery, respond: { kind: 'throttle', retryAfter: '1', retryAfterMs: 20 }, times: 6 });
    const { snapshot, result } = await collectFromEmulator(emulator);
    expect(result.gaps).toEqual([]);
    expect(result).toMatchObject({ retries: 6, retryWaitMs: 6 * 20 });
    expect(snapshot.scopes.map((scope) => scope.managementGroupAncestors?.length)).toEqual([1, 1]);
    expect(emulator.requests.filter(isGraphQuery).map((r) => r.status)).toEqual([429, 429, 429, 429, 429, 429, 200]);
  });

  it('fails a request at once when Azure asks for a longer wait than its budget has left, and says so', async () => {
    emulator.faults.add({ match: VMS, respond: { kind: 'throttle', retryAfter: '3600' } });
    const { snapshot, result } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^HTTP 429 TooManyRequests: aiscan gave up after 0 retries: Azure asked to wait 3600 s, more than the \d+ s left of its 30 s retry time \(--max-retry-time\); /),
    });
    expect(emulator.requests.filter((r) => VMS.test(`${r.method} ${r.path}`))).toHaveLength(1);
    expect(result).toMatchObject({ retries: 0, retryWaitMs: 0 });
  });

  it('retries server errors with backoff within --max-retries, and never past the time budget', async () => {
    emulator.faults.add({ match: VMS, respond: { kind: 'serverError', status: 502 } });
    const { snapshot, result } = await collectFromEmulator(emulator, { ...researchOnly, ...retry({ maxRetries: 1000, retryDelayInMs: 20, maxRetryDelayInMs: 40, maxRetryTimeMs: 1_000 }) });
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^HTTP 502 InternalServerError: aiscan gave up after \d+ retries: the next retry is due in \d+ ms, more than the \d+ ms left of its 1\.0 s retry time/),
    });
    const attempts = emulator.requests.filter((r) => VMS.test(`${r.method} ${r.path}`)).length;
    expect(attempts).toBeGreaterThan(2);
    expect(attempts).toBeLessThan(1000);
    expect(result.retries).toBe(attempts - 1);
  });

  it('a 503 that says Retry-After is retried after it, counted against --max-retries', async () => {
    emulator.faults.add({ match: VMS, respond: { kind: 'reply', status: 503, body: { error: { code: 'ServiceUnavailable', message: 'busy' } }, headers: { 'retry-after-ms': '30' } }, times: 2 });
    const { result } = await collectFromEmulator(emulator, researchOnly);
    expect(result).toMatchObject({ gaps: [], retries: 2, retryWaitMs: 60 });
  });
});

describe('a quota that is nearly spent slows aiscan down before Azure has to say 429', () => {
  const withQuota = async (options: Partial<EmulatorOptions>, run: (emulator: ArmEmulator) => Promise<void>) => {
    const emulator = await ArmEmulator.start({ resources: sample, ...options });
    try {
      await run(emulator);
    } finally {
      await emulator.close();
    }
  };

  it('ARM: x-ms-ratelimit-remaining-subscription-reads', async () => {
    // A bucket of 12 reads refilled at 25 a second: the research subscription alone needs more than 12.
    await withQuota({ armReadQuota: { capacity: 12, refillPerSecond: 25 } }, async (emulator) => {
      const { result } = await collectFromEmulator(emulator, researchOnly);
      expect(emulator.requests.filter((r) => r.method === 'GET').length).toBeGreaterThan(12);
      expect(throttled(emulator)).toBe(0);
      expect(result).toMatchObject({ gaps: [], retries: 0 });
      expect(result.heldBack).toBeGreaterThan(0);
    });
  });

  it('Resource Graph: x-ms-user-quota-remaining and x-ms-user-quota-resets-after', async () => {
    // Two queries per second; the resource-graph engine sends three for a batch.
    await withQuota({ graphQuota: { queries: 2, windowSeconds: 1 } }, async (emulator) => {
      const { result } = await collectFromEmulator(emulator, { scope: { subscriptions: [RESEARCH, PRODUCTION], allSubscriptions: false, managementGroups: [] }, engine: 'resource-graph' });
      expect(emulator.requests.filter(isGraphQuery)).toHaveLength(3);
      expect(throttled(emulator)).toBe(0);
      expect(result).toMatchObject({ gaps: [], retries: 0, heldBack: 1 });
    });
  });
});
