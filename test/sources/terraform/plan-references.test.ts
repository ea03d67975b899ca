import { mapPlan } from '../../../src/sources/terraform/map-plan.js';
import { readPlan } from '../../../src/sources/terraform/plan-file.js';

/**
 * References known only after apply, followed through the plan's `configuration` the way
 * Terraform wires them: inside nested blocks, through module outputs, to a resource group, and
 * from a role assignment to its scope and its custom role. The plan is HAND-WRITTEN in the
 * documented `terraform show -json` format 1.2 (Terraform cannot run on this machine); every
 * name is chosen here, and each expected id is built from those names, never read back from
 * aiscan.
 */
const SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000000';
const NET_GROUP = 'rg-net';

const change = (address: string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => {
  const parts = address.split('.');
  return {
    address,
    ...(parts[0] === 'module' ? { module_address: parts.slice(0, 2).join('.') } : {}),
    mode: 'managed',
    type: parts.at(-2),
    name: parts.at(-1),
    provider_name: 'registry.terraform.io/hashicorp/azurerm',
    change: { actions: ['create'], before: null, after, after_unknown: afterUnknown, before_sensitive: false, after_sensitive: {} },
  };
};
const refs = (...references: string[]) => ({ references });
const expressions = (address: string, body: Record<string, unknown>) => ({ address, mode: 'managed', type: address.split('.')[0], name: address.split('.')[1], expressions: body });

const PLAN = {
  format_version: '1.2',
  terraform_version: '1.9.8',
  planned_values: { root_module: {} },
  resource_changes: [
    // A group named by random_pet: its name, and so every name derived from it, is known only after apply.
    change('azurerm_resource_group.gpu', { location: 'eastus' }, { id: true, name: true }),
    change('azurerm_public_ip.edge', { name: 'pip-edge', location: 'eastus', allocation_method: 'Static' }, { id: true, resource_group_name: true }),
    change('module.network.azurerm_public_ip.nic', { name: 'pip-nic', location: 'eastus', resource_group_name: NET_GROUP, allocation_method: 'Static' }, { id: true }),
    change(
      'module.network.azurerm_network_interface.nic',
      { name: 'nic-gpu', location: 'eastus', resource_group_name: NET_GROUP, ip_configuration: [{ name: 'ipconfig1', private_ip_address_allocation: 'Dynamic' }] },
      { id: true, ip_configuration: [{ public_ip_address_id: true }] },
    ),
    change('azurerm_linux_virtual_machine.gpu', { name: 'vm-gpu', location: 'eastus', resource_group_name: NET_GROUP, size: 'Standard_NC24ads_A100_v4', admin_username: 'azureuser' }, { id: true, network_interface_ids: true }),
    change(
      'azurerm_role_definition.operator',
      { name: 'GPU operator', permissions: [{ actions: ['Microsoft.Compute/virtualMachines/*'], data_actions: null, not_actions: null, not_data_actions: null }] },
      { id: true, scope: true, assignable_scopes: true, role_definition_id: true, role_definition_resource_id: true, permissions: [{ actions: [false] }] },
    ),
    change('azurerm_role_assignment.operator', { principal_id: '22222222-3333-4444-5555-666666666666', principal_type: 'Group' }, { id: true, name: true, scope: true, role_definition_id: true, role_definition_name: true }),
  ],
  configuration: {
    root_module: {
      resources: [
        expressions('azurerm_public_ip.edge', { resource_group_name: refs('azurerm_resource_group.gpu.name', 'azurerm_resource_group.gpu') }),
        expressions('azurerm_linux_virtual_machine.gpu', { network_interface_ids: refs('module.network.nic_id', 'module.network') }),
        expressions('azurerm_role_definition.operator', { scope: refs('azurerm_linux_virtual_machine.gpu.id', 'azurerm_linux_virtual_machine.gpu') }),
        expressions('azurerm_role_assignment.operator', {
          scope: refs('azurerm_linux_virtual_machine.gpu.id', 'azurerm_linux_virtual_machine.gpu'),
          role_definition_id: refs('azurerm_role_definition.operator.role_definition_resource_id', 'azurerm_role_definition.operator'),
        }),
      ],
      module_calls: {
        network: {
          source: './network',
          module: {
            outputs: { nic_id: { expression: refs('azurerm_network_interface.nic.id', 'azurerm_network_interface.nic') } },
            resources: [
              expressions('azurerm_public_ip.nic', {}),
              // A reference two blocks deep, as written: ip_configuration { public_ip_address_id = … }.
              expressions('azurerm_network_interface.nic', { ip_configuration: [{ name: { constant_value: 'ipconfig1' }, public_ip_address_id: refs('azurerm_public_ip.nic.id', 'azurerm_public_ip.nic') }] }),
            ],
          },
        },
      },
    },
  },
};

describe('references known only after apply', () => {
  const { resources } = mapPlan(readPlan(JSON.stringify(PLAN), 'plan.json'), 'plan.json');
  const byAddress = new Map(resources.map((resource) => [resource.origin.declared?.as, resource]));
  const resource = (address: string) => {
    const found = byAddress.get(address);
    if (!found) throw new Error(`${address} not mapped: ${[...byAddress.keys()].join(', ')}`);
    return found;
  };
  const networkId = (type: string, name: string) => `${SUBSCRIPTION}/resourceGroups/${NET_GROUP}/providers/Microsoft.Network/${type}/${name}`;
  const vm = `${SUBSCRIPTION}/resourceGroups/${NET_GROUP}/providers/Microsoft.Compute/virtualMachines/vm-gpu`;

  test('a resource group is a group id, and a resource placed in it by reference is built in that group', () => {
    const group = resource('azurerm_resource_group.gpu').resource.id;
    expect(group).toMatch(new RegExp(`^${SUBSCRIPTION}/resourceGroups/[^/]+$`));
    expect(resource('azurerm_public_ip.edge').resource.id).toBe(`${group}/providers/Microsoft.Network/publicIPAddresses/pip-edge`);
    expect(resource('azurerm_public_ip.edge').unknown ?? []).toEqual([]);
  });

  test("a reference inside a nested block is followed, and a module's output leads to the resource inside the module", () => {
    const nic = resource('module.network.azurerm_network_interface.nic');
    expect(nic.resource.id).toBe(networkId('networkInterfaces', 'nic-gpu'));
    expect(nic.resource.properties).toMatchObject({ ipConfigurations: [{ name: 'ipconfig1', properties: { publicIPAddress: { id: networkId('publicIPAddresses', 'pip-nic') } } }] });
    expect(nic.unknown ?? []).toEqual([]);
    expect(resource('azurerm_linux_virtual_machine.gpu').resource.properties).toMatchObject({ networkProfile: { networkInterfaces: [{ id: nic.resource.id }] } });
  });

  test('a role assignment is built under its scope and names the custom role of the same plan by that role\'s id', () => {
    const role = resource('azurerm_role_definition.operator').resource;
    const assignment = resource('azurerm_role_assignment.operator');
    expect(role.id).toMatch(new RegExp(`^${vm}/providers/Microsoft.Authorization/roleDefinitions/[^/]+$`));
    expect(assignment.resource.id).toMatch(new RegExp(`^${vm}/providers/Microsoft.Authorization/roleAssignments/[^/]+$`));
    expect(assignment.resource.properties).toMatchObject({ scope: vm, roleDefinitionId: role.id, principalType: 'Group' });
    expect(assignment.unknown ?? []).toEqual([]);
  });
});

/**
 * Which instance of a counted or for_each resource a reference reaches. Terraform writes a literal
 * index into the reference (`azurerm_linux_virtual_machine.gpu[2].id` comes with
 * `azurerm_linux_virtual_machine.gpu[2]` and `azurerm_linux_virtual_machine.gpu`), and cuts one it
 * knows only while planning (`[count.index]` leaves `azurerm_network_interface.gpu` and
 * `count.index`). HAND-WRITTEN, like the plan above.
 */
describe('references to one instance of a counted resource', () => {
  const indexed = (address: string, key: number | string, after: Record<string, unknown>, afterUnknown: Record<string, unknown>) => ({
    ...change(address.replace(/\[[^\]]*\]$/, ''), after, afterUnknown),
    address,
    index: key,
  });
  const vmAfter = (name: string) => ({ name, location: 'eastus', resource_group_name: NET_GROUP, size: 'Standard_NC24ads_A100_v4', admin_username: 'azureuser' });
  const assignmentAfter = { principal_id: '22222222-3333-4444-5555-666666666666', principal_type: 'Group', role_definition_name: 'Reader' };
  const vms = ['vm-0', 'vm-1', 'vm-2'].map((name, i) => indexed(`azurerm_linux_virtual_machine.gpu[${i}]`, i, vmAfter(name), { id: true }));
  const moduleVms = ['a', 'b'].flatMap((team) => [0, 1].map((i) => ({ ...indexed(`module.team["${team}"].azurerm_linux_virtual_machine.gpu[${i}]`, i, vmAfter(`vm-${team}-${i}`), { id: true }), module_address: `module.team["${team}"]` })));
  const plan = {
    format_version: '1.2',
    resource_changes: [
      ...vms,
      // for_each keys: none of them is an index of the VMs.
      indexed('azurerm_role_assignment.ops["alice"]', 'alice', assignmentAfter, { id: true, name: true, scope: true }),
      indexed('azurerm_role_assignment.ops["bob"]', 'bob', assignmentAfter, { id: true, name: true, scope: true }),
      // count: its own index, 1, is a VM's too, and is not the one it names.
      indexed('azurerm_role_assignment.pinned[1]', 1, assignmentAfter, { id: true, name: true, scope: true }),
      // scope = azurerm_linux_virtual_machine.gpu[count.index].id
      ...[0, 1, 2].map((i) => indexed(`azurerm_role_assignment.each_vm[${i}]`, i, assignmentAfter, { id: true, name: true, scope: true })),
      // scope = azurerm_linux_virtual_machine.gpu[each.value].id: which VM, the plan does not say.
      indexed('azurerm_role_assignment.by_team["ml"]', 'ml', assignmentAfter, { id: true, name: true, scope: true }),
      // network_interface_ids = azurerm_network_interface.nic[*].id: every NIC.
      change('azurerm_linux_virtual_machine.head', vmAfter('vm-head'), { id: true, network_interface_ids: true }),
      ...[0, 1].map((i) => indexed(`azurerm_network_interface.nic[${i}]`, i, { name: `nic-${i}`, location: 'eastus', resource_group_name: NET_GROUP, ip_configuration: [] }, { id: true })),
      ...moduleVms,
      { ...indexed('module.team["b"].azurerm_role_assignment.first', 0, assignmentAfter, { id: true, name: true, scope: true }), address: 'module.team["b"].azurerm_role_assignment.first', module_address: 'module.team["b"]' },
      // In each module instance: scope = azurerm_linux_virtual_machine.gpu[count.index].id, and one for the module's only VM.
      ...['a', 'b'].flatMap((team) => [0, 1].map((i) => ({ ...indexed(`module.team["${team}"].azurerm_role_assignment.each_vm[${i}]`, i, assignmentAfter, { id: true, name: true, scope: true }), module_address: `module.team["${team}"]` }))),
      ...['a', 'b'].flatMap((team) => [
        { ...change(`module.team["${team}"].azurerm_linux_virtual_machine.lead`, vmAfter(`vm-${team}-lead`), { id: true }), address: `module.team["${team}"].azurerm_linux_virtual_machine.lead`, module_address: `module.team["${team}"]` },
        { ...change(`module.team["${team}"].azurerm_role_assignment.lead`, assignmentAfter, { id: true, name: true, scope: true }), address: `module.team["${team}"].azurerm_role_assignment.lead`, module_address: `module.team["${team}"]` },
      ]),
    ],
    configuration: {
      root_module: {
        resources: [
          expressions('azurerm_role_assignment.ops', { scope: refs('azurerm_linux_virtual_machine.gpu[2].id', 'azurerm_linux_virtual_machine.gpu[2]', 'azurerm_linux_virtual_machine.gpu') }),
          expressions('azurerm_role_assignment.pinned', { scope: refs('azurerm_linux_virtual_machine.gpu[0].id', 'azurerm_linux_virtual_machine.gpu[0]', 'azurerm_linux_virtual_machine.gpu') }),
          expressions('azurerm_role_assignment.each_vm', { scope: refs('azurerm_linux_virtual_machine.gpu', 'count.index') }),
          expressions('azurerm_role_assignment.by_team', { scope: refs('azurerm_linux_virtual_machine.gpu', 'each.value') }),
          expressions('azurerm_linux_virtual_machine.head', { network_interface_ids: refs('azurerm_network_interface.nic') }),
        ],
        module_calls: {
          team: {
            source: './team',
            module: {
              resources: [
                expressions('azurerm_role_assignment.first', { scope: refs('azurerm_linux_virtual_machine.gpu[1].id', 'azurerm_linux_virtual_machine.gpu[1]', 'azurerm_linux_virtual_machine.gpu') }),
                expressions('azurerm_role_assignment.each_vm', { scope: refs('azurerm_linux_virtual_machine.gpu', 'count.index') }),
                expressions('azurerm_role_assignment.lead', { scope: refs('azurerm_linux_virtual_machine.lead.id', 'azurerm_linux_virtual_machine.lead') }),
              ],
            },
          },
        },
      },
    },
  };
  const { resources } = mapPlan(readPlan(JSON.stringify(plan), 'plan.json'), 'plan.json');
  const scopeOf = (address: string) => {
    const found = resources.find((resource) => resource.origin.declared?.as === address);
    if (!found) throw new Error(`${address} not mapped`);
    expect(found.unknown ?? []).toEqual([]);
    return (found.resource.properties as { scope: string }).scope;
  };
  const vmId = (name: string) => `${SUBSCRIPTION}/resourceGroups/${NET_GROUP}/providers/Microsoft.Compute/virtualMachines/${name}`;

  test('a literal index names that instance, whatever the referring resource is keyed by', () => {
    expect(scopeOf('azurerm_role_assignment.ops["alice"]')).toBe(vmId('vm-2'));
    expect(scopeOf('azurerm_role_assignment.ops["bob"]')).toBe(vmId('vm-2'));
    expect(scopeOf('azurerm_role_assignment.pinned[1]')).toBe(vmId('vm-0'));
  });

  test('an index known only while planning is the referring resource\'s own', () => {
    expect([0, 1, 2].map((i) => scopeOf(`azurerm_role_assignment.each_vm[${i}]`))).toEqual([vmId('vm-0'), vmId('vm-1'), vmId('vm-2')]);
  });

  test('in a module called with for_each, a reference reaches the instance in the same module instance', () => {
    expect(scopeOf('module.team["b"].azurerm_role_assignment.first')).toBe(vmId('vm-b-1'));
    for (const team of ['a', 'b']) {
      expect([0, 1].map((i) => scopeOf(`module.team["${team}"].azurerm_role_assignment.each_vm[${i}]`))).toEqual([vmId(`vm-${team}-0`), vmId(`vm-${team}-1`)]);
      expect(scopeOf(`module.team["${team}"].azurerm_role_assignment.lead`)).toBe(vmId(`vm-${team}-lead`));
    }
  });

  test('one of several instances, with no index to choose by, is unknown rather than a guess; a list takes them all', () => {
    const assignment = resources.find((resource) => resource.origin.declared?.as === 'azurerm_role_assignment.by_team["ml"]')!;
    expect(assignment.resource.properties).not.toHaveProperty('scope');
    expect(assignment.resource.id).not.toContain('/virtualMachines/');
    expect(assignment.unknown).toEqual([expect.objectContaining({ path: ['properties', 'scope'], expression: 'azurerm_role_assignment.by_team["ml"].scope' })]);
    const head = resources.find((resource) => resource.origin.declared?.as === 'azurerm_linux_virtual_machine.head')!;
    const nic = (name: string) => ({ id: `${SUBSCRIPTION}/resourceGroups/${NET_GROUP}/providers/Microsoft.Network/networkInterfaces/${name}` });
    expect(head.resource.properties).toMatchObject({ networkProfile: { networkInterfaces: [nic('nic-0'), nic('nic-1')] } });
  });
});
