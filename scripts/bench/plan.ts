/**
 * The Terraform plan benchmark's input: what `terraform show -json tfplan` (format 1.2) writes for
 * a root module that calls one `ai-team` module per team, `resources` resources in all (a multiple
 * of 1,000). Each team gets a resource group, GPU VMs with their NICs and some public IPs,
 * user-assigned identities, AKS clusters with two GPU node pools each, an ML workspace with GPU
 * compute clusters, and role assignments on the VMs, all counted (`count`) as such modules are.
 *
 * Half the teams exist already: their resources are `no-op` changes with ids, and the plan carries
 * them in `prior_state`. The other half are new: `create` changes whose ids, and every attribute
 * that refers to another new resource (a VM's NICs, a pool's cluster, a role assignment's scope),
 * are known only after apply, so aiscan builds their ids and follows `configuration`'s references,
 * as it does for a real plan. Sizes, flags and roles vary by index, so that most rules on these
 * types both pass and fail. No value a rule reads is left unknown, so the mapped resources, written
 * as a snapshot, are the same resources the plan scan evaluates.
 *
 * Generated, not recorded: no public plan is this large. Its shape follows the recorded plans in
 * test/fixtures/terraform.
 */
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { loadInputs } from '../../src/sources/inputs/load-inputs.js';
import { writeResourceSnapshot, type ExpandedSnapshot } from './resource-snapshot.js';

/** Per team: 1 resource group + 30 public IPs + 300 NICs + 300 VMs + 20 identities + 20 AKS + 40 node pools + 1 workspace + 28 computes + 260 role assignments. */
const RESOURCES_PER_TEAM = 1000;
const COUNTS = { publicIps: 30, vms: 300, identities: 20, clusters: 20, computes: 28, roleAssignments: 260 };

/** Where the plan's new resources are deployed: `aiscan scan --subscription-id …`. */
export const PLAN_TARGET = { subscriptionId: '7d2e4b19-3c58-4f0a-9b61-2e8d5a0c4f73' } as const;

const TEAMS = ['vision', 'speech', 'nlp', 'recsys', 'research', 'platform', 'inference', 'robotics', 'genai', 'data'];
const REGIONS = ['eastus', 'westus3', 'southcentralus', 'westeurope', 'swedencentral', 'japaneast'];
const GPU_SIZES = ['Standard_NC24ads_A100_v4', 'Standard_NC40ads_H100_v5', 'Standard_ND96isr_H100_v5', 'Standard_NC6s_v3', 'Standard_NV36ads_A10_v5', 'Standard_NC4as_T4_v3'];
const ROLE_NAMES = ['Owner', 'Contributor', 'Reader', 'AzureML Data Scientist', 'Virtual Machine Contributor'];
const PRINCIPALS = [
  { id: '3f8a1c52-7e4b-4d19-a6c0-5b2e9d8f1a37', type: 'Group' },
  { id: 'a91d4e06-2c7f-4b83-9e15-6d0b3a8c4f92', type: 'ServicePrincipal' },
  { id: '6c2e9b71-4a0d-4f58-b3e6-9a1f7c5d2e08', type: 'User' },
  { id: 'd47f0a38-9b6c-4e21-8f5a-2c3e1b9d7a64', type: 'Group' },
];
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3vJm0cXoT1fN8yZ2pWk6sL4eR9dB7aQ5uV3gC1hKx aiscan-bench';
const SHARED = '/subscriptions/7d2e4b19-3c58-4f0a-9b61-2e8d5a0c4f73/resourceGroups/rg-ai-shared/providers';

interface Team {
  name: string;
  location: string;
  group: string;
  /** Deployed already: its changes are no-ops, with ids. */
  exists: boolean;
}

/** One resource instance as the module declares it: its attributes, and which of them refer to other resources of the module. */
interface Instance {
  type: string;
  name: string;
  index?: number;
  /** ARM-style id (known when the team exists). */
  id: string;
  after: Record<string, unknown>;
  /** Attributes holding another new resource's id: unknown until apply when the team is new. Top-level names, or `block.0.attribute`. */
  references: Record<string, string>;
}

