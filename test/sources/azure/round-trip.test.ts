import { ComputeManagementClient } from '@azure/arm-compute';
import { Agent } from 'node:https';
import { ArmEmulator } from '../../../support/emulator/arm-emulator.js';
import { resourcesOfSnapshots } from '../../../support/emulator/emulator-estate.js';
import { collectFromEmulator, RESEARCH, SAMPLE_FILES, staticCredential } from '../../../support/emulator/collect-harness.js';
import type { ArmResource } from '../../../src/estate.js';
import { idKey } from '../../../src/ids.js';

/**
 * Every resource of the sample estate, with fields no SDK version knows: a preview field at the
 * top, one inside `properties`, and one nested in an array. The SDK models would drop them all.
 * (Not resource SKUs: aiscan keeps only the fields of a SKU the rules need, by name.)
 */
const withPreviewFields = (resource: ArmResource): ArmResource =>
  /^\/subscriptions\/[^/]+$/.test(resource.id) || resource.type === 'Microsoft.Compute/locations/usages' || resource.type === 'Microsoft.Compute/locations/skus'
    ? resource
    : /^Microsoft\.MachineLearningServices\/locations\/(usages|quotas)$/.test(resource.type ?? '')
      ? // An Azure ML usage or quota item is stored whole under properties (its wrapper is aiscan's): fields no SDK knows are kept there.
        { ...resource, properties: { ...(resource.properties as object), previewProperty: { enabled: true }, previewList: [{ value: 1.5e-7 }] } }
      : {
        ...resource,
        previewTopLevel: { rolloutRing: 3, flags: ['a', null, { deep: true }] },
        properties: { ...(resource.properties as object), previewProperty: { enabled: true }, previewList: [{ value: 1.5e-7 }] },
      };

const sample = resourcesOfSnapshots(SAMPLE_FILES).filter((r) => r.id.includes(RESEARCH)).map(withPreviewFields);

describe('resources are stored as the server sent them, not as the SDK models them', () => {
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: sample, pageSize: 3 });
  });
  afterAll(() => emulator.close());

  test('each collected resource equals, field for field, the JSON the emulator sent, across pages', async () => {
    const { snapshot } = await collectFromEmulator(emulator, { scope: { subscriptions: [RESEARCH], allSubscriptions: false, managementGroups: [] } });
    const sent = new Map(sample.map((resource) => [idKey(resource.id), resource]));
    expect(snapshot.resources).toHaveLength(sample.length);
    for (const resource of snapshot.resources) expect(resource).toStrictEqual(sent.get(idKey(resource.id)));
    expect(emulator.requests.some((r) => r.query.$skiptoken)).toBe(true);
  });

  test('(the SDK model of the same response flattens properties and drops the preview fields)', async () => {
    const agent = new Agent({ ca: emulator.certificate.cert });
    const client = new ComputeManagementClient(staticCredential(), RESEARCH, { endpoint: emulator.url, agent });
    const models: Record<string, unknown>[] = [];
    for await (const vm of client.virtualMachines.listAll()) models.push(vm as unknown as Record<string, unknown>);
    agent.destroy();
    expect(models).toHaveLength(sample.filter((r) => r.type === 'Microsoft.Compute/virtualMachines').length);
    expect(models[0]).not.toHaveProperty('previewTopLevel');
    expect(models[0]).not.toHaveProperty('properties.previewProperty');
    expect(models[0]).toHaveProperty('hardwareProfile');
  });
});
