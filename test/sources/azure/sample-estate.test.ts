import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, isUnusedBuiltInRole, PRODUCTION, RESEARCH, SAMPLE_FILES, TEST_TOKEN, writesAndSecretReads } from '../../../support/emulator/collect-harness.js';
import { readFileSync } from 'node:fs';
import type { ArmResource } from '../../../src/estate.js';
import { idKey } from '../../../src/ids.js';
import type { Snapshot } from '../../../support/emulator/collect-harness.js';
import { readEstateFile } from '../../../src/sources/estate-file.js';

const sample = resourcesOfSnapshots(SAMPLE_FILES);
const byId = (resources: readonly ArmResource[]) => new Map(resources.map((resource) => [idKey(resource.id), resource]));

describe('collecting the sample estate from the ARM emulator', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample, token: TEST_TOKEN, pageSize: 4 });
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.requests.splice(0));

  test('every resource Azure returned is in the snapshot, field for field', async () => {
    const { snapshot, file } = await collectFromEmulator(emulator);
    const collected = byId(snapshot.resources);
    const expected = sample.filter((resource) => !isUnusedBuiltInRole(resource, sample));
    expect(snapshot.resources).toHaveLength(expected.length);
    for (const resource of expected) expect(collected.get(idKey(resource.id))).toStrictEqual(resource);
    expect(readEstateFile(file).shape).toBe('aiscan-snapshot');
  });

  test('the snapshot records both scopes, their tenant and management groups, and every type as read', async () => {
    const { snapshot, result } = await collectFromEmulator(emulator);
    expect(snapshot.tenantId).toBe('7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13');
    expect(snapshot.scopes.map((scope) => [scope.subscriptionId, scope.displayName])).toEqual([
      [RESEARCH, 'ai-research'],
      [PRODUCTION, 'ai-production'],
    ]);
    expect(snapshot.scopes[0].managementGroupAncestors).toEqual(['/providers/Microsoft.Management/managementGroups/7f3c2a91-5d4e-4b8a-9c1f-2e6d8b0a4c13']);
    expect(result.gaps).toEqual([]);
    // Every type the sample files say was read, with the same count (less the built-in roles no assignment uses).
    for (const [index, file] of SAMPLE_FILES.entries()) {
      const { coverage } = JSON.parse(readFileSync(file, 'utf8')) as Snapshot;
      const subscriptionId = snapshot.scopes[index].subscriptionId;
      const unused = sample.filter((r) => r.id.includes(subscriptionId) && isUnusedBuiltInRole(r, sample)).length;
      const expectedCounts = coverage.map((e) => [e.resourceType, e.resourceType.endsWith('roleDefinitions') ? e.count! - unused : e.count]);
      const collectedCounts = snapshot.coverage.filter((e) => e.subscriptionId === subscriptionId).map((e) => [e.resourceType, e.count]);
      expect(collectedCounts.sort()).toEqual(expectedCounts.sort());
    }
  });

  test('only reads are sent, with the bearer token, and never an operation that returns secrets', async () => {
    await collectFromEmulator(emulator);
    expect(writesAndSecretReads(emulator)).toEqual([]);
    expect(emulator.requests.every((r) => r.authorization === `Bearer ${TEST_TOKEN}`)).toBe(true);
    expect(emulator.requests.every((r) => r.status === 200)).toBe(true);
  });
});