const pad = (index: number) => String(index).padStart(3, '0');
const instanceAddress = (instance: Pick<Instance, 'type' | 'name' | 'index'>) => `${instance.type}.${instance.name}${instance.index === undefined ? '' : `[${instance.index}]`}`;

/** The module's resources for one team, in the order Terraform lists them (by address). */
function teamInstances(team: Team, teamIndex: number): Instance[] {
  const sub = `/subscriptions/${PLAN_TARGET.subscriptionId}`;
  const rgId = `${sub}/resourceGroups/${team.group}`;
  const provider = (type: string, name: string) => `${rgId}/providers/${type}/${name}`;
  const tags = { costCenter: 'CC-4711', managedBy: 'terraform', team: team.name };
  const instances: Instance[] = [];
  const add = (instance: Instance) => instances.push(instance);

  add({ type: 'azurerm_resource_group', name: 'team', id: rgId, after: { location: team.location, managed_by: null, name: team.group, tags, timeouts: null }, references: {} });

  for (let i = 0; i < COUNTS.publicIps; i++) {
    const name = `pip-${team.name}-${pad(i)}`;
    add({
      type: 'azurerm_public_ip',
      name: 'gpu',
      index: i,
      id: provider('Microsoft.Network/publicIPAddresses', name),
      after: { allocation_method: 'Static', ddos_protection_mode: 'VirtualNetworkInherited', domain_name_label: null, idle_timeout_in_minutes: 4, ip_version: 'IPv4', location: team.location, name, resource_group_name: team.group, sku: 'Standard', sku_tier: 'Regional', tags, timeouts: null, zones: ['1', '2', '3'] },
      references: {},
    });
  }

  for (let i = 0; i < COUNTS.vms; i++) {
    const name = `nic-${team.name}-${pad(i)}`;
    const publicIp = i < COUNTS.publicIps;
    add({
      type: 'azurerm_network_interface',
      name: 'gpu',
      index: i,
      id: provider('Microsoft.Network/networkInterfaces', name),
      after: {
        accelerated_networking_enabled: i % 5 !== 0,
        ip_configuration: [
          {
            name: 'ipconfig1',
            primary: true,
            private_ip_address_allocation: 'Dynamic',
            private_ip_address_version: 'IPv4',
            public_ip_address_id: publicIp ? provider('Microsoft.Network/publicIPAddresses', `pip-${team.name}-${pad(i)}`) : null,
            subnet_id: `${SHARED}/Microsoft.Network/virtualNetworks/vnet-ai-${team.location}/subnets/snet-${team.name}`,
          },
        ],
        ip_forwarding_enabled: i % 50 === 7,
        location: team.location,
        name,
        resource_group_name: team.group,
        tags,
        timeouts: null,
      },
      references: publicIp ? { 'ip_configuration.0.public_ip_address_id': 'azurerm_public_ip.gpu' } : {},
    });
  }

  for (let i = 0; i < COUNTS.vms; i++) {
    const name = `vm-${team.name}-${pad(i)}`;
    add({
      type: 'azurerm_linux_virtual_machine',
      name: 'gpu',
      index: i,
      id: provider('Microsoft.Compute/virtualMachines', name),
      after: {
        admin_ssh_key: [{ public_key: SSH_KEY, username: 'azureuser' }],
        admin_username: 'azureuser',
        disable_password_authentication: (i + teamIndex) % 9 !== 0,
        encryption_at_host_enabled: i % 3 === 0,
        identity: [{ identity_ids: null, type: 'SystemAssigned' }],
        location: team.location,
        name,
        network_interface_ids: [provider('Microsoft.Network/networkInterfaces', `nic-${team.name}-${pad(i)}`)],
        os_disk: [{ caching: 'ReadWrite', disk_size_gb: 256, storage_account_type: 'Premium_LRS', write_accelerator_enabled: false }],
        priority: i % 10 === 4 ? 'Spot' : 'Regular',
        resource_group_name: team.group,
        size: GPU_SIZES[(i + teamIndex) % GPU_SIZES.length],
        source_image_reference: [{ offer: 'ubuntu-hpc', publisher: 'microsoft-dsvm', sku: '2204', version: 'latest' }],
        tags: { ...tags, workload: i % 2 === 0 ? 'training' : 'inference' },
        timeouts: null,
      },
      references: { network_interface_ids: 'azurerm_network_interface.gpu' },
    });
  }

  for (let i = 0; i < COUNTS.identities; i++) {
    const name = `id-${team.name}-${pad(i)}`;
    add({
      type: 'azurerm_user_assigned_identity',
      name: 'workload',
      index: i,
      id: provider('Microsoft.ManagedIdentity/userAssignedIdentities', name),
      after: { location: team.location, name, resource_group_name: team.group, tags, timeouts: null },
      references: {},
    });
  }

  for (let i = 0; i < COUNTS.clusters; i++) {
    const name = `aks-${team.name}-${pad(i)}`;
    add({
      type: 'azurerm_kubernetes_cluster',
      name: 'gpu',
      index: i,
      id: provider('Microsoft.ContainerService/managedClusters', name),
      after: {
        azure_active_directory_role_based_access_control: i % 4 === 1 ? [] : [{ azure_rbac_enabled: i % 3 !== 0, tenant_id: null }],
        default_node_pool: [{ name: 'system', node_count: 3, vm_size: 'Standard_D4ds_v5', only_critical_addons_enabled: true, os_sku: 'AzureLinux', type: 'VirtualMachineScaleSets', zones: ['1', '2', '3'] }],
        dns_prefix: name,
        identity: [{ identity_ids: null, type: 'SystemAssigned' }],
        kubernetes_version: i % 5 === 0 ? '1.27.9' : '1.30.6',
        local_account_disabled: i % 2 === 0,
        location: team.location,
        name,
        network_profile: [{ network_plugin: 'azure', network_policy: i % 3 === 2 ? null : 'cilium', network_data_plane: i % 3 === 2 ? 'azure' : 'cilium' }],
        oidc_issuer_enabled: i % 4 !== 3,
        oms_agent: i % 3 === 0 ? [] : [{ log_analytics_workspace_id: `${SHARED}/Microsoft.OperationalInsights/workspaces/log-ai`, msi_auth_for_monitoring_enabled: true }],
        private_cluster_enabled: i % 2 === 1,
        resource_group_name: team.group,
        role_based_access_control_enabled: true,
        sku_tier: 'Standard',
        tags,
        timeouts: null,
        workload_identity_enabled: i % 4 !== 3,
      },
      references: {},
    });
  }

  for (const [pool, spot] of [
    ['gpu', false],
    ['gpu_spot', true],
  ] as const) {
    for (let i = 0; i < COUNTS.clusters; i++) {
      add({
        type: 'azurerm_kubernetes_cluster_node_pool',
        name: pool,
        index: i,
        id: `${provider('Microsoft.ContainerService/managedClusters', `aks-${team.name}-${pad(i)}`)}/agentPools/${spot ? 'gpuspot' : 'gpu'}`,
        after: {
          auto_scaling_enabled: true,
          eviction_policy: spot ? 'Delete' : null,
          max_count: spot ? 8 : 4,
          min_count: 0,
          mode: 'User',
          name: spot ? 'gpuspot' : 'gpu',
          node_count: 0,
          node_labels: { 'nvidia.com/gpu.present': 'true' },
          node_public_ip_enabled: i % 10 === 3,
          node_taints: i % 4 === 2 ? ['nvidia.com/gpu=present:PreferNoSchedule'] : ['nvidia.com/gpu=present:NoSchedule'],
          os_sku: 'Ubuntu',
          os_type: 'Linux',
          priority: spot ? 'Spot' : 'Regular',
          tags,
          timeouts: null,
          vm_size: GPU_SIZES[(i + teamIndex + (spot ? 3 : 0)) % GPU_SIZES.length],
          zones: ['1', '2', '3'],
        },
        references: { kubernetes_cluster_id: 'azurerm_kubernetes_cluster.gpu' },
      });
    }
  }

  const workspace = `mlw-${team.name}`;
  add({
    type: 'azurerm_machine_learning_workspace',
    name: 'team',
    id: provider('Microsoft.MachineLearningServices/workspaces', workspace),
    after: {
      application_insights_id: `${SHARED}/Microsoft.Insights/components/appi-ai`,
      container_registry_id: `${SHARED}/Microsoft.ContainerRegistry/registries/crai`,
      high_business_impact: teamIndex % 2 === 0,
      identity: [{ identity_ids: null, type: 'SystemAssigned' }],
      key_vault_id: `${SHARED}/Microsoft.KeyVault/vaults/kv-ai`,
      location: team.location,
      name: workspace,
      public_network_access_enabled: teamIndex % 3 === 0,
      resource_group_name: team.group,
      sku_name: 'Basic',
      storage_account_id: `${SHARED}/Microsoft.Storage/storageAccounts/stai`,
      tags,
      timeouts: null,
      v1_legacy_mode_enabled: false,
    },
    references: {},
  });

  for (let i = 0; i < COUNTS.computes; i++) {
    const name = `gpu-${pad(i)}`;
    add({
      type: 'azurerm_machine_learning_compute_cluster',
      name: 'gpu',
      index: i,
      id: `${provider('Microsoft.MachineLearningServices/workspaces', workspace)}/computes/${name}`,
      after: {
        description: null,
        identity: [{ identity_ids: null, type: 'SystemAssigned' }],
        local_auth_enabled: i % 3 === 1,
        location: team.location,
        name,
        node_public_ip_enabled: i % 7 === 2,
        scale_settings: [{ max_node_count: 4, min_node_count: i % 6 === 5 ? 2 : 0, scale_down_nodes_after_idle_duration: 'PT30M' }],
        ssh_public_access_enabled: i % 5 === 4,
        subnet_resource_id: `${SHARED}/Microsoft.Network/virtualNetworks/vnet-ai-${team.location}/subnets/snet-${team.name}`,
        tags,
        timeouts: null,
        vm_priority: i % 4 === 3 ? 'LowPriority' : 'Dedicated',
        vm_size: GPU_SIZES[(i + teamIndex) % GPU_SIZES.length],
      },
      references: { machine_learning_workspace_id: 'azurerm_machine_learning_workspace.team' },
    });
  }

  for (let i = 0; i < COUNTS.roleAssignments; i++) {
    const principal = PRINCIPALS[(i + teamIndex) % PRINCIPALS.length];
    const guid = `${pad(teamIndex)}${pad(i)}00-0000-4000-8000-${String(teamIndex * COUNTS.roleAssignments + i).padStart(12, '0')}`;
    const scope = provider('Microsoft.Compute/virtualMachines', `vm-${team.name}-${pad(i)}`);
    add({
      type: 'azurerm_role_assignment',
      name: 'vm',
      index: i,
      id: `${scope}/providers/Microsoft.Authorization/roleAssignments/${guid}`,
      after: { condition: null, condition_version: null, delegated_managed_identity_resource_id: null, description: null, name: guid, principal_id: principal.id, principal_type: principal.type, role_definition_name: ROLE_NAMES[(i + teamIndex) % ROLE_NAMES.length], scope, timeouts: null },
      references: { scope: 'azurerm_linux_virtual_machine.gpu' },
    });
  }
  return instances;
}

