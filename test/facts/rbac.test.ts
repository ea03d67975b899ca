import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

const S = '/subscriptions/11111111-1111-1111-1111-111111111111';
const OWNER = '8e3af657-a8ff-443c-a75c-2fe8c4bcb635';

function enrich(resources: ArmResource[]): EvaluationItem[] {
  return enrichEstate(mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]));
}
const byName = (items: EvaluationItem[], name: string) => items.find((item) => item.name === name)!;
const classicAdministrator = (name: string, role: string): ArmResource => ({
  id: `${S}/providers/Microsoft.Authorization/classicAdministrators/${name}`,
  name,
  type: 'Microsoft.Authorization/classicAdministrators',
  properties: { emailAddress: `${name}@contoso.example`, role },
});
const ownerAt = (name: string, scope: string): ArmResource => ({
  id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${name}`,
  name,
  type: 'Microsoft.Authorization/roleAssignments',
  properties: { scope, roleDefinitionId: `${S}/providers/Microsoft.Authorization/roleDefinitions/${OWNER}`, principalType: 'User', principalId: name },
});

describe('facts of classic administrators', () => {
  it('splits properties.role on ";" (one holder of several classic roles), trimming each role', () => {
    const items = enrich([classicAdministrator('admin', 'ServiceAdministrator;AccountAdministrator'), classicAdministrator('coadmin', 'CoAdministrator'), classicAdministrator('spaced', 'ServiceAdministrator; AccountAdministrator')]);
    expect(byName(items, 'admin').facts.classicRoles).toEqual(['ServiceAdministrator', 'AccountAdministrator']);
    expect(byName(items, 'coadmin').facts.classicRoles).toEqual(['CoAdministrator']);
    expect(byName(items, 'spaced').facts.classicRoles).toEqual(['ServiceAdministrator', 'AccountAdministrator']);
  });

  it('gives an administrator without a role an empty list, and marks the subscription as a GPU scope when it holds GPU compute', () => {
    const items = enrich([
      { id: `${S}/providers/Microsoft.Authorization/classicAdministrators/norole`, name: 'norole', type: 'Microsoft.Authorization/classicAdministrators', properties: { emailAddress: 'x@contoso.example' } },
      { id: `${S}/resourceGroups/rg-gpu/providers/Microsoft.Compute/virtualMachines/vm1`, name: 'vm1', type: 'Microsoft.Compute/virtualMachines', properties: { hardwareProfile: { vmSize: 'standard_nc24ads_a100_v4' } } },
    ]);
    expect(byName(items, 'norole').facts).toMatchObject({ classicRoles: [], subscription: { id: S, isGpuScope: true } });
  });
});

describe('facts of subscriptions', () => {
  it('counts Owner assignments made at the subscription itself, not at its resource groups', () => {
    const items = enrich([
      { id: S, subscriptionId: '11111111-1111-1111-1111-111111111111', displayName: 'ai' },
      ownerAt('a', S),
      ownerAt('b', S),
      ownerAt('c', `${S}/resourceGroups/rg-gpu`),
    ]);
    expect(byName(items, '11111111-1111-1111-1111-111111111111').facts).toMatchObject({ ownerAssignmentCount: 2, isGpuScope: false });
  });
});
