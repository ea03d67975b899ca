import { readFileSync } from 'node:fs';
import type { ArmResource } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import type { EvaluationItem } from '../../src/facts/items.js';
import { interpretEstateDocument } from '../../src/sources/estate-file.js';
import { mergeEstateFiles } from '../../src/sources/load-estate.js';

/**
 * The PIM join (src/facts/pim.ts) over schedule instances shaped like the published examples in
 * test/rules/rest-api-examples/ (Azure/azure-rest-api-specs, Microsoft.Authorization 2020-10-01).
 */

const EX = '/subscriptions/dfa2a084-766f-4003-8ae1-c4aeb893a99f';
const example = (name: string) => (JSON.parse(readFileSync(`test/rules/rest-api-examples/${name}.json`, 'utf8')) as { body: Record<string, unknown> }).body;
const listed = (name: string) => example(name).value as ArmResource[];
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

function enrich(resources: ArmResource[]): EvaluationItem[] {
  return enrichEstate(mergeEstateFiles([interpretEstateDocument({ format: 'aiscan-snapshot', version: 1, collectedAt: '2026-01-01T00:00:00Z', scopes: [], coverage: [], resources }, 'test')]));
}
const byId = (items: EvaluationItem[], id: string) => items.find((item) => item.id === id)!;

/** The role assignment the example's originRoleAssignmentId names, with the example's scope, role and principal. */
function assignmentOf(instance: ArmResource, overrides: Record<string, unknown> = {}): ArmResource {
  const p = instance.properties as Record<string, string>;
  const id = p.originRoleAssignmentId;
  return {
    id,
    name: id.split('/').pop()!,
    type: 'Microsoft.Authorization/roleAssignments',
    properties: { roleDefinitionId: p.roleDefinitionId, principalId: p.principalId, principalType: p.principalType, scope: p.scope, ...overrides },
  };
}