/** `block.0.attribute` → a nested `{ block: [{ attribute: value }] }` (after_unknown's shape). */
function nested(path: string, value: unknown): Record<string, unknown> {
  const [head, ...rest] = path.split('.');
  if (rest.length === 0) return { [head]: value };
  const [, ...below] = rest; // the block's index: always 0 here
  return { [head]: [nested(below.join('.'), value)] };
}

/** A created resource's `after`: what refers to other new resources, and its id, left out (known only after apply). */
function createdChange(instance: Instance): { after: Record<string, unknown>; afterUnknown: Record<string, unknown> } {
  const after = structuredClone(instance.after);
  let afterUnknown: Record<string, unknown> = { id: true };
  for (const path of Object.keys(instance.references)) {
    const [head, , attribute] = path.split('.');
    if (attribute === undefined) delete after[head];
    else delete (after[head] as Record<string, unknown>[])[0][attribute];
    afterUnknown = { ...afterUnknown, ...nested(path, true) };
  }
  return { after, afterUnknown };
}

const moduleOf = (team: Team) => `module.team_${team.name}`;
/** A deployed resource's attributes, as its state holds them. */
const stateOf = (instance: Instance) => ({ id: instance.id, ...instance.after });

/** What every listing of a resource instance starts with: where it is and what it is. */
function instanceFields(team: Team, instance: Instance): Record<string, unknown> {
  return {
    address: `${moduleOf(team)}.${instanceAddress(instance)}`,
    mode: 'managed',
    type: instance.type,
    name: instance.name,
    ...(instance.index === undefined ? {} : { index: instance.index }),
    provider_name: 'registry.terraform.io/hashicorp/azurerm',
  };
}

