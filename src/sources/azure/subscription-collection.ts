import type { ArmResource, CoverageEntry, ScannedScope } from '../../estate.js';

/** What was read from one subscription: its scope, a coverage entry per resource type, the resources. */
export interface SubscriptionCollection {
  scope: ScannedScope;
  coverage: CoverageEntry[];
  resources: ArmResource[];
}

/** Canonical spellings of the types aiscan collects, in the order the snapshot lists them. */
export const COLLECTED_TYPES = {
  subscription: 'Microsoft.Resources/subscriptions',
  resourceGroup: 'Microsoft.Resources/resourceGroups',
  userAssignedIdentity: 'Microsoft.ManagedIdentity/userAssignedIdentities',
  roleDefinition: 'Microsoft.Authorization/roleDefinitions',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
  networkInterface: 'Microsoft.Network/networkInterfaces',
  publicIpAddress: 'Microsoft.Network/publicIPAddresses',
  scaleSet: 'Microsoft.Compute/virtualMachineScaleSets',
  autoscaleSetting: 'Microsoft.Insights/autoscaleSettings',
  managedCluster: 'Microsoft.ContainerService/managedClusters',
  managedNamespace: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
  mlWorkspace: 'Microsoft.MachineLearningServices/workspaces',
  mlCompute: 'Microsoft.MachineLearningServices/workspaces/computes',
  roleAssignment: 'Microsoft.Authorization/roleAssignments',
  /** PIM: the eligible role assignments, and the active ones with their schedules (src/sources/azure/pim.ts), one list each per subscription. */
  roleEligibilityScheduleInstance: 'Microsoft.Authorization/roleEligibilityScheduleInstances',
  roleAssignmentScheduleInstance: 'Microsoft.Authorization/roleAssignmentScheduleInstances',
  classicAdministrator: 'Microsoft.Authorization/classicAdministrators',
  usage: 'Microsoft.Compute/locations/usages',
  /** The GPU virtual-machine sizes of the resource SKUs of each region holding compute (src/sources/azure/skus.ts). */
  sku: 'Microsoft.Compute/locations/skus',
  /** Azure ML usages and quotas of each region holding ML compute (src/sources/azure/ml-usages.ts). */
  mlUsage: 'Microsoft.MachineLearningServices/locations/usages',
  mlQuota: 'Microsoft.MachineLearningServices/locations/quotas',
  /** Not collected as resources: the management groups above a subscription, for its scope. */
  managementGroups: 'Microsoft.Management/managementGroups',
} as const;

/** Types whose resources say where compute runs, and so which regions' usages and resource SKUs to read. */
export const COMPUTE_HOLDING_TYPES: readonly string[] = [
  COLLECTED_TYPES.virtualMachine,
  COLLECTED_TYPES.scaleSet,
  COLLECTED_TYPES.managedCluster,
  COLLECTED_TYPES.mlCompute,
];
