import type { ArmResource } from '../../../src/estate.js';
import { PER_PARENT_TYPES, type ListContext } from '../../../src/sources/azure/arm-types.js';
import { readPerParent } from '../../../src/sources/azure/read-per-parent.js';
import { TypeReader } from '../../../src/sources/azure/type-reader.js';

const S = '3b9e7c41-8a2d-4f6e-b5c3-1d0a9e8f7b26';
const namespaces = PER_PARENT_TYPES.find((t) => t.type.endsWith('managedNamespaces'))!;
const cluster: ArmResource = { id: `/subscriptions/${S}/resourceGroups/g/providers/Microsoft.ContainerService/managedClusters/c1`, type: 'Microsoft.ContainerService/managedClusters' };
const context = {} as ListContext;
const withList = (list: typeof namespaces.list) => ({ ...namespaces, list });

describe('child types read per parent', () => {
  test('are complete only when every parent was read and listed', async () => {
    const reader = new TypeReader(S);
    const listed = await readPerParent(reader, context, withList(async () => [{ id: `${cluster.id}/managedNamespaces/n1` }]), [cluster], 2);
    expect(listed).toHaveLength(1);
    expect(reader.coverage).toEqual([{ subscriptionId: S, resourceType: namespaces.type, status: 'read', count: 1 }]);
  });

  test('are a gap when the parent list was only partly read (some items malformed)', async () => {
    const reader = new TypeReader(S);
    reader.fail(namespaces.parentType, new Error('1 item(s) in the list have no resource id'), [cluster]);
    await readPerParent(reader, context, withList(async () => []), [cluster], 2);
    expect(reader.coverage[1]).toMatchObject({ resourceType: namespaces.type, status: 'failed', count: 0, message: `incomplete, because ${namespaces.parentType} was only partly read` });
  });

  test('are not listed at all when the parents could not be read', async () => {
    const reader = new TypeReader(S);
    expect(await readPerParent(reader, context, withList(async () => []), undefined, 2)).toEqual([]);
    expect(reader.coverage).toEqual([expect.objectContaining({ status: 'failed', message: `not listed, because ${namespaces.parentType} could not be read` })]);
  });
});
