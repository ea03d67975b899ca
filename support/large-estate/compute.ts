/** Compute as ARM returns it: VMs with their NICs and public IPs, scale sets and their autoscale settings. */
import { CPU_SIZES, GPU_SIZES, identityBlock, SSH_KEY, tags, type Context, type GroupSpec, type Json } from './common.js';

/** A VM and its NICs (one, sometimes two), and now and then a public IP. */
export function virtualMachine(context: Context, rg: string, group: GroupSpec, name: string, vmSize: string): Json[] {
  const { random } = context;
  const nicCount = random.chance(0.2) ? 2 : 1;
  const nicIds = Array.from({ length: nicCount }, (_, i) => `${rg}/providers/Microsoft.Network/networkInterfaces/nic-${name}-${i}`);
  const vmId = `${rg}/providers/Microsoft.Compute/virtualMachines/${name}`;
  const diskName = `${name}_OsDisk_1_${random.hex(32)}`;
  const vm: Json = {
    name,
    id: vmId,
    type: 'Microsoft.Compute/virtualMachines',
    location: group.location,
    tags: tags(random, group.team),
    identity: identityBlock(context, random.chance(0.6)),
    properties: {
      vmId: random.guid(),
      hardwareProfile: { vmSize },
      storageProfile: {
        imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest', exactVersion: '22.04.2026092301' },
        osDisk: {
          osType: 'Linux',
          name: diskName,
          createOption: 'FromImage',
          caching: 'ReadWrite',
          managedDisk: { storageAccountType: 'Premium_LRS', id: `${rg.toUpperCase()}/providers/Microsoft.Compute/disks/${diskName}` },
          deleteOption: 'Delete',
          diskSizeGB: random.pick([128, 256, 512]),
        },
        dataDisks: [],
        diskControllerType: 'SCSI',
      },
      osProfile: {
        computerName: name,
        adminUsername: 'azureuser',
        linuxConfiguration: {
          disablePasswordAuthentication: random.chance(0.9),
          ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: SSH_KEY }] },
          provisionVMAgent: true,
          patchSettings: { patchMode: 'ImageDefault', assessmentMode: 'ImageDefault' },
        },
        secrets: [],
        allowExtensionOperations: true,
        requireGuestProvisionSignal: true,
      },
      securityProfile: { uefiSettings: { secureBootEnabled: random.chance(0.5), vTpmEnabled: random.chance(0.5) }, securityType: random.pick(['Standard', 'TrustedLaunch']) },
      networkProfile: {
        networkInterfaces: nicIds.map((id, i) => ({ id, properties: { primary: i === 0, deleteOption: 'Detach' } })),
      },
      diagnosticsProfile: { bootDiagnostics: { enabled: random.chance(0.8) } },
      provisioningState: 'Succeeded',
      timeCreated: '2025-06-14T10:22:31.5521893+00:00',
    },
  };
  if (vm.identity === undefined) delete vm.identity;
  const resources: Json[] = [vm];
  const withPublicIp = random.chance(0.1);
  nicIds.forEach((id, i) => resources.push(networkInterface(context, group, id, vmId, withPublicIp && i === 0)));
  if (withPublicIp) resources.push(publicIp(context, rg, group, `pip-${name}`, `${nicIds[0]}/ipConfigurations/ipconfig1`));
  return resources;
}

function networkInterface(context: Context, group: GroupSpec, id: string, vmId: string, publicIp: boolean): Json {
  const { random } = context;
  const rg = id.replace(/\/providers\/.*$/, '');
  const subnet = `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${group.team}-${group.location}/subnets/snet-${random.pick(['gpu', 'app', 'data'])}`;
  const ipConfiguration: Json = {
    name: 'ipconfig1',
    id: `${id}/ipConfigurations/ipconfig1`,
    etag: `W/"${random.guid()}"`,
    type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
    properties: {
      provisioningState: 'Succeeded',
      privateIPAddress: `10.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(4, 250)}`,
      privateIPAllocationMethod: 'Dynamic',
      subnet: { id: subnet },
      primary: true,
      privateIPAddressVersion: 'IPv4',
      ...(publicIp ? { publicIPAddress: { id: `${rg}/providers/Microsoft.Network/publicIPAddresses/pip-${vmId.split('/').pop()}` } } : {}),
    },
  };
  return {
    name: id.split('/').pop(),
    id,
    etag: `W/"${random.guid()}"`,
    type: 'Microsoft.Network/networkInterfaces',
    location: group.location,
    kind: 'Regular',
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      ipConfigurations: [ipConfiguration],
      dnsSettings: { dnsServers: [], appliedDnsServers: [], internalDomainNameSuffix: `${random.hex(10)}.bx.internal.cloudapp.net` },
      macAddress: random.hex(12).toUpperCase().replace(/(..)(?!$)/g, '$1-'),
      enableAcceleratedNetworking: random.chance(0.7),
      vnetEncryptionSupported: false,
      enableIPForwarding: false,
      disableTcpStateTracking: false,
      networkSecurityGroup: { id: `${rg}/providers/Microsoft.Network/networkSecurityGroups/nsg-${group.team}` },
      primary: true,
      virtualMachine: { id: vmId },
      hostedWorkloads: [],
      tapConfigurations: [],
      nicType: 'Standard',
      allowPort25Out: false,
      auxiliaryMode: 'None',
      auxiliarySku: 'None',
    },
  };
}

