import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, RESEARCH, SAMPLE_FILES, type Snapshot } from '../../../support/emulator/collect-harness.js';
import type { RecordedRequest } from '../../../support/emulator/faults.js';
import { ForeignServer } from '../../emulator/foreign-server.js';
import type { CollectEngine } from '../../../src/sources/azure/collect-options.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };
const entry = (snapshot: Snapshot, type: string) => snapshot.coverage.find((e) => e.subscriptionId === RESEARCH && e.resourceType === type);
/** A query string a real link might carry (a signature, a skip token): never repeated in a message. */
const QUERY = 'api-version=2026-03-01&$skiptoken=sig-0123456789abcdef';

const isGraphQuery = (r: RecordedRequest) => r.method === 'POST' && /resourcegraph/i.test(r.path);
const graphTable = (r: RecordedRequest, table: string) => isGraphQuery(r) && (JSON.parse(r.body ?? '{}') as { query?: string }).query?.startsWith(table) === true;

describe('the ARM token goes to the ARM endpoint only, whatever a response links to', () => {
  let emulator: ArmEmulator;
  let otherHost: ForeignServer;
  let otherPort: ForeignServer;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample });
    otherHost = await ForeignServer.start(emulator.certificate);
    otherPort = await ForeignServer.start(emulator.certificate, '127.0.0.1');
  });
  afterAll(async () => {
    await Promise.all([emulator.close(), otherHost.close(), otherPort.close()]);
  });
  beforeEach(() => emulator.faults.clear());
  afterEach(() => {
    // The other origins were never contacted: no request, not even a TLS handshake.
    const contacted = [otherHost.contacted, otherPort.contacted];
    otherHost.reset();
    otherPort.reset();
    expect(contacted).toEqual([false, false]);
  });

  /** The first page of `route` answers `{"value": [], "nextLink": link}`. */
  const nextLinkTo = (route: RegExp, link: string) =>
    emulator.faults.add({ match: route, respond: { kind: 'reply', status: 200, body: { value: [], nextLink: link } }, times: 1 });

  it.each([
    ['a core-client SDK pager', 'Microsoft.Authorization/roleDefinitions', /roleDefinitions$/i],
    ['a modular SDK pager', 'Microsoft.Compute/virtualMachines', /virtualMachines$/i],
    ["aiscan's own list helper", 'Microsoft.ManagedIdentity/userAssignedIdentities', /userAssignedIdentities$/i],
  ])('a nextLink to another host in %s is refused: a gap naming the host, not its query', async (_, type, route) => {
    nextLinkTo(route, `${otherHost.url}/subscriptions/${RESEARCH}/providers/${type}?${QUERY}`);
    const { snapshot, result } = await collectFromEmulator(emulator, researchOnly);
    const gap = entry(snapshot, type);
    expect(gap).toMatchObject({ status: 'failed', message: `aiscan refused to follow a link to ${otherHost.url}: only the ARM endpoint ${emulator.url} is sent the ARM token, and a response named another host` });
    expect(gap?.message).not.toContain('sig-0123456789abcdef');
    expect(result.gaps).toContainEqual(gap);
  });

  it.each([
    ['another port of the same host', () => `${otherPort.url}/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines?${QUERY}`, () => otherPort.url],
    ['user info that names the ARM host', () => `${emulator.url.replace('https://', 'https://')}@${otherHost.url.slice('https://'.length)}/x?${QUERY}`, () => otherHost.url],
    ['plain HTTP to the ARM host itself', () => `${emulator.url.replace('https://', 'http://')}/subscriptions/${RESEARCH}/providers/Microsoft.Compute/virtualMachines?${QUERY}`, () => emulator.url.replace('https://', 'http://')],
  ])('a nextLink to %s is another origin', async (_, link, origin) => {
    nextLinkTo(/virtualMachines$/i, link());
    const before = emulator.requests.length;
    const { snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({ status: 'failed', message: expect.stringContaining(`refused to follow a link to ${origin()}:`) });
    // The ARM emulator itself saw no request for the link either (plain HTTP would have carried the token in clear).
    expect(emulator.requests.slice(before).filter((r) => r.query.$skiptoken === 'sig-0123456789abcdef')).toEqual([]);
  });

  it('a redirect to another host is not followed: a gap', async () => {
    emulator.faults.add({ match: /virtualMachines$/i, respond: { kind: 'reply', status: 307, headers: { location: `${otherHost.url}/vms?${QUERY}` } } });
    const { snapshot } = await collectFromEmulator(emulator, researchOnly);
    expect(entry(snapshot, 'Microsoft.Compute/virtualMachines')).toMatchObject({ status: 'failed' });
  });

  it.each(['arm', 'resource-graph'] as CollectEngine[])('--engine %s: a refused link makes the collection incomplete', async (engine) => {
    nextLinkTo(/classicAdministrators$/i, `${otherHost.url}/classicAdministrators?${QUERY}`);
    const { snapshot, result } = await collectFromEmulator(emulator, { ...researchOnly, engine });
    expect(entry(snapshot, 'Microsoft.Authorization/classicAdministrators')).toMatchObject({ status: 'failed', message: expect.stringContaining(otherHost.url) });
    expect(result.gaps.length).toBeGreaterThan(0);
  });

  it('--engine resource-graph: a Resource Graph query redirected to another host is a gap for the types of its table', async () => {
    emulator.faults.add({ match: (r) => graphTable(r, 'resources '), respond: { kind: 'reply', status: 307, headers: { location: `${otherHost.url}/providers/Microsoft.ResourceGraph/resources?${QUERY}` } } });
    const { snapshot } = await collectFromEmulator(emulator, { ...researchOnly, engine: 'resource-graph' });
    for (const type of ['Microsoft.Compute/virtualMachines', 'Microsoft.ContainerService/managedClusters', 'Microsoft.Network/networkInterfaces']) {
      expect(entry(snapshot, type)).toMatchObject({ status: 'failed' });
    }
    expect(entry(snapshot, 'Microsoft.Authorization/roleAssignments')).toMatchObject({ status: 'read' });
  });

  it('--all-subscriptions: a subscription list that links to another host stops with a one-line error naming it', async () => {
    nextLinkTo(/^GET \/subscriptions$/i, `${otherHost.url}/subscriptions?${QUERY}`);
    await expect(collectFromEmulator(emulator, { scope: { subscriptions: [], allSubscriptions: true, managementGroups: [] } })).rejects.toThrow(
      `--all-subscriptions: cannot list the subscriptions the credential can see: aiscan refused to follow a link to ${otherHost.url}:`,
    );
  });
});
