import { readFileSync } from 'node:fs';
import { parseAllDocuments } from 'yaml';
import { LISTED_KINDS, NEVER_READ } from '../../src/sources/kubernetes/live/kinds.js';

interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}

const clusterRole = parseAllDocuments(readFileSync('examples/kubernetes/cluster-reader.clusterrole.yaml', 'utf8')).map((document) => document.toJS() as { kind: string; rules?: PolicyRule[] });
const azureRole = JSON.parse(readFileSync('examples/kubernetes/cluster-reader.azure-role.json', 'utf8')) as Record<string, string[]>;

describe('the example roles for reading inside clusters', () => {
  const rules = clusterRole.find((document) => document.kind === 'ClusterRole')!.rules!;
  const granted = new Set(rules.flatMap((rule) => rule.apiGroups.flatMap((group) => rule.resources.map((resource) => `${group}/${resource}`))));

  it('the ClusterRole lets aiscan get and list exactly the kinds it lists, and nothing else', () => {
    expect([...granted].sort()).toEqual(LISTED_KINDS.map((kind) => `${kind.group}/${kind.plural}`).sort());
    for (const rule of rules) expect(rule.verbs).toEqual(['get', 'list']);
  });

  it('neither role reads Secrets or ConfigMaps', () => {
    for (const resource of NEVER_READ) expect(granted.has(`/${resource}`)).toBe(false);
    expect(azureRole.NotDataActions.sort()).toEqual([...NEVER_READ].map((resource) => `Microsoft.ContainerService/managedClusters/${resource}/read`).sort());
    expect(azureRole.Actions).toContain('Microsoft.ContainerService/managedClusters/listClusterUserCredential/action');
    expect(azureRole.Actions.some((action) => /admin/i.test(action))).toBe(false);
  });
});
