/**
 * What a live scan lists from a cluster's API server: the kinds rules and facts read, and nothing
 * else. Secrets and ConfigMaps are not here and never will be (kube-request.ts refuses them too):
 * their data is what an attacker would want from aiscan's snapshot, and no rule needs it.
 */

export interface ListedKind {
  /** API group; '' for the core group (served under /api/v1). */
  group: string;
  /** Versions aiscan reads this kind in, preferred first: the first one the server offers is used. */
  versions: readonly string[];
  plural: string;
  kind: string;
  namespaced: boolean;
  /** A custom resource: absent from a cluster without its operator, which is no gap. */
  custom?: true;
}

const core = (plural: string, kind: string, namespaced = true): ListedKind => ({ group: '', versions: ['v1'], plural, kind, namespaced });
const builtIn = (group: string, version: string, plural: string, kind: string, namespaced = true): ListedKind => ({ group, versions: [version], plural, kind, namespaced });
const custom = (group: string, versions: readonly string[], plural: string, kind: string): ListedKind => ({ group, versions, plural, kind, namespaced: true, custom: true });

export const LISTED_KINDS: readonly ListedKind[] = [
  core('namespaces', 'Namespace', false),
  core('nodes', 'Node', false),
  core('pods', 'Pod'),
  core('podtemplates', 'PodTemplate'),
  core('replicationcontrollers', 'ReplicationController'),
  core('resourcequotas', 'ResourceQuota'),
  core('limitranges', 'LimitRange'),
  core('serviceaccounts', 'ServiceAccount'),
  builtIn('apps', 'v1', 'deployments', 'Deployment'),
  builtIn('apps', 'v1', 'statefulsets', 'StatefulSet'),
  builtIn('apps', 'v1', 'daemonsets', 'DaemonSet'),
  builtIn('apps', 'v1', 'replicasets', 'ReplicaSet'),
  builtIn('batch', 'v1', 'jobs', 'Job'),
  builtIn('batch', 'v1', 'cronjobs', 'CronJob'),
  builtIn('networking.k8s.io', 'v1', 'networkpolicies', 'NetworkPolicy'),
  builtIn('rbac.authorization.k8s.io', 'v1', 'clusterroles', 'ClusterRole', false),
  builtIn('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings', 'ClusterRoleBinding', false),
  builtIn('rbac.authorization.k8s.io', 'v1', 'roles', 'Role'),
  builtIn('rbac.authorization.k8s.io', 'v1', 'rolebindings', 'RoleBinding'),
  custom('kubeflow.org', ['v1'], 'pytorchjobs', 'PyTorchJob'),
  custom('kubeflow.org', ['v1'], 'tfjobs', 'TFJob'),
  custom('kubeflow.org', ['v2beta1', 'v1'], 'mpijobs', 'MPIJob'),
  custom('kubeflow.org', ['v1'], 'xgboostjobs', 'XGBoostJob'),
  custom('kubeflow.org', ['v1'], 'paddlejobs', 'PaddleJob'),
  custom('ray.io', ['v1', 'v1alpha1'], 'rayclusters', 'RayCluster'),
  custom('ray.io', ['v1', 'v1alpha1'], 'rayjobs', 'RayJob'),
  custom('ray.io', ['v1', 'v1alpha1'], 'rayservices', 'RayService'),
  custom('serving.kserve.io', ['v1beta1'], 'inferenceservices', 'InferenceService'),
  custom('kaito.sh', ['v1beta1', 'v1alpha1'], 'workspaces', 'Workspace'),
];

/** Resources a request may never name, whatever the table above says. */
export const NEVER_READ: ReadonlySet<string> = new Set(['secrets', 'configmaps']);

/** `apps/v1`, or `v1` for the core group. */
export function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** The path that lists every object of a kind, in every namespace. */
export function listPath(kind: ListedKind, version: string): string {
  return group(kind.group, version) + `/${kind.plural}`;
}

function group(name: string, version: string): string {
  return name === '' ? `/api/${version}` : `/apis/${name}/${version}`;
}
