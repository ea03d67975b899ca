import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, RESEARCH, SAMPLE_FILES, sampleCount, type Snapshot } from '../../../support/emulator/collect-harness.js';
import type { Fault } from '../../../support/emulator/faults.js';
import { scan } from '../../../src/scan.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };
const entry = (snapshot: Snapshot, type: string) => snapshot.coverage.find((e) => e.subscriptionId === RESEARCH && e.resourceType === type);
const inSample = (type: string) => sampleCount(sample, RESEARCH, type);
const countOf = (snapshot: Snapshot, type: string) => snapshot.resources.filter((r) => r.type?.toLowerCase() === type.toLowerCase()).length;

const VMS = /^GET \/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/virtualMachines$/i;
const NICS = /^GET \/subscriptions\/[^/]+\/providers\/Microsoft\.Network\/networkInterfaces$/i;

describe('fault injection: what cannot be read is a gap, everything else is still read', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample, pageSize: 4 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => {
    emulator.faults.clear();
    emulator.requests.splice(0);
  });
  const inject = (fault: Fault) => emulator.faults.add(fault);
  const attemptsAt = (route: RegExp) => emulator.requests.filter((r) => route.test(`${r.method} ${r.path}`)).length;

  it('waits for Retry-After on a throttled route, then reads it', async () => {
    inject({ match: VMS, respond: { kind: 'throttle', retryAfter: '1' }, times: 1 });
    const { snapshot, result } = await collectFromEmulator(emulator, researchOnly);
    expect(result).toMatchObject({ retries: 1, retryWaitMs: 1000 }); // the retry delay is 5 ms: the wait is the server's
    expect(result.gaps).toEqual([]);
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({ status: 'read', count: inSample('Microsoft.Compute/virtualMachines') });
    expect(attemptsAt(VMS)).toBe(2);
  });

  it('recovers from server errors with the retry policy', async () => {
    inject({ match: NICS, respond: { kind: 'serverError', status: 503 }, times: 2 });
    const { result, snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(result.gaps).toEqual([]);
    expect(countOf(snapshot, 'Microsoft.Network/networkInterfaces')).toBe(inSample('Microsoft.Network/networkInterfaces'));
  });

  it('records a route that keeps failing as a gap, and reads every other type', async () => {
    inject({ match: NICS, respond: { kind: 'serverError' } });
    const { snapshot, result, file } = await collectFromEmulator(emulator, researchOnly);
    expect(result.gaps).toEqual([
      { subscriptionId: RESEARCH, resourceType: 'Microsoft.Network/networkInterfaces', status: 'failed', message: expect.stringMatching(/^HTTP 500 InternalServerError: /) },
    ]);
    expect(attemptsAt(NICS)).toBe(4); // the first attempt and 3 retries
    expect(snapshot.coverage.filter((e) => e.status === 'read')).toHaveLength(20); // 16 + the two PIM lists + Azure ML usages and quotas
    expect(countOf(snapshot, 'Microsoft.Compute/virtualMachines')).toBe(inSample('Microsoft.Compute/virtualMachines'));

    // The rules that need NICs are not evaluated in that subscription: never a pass.
    const scanned = scan({ snapshots: [file] });
    expect(scanned.exitCode).not.toBe(0);
    for (const ruleId of ['AIS-NET-001', 'AIS-NET-003']) {
      expect(scanned.counts[ruleId]).toMatchObject({ pass: 0, fail: 0, notEvaluated: expect.any(Number) });
      expect(scanned.notEvaluated).toContainEqual(expect.objectContaining({ ruleId, subscriptionId: RESEARCH, resourceType: 'Microsoft.Network/networkInterfaces' }));
    }
  });

  it.each([
    ['denied (403)', { kind: 'denied' } as const, 'denied', /^HTTP 403 AuthorizationFailed: PIM role eligibility schedule instances could not be listed \(Reader on the subscription is enough to list them\): /],
    ['a server error (503, after the retries)', { kind: 'serverError', status: 503 } as const, 'failed', /^HTTP 503 \w+: PIM role eligibility schedule instances could not be listed: /],
    ['throttled (429, after the retries)', { kind: 'throttle', retryAfter: '0' } as const, 'failed', /^HTTP 429 \w+: PIM role eligibility schedule instances could not be listed: /],
    ['not found (404)', { kind: 'reply', status: 404, body: { error: { code: 'NotFound', message: 'The resource was not found.' } } } as const, 'failed', /^HTTP 404 NotFound: PIM role eligibility schedule instances could not be listed: /],
  ])('records the PIM eligibility list %s as a gap that names it: the assignment schedules are still read, and the eligibility rule is not evaluated there, never passed', async (_, respond, status, message) => {
    const TYPE = 'Microsoft.Authorization/roleEligibilityScheduleInstances';
    inject({ match: /^GET \/subscriptions\/[^/]+\/providers\/Microsoft\.Authorization\/roleEligibilityScheduleInstances$/i, respond });
    // A 429 is retried until the request's retry time runs out: 1 s here, not the harness's 30 s.
    const retry = { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetryTimeMs: 1_000 };
    const { snapshot, result, file } = await collectFromEmulator(emulator, { ...researchOnly, retry });
    expect(result.gaps).toEqual([{ subscriptionId: RESEARCH, resourceType: TYPE, status, message: expect.stringMatching(message) }]);
    expect(countOf(snapshot, TYPE)).toBe(0);
    expect(countOf(snapshot, 'Microsoft.Authorization/roleAssignmentScheduleInstances')).toBe(inSample('Microsoft.Authorization/roleAssignmentScheduleInstances'));
    const scanned = scan({ snapshots: [file] });
    expect(scanned.counts['AIS-RBAC-007']).toMatchObject({ pass: 0, fail: 0 });
    expect(scanned.notEvaluated).toContainEqual(expect.objectContaining({ ruleId: 'AIS-RBAC-007', subscriptionId: RESEARCH, resourceType: TYPE }));
    // The active assignments were read: the permanent Owner is still found.
    expect(scanned.findings.filter((f) => f.ruleId === 'AIS-RBAC-006')).toHaveLength(1);
  });

  it('records a region whose resource SKUs cannot be listed as a gap: the other regions are kept, and the rules that need SKUs are not evaluated there, never passed', async () => {
    const SKUS = 'Microsoft.Compute/locations/skus';
    inject({ match: (r) => /\/providers\/Microsoft\.Compute\/skus$/i.test(r.path) && r.query.$filter === "location eq 'westeurope'", respond: { kind: 'serverError', status: 503 } });
    const { snapshot, result, file } = await collectFromEmulator(emulator, researchOnly);
    expect(result.gaps).toEqual([
      { subscriptionId: RESEARCH, resourceType: SKUS, status: 'failed', count: inSample(SKUS), message: expect.stringMatching(/^HTTP 503 InternalServerError: 1 of 2 regions could not be listed; westeurope: /) },
    ]);
    // eastus was read: its GPU sizes are kept, the published example's two CPU sizes left out.
    expect(countOf(snapshot, SKUS)).toBe(inSample(SKUS));
    const scanned = scan({ snapshots: [file] });
    expect(scanned.gaps).toEqual([expect.objectContaining({ resourceType: SKUS, status: 'failed' })]);
    for (const ruleId of ['AIS-CAP-001', 'AIS-CAP-002']) {
      expect(scanned.counts[ruleId]).toMatchObject({ pass: 0, fail: 0, notEvaluated: expect.any(Number) });
      expect(scanned.counts[ruleId].notEvaluated).toBeGreaterThan(0);
      expect(scanned.notEvaluated).toContainEqual(expect.objectContaining({ ruleId, subscriptionId: RESEARCH, resourceType: SKUS }));
    }
    // Nothing else needs SKUs: the quota rules are still evaluated.
    expect(scanned.counts['AIS-QUOTA-003'].notEvaluated).toBe(0);
  });

  it('gives up on a route throttled past the retry budget', async () => {
    inject({ match: VMS, respond: { kind: 'throttle', retryAfter: '1' } });
    const { snapshot } = await collectFromEmulator(emulator, { ...researchOnly, retry: { maxRetries: 3, retryDelayInMs: 5, maxRetryDelayInMs: 20, maxRetryTimeMs: 2_500 } });
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/^HTTP 429 TooManyRequests: aiscan gave up after [12] retr(y|ies): Azure asked to wait 1\.0 s, more than the \d+ ms left of its 2\.5 s retry time \(--max-retry-time\); The request is being throttled/),
    });
    expect(attemptsAt(VMS)).toBeGreaterThan(1);
    // Without the VMs, the regions holding compute are not all known: usages and resource SKUs are gaps too.
    expect(entry(snapshot, 'Microsoft.Compute/locations/usages')).toMatchObject({ status: 'failed', message: expect.stringContaining('Microsoft.Compute/virtualMachines could not be read') });
    expect(entry(snapshot, 'Microsoft.Compute/locations/skus')).toMatchObject({ status: 'failed', message: expect.stringContaining('Microsoft.Compute/virtualMachines could not be read') });
  });

  it('reports a denied type as denied, a gap', async () => {
    inject({ match: /roleAssignments$/i, respond: { kind: 'denied' } });
    const { snapshot, result } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.Authorization/roleAssignments')).toMatchObject({ status: 'denied', message: expect.stringContaining('AuthorizationFailed') });
    expect(result.gaps.map((gap) => gap.resourceType)).toEqual(['Microsoft.Authorization/roleAssignments']);
    // Role assignments unread: every role definition is kept, none is judged unused.
    expect(entry(snapshot, 'Microsoft.Authorization/roleDefinitions')).toMatchObject({ status: 'read', count: inSample('Microsoft.Authorization/roleDefinitions') });
  });

  it('reads a type whose resource provider is not registered as empty (and its child type too), not as a gap', async () => {
    inject({ match: /MachineLearningServices\/workspaces$/i, respond: { kind: 'notRegistered', namespace: 'Microsoft.MachineLearningServices' } });
    const { snapshot, result, file } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.MachineLearningServices/workspaces')).toEqual({
      subscriptionId: RESEARCH,
      resourceType: 'Microsoft.MachineLearningServices/workspaces',
      status: 'read',
      count: 0,
      notRegistered: true,
      message: expect.stringMatching(
        /^the resource provider Microsoft\.MachineLearningServices is not registered in this subscription, so it holds none \(HTTP 409 MissingSubscriptionRegistration: /,
      ),
    });
    expect(entry(snapshot, 'Microsoft.MachineLearningServices/workspaces/computes')).toEqual({
      subscriptionId: RESEARCH,
      resourceType: 'Microsoft.MachineLearningServices/workspaces/computes',
      status: 'read',
      count: 0,
    });
    expect(result.gaps).toEqual([]);
    expect(countOf(snapshot, 'Microsoft.MachineLearningServices/workspaces')).toBe(0);
    // Nothing to evaluate there is not "not evaluated": the ML rules simply have no resource.
    const scanned = scan({ snapshots: [file] });
    expect(scanned.notEvaluated.filter((n) => n.resourceType.startsWith('Microsoft.MachineLearningServices'))).toEqual([]);
  });

  it.each([
    ['a core-client SDK (second page)', 'Microsoft.Authorization/roleDefinitions', (r: { path: string; query: Record<string, string> }) => /roleDefinitions$/i.test(r.path) && r.query.$skiptoken === '4'],
    ['a modular SDK', 'Microsoft.Compute/virtualMachines', (r: { path: string }) => /virtualMachines$/i.test(r.path)],
    ['a read without an SDK operation', 'Microsoft.ManagedIdentity/userAssignedIdentities', (r: { path: string }) => /userAssignedIdentities$/i.test(r.path)],
  ])('treats a truncated JSON page from %s as a gap, not as an empty list', async (_, type, match) => {
    inject({ match, respond: { kind: 'truncated' } });
    const { snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, type)).toMatchObject({ status: 'failed', message: expect.stringMatching(/^malformed response: the body is not valid JSON \(.+\)$/) });
    expect(countOf(snapshot, type)).toBe(0);
  });

  it('retries a response slower than the request timeout, and gives up when it stays slow', async () => {
    inject({ match: VMS, respond: { kind: 'slow', delayMs: 400 }, times: 1 });
    const recovered = await collectFromEmulator(emulator, { ...researchOnly, requestTimeoutMs: 150 });
    expect(entry(recovered.snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({ status: 'read', count: inSample('Microsoft.Compute/virtualMachines') });

    inject({ match: VMS, respond: { kind: 'slow', delayMs: 400 } });
    const { snapshot } = await collectFromEmulator(emulator, { ...researchOnly, requestTimeoutMs: 150, retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 5, maxRetryTimeMs: 30_000 } });
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({ status: 'failed', message: 'ETIMEDOUT: no response within 150 ms' });
  });

  it('keeps the namespaces of the clusters it could read when one cluster fails', async () => {
    inject({ match: /aks-research-gpu\/managedNamespaces$/i, respond: { kind: 'serverError' } });
    const { snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.ContainerService/managedClusters/managedNamespaces')).toMatchObject({
      status: 'failed',
      count: 0,
      message: expect.stringMatching(/^HTTP 500 InternalServerError: 1 of 2 managedClusters could not be listed; aks-research-gpu: /),
    });
  });
});
