import type { ArmResource } from '../../estate.js';
import { parseResourceId } from '../../ids.js';
import type { ListContext, PerParentType } from './arm-types.js';
import { mapWithConcurrency } from './concurrency.js';
import { partialFailure, readEntry } from './coverage.js';
import type { TypeReader } from './type-reader.js';

/**
 * A type ARM lists only under its parent (namespaces per AKS cluster, computes per ML workspace):
 * one request per parent. Parents that failed keep the others' resources, and the type is a gap
 * that says how many failed; when the parents themselves could not be read, nothing is listed.
 */
export async function readPerParent(
  reader: TypeReader,
  list: ListContext,
  child: PerParentType,
  parents: ArmResource[] | undefined,
  limit: number,
): Promise<ArmResource[]> {
  if (!parents) {
    reader.fail(child.type, new Error(`not listed, because ${child.parentType} could not be read`));
    return [];
  }
  const failures: { name: string; error: unknown }[] = [];
  const lists = await mapWithConcurrency(parents, limit, async (parent) => {
    const { resourceGroup = '', name = '' } = parseResourceId(parent.id);
    try {
      return await reader.fetchResources(child.type, () => child.list(list, { resourceGroup, name }));
    } catch (error) {
      failures.push({ name, error });
      return [];
    }
  });
  const resources = lists.flat();
  if (failures.length > 0) reader.fail(child.type, partialFailure(failures, parents.length, `${child.parentType.split('/').pop()}`), resources);
  else if (reader.hasFailed(child.parentType)) reader.fail(child.type, new Error(`incomplete, because ${child.parentType} was only partly read`), resources);
  else reader.record(readEntry(reader.subscriptionId, child.type, resources.length));
  return resources;
}
