/** AI platforms as ARM returns them: AKS clusters with their pools and managed namespaces, ML workspaces and computes. */
import { CPU_SIZES, GPU_SIZES, tags, SSH_KEY, type Context, type GroupSpec, type Json } from './common.js';

function agentPool(context: Context, rg: string, name: string, vmSize: string, mode: 'System' | 'User', gpu: boolean): Json {
  const { random } = context;
  const autoscale = random.chance(0.6);
  return {
    name,
    count: random.int(1, 5),
    vmSize,
    osDiskSizeGB: 128,
    osDiskType: 'Managed',
    kubeletDiskType: 'OS',
    maxPods: 110,
    type: 'VirtualMachineScaleSets',
    availabilityZones: ['1', '2', '3'].slice(0, random.int(1, 3)),
    enableAutoScaling: autoscale,
    ...(autoscale ? { minCount: 0, maxCount: random.pick([5, 10, 40, 100]) } : {}),
    scaleDownMode: 'Delete',
    provisioningState: 'Succeeded',
    powerState: { code: 'Running' },
    orchestratorVersion: '1.33.5',
    currentOrchestratorVersion: '1.33.5',
    enableNodePublicIP: random.chance(0.05),
    ...(gpu ? { nodeLabels: { accelerator: 'nvidia' } } : {}),
    ...(gpu && random.chance(0.75) ? { nodeTaints: [random.pick(['sku=gpu:NoSchedule', 'nvidia.com/gpu=present:NoSchedule', 'nvidia.com/gpu=present:PreferNoSchedule'])] } : {}),
    mode,
    osType: 'Linux',
    osSKU: 'Ubuntu',
    nodeImageVersion: 'AKSUbuntu-2204gen2containerd-202610.21.0',
    upgradeSettings: { maxSurge: gpu ? '1' : '10%' },
    enableFIPS: false,
    vnetSubnetID: `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-aks/subnets/snet-nodes`,
    securityProfile: { enableVTPM: false, enableSecureBoot: false },
  };
}

export function managedCluster(context: Context, rg: string, group: GroupSpec, name: string): Json {
  const { random } = context;
  const managed = random.chance(0.85);
  const pools = [agentPool(context, rg, 'system', random.pick(CPU_SIZES), 'System', false)];
  for (let i = random.int(1, 3); i > 0; i--) pools.push(agentPool(context, rg, `gpu${i}`, random.pick(GPU_SIZES), 'User', true));
  if (random.chance(0.4)) pools.push(agentPool(context, rg, 'apps', random.pick(CPU_SIZES), 'User', false));
  const cluster: Json = {
    id: `${rg.replace('/resourceGroups/', '/resourcegroups/')}/providers/Microsoft.ContainerService/managedClusters/${name}`,
    location: group.location,
    name,
    tags: tags(random, group.team),
    type: random.chance(0.3) ? 'Microsoft.ContainerService/ManagedClusters' : 'Microsoft.ContainerService/managedClusters',
    eTag: random.guid(),
    sku: { name: 'Base', tier: random.pick(['Free', 'Standard']) },
    identity: managed ? { principalId: random.guid(), tenantId: context.tenantId, type: 'SystemAssigned' } : undefined,
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
      kubernetesVersion: '1.33.5',
      currentKubernetesVersion: '1.33.5',
      dnsPrefix: name,
      fqdn: `${name}-${random.hex(8)}.hcp.${group.location}.azmk8s.io`,
      agentPoolProfiles: pools,
      linuxProfile: { adminUsername: 'azureuser', ssh: { publicKeys: [{ keyData: SSH_KEY }] } },
      servicePrincipalProfile: { clientId: managed ? 'msi' : random.guid() },
      addonProfiles: { azureKeyvaultSecretsProvider: { enabled: false, config: null }, azurepolicy: { enabled: random.chance(0.5), config: null }, omsagent: { enabled: random.chance(0.5), config: null } },
      nodeResourceGroup: `MC_${group.name}_${name}_${group.location}`,
      enableRBAC: true,
      supportPlan: 'KubernetesOfficial',
      networkProfile: {
        networkPlugin: 'azure',
        networkPluginMode: 'overlay',
        networkPolicy: random.pick(['cilium', 'calico', 'none']),
        loadBalancerSku: 'standard',
        outboundType: 'loadBalancer',
        podCidr: '10.244.0.0/16',
        serviceCidr: '10.0.0.0/16',
        dnsServiceIP: '10.0.0.10',
      },
      aadProfile: random.chance(0.7) ? { managed: true, adminGroupObjectIDs: [random.guid()], enableAzureRbac: random.chance(0.7), tenantID: context.tenantId } : undefined,
      apiServerAccessProfile: random.chance(0.3) ? { enablePrivateCluster: true } : undefined,
      maxAgentPools: 100,
      autoUpgradeProfile: { upgradeChannel: random.pick(['patch', 'stable', 'none']), nodeOSUpgradeChannel: 'NodeImage' },
      disableLocalAccounts: random.chance(0.5),
      securityProfile: {},
      oidcIssuerProfile: { enabled: true, issuerURL: `https://${group.location}.oic.prod-aks.azure.com/${context.tenantId}/${random.guid()}/` },
      resourceUID: random.hex(24),
    },
  };
  if (cluster.identity === undefined) delete cluster.identity;
  const properties = cluster.properties as Json;
  for (const key of ['aadProfile', 'apiServerAccessProfile']) if (properties[key] === undefined) delete properties[key];
  return cluster;
}

