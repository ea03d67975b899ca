import { idKey } from '../ids.js';
import type { FactValue } from './contract.js';
import type { EvaluationItem } from './items.js';
import { itemTypeKey } from './items.js';
import { get, getArray, getString, isObject } from './read.js';
import { TYPES } from './resource-types.js';

export type AttachedVmFacts = FactValue<'vm'>;

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
    gpu: vm.facts.gpu,
  };
}

export type NicConfigurationFacts = FactValue<'nicConfigurations'>;

function nameOf(id: string): string {
  return id.split('/').filter(Boolean).pop() ?? id;
}

/**
 * Per-resource network facts, no joins: the public IPs attached to each NIC's IP configurations
 * (`facts.publicIpAddresses`, by name), and a summary of each scale set's NIC configurations.
 * They let messages name what is wrong; rules still assert on the resource's own properties.
 */
export function describeNetworkInterfaces(items: readonly EvaluationItem[]): void {
  for (const item of items) {
    const type = itemTypeKey(item);
    if (type === TYPES.networkInterface) {
      item.facts.publicIpAddresses = getArray(item.document, 'properties', 'ipConfigurations')
        .map((configuration) => getString(configuration, 'properties', 'publicIPAddress', 'id'))
        .filter((id): id is string => id !== undefined)
        .map(nameOf);
    } else if (type === TYPES.scaleSet) {
      const configurations = getArray(item.document, 'properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations').map(
        (configuration, index) => ({ configuration, name: getString(configuration, 'name') ?? `#${index}` }),
      );
      item.facts.nicConfigurations = {
        names: configurations.map((entry) => entry.name),
        withoutAcceleratedNetworking: configurations
          .filter(({ configuration }) => get(configuration, 'properties', 'enableAcceleratedNetworking') !== true)
          .map((entry) => entry.name),
        withPublicIpAddress: configurations
          .filter(({ configuration }) =>
            getArray(configuration, 'properties', 'ipConfigurations').some((ip) => isObject(get(ip, 'properties', 'publicIPAddressConfiguration'))),
          )
          .map((entry) => entry.name),
      } satisfies NicConfigurationFacts;
    }
  }
}