function publicIp(context: Context, rg: string, group: GroupSpec, name: string, ipConfiguration: string): Json {
  const { random } = context;
  return {
    name,
    id: `${rg}/providers/Microsoft.Network/publicIPAddresses/${name}`,
    etag: `W/"${random.guid()}"`,
    type: 'Microsoft.Network/publicIPAddresses',
    location: group.location,
    tags: tags(random, group.team),
    sku: { name: 'Standard', tier: 'Regional' },
    properties: {
      provisioningState: 'Succeeded',
      resourceGuid: random.guid(),
      ipAddress: `203.0.113.${random.int(1, 254)}`,
      publicIPAddressVersion: 'IPv4',
      publicIPAllocationMethod: 'Static',
      idleTimeoutInMinutes: 4,
      ipTags: [],
      ipConfiguration: { id: ipConfiguration },
      ddosSettings: { protectionMode: 'VirtualNetworkInherited' },
    },
  };
}

export function scaleSet(context: Context, rg: string, group: GroupSpec, name: string): Json {
  const { random } = context;
  const subnet = `${rg}/providers/Microsoft.Network/virtualNetworks/vnet-${group.team}-${group.location}/subnets/snet-gpu`;
  const nicConfiguration = (nic: string, primary: boolean) => ({
    name: nic,
    properties: {
      primary,
      enableAcceleratedNetworking: random.chance(0.7),
      disableTcpStateTracking: false,
      dnsSettings: { dnsServers: [] },
      enableIPForwarding: false,
      ipConfigurations: [{ name: `${nic}-ipconfig`, properties: { primary: true, subnet: { id: subnet }, privateIPAddressVersion: 'IPv4' } }],
    },
  });
  const set: Json = {
    name,
    id: `${rg}/providers/Microsoft.Compute/virtualMachineScaleSets/${name}`,
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    location: group.location,
    tags: tags(random, group.team),
    identity: identityBlock(context, random.chance(0.5)),
    sku: { name: random.chance(0.7) ? random.pick(GPU_SIZES) : random.pick(CPU_SIZES), tier: 'Standard', capacity: random.int(0, 8) },
    properties: {
      singlePlacementGroup: false,
      orchestrationMode: 'Uniform',
      upgradePolicy: { mode: random.pick(['Manual', 'Automatic', 'Rolling']) },
      virtualMachineProfile: {
        osProfile: {
          computerNamePrefix: name.slice(0, 9),
          adminUsername: 'azureuser',
          linuxConfiguration: { disablePasswordAuthentication: true, ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: SSH_KEY }] }, provisionVMAgent: true },
          secrets: [],
          allowExtensionOperations: true,
        },
        storageProfile: {
          osDisk: { osType: 'Linux', createOption: 'FromImage', caching: 'ReadWrite', managedDisk: { storageAccountType: 'Premium_LRS' }, diskSizeGB: 256 },
          imageReference: { publisher: 'microsoft-dsvm', offer: 'ubuntu-hpc', sku: '2204', version: 'latest' },
        },
        networkProfile: { networkInterfaceConfigurations: [nicConfiguration('nic-primary', true), nicConfiguration('nic-storage', false)] },
        diagnosticsProfile: { bootDiagnostics: { enabled: true } },
        priority: random.pick(['Regular', 'Regular', 'Spot']),
      },
      provisioningState: 'Succeeded',
      overprovision: false,
      uniqueId: random.guid(),
      platformFaultDomainCount: 1,
      timeCreated: '2026-05-12T07:15:40.9981230+00:00',
    },
  };
  if (set.identity === undefined) delete set.identity;
  return set;
}

export function autoscaleSetting(context: Context, rg: string, group: GroupSpec, set: Json): Json {
  const { random } = context;
  const name = `autoscale-${String(set.name)}`;
  const rule = (operator: string, threshold: number, direction: string) => ({
    metricTrigger: {
      metricName: 'Percentage CPU',
      metricNamespace: 'microsoft.compute/virtualmachinescalesets',
      metricResourceUri: set.id,
      timeGrain: 'PT1M',
      statistic: 'Average',
      timeWindow: 'PT10M',
      timeAggregation: 'Average',
      operator,
      threshold,
      dividePerInstance: false,
    },
    scaleAction: { direction, type: 'ChangeCount', value: '1', cooldown: 'PT10M' },
  });
  return {
    id: `${rg}/providers/microsoft.insights/autoscalesettings/${name}`,
    name,
    type: 'Microsoft.Insights/autoscaleSettings',
    location: group.location,
    properties: {
      profiles: [{ name: 'default', capacity: { minimum: '0', maximum: String(random.pick([4, 10, 20, 50])), default: '2' }, rules: [rule('GreaterThan', 70, 'Increase'), rule('LessThan', 20, 'Decrease')] }],
      enabled: random.chance(0.9),
      name,
      targetResourceUri: set.id,
      targetResourceLocation: group.location,
      notifications: [],
      predictiveAutoscalePolicy: { scaleMode: 'Disabled' },
    },
  };
}
