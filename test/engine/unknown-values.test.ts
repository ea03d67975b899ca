import type { UnknownValue } from '../../src/estate.js';
import { ANY_KEY, ELEMENT } from '../../src/engine/schema-reads.js';
import { decidedBy, decidingUnknown, failsOnKnownValues } from '../../src/engine/unknown-values.js';
import { createAjv } from '../../src/ajv.js';
import { expandTemplateText } from '../../src/sources/arm-template/expand-template.js';
import { scan, type ScanResult } from '../../src/scan.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * A rule whose decision hangs on a value only the deployment can know is not evaluated on that
 * resource — never a pass, never a failure — and a value the rule does not read changes nothing.
 */

const unknownAt = (...path: (string | number)[]): UnknownValue => ({ path, expression: `reference('x').${path.join('.')}`, reason: 'a deployed resource is read only at deployment' });

describe('which unknown values decide a rule', () => {
  const decides = decidedBy(
    [
      ['properties'],
      ['properties', 'disableLocalAccounts'],
      ['properties', 'agentPoolProfiles'],
      ['properties', 'agentPoolProfiles', ELEMENT],
      ['properties', 'agentPoolProfiles', ELEMENT, 'vmSize'],
      ['tags', ANY_KEY],
    ],
    [],
  );

  test.each([
    ['the value read', ['properties', 'disableLocalAccounts'], true],
    ['the value read, spelled in another case', ['Properties', 'DisableLocalAccounts'], true],
    ['an object holding the value read', ['properties'], true],
    ['a value inside one read whole', ['properties', 'disableLocalAccounts', 'x'], true],
    ['an element the rule reads into', ['properties', 'agentPoolProfiles', 2, 'vmSize'], true],
    ['any tag, when the rule reads every tag', ['tags', 'owner'], true],
    ['a sibling of what is read', ['properties', 'addonProfiles', 'omsagent', 'config'], false],
    ['a property of an element the rule does not read', ['properties', 'agentPoolProfiles', 0, 'osDiskSizeGB'], false],
    ['something outside properties', ['sku', 'name'], false],
  ])('%s: %j → %s', (_what, path, decided) => {
    expect(decidingUnknown(decides, [unknownAt(...path)]) !== undefined).toBe(decided);
  });

  test('a fact computed from an unknown value decides the rule that reads the fact', () => {
    const byFacts = decidedBy([], ['gpu']);
    const unknown = unknownAt('properties', 'hardwareProfile', 'vmSize');
    expect(decidingUnknown(byFacts, [], (fact) => (fact === 'gpu' ? unknown : undefined))).toBe(unknown);
    expect(decidingUnknown(byFacts, [], () => undefined)).toBeUndefined();
  });
});

describe("whether a rule's `when` fails whatever the unknown values turn out to be", () => {
  // A GPU-pool rule's `when`, as the built-in pack writes it: a known false fact rules it out.
  const when = createAjv().compile({
    type: 'object',
    required: ['facts', 'properties'],
    properties: {
      facts: { type: 'object', required: ['gpuCompute'], properties: { gpuCompute: { const: true } } },
      properties: { type: 'object', properties: { count: { type: 'integer', minimum: 1 }, mode: { anyOf: [{ const: 'User' }, { const: 'System' }] } } },
    },
  });
  const failures = (document: Record<string, unknown>) => {
    expect(when(document)).toBe(false);
    return when.errors ?? [];
  };
  const cpuPool = { facts: { gpuCompute: false }, properties: { count: 0, mode: 'Gateway' } };

  test.each([
    ['a known fact fails, another value is unknown: fails whatever is unknown', cpuPool, [unknownAt('properties', 'count')], undefined, true],
    ['only the unknown value fails: may hold once applied', { ...cpuPool, facts: { gpuCompute: true } }, [unknownAt('properties', 'count'), unknownAt('properties', 'mode')], undefined, false],
    ['the failing value sits inside an unknown object: may hold once applied', { facts: { gpuCompute: true }, properties: { count: 0 } }, [unknownAt('properties')], undefined, false],
    ['the failing fact may change with an unknown joined value: may hold once applied', cpuPool, [unknownAt('properties', 'count')], () => unknownAt('properties', 'count'), false],
    ['a required property is missing where an unknown value may add it: may hold once applied', { facts: { gpuCompute: true } }, [unknownAt('properties')], undefined, false],
    ['a required property is missing and nothing unknown may add it: fails whatever is unknown', { facts: { gpuCompute: true } }, [unknownAt('sku')], undefined, true],
    // An anyOf branch failing on a known value says nothing: the other branch may hold.
    ['only one branch of anyOf fails on a known value: may hold once applied', { facts: { gpuCompute: true }, properties: { count: 2, mode: 'Gateway' } }, [unknownAt('properties', 'count')], undefined, false],
  ] as const)('%s', (_what, document, unknown, unknownFacts, fails) => {
    expect(failsOnKnownValues(failures(document), unknown, unknownFacts)).toBe(fails);
  });
});

