import { idKey } from '../ids.js';
import type { VmSizeInfo } from './gpu-sizes.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { get, getArray, getString } from './read.js';
import { TYPES } from './resource-types.js';

export interface AttachedVmFacts {
  id: string;
  name: string;
  vmSize?: string;
  gpu?: VmSizeInfo;
}

/**
 * Joins VMs and their NICs both ways, through the VM's `networkProfile.networkInterfaces[].id`
 * (what Azure uses to attach) and the NIC's `virtualMachine.id` back-reference: one pass, one index.
 */
export function joinVirtualMachinesAndNics(items: readonly EvaluationItem[]): void {
  const nicsById = new Map<string, EvaluationItem>();
  const vms: EvaluationItem[] = [];
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.networkInterface) nicsById.set(idKey(item.id), item);
    else if (type === TYPES.virtualMachine) vms.push(item);
  }
  const attached = new Set<EvaluationItem>();
  for (const vm of vms) {
    const nics = getArray(vm.document, 'properties', 'networkProfile', 'networkInterfaces')
      .map((reference) => getString(reference, 'id'))
      .filter((id): id is string => id !== undefined);
    vm.facts.networkInterfaces = nics.map((id) => {
      const nic = nicsById.get(idKey(id));
      if (nic) {
        nic.facts.vm = attachedVm(vm);
        attached.add(nic);
      }
      return {
        id,
        found: nic !== undefined,
        enableAcceleratedNetworking: nic ? get(nic.document, 'properties', 'enableAcceleratedNetworking') === true : undefined,
      };
    });
  }
  // A NIC whose VM is outside the estate still names it; keep that, without size facts.
  for (const nic of nicsById.values()) {
    if (attached.has(nic)) continue;
    const vmId = getString(nic.document, 'properties', 'virtualMachine', 'id');
    if (vmId) nic.facts.vm = { id: vmId, name: vmId.split('/').pop() ?? vmId };
  }
}

function attachedVm(vm: EvaluationItem): AttachedVmFacts {
  return {
    id: vm.id,
    name: vm.name,
    vmSize: getString(vm.document, 'properties', 'hardwareProfile', 'vmSize'),
    gpu: vm.facts.gpu as VmSizeInfo | undefined,
  };
}
