/**
 * The template benchmark's input: a subscription-scope ARM template, written as people write
 * them, whose copy loops expand to `resources` resources (a multiple of 1,000), and its parameter
 * file. One resource group per team, each filled by an inline nested deployment (inner expression
 * scope) looping over the teams; inside, copy loops of GPU VMs with their NICs and some public
 * IPs, user-assigned identities, AKS clusters whose agent pools are a property copy loop, an ML
 * workspace with GPU and CPU computes, and role assignments on the VMs and the resource group.
 * Names come from user-defined functions over parameters and variables; sizes, flags and
 * principals vary by copy index through if(), mod(), union() and createObject(), so every rule
 * passes and fails somewhere. Every value is known before deployment (no reference()), so the
 * expanded resources, written as a snapshot, are the same resources the template scan evaluates.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expandTemplate } from '../../src/sources/arm-template/expand-template.js';
import { writeResourceSnapshot, type ExpandedSnapshot } from './resource-snapshot.js';

/** Per team: 1 resource group + 300 VMs + 300 NICs + 30 public IPs + 20 identities + 20 AKS + 1 workspace + 28 computes + 300 role assignments. */
export const RESOURCES_PER_TEAM = 1000;

/** Where the template is deployed: `aiscan scan --subscription-id … --location …`. */
export const TEMPLATE_TARGET = { subscriptionId: '5b0c3f2e-8d41-4a6b-9e27-1c9f0d3a7b64', location: 'eastus' } as const;

const TEAMS = ['vision', 'speech', 'nlp', 'recsys', 'research', 'platform', 'inference', 'robotics', 'genai', 'data'];
const REGIONS = ['eastus', 'westus3', 'southcentralus', 'westeurope', 'swedencentral', 'japaneast'];
const GPU_SIZES = ['Standard_NC24ads_A100_v4', 'Standard_NC40ads_H100_v5', 'Standard_ND96isr_H100_v5', 'Standard_NC6s_v3', 'Standard_NV36ads_A10_v5', 'Standard_NC4as_T4_v3'];
/** Built-in roles: Owner, Contributor, Reader, AzureML Data Scientist, Virtual Machine Contributor. */
const ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  dataScientist: 'f6c7c914-8db3-469d-8ca1-694a8f32e121',
  vmContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
};
const PRINCIPALS = [
  { id: '3f8a1c52-7e4b-4d19-a6c0-5b2e9d8f1a37', type: 'Group' },
  { id: 'a91d4e06-2c7f-4b83-9e15-6d0b3a8c4f92', type: 'ServicePrincipal' },
  { id: '6c2e9b71-4a0d-4f58-b3e6-9a1f7c5d2e08', type: 'User' },
  { id: 'd47f0a38-9b6c-4e21-8f5a-2c3e1b9d7a64', type: 'Group' },
  { id: '0e5b8c93-1f2a-4d76-a9c4-7b6e3d0f5a21', type: 'ServicePrincipal' },
  { id: 'b8d1f6a4-5c3e-4a97-8e02-4f9c6a1b3d75', type: 'ForeignGroup' },
];
const SSH_KEY = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIHq3vJm0cXoT1fN8yZ2pWk6sL4eR9dB7aQ5uV3gC1hKx aiscan-bench';

const param = (name: string) => `parameters('${name}')`;
/** `naming.resource(kind, team, index)` of the nested template. */
const named = (kind: string, index = 'copyIndex()') => `naming.resource('${kind}', parameters('team').name, ${index})`;