/** A resource's `planned_values` and `prior_state` entry. */
function stateResource(team: Team, instance: Instance, values: Record<string, unknown>): Record<string, unknown> {
  return { ...instanceFields(team, instance), schema_version: 0, values, sensitive_values: {} };
}

function resourceChange(team: Team, instance: Instance, created: ReturnType<typeof createdChange> | undefined): Record<string, unknown> {
  const { address, ...fields } = instanceFields(team, instance);
  const base = { address, module_address: moduleOf(team), ...fields };
  if (!created) {
    const state = stateOf(instance);
    return { ...base, change: { actions: ['no-op'], before: state, after: state, after_unknown: {}, before_sensitive: {}, after_sensitive: {} } };
  }
  return { ...base, change: { actions: ['create'], before: null, after: created.after, after_unknown: created.afterUnknown, before_sensitive: false, after_sensitive: {} } };
}

/** The module's configuration: each resource's expressions, references where an attribute names another resource. */
function moduleConfiguration(instances: readonly Instance[]): Record<string, unknown> {
  const declared = new Map<string, Instance>();
  for (const instance of instances) if (!declared.has(`${instance.type}.${instance.name}`)) declared.set(`${instance.type}.${instance.name}`, instance);
  const counted = (instance: Instance) => instances.filter((other) => other.type === instance.type && other.name === instance.name).length;
  const resources = [...declared.values()].map((instance) => {
    const expressions: Record<string, unknown> = {};
    for (const [attribute, value] of Object.entries(instance.after)) {
      if (value === null) continue;
      expressions[attribute] = Array.isArray(value) && value.every((entry) => typeof entry === 'object' && entry !== null) ? value.map(() => ({})) : { constant_value: value };
    }
    for (const [path, target] of Object.entries(instance.references)) {
      // As Terraform writes `target[count.index].id`: the traversal cut at the index it knows only while planning.
      const reference = { references: [target, 'count.index'] };
      const [head, , attribute] = path.split('.');
      if (attribute === undefined) expressions[head] = reference;
      else (expressions[head] as Record<string, unknown>[])[0][attribute] = reference;
    }
    return {
      address: `${instance.type}.${instance.name}`,
      mode: 'managed',
      type: instance.type,
      name: instance.name,
      provider_config_key: 'azurerm',
      expressions,
      schema_version: 0,
      ...(instance.index === undefined ? {} : { count_expression: { constant_value: counted(instance) } }),
    };
  });
  return { resources, variables: { team: { description: 'The team: name and location.' }, subnet_id: {}, tags: {} } };
}