describe('the PIM schedule of a role assignment (facts.pim)', () => {
  const [instance] = listed('GetRoleAssignmentScheduleInstancesByScope');

  it('joins the published assignment schedule instance by originRoleAssignmentId: linked to an eligibility, it is an activation, whatever its assignmentType says', () => {
    const assignment = assignmentOf(instance);
    const item = byId(enrich([assignment, instance]), assignment.id);
    expect(item.facts.pim).toEqual({
      state: 'activated',
      scheduleFound: true,
      scheduleInstance: instance.id,
      assignmentType: 'Assigned',
      endDateTime: '2020-09-10T05:35:17.91Z',
      linkedRoleEligibilityScheduleInstanceId: '21e4b59a-0499-4fe0-a3c3-43a3055b773a',
      description: 'a PIM activation of an eligibility that ends 2020-09-10T05:35:17.91Z',
    });
    expect(item.unknown).toBeUndefined();
  });

  it('reads assignmentType Activated (any case) as an activation; an end date alone as time-bound; neither as permanent', () => {
    const variant = (properties: Record<string, unknown>) => {
      const copy = clone(instance);
      const p = copy.properties as Record<string, unknown>;
      delete p.linkedRoleEligibilityScheduleId;
      delete p.linkedRoleEligibilityScheduleInstanceId;
      Object.assign(p, properties);
      for (const [key, value] of Object.entries(properties)) if (value === undefined) delete p[key];
      return byId(enrich([assignmentOf(instance), copy]), assignmentOf(instance).id).facts.pim!;
    };
    expect(variant({ assignmentType: 'activated', endDateTime: undefined }).state).toBe('activated');
    expect(variant({}).state).toBe('timeBound');
    expect(variant({ endDateTime: undefined })).toMatchObject({ state: 'permanent', description: 'a permanent assignment (no end date, not activated from a PIM eligibility)' });
    expect(variant({ endDateTime: '' }).state).toBe('permanent');
  });

  it('without originRoleAssignmentId, joins by scope, role GUID (any case) and principal', () => {
    const copy = clone(instance);
    delete (copy.properties as Record<string, unknown>).originRoleAssignmentId;
    const assignment = assignmentOf(instance, { roleDefinitionId: String((instance.properties as Record<string, string>).roleDefinitionId).toUpperCase().replace('/SUBSCRIPTIONS/', '/subscriptions/') });
    expect(byId(enrich([assignment, copy]), assignment.id).facts.pim).toMatchObject({ state: 'activated', scheduleInstance: instance.id });
  });

  it('an assignment PIM lists no schedule for, in a subscription whose schedules were read, is permanent: nothing ends it', () => {
    const other = assignmentOf(instance, { principalId: 'b0000000-0000-4000-8000-000000000001' });
    const item = byId(enrich([{ ...other, id: `${EX}/providers/Microsoft.Authorization/roleAssignments/other`, name: 'other' }, instance]), `${EX}/providers/Microsoft.Authorization/roleAssignments/other`);
    expect(item.facts.pim).toEqual({ state: 'permanent', scheduleFound: false, description: 'a permanent assignment (PIM lists no schedule for it, so nothing ends it)' });
    expect(item.unknown).toBeUndefined();
  });

  it('with no schedule of its subscription in the scan, or made above the subscriptions with none listed, is unknown, and says why as an unknown value of the fact', () => {
    const assignment = assignmentOf(instance);
    const alone = byId(enrich([assignment]), assignment.id);
    expect(alone.facts.pim).toMatchObject({ state: 'unknown', scheduleFound: false });
    expect(alone.unknown).toEqual([{ path: ['facts', 'pim'], expression: `the PIM schedule of role assignment ${assignment.name}`, reason: expect.stringContaining('no PIM role assignment schedule instance of subscription dfa2a084-766f-4003-8ae1-c4aeb893a99f is in the scan') }]);

    const group = '/providers/Microsoft.Management/managementGroups/mg-ai';
    const above: ArmResource = { ...assignment, id: `${group}/providers/Microsoft.Authorization/roleAssignments/x`, name: 'x', properties: { ...(assignment.properties as object), scope: group } };
    const item = byId(enrich([above, instance]), above.id);
    expect(item.facts.pim?.state).toBe('unknown');
    expect(item.unknown?.[0].reason).toContain(`it is made at ${group}, above the subscriptions scanned`);
  });

  it('a permanent assignment to a group is permanent, but whether its members hold the membership just in time is in Microsoft Graph: an unknown value says so', () => {
    const copy = clone(instance);
    const p = copy.properties as Record<string, unknown>;
    for (const key of ['linkedRoleEligibilityScheduleId', 'linkedRoleEligibilityScheduleInstanceId', 'endDateTime']) delete p[key];
    p.principalType = 'Group';
    const assignment = assignmentOf(instance, { principalType: 'Group' });
    const item = byId(enrich([assignment, copy]), assignment.id);
    expect(item.facts.pim?.state).toBe('permanent');
    expect(item.unknown?.[0].reason).toContain('PIM for Groups) is in Microsoft Graph');
  });
});

describe('the scope and role of a PIM schedule instance', () => {
  it('reads the /providers/Microsoft.Subscription/subscriptions/{id} spelling of GetRoleEligibilityScheduleInstanceByName as the subscription, and is a GPU scope when the subscription holds GPU compute', () => {
    const eligibility = example('GetRoleEligibilityScheduleInstanceByName') as unknown as ArmResource;
    const vm: ArmResource = { id: `${EX}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm`, name: 'vm', type: 'Microsoft.Compute/virtualMachines', properties: { hardwareProfile: { vmSize: 'Standard_ND96isr_H100_v5' } } };
    const item = byId(enrich([vm, eligibility]), eligibility.id);
    expect(item.facts.scope).toEqual({ id: EX, kind: 'subscription', isGpuScope: true });
    expect(item.facts.roleDefinition).toMatchObject({ found: false, name: 'b24988ac-6180-42a0-ab88-20f7382dd24c' });
  });
});