/** What one team's nested deployment deploys into its resource group. */
function teamTemplate(): Record<string, unknown> {
  return {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    functions: [
      {
        namespace: 'naming',
        members: {
          resource: {
            parameters: [
              { name: 'kind', type: 'string' },
              { name: 'team', type: 'string' },
              { name: 'index', type: 'int' },
            ],
            output: { type: 'string', value: "[toLower(format('{0}-{1}-{2}', parameters('kind'), parameters('team'), padLeft(string(parameters('index')), 3, '0')))]" },
          },
        },
      },
    ],
    parameters: {
      team: { type: 'object' },
      teamIndex: { type: 'int' },
      gpuSizes: { type: 'array' },
      principals: { type: 'array' },
      roles: { type: 'object' },
      tags: { type: 'object' },
      vmCount: { type: 'int', minValue: 0, maxValue: 800 },
      publicIpCount: { type: 'int', defaultValue: 30 },
      identityCount: { type: 'int', defaultValue: 20 },
      clusterCount: { type: 'int', defaultValue: 20 },
      gpuPoolsPerCluster: { type: 'int', defaultValue: 2 },
      computeCount: { type: 'int', defaultValue: 28 },
      sshPublicKey: { type: 'string' },
    },
    variables: {
      location: "[parameters('team').location]",
      tags: "[union(parameters('tags'), createObject('team', parameters('team').name))]",
      vnetName: "[format('vnet-{0}-{1}', parameters('team').name, variables('location'))]",
      gpuSubnetId: "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), 'snet-gpu')]",
      aksSubnetId: "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), 'snet-aks')]",
      nsgId: "[resourceId('Microsoft.Network/networkSecurityGroups', format('nsg-{0}', parameters('team').name))]",
      privateIpConfiguration: { subnet: { id: "[variables('gpuSubnetId')]" }, privateIPAllocationMethod: 'Dynamic', primary: true },
      workspaceName: "[format('mlw-{0}-{1}', parameters('team').name, uniqueString(resourceGroup().id))]",
      roleNames: ['owner', 'contributor', 'reader', 'dataScientist', 'vmContributor'],
      vmAssignments: "[parameters('vmCount')]",
    },
    resources: [
      {
        type: 'Microsoft.ManagedIdentity/userAssignedIdentities',
        apiVersion: '2023-01-31',
        name: `[${named('id')}]`,
        location: "[variables('location')]",
        tags: "[variables('tags')]",
        copy: { name: 'identities', count: `[${param('identityCount')}]` },
      },
      {
        type: 'Microsoft.Network/publicIPAddresses',
        apiVersion: '2023-09-01',
        name: `[${named('pip')}]`,
        location: "[variables('location')]",
        tags: "[variables('tags')]",
        sku: { name: 'Standard', tier: 'Regional' },
        properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: 'IPv4', idleTimeoutInMinutes: 4 },
        copy: { name: 'publicIps', count: `[${param('publicIpCount')}]` },
      },
      {
        type: 'Microsoft.Network/networkInterfaces',
        apiVersion: '2023-09-01',
        name: `[${named('nic')}]`,
        location: "[variables('location')]",
        tags: "[variables('tags')]",
        copy: { name: 'nics', count: `[${param('vmCount')}]` },
        dependsOn: ['publicIps'],
        properties: {
          enableAcceleratedNetworking: '[not(equals(mod(copyIndex(), 4), 3))]',
          networkSecurityGroup: { id: "[variables('nsgId')]" },
          ipConfigurations: [
            {
              name: 'ipconfig1',
              properties: `[if(less(copyIndex(), ${param('publicIpCount')}), union(variables('privateIpConfiguration'), createObject('publicIPAddress', createObject('id', resourceId('Microsoft.Network/publicIPAddresses', ${named('pip')})))), variables('privateIpConfiguration'))]`,
            },
          ],
        },
      },
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2024-03-01',
        name: `[${named('vm')}]`,
        location: "[variables('location')]",
        tags: "[union(variables('tags'), createObject('gpu', 'true'))]",
        copy: { name: 'vms', count: `[${param('vmCount')}]`, mode: 'parallel' },
        dependsOn: [`[resourceId('Microsoft.Network/networkInterfaces', ${named('nic')})]`],
        identity: "[if(less(mod(copyIndex(), 5), 3), createObject('type', 'SystemAssigned'), createObject('type', 'None'))]",
        properties: {
          hardwareProfile: { vmSize: "[parameters('gpuSizes')[mod(add(copyIndex(), parameters('teamIndex')), length(parameters('gpuSizes')))]]" },
          storageProfile: {
            imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest' },
            osDisk: { createOption: 'FromImage', caching: 'ReadWrite', deleteOption: 'Delete', diskSizeGB: '[mul(128, add(1, mod(copyIndex(), 3)))]', managedDisk: { storageAccountType: 'Premium_LRS' } },
          },
          osProfile: {
            computerName: `[${named('vm')}]`,
            adminUsername: 'azureuser',
            linuxConfiguration: {
              disablePasswordAuthentication: '[not(equals(mod(copyIndex(), 10), 9))]',
              ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: "[parameters('sshPublicKey')]" }] },
              provisionVMAgent: true,
            },
          },
          securityProfile:
            "[if(equals(mod(copyIndex(), 2), 0), createObject('securityType', 'TrustedLaunch', 'uefiSettings', createObject('secureBootEnabled', true(), 'vTpmEnabled', true())), createObject('securityType', 'Standard'))]",
          networkProfile: { networkInterfaces: [{ id: `[resourceId('Microsoft.Network/networkInterfaces', ${named('nic')})]`, properties: { primary: true, deleteOption: 'Delete' } }] },
          diagnosticsProfile: { bootDiagnostics: { enabled: '[not(equals(mod(copyIndex(), 5), 4))]' } },
        },
      },
      {
        type: 'Microsoft.ContainerService/managedClusters',
        apiVersion: '2024-05-01',
        name: `[${named('aks')}]`,
        location: "[variables('location')]",
        tags: "[variables('tags')]",
        copy: { name: 'clusters', count: `[${param('clusterCount')}]` },
        sku: { name: 'Base', tier: "[if(equals(mod(copyIndex(), 3), 0), 'Free', 'Standard')]" },
        identity: { type: 'SystemAssigned' },
        properties: {
          kubernetesVersion: '1.33.5',
          dnsPrefix: `[${named('aks')}]`,
          enableRBAC: true,
          disableLocalAccounts: '[equals(mod(copyIndex(), 2), 0)]',
          aadProfile: { managed: true, enableAzureRbac: '[not(equals(mod(copyIndex(), 4), 1))]' },
          apiServerAccessProfile: { enablePrivateCluster: '[equals(mod(copyIndex(), 3), 0)]' },
          autoUpgradeProfile: { upgradeChannel: "[if(equals(mod(copyIndex(), 5), 0), 'none', 'patch')]", nodeOSUpgradeChannel: 'NodeImage' },
          addonProfiles: { azurepolicy: { enabled: '[equals(mod(copyIndex(), 2), 1)]' }, omsagent: { enabled: '[not(equals(mod(copyIndex(), 3), 2))]' } },
          networkProfile: { networkPlugin: 'azure', networkPluginMode: 'overlay', networkPolicy: "[if(equals(mod(copyIndex(), 4), 0), 'none', 'cilium')]", loadBalancerSku: 'standard', outboundType: 'loadBalancer' },
          linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: "[parameters('sshPublicKey')]" }] } },
          copy: [
            {
              name: 'agentPoolProfiles',
              count: `[add(1, ${param('gpuPoolsPerCluster')})]`,
              input: {
                name: "[if(equals(copyIndex('agentPoolProfiles'), 0), 'system', format('gpu{0}', copyIndex('agentPoolProfiles')))]",
                mode: "[if(equals(copyIndex('agentPoolProfiles'), 0), 'System', 'User')]",
                vmSize: "[if(equals(copyIndex('agentPoolProfiles'), 0), 'Standard_D4ds_v5', parameters('gpuSizes')[mod(add(copyIndex('agentPoolProfiles'), parameters('teamIndex')), length(parameters('gpuSizes')))])]",
                count: "[if(equals(copyIndex('agentPoolProfiles'), 0), 3, 1)]",
                enableAutoScaling: "[greater(copyIndex('agentPoolProfiles'), 0)]",
                minCount: "[if(equals(copyIndex('agentPoolProfiles'), 0), null(), 0)]",
                maxCount: "[if(equals(copyIndex('agentPoolProfiles'), 0), null(), mul(8, copyIndex('agentPoolProfiles')))]",
                nodeTaints: "[if(equals(copyIndex('agentPoolProfiles'), 1), createArray('nvidia.com/gpu=present:NoSchedule'), createArray())]",
                nodeLabels: "[if(equals(copyIndex('agentPoolProfiles'), 0), createObject(), createObject('accelerator', 'nvidia'))]",
                enableNodePublicIP: "[equals(copyIndex('agentPoolProfiles'), 2)]",
                osType: 'Linux',
                osSKU: 'Ubuntu',
                type: 'VirtualMachineScaleSets',
                vnetSubnetID: "[variables('aksSubnetId')]",
              },
            },
          ],
        },
      },
      {
        type: 'Microsoft.MachineLearningServices/workspaces',
        apiVersion: '2024-04-01',
        name: "[variables('workspaceName')]",
        location: "[variables('location')]",
        tags: "[variables('tags')]",
        sku: { name: 'Basic', tier: 'Basic' },
        identity: { type: 'SystemAssigned' },
        properties: {
          friendlyName: "[format('{0} workspace', parameters('team').name)]",
          storageAccount: "[resourceId('Microsoft.Storage/storageAccounts', format('st{0}', uniqueString(resourceGroup().id)))]",
          keyVault: "[resourceId('Microsoft.KeyVault/vaults', format('kv-{0}', take(uniqueString(resourceGroup().id), 8)))]",
          applicationInsights: "[resourceId('Microsoft.Insights/components', format('appi-{0}', parameters('team').name))]",
          publicNetworkAccess: "[if(equals(mod(parameters('teamIndex'), 2), 0), 'Disabled', 'Enabled')]",
          hbiWorkspace: false,
          systemDatastoresAuthMode: 'identity',
        },
      },
      {
        type: 'Microsoft.MachineLearningServices/workspaces/computes',
        apiVersion: '2024-04-01',
        name: `[format('{0}/{1}', variables('workspaceName'), ${named('gpu')})]`,
        location: "[variables('location')]",
        copy: { name: 'computes', count: `[${param('computeCount')}]` },
        dependsOn: ["[resourceId('Microsoft.MachineLearningServices/workspaces', variables('workspaceName'))]"],
        properties: {
          computeType: 'AmlCompute',
          computeLocation: "[variables('location')]",
          disableLocalAuth: '[equals(mod(copyIndex(), 2), 0)]',
          properties: {
            vmSize: "[toUpper(parameters('gpuSizes')[mod(copyIndex(), length(parameters('gpuSizes')))])]",
            vmPriority: "[if(equals(mod(copyIndex(), 3), 0), 'LowPriority', 'Dedicated')]",
            osType: 'Linux',
            scaleSettings: { minNodeCount: 0, maxNodeCount: '[mul(2, add(1, mod(copyIndex(), 4)))]', nodeIdleTimeBeforeScaleDown: 'PT30M' },
            remoteLoginPortPublicAccess: "[if(equals(mod(copyIndex(), 3), 1), 'Enabled', 'Disabled')]",
            enableNodePublicIp: '[equals(mod(copyIndex(), 4), 0)]',
          },
        },
      },
      {
        type: 'Microsoft.Authorization/roleAssignments',
        apiVersion: '2022-04-01',
        name: "[guid(resourceGroup().id, string(copyIndex()), variables('roleNames')[mod(copyIndex(), length(variables('roleNames')))])]",
        scope: `[if(less(mod(copyIndex(), 10), 9), resourceId('Microsoft.Compute/virtualMachines', ${named('vm')}), resourceGroup().id)]`,
        copy: { name: 'assignments', count: "[variables('vmAssignments')]" },
        dependsOn: ['vms'],
        properties: {
          roleDefinitionId: "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', parameters('roles')[variables('roleNames')[mod(copyIndex(), length(variables('roleNames')))]])]",
          principalId: "[parameters('principals')[mod(add(copyIndex(), parameters('teamIndex')), length(parameters('principals')))].id]",
          principalType: "[parameters('principals')[mod(add(copyIndex(), parameters('teamIndex')), length(parameters('principals')))].type]",
        },
      },
    ],
  };
}