function teamsFor(resources: number): Team[] {
  if (resources <= 0 || resources % RESOURCES_PER_TEAM !== 0) throw new Error(`the plan benchmark's size is a multiple of ${RESOURCES_PER_TEAM}, not ${resources}`);
  return Array.from({ length: resources / RESOURCES_PER_TEAM }, (_, index) => {
    const name = `${TEAMS[index % TEAMS.length]}${index < TEAMS.length ? '' : String(Math.floor(index / TEAMS.length) + 1)}`;
    const location = REGIONS[index % REGIONS.length];
    return { name, location, group: `rg-ai-${name}-${location}`, exists: index % 2 === 0 };
  });
}

/**
 * Writes the plan as `plan.json` into `folder` (as terraform show -json writes it: one line),
 * section by section so that it is never held whole as text. Returns its path.
 */
export function writePlan(folder: string, resources: number): string {
  const teams = teamsFor(resources);
  const instances = teams.map((team, index) => teamInstances(team, index));
  // A new resource's planned state, made once for planned_values and resource_changes.
  const created = teams.map((team, t) => instances[t].map((instance) => (team.exists ? undefined : createdChange(instance))));
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'plan.json');
  const fd = openSync(file, 'w');
  try {
    const write = (text: string) => writeSync(fd, text);
    const list = (items: Iterable<unknown>) => {
      let first = true;
      for (const item of items) {
        write(`${first ? '' : ','}${JSON.stringify(item)}`);
        first = false;
      }
    };
    write('{"format_version":"1.2","terraform_version":"1.9.5","planned_values":{"root_module":{"child_modules":[');
    list(teams.map((team, t) => ({ address: moduleOf(team), resources: instances[t].map((instance, i) => stateResource(team, instance, created[t][i]?.after ?? stateOf(instance))) })));
    write(']}},"resource_changes":[');
    list(teams.flatMap((team, t) => instances[t].map((instance, i) => resourceChange(team, instance, created[t][i]))));
    write('],"prior_state":{"format_version":"1.0","terraform_version":"1.9.5","values":{"root_module":{"child_modules":[');
    list(teams.flatMap((team, t) => (team.exists ? [{ address: moduleOf(team), resources: instances[t].map((instance) => stateResource(team, instance, stateOf(instance))) }] : [])));
    write(']}}},"configuration":{"provider_config":{"azurerm":{"name":"azurerm","full_name":"registry.terraform.io/hashicorp/azurerm","version_constraint":"~> 4.0"}},"root_module":{"module_calls":{');
    let first = true;
    teams.forEach((team, t) => {
      const call = { source: './modules/ai-team', expressions: { team: { constant_value: { name: team.name, location: team.location } } }, module: moduleConfiguration(instances[t]) };
      write(`${first ? '' : ','}${JSON.stringify(moduleOf(team).slice('module.'.length))}:${JSON.stringify(call)}`);
      first = false;
    });
    write('}}},"timestamp":"2026-12-01T09:30:00Z","errored":false}\n');
  } finally {
    closeSync(fd);
  }
  return file;
}

/**
 * Maps the plan once, as a plan scan does (loadInputs), and writes its resources as a snapshot
 * (writeResourceSnapshot): the snapshot scan then reads exactly the resources the plan scan evaluates.
 */
export async function writeMappedSnapshot(plan: string, file: string): Promise<ExpandedSnapshot> {
  const inputs = await loadInputs([plan], { target: PLAN_TARGET });
  const resources = inputs.deployments.flatMap((deployment) => deployment.resources);
  const bytes = writeResourceSnapshot(resources, file, plan);
  return { resources: resources.length, bytes, warnings: inputs.warnings };
}
