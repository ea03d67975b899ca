import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { propertyPathWarnings, ruleWarnings, type RuleSchemas, type RuleText } from '../../src/engine/check-rule-reads.js';
import { loadRules } from '../../src/engine/load-rules.js';
import { isKubernetesType } from '../../src/sources/kubernetes/kubernetes-ids.js';
import type { AzureProperties } from '../../src/engine/property-paths.js';
import { knownType, SOURCES } from '../../support/azure-properties/sources.js';
import { useTempDir } from '../helpers/temp.js';
import { writeRule } from './rule-files.js';

const FILE = 'rules/x/MY-001.json';
const NIC = 'Microsoft.Network/networkInterfaces';
const CLUSTER = 'Microsoft.ContainerService/managedClusters';
const DATA = JSON.parse(readFileSync(join('src', 'facts', 'azure-properties.json'), 'utf8')) as AzureProperties;

function warnings(schemas: Partial<RuleSchemas>, rule: Partial<RuleText> = {}): string[] {
  return propertyPathWarnings(FILE, { resourceTypes: [NIC], message: 'NIC {name} is wrong.', ...rule }, { assert: {}, ...schemas });
}

describe('a property path the Azure REST API does not define for the rule’s types', () => {
  it('is a warning naming the file, the pointer, the api-version and the nearest property', () => {
    const assert = { properties: { properties: { required: ['enableAcceleratedNetworkin'], properties: { enableAcceleratedNetworkin: { const: true } } } } };
    expect(warnings({ assert })).toEqual([
      `${FILE}: at /assert/properties/properties/properties/enableAcceleratedNetworkin: properties.enableAcceleratedNetworkin is not a property of ${NIC} in the Azure REST API (${DATA.types[NIC].source.apiVersion}); did you mean properties.enableAcceleratedNetworking? (a warning: Azure adds properties before its specs list them)`,
    ]);
  });

  const tmp = useTempDir();

  it('does not stop the rule from loading', () => {
    const folder = writeRule(tmp.path('rules'), { resourceTypes: [NIC], assert: { required: ['propertes'] } });
    const [rule] = loadRules({ directories: [folder], builtin: false });
    expect(ruleWarnings(rule)).toEqual([expect.stringContaining(`AIS-TST-001.json: at /assert/required/0: propertes is not a property of ${NIC}`)]);
  });

  it('is found in the message and the locate path too', () => {
    expect(warnings({}, { message: 'NIC {name} has {properties.ipConfiguration}.', locate: 'properties.macAdress' })).toEqual([
      expect.stringMatching(/^rules\/x\/MY-001\.json: at \/locate: properties\.macAdress is not a property .* did you mean properties\.macAddress\?.* \(the locate path\)$/),
      expect.stringMatching(/^rules\/x\/MY-001\.json: at \/message: properties\.ipConfiguration is not a property .* did you mean properties\.ipConfigurations\?.* \(a placeholder in the message\)$/),
    ]);
  });

  it('matches names ignoring case, as aiscan reads resources, and any key of a map', () => {
    const assert = { properties: { PROPERTIES: { properties: { EnableAcceleratedNetworking: {} } }, tags: { required: ['owner'] } } };
    expect(warnings({ assert })).toEqual([]);
    expect(warnings({ assert: { properties: { properties: { properties: { addonProfiles: { properties: { omsagent: { required: ['enabled'] } } } } } } } }, { resourceTypes: [CLUSTER] })).toEqual([]);
  });

  it('steps through arrays to their elements', () => {
    const assert = { properties: { properties: { properties: { ipConfigurations: { items: { properties: { properties: { properties: { publicIPAddress: { required: ['id'] } } } } } } } } } };
    expect(warnings({ assert })).toEqual([]);
  });

  it('is said once, where the wrong name is first written, not again for the paths below it', () => {
    const assert = { properties: { propertis: { required: ['a', 'b'], properties: { c: {} } } } };
    expect(warnings({ assert })).toHaveLength(1);
  });

  it('is said only when none of the rule’s types can have the path, and never about a type aiscan has no list for', () => {
    expect(warnings({ assert: { required: ['sku'] } }, { resourceTypes: ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'] })).toEqual([]);
    expect(warnings({ assert: { required: ['skew'] } }, { resourceTypes: ['Microsoft.Sql/servers'] })).toEqual([]);
    expect(warnings({ assert: { required: ['skew'] } }, { resourceTypes: [NIC, 'Microsoft.Sql/servers'] })).toEqual([]);
  });

  it('is not said about facts, which the contract checks', () => {
    expect(warnings({ assert: { properties: { facts: { required: ['vm'] } } } })).toEqual([]);
  });
});

describe('the built-in rules', () => {
  it('read only properties the Azure REST API defines for their types', () => {
    expect(loadRules().flatMap(ruleWarnings)).toEqual([]);
  });
});

describe('the property lists in src/facts/azure-properties.json', () => {
  it('cover every Azure type the built-in rules and the facts look at, each with its source', () => {
    // Kubernetes objects are described by the Kubernetes API, not by an Azure SDK's models: no list to check them against.
    for (const rule of loadRules()) for (const type of rule.resourceTypes.filter((name) => !isKubernetesType(name))) expect(Object.keys(DATA.types)).toContain(type);
    for (const known of Object.values(DATA.types)) expect(known.source).toMatchObject({ package: expect.stringMatching(/^@azure\/arm-[a-z-]+@\d+\.\d+\.\d+$/), apiVersion: expect.any(String), model: expect.any(String) });
  });

  // Packages aiscan depends on are pinned by package-lock.json: a change of version that changes
  // the models fails here until the data is regenerated. (The generator installs three more
  // packages beside aiscan only for itself: see the script.)
  const dependencies = (JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string> }).dependencies;
  it.each(SOURCES.filter((source) => source.package in dependencies).map((source) => [source.type, source] as const))(
    'are what scripts/generate-azure-properties.ts makes of the SDK for %s',
    async (type, source) => {
      expect(await knownType(source, [process.cwd()])).toEqual(DATA.types[type]);
    },
  );
});
