import { request } from 'node:https';
import { ArmEmulator } from '../../support/emulator/arm-emulator.js';
import { PRODUCTION, RESEARCH, SAMPLE_FILES, TEST_TOKEN } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(emulator: ArmEmulator, method: string, path: string, body?: unknown, token: string | null = TEST_TOKEN): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${emulator.url}${path}`, { method, ca: emulator.certificate.cert, headers: token ? { authorization: `Bearer ${token}` } : {} }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}
const json = (answer: Answer) => JSON.parse(answer.body) as Record<string, unknown>;

describe('the ARM emulator', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: resourcesOfSnapshots(SAMPLE_FILES), token: TEST_TOKEN, pageSize: 2 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.faults.clear());

  test('pages a list with nextLink, and compares paths ignoring case', async () => {
    let next: string | undefined = `/SUBSCRIPTIONS/${RESEARCH}/providers/microsoft.compute/VIRTUALMACHINES?api-version=2026-03-01`;
    const names: unknown[] = [];
    while (next) {
      const page = json(await send(emulator, 'GET', next));
      names.push(...(page.value as { name: string }[]).map((vm) => vm.name));
      next = page.nextLink ? new URL(String(page.nextLink)).pathname + new URL(String(page.nextLink)).search : undefined;
    }
    const expected = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.type === 'Microsoft.Compute/virtualMachines' && r.id.includes(RESEARCH)).map((r) => r.name);
    expect(expected.length).toBeGreaterThan(2); // more than one page of 2
    expect(names).toEqual(expected);
  });

  test('checks the api-version and the token as ARM does', async () => {
    const path = `/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines`;
    expect(json(await send(emulator, 'GET', `${path}?api-version=1999-01-01`))).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    expect((await send(emulator, 'GET', path)).status).toBe(400);
    expect((await send(emulator, 'GET', `${path}?api-version=2026-03-01`, undefined, null)).status).toBe(401);
    expect(json(await send(emulator, 'GET', `${path}?api-version=2026-03-01`, undefined, 'stolen'))).toMatchObject({ error: { code: 'InvalidAuthenticationToken' } });
    expect(json(await send(emulator, 'GET', `/subscriptions/${RESEARCH}/providers/Microsoft.Nope/things?api-version=2026-03-01`))).toMatchObject({ error: { code: 'InvalidResourceType' } });
  });

  test('serves compute usages per region, with the usage item as the REST API returns it', async () => {
    const page = json(await send(emulator, 'GET', `/subscriptions/${PRODUCTION}/providers/Microsoft.Compute/locations/swedencentral/usages?api-version=2026-03-01`));
    expect((page.value as unknown[])[0]).toEqual({ currentValue: expect.any(Number), limit: expect.any(Number), name: { value: expect.any(String), localizedValue: expect.any(String) }, unit: 'Count' });
  });

  test('serves the Azure ML usages and quotas of a region, each item as the estate holds it (shaped like the published Usage/list.json and Quota/list.json), paged', async () => {
    for (const kind of ['usages', 'quotas']) {
      let next: string | undefined = `/subscriptions/${RESEARCH}/providers/Microsoft.MachineLearningServices/locations/eastus/${kind}?api-version=2022-10-01`;
      const items: Record<string, unknown>[] = [];
      while (next) {
        const page = json(await send(emulator, 'GET', next));
        items.push(...(page.value as Record<string, unknown>[]));
        next = page.nextLink ? new URL(String(page.nextLink)).pathname + new URL(String(page.nextLink)).search : undefined;
      }
      const inEstate = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.type === `Microsoft.MachineLearningServices/locations/${kind}` && r.id.includes(RESEARCH));
      expect(inEstate.length).toBeGreaterThan(2); // more than one page of 2
      expect(items).toEqual(inEstate.map((r) => r.properties));
      expect(Object.keys(items[1])).toEqual(kind === 'usages' ? ['id', 'type', 'currentValue', 'limit', 'name', 'unit'] : ['id', 'type', 'limit', 'name', 'unit']);
    }
    // A region without ML compute in the estate lists nothing; another api-version is refused as ARM refuses it.
    const westeurope = json(await send(emulator, 'GET', `/subscriptions/${RESEARCH}/providers/Microsoft.MachineLearningServices/locations/westeurope/usages?api-version=2022-10-01`));
    expect(westeurope.value).toEqual([]);
    expect(json(await send(emulator, 'GET', `/subscriptions/${RESEARCH}/providers/Microsoft.MachineLearningServices/locations/eastus/quotas?api-version=2026-03-01`))).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
  });

  test('serves the resource SKUs of a region, shaped like the published example: its two CPU sizes, then the estate\'s GPU sizes there, paged with the filter kept', async () => {
    const path = `/subscriptions/${RESEARCH}/providers/Microsoft.Compute/skus`;
    const filter = `$filter=${encodeURIComponent("location eq 'eastus'")}`;
    let next: string | undefined = `${path}?api-version=2021-07-01&${filter}`;
    const items: Record<string, unknown>[] = [];
    while (next) {
      const page = json(await send(emulator, 'GET', next));
      items.push(...(page.value as Record<string, unknown>[]));
      next = page.nextLink ? new URL(String(page.nextLink)).pathname + new URL(String(page.nextLink)).search : undefined;
      if (next) expect(new URL(next, emulator.url).searchParams.get('$filter')).toBe("location eq 'eastus'");
    }
    const inEstate = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.type === 'Microsoft.Compute/locations/skus' && r.id.includes(RESEARCH) && r.location === 'eastus');
    expect(inEstate.length).toBeGreaterThan(2);
    expect(items.map((item) => item.name)).toEqual(['Standard_A0', 'Standard_A1', ...inEstate.map((r) => r.name)]);
    // Field for field the published example (Azure/azure-rest-api-specs …/Skus/stable/2021-07-01/examples/skus/ListAvailableResourceSkusForARegion.json), in eastus.
    expect(items[1]).toEqual({
      resourceType: 'virtualMachines',
      locations: ['eastus'],
      capabilities: expect.arrayContaining([{ name: 'vCPUs', value: '1' }, { name: 'MemoryGB', value: '1.75' }, { name: 'LowPriorityCapable', value: 'True' }]),
      locationInfo: [{ location: 'eastus', zones: ['1', '2', '3'] }],
      name: 'Standard_A1',
      tier: 'Standard',
      size: 'A1',
      family: 'standardA0_A7Family',
    });
    expect((items[1].capabilities as unknown[]).length).toBe(15);
    expect(items.slice(2)).toEqual(inEstate.map((r) => r.properties));
    // Another region holds only what the estate has there; an unsupported filter is refused as ARM refuses it.
    const westeurope = json(await send(emulator, 'GET', `${path}?api-version=2021-07-01&$filter=${encodeURIComponent("location eq 'westeurope'")}`));
    expect((westeurope.value as { name: string }[]).map((item) => item.name)).toEqual(['Standard_A0', 'Standard_A1']);
    expect(json(await send(emulator, 'GET', `${path}?api-version=2021-07-01&$filter=${encodeURIComponent("name eq 'x'")}`))).toMatchObject({ error: { code: 'InvalidParameter' } });
    expect(json(await send(emulator, 'GET', `${path}?api-version=2026-03-01`))).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
  });

  test('serves the PIM eligibility and assignment schedule instances of a subscription, at every scope in it, as the estate holds them', async () => {
    for (const [collection, type] of [
      ['roleEligibilityScheduleInstances', 'Microsoft.Authorization/RoleEligibilityScheduleInstances'],
      ['roleAssignmentScheduleInstances', 'Microsoft.Authorization/RoleAssignmentScheduleInstances'],
    ]) {
      let next: string | undefined = `/subscriptions/${RESEARCH}/providers/Microsoft.Authorization/${collection}?api-version=2020-10-01`;
      const items: Record<string, unknown>[] = [];
      while (next) {
        const page = json(await send(emulator, 'GET', next));
        items.push(...(page.value as Record<string, unknown>[]));
        next = page.nextLink ? new URL(String(page.nextLink)).pathname + new URL(String(page.nextLink)).search : undefined;
      }
      const expected = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.type === type && r.id.includes(RESEARCH));
      expect(expected.length).toBeGreaterThan(2);
      expect(items).toEqual(expected);
      // Shaped like the published examples (GetRoleEligibilityScheduleInstancesByScope.json, GetRoleAssignmentScheduleInstancesByScope.json): properties first, then name, id, type.
      expect(Object.keys(items[0])).toEqual(['properties', 'name', 'id', 'type']);
    }
    const path = `/subscriptions/${RESEARCH}/providers/Microsoft.Authorization/roleEligibilityScheduleInstances`;
    expect(json(await send(emulator, 'GET', `${path}?api-version=2022-04-01`))).toMatchObject({ error: { code: 'InvalidApiVersionParameter' } });
    // Paged like every list (pages of 2 here), the next link keeping the api-version.
    const first = json(await send(emulator, 'GET', `/subscriptions/${PRODUCTION}/providers/Microsoft.Authorization/roleAssignmentScheduleInstances?api-version=2020-10-01`));
    expect(first.value).toHaveLength(2);
    expect(String(first.nextLink)).toContain('api-version=2020-10-01');
  });

  test('injects faults per route, a given number of times, and records every request', async () => {
    emulator.faults.add({ match: /virtualMachines$/i, respond: { kind: 'throttle', retryAfter: '7' }, times: 1 });
    const path = `/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines?api-version=2026-03-01`;
    const throttled = await send(emulator, 'GET', path);
    expect([throttled.status, throttled.headers['retry-after']]).toEqual([429, '7']);
    expect((await send(emulator, 'GET', path)).status).toBe(200);
    expect(emulator.requests.slice(-2).map((r) => [r.method, r.path, r.apiVersion, r.status])).toEqual([
      ['GET', `/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines`, '2026-03-01', 429],
      ['GET', `/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines`, '2026-03-01', 200],
    ]);
  });

  test('answers the Resource Graph queries aiscan sends, and refuses any other', async () => {
    const path = '/providers/Microsoft.ResourceGraph/resources?api-version=2021-03-01';
    const answer = json(await send(emulator, 'POST', path, { subscriptions: [RESEARCH], query: "resources | where type in~ ('microsoft.compute/virtualmachines') | order by id asc", options: { $top: 3 } }));
    expect(answer).toMatchObject({ totalRecords: expect.any(Number), count: 3, resultTruncated: 'false', $skipToken: expect.any(String) });
    expect((answer.data as Record<string, unknown>[])[0]).toMatchObject({ type: 'microsoft.compute/virtualmachines', subscriptionId: RESEARCH, resourceGroup: 'rg-gpu-experiments', plan: null });
    expect((await send(emulator, 'POST', path, { subscriptions: [RESEARCH], query: 'resources | project id' })).status).toBe(400);
    expect((await send(emulator, 'PUT', `/subscriptions/${RESEARCH}/resourcegroups/x?api-version=2025-04-01`, {})).status).toBe(404);
  });
});