describe('a template value known only at deployment, through a scan', () => {
  const temp = useTempDir('aiscan-unknown-');
  const GPU = 'Standard_NC24ads_A100_v4';
  const template = (cluster: Record<string, unknown>) =>
    JSON.stringify({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        {
          type: 'Microsoft.ContainerService/managedClusters',
          apiVersion: '2024-05-01',
          name: 'aks-gpu',
          location: 'swedencentral',
          identity: { type: 'SystemAssigned' },
          properties: {
            dnsPrefix: 'aks-gpu',
            agentPoolProfiles: [
              { name: 'system', mode: 'System', vmSize: 'Standard_D4s_v5', count: 3, nodeTaints: "[reference('settings').outputs.systemTaints.value]" },
              { name: 'gpu', mode: 'User', vmSize: GPU, count: 1, nodeTaints: "[reference('settings').outputs.gpuTaints.value]" },
            ],
            addonProfiles: { omsagent: { enabled: true, config: { logAnalyticsWorkspaceResourceID: "[reference('workspace').id]" } } },
            ...cluster,
          },
        },
      ],
    });

  function scanTemplate(text: string): ScanResult {
    const file = temp.write('main.json', text);
    const expanded = expandTemplateText({ file, text }, undefined);
    return scan({ deployments: [{ template: file, resources: expanded.resources }], now: () => new Date('2026-12-05T00:00:00Z') });
  }
  const outcome = (result: ScanResult, ruleId: string, name: string) =>
    result.findings.some((finding) => finding.ruleId === ruleId && finding.resourceName === name)
      ? 'fail'
      : result.undecided.some((entry) => entry.ruleId === ruleId && entry.resourceName === name)
        ? 'not evaluated'
        : 'pass or not applicable';

  test('a rule that reads the unknown value is not evaluated, with the expression; one that does not is evaluated as ever', () => {
    const result = scanTemplate(template({ disableLocalAccounts: "[reference('policy').outputs.disableLocal.value]" }));
    expect(outcome(result, 'AIS-AKS-007', 'aks-gpu')).toBe('not evaluated');
    const entry = result.undecided.find((e) => e.ruleId === 'AIS-AKS-007')!;
    expect(entry.expression).toBe("reference('policy')");
    expect(entry.path).toEqual(['properties', 'disableLocalAccounts']);
    // The workspace id is unknown too, and AIS-AKS-007 never reads it: with a literal value the rule decides.
    const literal = scanTemplate(template({ disableLocalAccounts: false }));
    expect(outcome(literal, 'AIS-AKS-007', 'aks-gpu')).toBe('fail');
    expect(scanTemplate(template({ disableLocalAccounts: true })).undecided.filter((e) => e.ruleId === 'AIS-AKS-007')).toEqual([]);
  });

  test("a GPU pool's unknown taints leave the taint rule not evaluated there; a CPU pool it does not apply to stays not applicable", () => {
    const result = scanTemplate(template({ disableLocalAccounts: true }));
    expect(outcome(result, 'AIS-AKS-001', 'gpu')).toBe('not evaluated');
    expect(outcome(result, 'AIS-AKS-001', 'system')).toBe('pass or not applicable');
    expect(result.counts['AIS-AKS-001']).toEqual({ pass: 0, fail: 0, notApplicable: 1, notEvaluated: 1 });
  });

  test("a joined resource's unknown value leaves the rules that read it through a fact not evaluated; one no fact reads changes nothing", () => {
    const vmWithNic = (vmSize: string) =>
      JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { adminPassword: { type: 'securestring' } },
        resources: [
          { type: 'Microsoft.Network/networkInterfaces', apiVersion: '2024-01-01', name: 'gpu-nic', properties: { enableAcceleratedNetworking: false, ipConfigurations: [] } },
          {
            type: 'Microsoft.Compute/virtualMachines',
            apiVersion: '2024-03-01',
            name: 'gpu-vm',
            properties: {
              hardwareProfile: { vmSize },
              osProfile: { adminUsername: 'azureuser', adminPassword: "[parameters('adminPassword')]" },
              networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', 'gpu-nic')]" }] },
            },
          },
        ],
      });
    // The password is unknown and nothing reads it: the NIC of a known GPU size fails as it should.
    expect(outcome(scanTemplate(vmWithNic(GPU)), 'AIS-NET-001', 'gpu-nic')).toBe('fail');
    // The VM's size is unknown: whether its NIC needs accelerated networking cannot be told.
    const unknownSize = scanTemplate(vmWithNic("[reference('sizes').outputs.gpu.value]"));
    expect(outcome(unknownSize, 'AIS-NET-001', 'gpu-nic')).toBe('not evaluated');
    const entry = unknownSize.undecided.find((e) => e.ruleId === 'AIS-NET-001')!;
    expect(entry).toMatchObject({ resourceName: 'gpu-nic', expression: "reference('sizes')" });
    // It points where the unknown value is written: the VM's size, not the NIC.
    expect(entry.location.path).toEqual(['resources', 1, 'properties', 'hardwareProfile', 'vmSize']);
  });

  test('reports name the rule, the resource and the expression; SARIF points at the expression', () => {
    const result = scanTemplate(template({ disableLocalAccounts: "[reference('policy').outputs.disableLocal.value]" }));
    const entry = result.undecided.find((e) => e.ruleId === 'AIS-AKS-007')!;
    expect(entry.location).toEqual({ file: temp.path('main.json'), path: ['resources', 0, 'properties', 'disableLocalAccounts'] });
    expect(entry.region.snippet).toBe(`"disableLocalAccounts":"[reference('policy').outputs.disableLocal.value]"`);
  });
});