/** The subscription-scope template: the teams' resource groups, and a nested deployment into each. */
function template(): Record<string, unknown> {
  const team = "parameters('teams')[copyIndex()]";
  const group = `naming.groupName(parameters('prefix'), ${team}.name, ${team}.location)`;
  return {
    $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
    contentVersion: '1.0.0.0',
    metadata: { description: 'AI landing zone: per team, a resource group with GPU VMs, AKS clusters with GPU pools, an ML workspace and role assignments (aiscan bench).' },
    functions: [
      {
        namespace: 'naming',
        members: {
          groupName: {
            parameters: [
              { name: 'prefix', type: 'string' },
              { name: 'team', type: 'string' },
              { name: 'location', type: 'string' },
            ],
            output: { type: 'string', value: "[toLower(format('rg-{0}-{1}-{2}', parameters('prefix'), parameters('team'), parameters('location')))]" },
          },
        },
      },
    ],
    parameters: {
      prefix: { type: 'string', defaultValue: 'ai', maxLength: 8 },
      teams: { type: 'array', metadata: { description: 'One object per team: name and location.' } },
      gpuSizes: { type: 'array', defaultValue: GPU_SIZES },
      vmsPerTeam: { type: 'int', defaultValue: 300, minValue: 0, maxValue: 800 },
      principals: { type: 'array' },
      costCenter: { type: 'string', defaultValue: 'CC-4711' },
      sshPublicKey: { type: 'string' },
    },
    variables: {
      roles: ROLES,
      commonTags: { costCenter: "[parameters('costCenter')]", managedBy: 'arm', landingZone: "[format('{0}-landing-zone', parameters('prefix'))]" },
    },
    resources: [
      {
        type: 'Microsoft.Resources/resourceGroups',
        apiVersion: '2022-09-01',
        name: `[${group}]`,
        location: `[${team}.location]`,
        tags: `[union(variables('commonTags'), createObject('team', ${team}.name))]`,
        copy: { name: 'groups', count: "[length(parameters('teams'))]" },
      },
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: `[format('team-{0}', ${team}.name)]`,
        resourceGroup: `[${group}]`,
        copy: { name: 'teamDeployments', count: "[length(parameters('teams'))]" },
        dependsOn: ['groups'],
        properties: {
          mode: 'Incremental',
          expressionEvaluationOptions: { scope: 'inner' },
          parameters: {
            team: { value: `[${team}]` },
            teamIndex: { value: '[copyIndex()]' },
            gpuSizes: { value: "[parameters('gpuSizes')]" },
            principals: { value: "[parameters('principals')]" },
            roles: { value: "[variables('roles')]" },
            tags: { value: "[variables('commonTags')]" },
            vmCount: { value: "[parameters('vmsPerTeam')]" },
            sshPublicKey: { value: "[parameters('sshPublicKey')]" },
          },
          template: teamTemplate(),
        },
      },
    ],
  };
}

