import { classifyVmSize, type VmSizeInfo } from './gpu-sizes.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { getString } from './read.js';
import { TYPES } from './resource-types.js';

/** Where each kind of compute keeps its VM size. */
export function vmSizeOf(item: EvaluationItem): string | undefined {
  const doc = item.document;
  switch (itemTypeKey(item)) {
    case TYPES.virtualMachine:
      return getString(doc, 'properties', 'hardwareProfile', 'vmSize');
    case TYPES.scaleSet:
      return getString(doc, 'sku', 'name');
    case TYPES.agentPool:
      return getString(doc, 'vmSize');
    case TYPES.mlCompute:
      return getString(doc, 'properties', 'properties', 'vmSize');
    default:
      return undefined;
  }
}

export function gpuFacts(item: EvaluationItem): VmSizeInfo | undefined {
  return classifyVmSize(vmSizeOf(item));
}

export function isGpuItem(item: EvaluationItem): boolean {
  return item.facts.gpu?.isGpu === true;
}
