import { readFileSync } from 'node:fs';
import { expandTemplateText } from '../../src/sources/arm-template/expand-template.js';
import { scan, type GatedFinding } from '../../src/scan.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * Where a template's findings point: the failing property when it is written literally, the
 * expression that made it, the input of the property copy loop that built it, else the nearest
 * enclosing value of the declaration. The expected lines are found in the template's text.
 */
const GPU = 'Standard_NC24ads_A100_v4';

const TEMPLATE = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  parameters: { gpuPools: { type: 'int', defaultValue: 2 }, localAccounts: { type: 'bool', defaultValue: true } },
  resources: [
    {
      type: 'Microsoft.ContainerService/managedClusters',
      apiVersion: '2024-05-01',
      name: 'aks-gpu',
      location: 'swedencentral',
      identity: { type: 'SystemAssigned' },
      properties: {
        dnsPrefix: 'aks-gpu',
        disableLocalAccounts: "[not(parameters('localAccounts'))]",
        aadProfile: { managed: true, enableAzureRBAC: false },
        copy: [{ name: 'agentPoolProfiles', count: "[parameters('gpuPools')]", input: { name: "[format('gpu{0}', copyIndex('agentPoolProfiles'))]", mode: 'User', vmSize: GPU, count: 1, nodeTaints: [] } }],
      },
    },
  ],
};

describe('the locations of findings in a JSON template', () => {
  const tmp = useTempDir('aiscan-template-locations-');
  let file = '';
  beforeAll(() => {
    file = tmp.write('main.json', JSON.stringify(TEMPLATE, null, 2));
  });
  const text = () => readFileSync(file, 'utf8');
  const lineOf = (needle: string) => text().split('\n').findIndex((line) => line.includes(needle)) + 1;

  const findings = () => {
    const expanded = expandTemplateText({ file, text: text() }, undefined);
    return scan({ deployments: [{ template: file, resources: expanded.resources }] }).findings;
  };
  const where = (finding: GatedFinding) => [finding.ruleId, finding.resourceName, finding.region.startLine];

  test('a literal property is found on its own line; one an expression made, on the expression', () => {
    const all = findings();
    expect(all.filter((f) => f.ruleId === 'AIS-AKS-006').map(where)).toEqual([['AIS-AKS-006', 'aks-gpu', lineOf('"enableAzureRBAC": false')]]);
    expect(all.filter((f) => f.ruleId === 'AIS-AKS-007').map(where)).toEqual([['AIS-AKS-007', 'aks-gpu', lineOf('"disableLocalAccounts": "[not(')]]);
  });

  test('each element a property copy loop builds is found in the loop\'s input, told apart by its name', () => {
    const pools = findings().filter((f) => f.ruleId === 'AIS-AKS-001');
    expect(pools.map(where)).toEqual([
      ['AIS-AKS-001', 'gpu0', lineOf('"nodeTaints": []')],
      ['AIS-AKS-001', 'gpu1', lineOf('"nodeTaints": []')],
    ]);
    expect(pools[0].message).toContain('gpu0');
  });

  test('a SARIF logical location names the resource as the author wrote it', () => {
    const [finding] = findings().filter((f) => f.ruleId === 'AIS-AKS-006');
    expect(finding.declaredAs).toBe('Microsoft.ContainerService/managedClusters/aks-gpu');
    expect(finding.resourceId).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aiscan-resource-group/providers/Microsoft.ContainerService/managedClusters/aks-gpu');
  });
});