export interface TemplateFiles {
  /** The folder holding the template and its parameter file: what `aiscan scan PATH` is given. */
  folder: string;
  template: string;
  parameters: string;
}

/** Writes `azuredeploy.json` and `azuredeploy.parameters.json` into `folder`; `resources` is a multiple of 1,000. */
export function writeTemplate(folder: string, resources: number): TemplateFiles {
  if (resources <= 0 || resources % RESOURCES_PER_TEAM !== 0) throw new Error(`the template benchmark's size is a multiple of ${RESOURCES_PER_TEAM}, not ${resources}`);
  const teams = Array.from({ length: resources / RESOURCES_PER_TEAM }, (_, index) => ({
    name: `${TEAMS[index % TEAMS.length]}${index < TEAMS.length ? '' : String(Math.floor(index / TEAMS.length) + 1)}`,
    location: REGIONS[index % REGIONS.length],
  }));
  mkdirSync(folder, { recursive: true });
  const templateFile = join(folder, 'azuredeploy.json');
  const parametersFile = join(folder, 'azuredeploy.parameters.json');
  writeFileSync(templateFile, `${JSON.stringify(template(), null, 2)}\n`);
  const parameters = {
    $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#',
    contentVersion: '1.0.0.0',
    parameters: { teams: { value: teams }, principals: { value: PRINCIPALS }, sshPublicKey: { value: SSH_KEY } },
  };
  writeFileSync(parametersFile, `${JSON.stringify(parameters, null, 2)}\n`);
  return { folder, template: templateFile, parameters: parametersFile };
}

/**
 * Expands the template once, as a template scan does, and writes its resources as a snapshot
 * (writeResourceSnapshot): the snapshot scan then reads exactly the resources the template scan
 * evaluates.
 */
export function writeExpandedSnapshot(files: TemplateFiles, file: string): ExpandedSnapshot {
  const expanded = expandTemplate({ template: files.template, parameters: files.parameters }, TEMPLATE_TARGET);
  const bytes = writeResourceSnapshot(expanded.resources, file, files.template);
  return { resources: expanded.resources.length, bytes, warnings: expanded.warnings };
}
