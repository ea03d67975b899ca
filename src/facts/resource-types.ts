/** Lower-cased ARM resource types the facts layer joins on. Types compare ignoring case. */
export const TYPES = {
  subscription: 'microsoft.resources/subscriptions',
  resourceGroup: 'microsoft.resources/resourcegroups',
  virtualMachine: 'microsoft.compute/virtualmachines',
  scaleSet: 'microsoft.compute/virtualmachinescalesets',
  usage: 'microsoft.compute/locations/usages',
  networkInterface: 'microsoft.network/networkinterfaces',
  managedCluster: 'microsoft.containerservice/managedclusters',
  agentPool: 'microsoft.containerservice/managedclusters/agentpools',
  managedNamespace: 'microsoft.containerservice/managedclusters/managednamespaces',
  mlWorkspace: 'microsoft.machinelearningservices/workspaces',
  mlCompute: 'microsoft.machinelearningservices/workspaces/computes',
  roleAssignment: 'microsoft.authorization/roleassignments',
  roleDefinition: 'microsoft.authorization/roledefinitions',
  classicAdministrator: 'microsoft.authorization/classicadministrators',
  autoscaleSetting: 'microsoft.insights/autoscalesettings',
} as const;

/** The spelling used for the synthetic items aiscan makes (AKS pools), as ARM spells the type. */
export const AGENT_POOL_TYPE = 'Microsoft.ContainerService/managedClusters/agentPools';
