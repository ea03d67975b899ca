import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { ArmResource } from '../../../src/estate.js';
import { REDACTION_VERSION } from '../../../src/redaction/secret-fields.js';
import { idKey } from '../../../src/ids.js';
import { redactResource } from '../../../src/redaction/redact.js';
import { readEstateFile } from '../../../src/sources/estate-file.js';
import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { collectFromEmulator, RESEARCH, SAMPLE_FILES } from '../../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';

/** Resources shaped like the REST API's examples, with secrets where people put them (see redact.test.ts). */
const withSecrets = ['vm-custom-script.json', 'vmss-windows-custom-script.json', 'autoscale-webhooks.json'].map(
  (name) => JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'redaction', 'secrets', name), 'utf8')) as ArmResource,
);
const [vm, vmss, autoscale] = withSecrets;
const SECRETS = [
  'sig=Zm9vYmFy',
  'sig=b3RoZXJz',
  'sig=c2V0dXBz',
  'hf_AbCdEfGh',
  'c2VjcmV0LXN0b3JhZ2Uta2V5',
  'I2Nsb3VkLWNvbmZpZw',
  'ZXhwb3J0IFdBTkRCX0FQSV9LRVk9',
  'Tr41n!ng-2026',
  'ZGlhZ25vc3RpY3Mta2V5',
  'eyJ0eXAiOiJKV1Qi',
  'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEF',
  'T0123ABCD/B0456EFGH',
];
const research = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.id.includes(RESEARCH));
const researchOnly = { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } };

/** Resource Graph has a VM's own columns only: its extensions are rows of another type, which aiscan does not read. */
const asGraphHoldsIt = ({ resources: _extensions, ...resource }: ArmResource) => resource as ArmResource;

describe('a collected snapshot keeps no secret, whichever engine read it', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: [...research, ...withSecrets] });
  });
  afterAll(() => emulator.close());

  test.each([
    ['arm', (resource: ArmResource) => resource],
    ['resource-graph', asGraphHoldsIt],
  ] as const)('--engine %s: markers in the file, counts in the coverage and the header, the file private', async (engine, seen) => {
    const { snapshot, file, result } = await collectFromEmulator(emulator, { ...researchOnly, engine });
    const text = readFileSync(file, 'utf8');
    for (const secret of SECRETS) expect(text).not.toContain(secret);
    expect(statSync(file).mode & 0o777).toBe(0o600);

    const collected = new Map(snapshot.resources.map((resource) => [idKey(resource.id), resource]));
    const expected = withSecrets.map((resource) => redactResource(seen(resource)));
    for (const { resource } of expected) expect(collected.get(idKey(resource.id))).toMatchObject(resource);

    const redactedIn = (type: string) => snapshot.coverage.find((entry) => entry.resourceType === type)?.redacted;
    expect(redactedIn('Microsoft.Compute/virtualMachines')).toBe(expected[0].redacted);
    expect(redactedIn('Microsoft.Compute/virtualMachineScaleSets')).toBe(expected[1].redacted);
    expect(redactedIn('Microsoft.Insights/autoscaleSettings')).toBe(expected[2].redacted);
    expect(snapshot.coverage.filter((entry) => entry.redacted !== undefined)).toHaveLength(3);
    const total = expected.reduce((sum, { redacted }) => sum + redacted, 0);
    expect((snapshot as unknown as { redaction: unknown }).redaction).toEqual({ version: REDACTION_VERSION, redacted: total });
    expect(result.redacted).toBe(total);
    // Still a valid snapshot, read like any other.
    expect(readEstateFile(file).resources).toHaveLength(snapshot.resources.length);
  });

  test('the secrets really were in what the emulator sent (the test would see them)', () => {
    const sent = JSON.stringify([vm, vmss, autoscale]);
    for (const secret of SECRETS) expect(sent).toContain(secret);
  });
});

describe('a resource listed twice (ids equal ignoring ASCII case)', () => {
  let emulator: ArmEmulator;
  const twin = { ...vm, id: vm.id.replace('vm-bootstrap', 'VM-BOOTSTRAP'), name: 'VM-BOOTSTRAP' };
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: [...research, vm, twin] });
  });
  afterAll(() => emulator.close());

  test('is kept once, and the type’s coverage entry and the summary say so, naming both ids', async () => {
    const { snapshot, result } = await collectFromEmulator(emulator, researchOnly);
    const vms = snapshot.resources.filter((resource) => resource.type === 'Microsoft.Compute/virtualMachines');
    expect(vms.filter((resource) => idKey(resource.id) === idKey(vm.id))).toHaveLength(1);
    const entry = snapshot.coverage.find((e) => e.resourceType === 'Microsoft.Compute/virtualMachines')!;
    expect(entry.count).toBe(vms.length);
    expect(entry.message).toContain(vm.id);
    expect(entry.message).toContain(twin.id);
    expect(entry.message).toMatch(/^1 resource\(s\) listed twice were kept once \(ids compare ignoring ASCII case\)/);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain(vm.id);
    expect(result.warnings[0]).toContain(twin.id);
  });
});