export function managedNamespaces(context: Context, cluster: Json, group: GroupSpec, n: number): Json[] {
  const { random } = context;
  return Array.from({ length: n }, (_, i) => ({
    id: `${String(cluster.id)}/managedNamespaces/team-${group.team}-${i}`,
    name: `team-${group.team}-${i}`,
    type: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
    location: group.location,
    tags: { team: group.team },
    eTag: random.guid(),
    properties: {
      provisioningState: 'Succeeded',
      labels: { 'kubernetes.azure.com/managedByArm': 'true' },
      annotations: {},
      defaultNetworkPolicy: { ingress: random.pick(['AllowAll', 'AllowSameNamespace', 'DenyAll']), egress: 'AllowAll' },
      adoptionPolicy: 'IfIdentical',
      deletePolicy: 'Keep',
    },
  }));
}

export function mlWorkspace(context: Context, rg: string, group: GroupSpec, name: string, identity: string): Json {
  const { random } = context;
  const id = `${rg}/providers/Microsoft.MachineLearningServices/workspaces/${name}`;
  return {
    id,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces',
    location: group.location,
    tags: tags(random, group.team),
    kind: 'Default',
    sku: { name: 'Basic', tier: 'Basic' },
    identity: {
      principalId: random.guid(),
      tenantId: context.tenantId,
      type: 'SystemAssigned,UserAssigned',
      userAssignedIdentities: { [identity]: { principalId: random.guid(), clientId: random.guid() } },
    },
    properties: {
      friendlyName: `${group.team} workspace`,
      description: '',
      storageAccount: `${rg}/providers/Microsoft.Storage/storageAccounts/st${random.hex(10)}`,
      keyVault: `${rg}/providers/Microsoft.KeyVault/vaults/kv-${random.hex(8)}`,
      applicationInsights: `${rg}/providers/microsoft.insights/components/appi-${name}`,
      containerRegistry: `${rg}/providers/Microsoft.ContainerRegistry/registries/cr${random.hex(10)}`,
      hbiWorkspace: false,
      provisioningState: 'Succeeded',
      workspaceId: random.guid(),
      discoveryUrl: `https://${group.location}.api.azureml.ms/discovery`,
      publicNetworkAccess: random.pick(['Enabled', 'Disabled']),
      allowPublicAccessWhenBehindVnet: false,
      privateLinkCount: 0,
      privateEndpointConnections: [],
      v1LegacyMode: false,
      enableDataIsolation: true,
      systemDatastoresAuthMode: random.pick(['identity', 'accesskey']),
    },
  };
}

export function mlCompute(context: Context, workspace: Json, group: GroupSpec, name: string): Json {
  const { random } = context;
  const gpu = random.chance(0.7);
  return {
    id: `${String(workspace.id)}/computes/${name}`,
    name,
    type: 'Microsoft.MachineLearningServices/workspaces/computes',
    location: group.location,
    tags: { team: group.team },
    properties: {
      description: gpu ? 'GPU training cluster' : 'CPU cluster',
      computeType: 'AmlCompute',
      computeLocation: group.location,
      provisioningState: 'Succeeded',
      createdOn: '2025-02-04T15:30:00.0000000+00:00',
      modifiedOn: '2025-02-04T15:30:00.0000000+00:00',
      isAttachedCompute: false,
      disableLocalAuth: random.chance(0.5),
      properties: {
        vmSize: (gpu ? random.pick(GPU_SIZES) : random.pick(CPU_SIZES)).toUpperCase(),
        vmPriority: random.pick(['Dedicated', 'LowPriority']),
        osType: 'Linux',
        virtualMachineImage: null,
        isolatedNetwork: false,
        subnet: null,
        scaleSettings: { maxNodeCount: random.pick([2, 4, 8, 16]), minNodeCount: 0, nodeIdleTimeBeforeScaleDown: 'PT30M' },
        remoteLoginPortPublicAccess: random.pick(['Enabled', 'Disabled', 'NotSpecified']),
        allocationState: 'Steady',
        currentNodeCount: random.int(0, 2),
        targetNodeCount: 1,
        enableNodePublicIp: random.chance(0.5),
        propertyBag: null,
      },
    },
  };
}
