import { addTo } from '../multimap.js';
import { idKey } from '../ids.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';
import { isGpuItem } from './vm-size.js';

/** The region an ML compute's nodes run in: its computeLocation (its `location` may be its workspace's), else its location. */
export function mlComputeRegion(compute: EvaluationItem): string | undefined {
  return getString(compute.document, 'properties', 'computeLocation') ?? compute.location;
}

/** Marks workspaces that run GPU compute, and gives each compute the name of its workspace. */
export function joinWorkspacesAndComputes(items: readonly EvaluationItem[]): void {
  const gpuComputesByWorkspace = new Map<string, string[]>();
  for (const item of items) {
    if (itemTypeKey(item) !== TYPES.mlCompute) continue;
    const workspaceId = item.id.replace(/\/computes\/[^/]*$/i, '');
    item.facts.workspace = { id: workspaceId, name: workspaceId.split('/').pop() ?? workspaceId };
    if (!isGpuItem(item)) continue;
    addTo(gpuComputesByWorkspace, idKey(workspaceId), item.name);
  }
  for (const workspace of items) {
    if (itemTypeKey(workspace) !== TYPES.mlWorkspace) continue;
    const gpuComputes = gpuComputesByWorkspace.get(idKey(workspace.id)) ?? [];
    workspace.facts.gpuComputes = gpuComputes;
    workspace.facts.isGpuResource = gpuComputes.length > 0;
  }
}
