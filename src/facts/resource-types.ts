/** The ARM resource types the facts layer reads or sets facts on, spelled as ARM spells them. */
export const TYPE_NAMES = {
  subscription: 'Microsoft.Resources/subscriptions',
  resourceGroup: 'Microsoft.Resources/resourceGroups',
  virtualMachine: 'Microsoft.Compute/virtualMachines',
  scaleSet: 'Microsoft.Compute/virtualMachineScaleSets',
  usage: 'Microsoft.Compute/locations/usages',
  /** The GPU virtual-machine sizes of a region's resource SKUs, as a live scan keeps them (src/sources/azure/skus.ts). */
  sku: 'Microsoft.Compute/locations/skus',
  /** Azure ML usages and quotas of a region, as a live scan keeps them (src/sources/azure/ml-usages.ts). */
  mlUsage: 'Microsoft.MachineLearningServices/locations/usages',
  mlQuota: 'Microsoft.MachineLearningServices/locations/quotas',
  networkInterface: 'Microsoft.Network/networkInterfaces',
  managedCluster: 'Microsoft.ContainerService/managedClusters',
  agentPool: 'Microsoft.ContainerService/managedClusters/agentPools',
  managedNamespace: 'Microsoft.ContainerService/managedClusters/managedNamespaces',
  mlWorkspace: 'Microsoft.MachineLearningServices/workspaces',
  mlCompute: 'Microsoft.MachineLearningServices/workspaces/computes',
  roleAssignment: 'Microsoft.Authorization/roleAssignments',
  roleDefinition: 'Microsoft.Authorization/roleDefinitions',
  classicAdministrator: 'Microsoft.Authorization/classicAdministrators',
  /** PIM schedule instances, as a live scan lists them at each subscription (src/sources/azure/pim.ts). */
  roleEligibilityScheduleInstance: 'Microsoft.Authorization/roleEligibilityScheduleInstances',
  roleAssignmentScheduleInstance: 'Microsoft.Authorization/roleAssignmentScheduleInstances',
  autoscaleSetting: 'Microsoft.Insights/autoscaleSettings',
  /** Kubernetes objects, named as src/sources/kubernetes/kubernetes-ids.ts names them. */
  kubernetesNode: 'Kubernetes.core/Node',
  clusterRole: 'Kubernetes.rbac.authorization.k8s.io/ClusterRole',
  role: 'Kubernetes.rbac.authorization.k8s.io/Role',
  clusterRoleBinding: 'Kubernetes.rbac.authorization.k8s.io/ClusterRoleBinding',
  roleBinding: 'Kubernetes.rbac.authorization.k8s.io/RoleBinding',
  /** Not a resource aiscan reads: the management groups above a subscription, recorded with its scope. */
  managementGroup: 'Microsoft.Management/managementGroups',
  /** Kubernetes objects the namespace and cluster joins read (src/facts/kubernetes-namespaces.ts), named as src/sources/kubernetes/kubernetes-ids.ts names them. */
  kubernetesNamespace: 'Kubernetes.core/Namespace',
  kubernetesResourceQuota: 'Kubernetes.core/ResourceQuota',
  kubernetesNetworkPolicy: 'Kubernetes.networking.k8s.io/NetworkPolicy',
} as const;

type TypeNames = typeof TYPE_NAMES;

/**
 * Kubernetes kinds that hold pod templates aiscan reads (src/facts/kubernetes-workload.ts), as
 * src/sources/kubernetes/kubernetes-ids.ts names their types.
 */
export const KUBERNETES_WORKLOAD_TYPES = [
  'Kubernetes.core/Pod',
  'Kubernetes.core/PodTemplate',
  'Kubernetes.core/ReplicationController',
  'Kubernetes.apps/Deployment',
  'Kubernetes.apps/StatefulSet',
  'Kubernetes.apps/DaemonSet',
  'Kubernetes.apps/ReplicaSet',
  'Kubernetes.batch/Job',
  'Kubernetes.batch/CronJob',
  'Kubernetes.kubeflow.org/PyTorchJob',
  'Kubernetes.kubeflow.org/TFJob',
  'Kubernetes.kubeflow.org/MPIJob',
  'Kubernetes.kubeflow.org/XGBoostJob',
  'Kubernetes.kubeflow.org/PaddleJob',
  'Kubernetes.ray.io/RayCluster',
  'Kubernetes.ray.io/RayJob',
  'Kubernetes.ray.io/RayService',
  'Kubernetes.serving.kserve.io/InferenceService',
] as const;

/** The same, lower-cased, as item types are compared. */
export const KUBERNETES_WORKLOAD_TYPE_KEYS: ReadonlySet<string> = new Set(KUBERNETES_WORKLOAD_TYPES.map((type) => type.toLowerCase()));

/** The same types lower-cased, as every join compares them: types compare ignoring case. */
export const TYPES = Object.fromEntries(Object.entries(TYPE_NAMES).map(([key, name]) => [key, name.toLowerCase()])) as {
  readonly [K in keyof TypeNames]: Lowercase<TypeNames[K]>;
};

/** The spelling used for the synthetic items aiscan makes (AKS pools), as ARM spells the type. */
export const AGENT_POOL_TYPE = TYPE_NAMES.agentPool;
