/** One kind the emulated API server serves: where it lives in the API and how discovery describes it. */
export interface KubernetesKind {
  /** '' for the core group (served under /api). */
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** Custom resources keep kind and apiVersion on list items, as a real server's do. */
  custom?: boolean;
}

/** A CustomResourceDefinition installed in the emulated cluster. */
export interface CustomResource {
  group: string;
  version: string;
  kind: string;
  plural: string;
  namespaced: boolean;
}

const kind = (group: string, plural: string, kind: string, namespaced: boolean, shortNames?: string[]): KubernetesKind => ({
  group,
  version: 'v1',
  plural,
  kind,
  namespaced,
  ...(shortNames ? { shortNames } : {}),
});

/** The built-in kinds a security scan reads, at the versions a v1.30 server prefers. */
export const BUILT_IN_KINDS: readonly KubernetesKind[] = [
  kind('', 'namespaces', 'Namespace', false, ['ns']),
  kind('', 'nodes', 'Node', false, ['no']),
  kind('', 'pods', 'Pod', true, ['po']),
  kind('', 'secrets', 'Secret', true),
  kind('', 'configmaps', 'ConfigMap', true, ['cm']),
  kind('', 'resourcequotas', 'ResourceQuota', true, ['quota']),
  kind('', 'limitranges', 'LimitRange', true, ['limits']),
  kind('', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  kind('', 'services', 'Service', true, ['svc']),
  kind('', 'replicationcontrollers', 'ReplicationController', true, ['rc']),
  kind('', 'podtemplates', 'PodTemplate', true),
  kind('apps', 'deployments', 'Deployment', true, ['deploy']),
  kind('apps', 'statefulsets', 'StatefulSet', true, ['sts']),
  kind('apps', 'daemonsets', 'DaemonSet', true, ['ds']),
  kind('apps', 'replicasets', 'ReplicaSet', true, ['rs']),
  kind('batch', 'jobs', 'Job', true),
  kind('batch', 'cronjobs', 'CronJob', true, ['cj']),
  kind('networking.k8s.io', 'networkpolicies', 'NetworkPolicy', true, ['netpol']),
  kind('rbac.authorization.k8s.io', 'clusterroles', 'ClusterRole', false),
  kind('rbac.authorization.k8s.io', 'clusterrolebindings', 'ClusterRoleBinding', false),
  kind('rbac.authorization.k8s.io', 'roles', 'Role', true),
  kind('rbac.authorization.k8s.io', 'rolebindings', 'RoleBinding', true),
  kind('policy', 'poddisruptionbudgets', 'PodDisruptionBudget', true, ['pdb']),
];

/** The verbs a real server lists for these kinds; the emulator itself answers only get and list. */
const VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const groupVersion = (group: string, version: string) => (group ? `${group}/${version}` : version);

/** The group of an apiVersion: 'apps/v1' → 'apps', 'v1' → ''. */
export const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/** The kinds of one cluster, built-in and custom, and the discovery documents that describe them. */
export class KindCatalog {
  readonly kinds: readonly KubernetesKind[];

  constructor(customResources: readonly CustomResource[] = []) {
    this.kinds = [...BUILT_IN_KINDS, ...customResources.map((resource) => ({ ...resource, custom: true }))];
  }

  byPlural(group: string, version: string, plural: string): KubernetesKind | undefined {
    return this.kinds.find((k) => k.group === group && k.version === version && k.plural === plural);
  }

  /** Objects are matched on group and kind only: the emulator does not convert between versions. */
  byKind(group: string, kindName: string): KubernetesKind | undefined {
    return this.kinds.find((k) => k.group === group && k.kind === kindName);
  }

  servesVersion(group: string, version: string): boolean {
    return this.kinds.some((k) => k.group === group && k.version === version);
  }

  /** GET /api */
  apiVersions(): Record<string, unknown> {
    return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.1:6443' }] };
  }

  /** GET /apis */
  apiGroupList(): Record<string, unknown> {
    return { kind: 'APIGroupList', apiVersion: 'v1', groups: this.groupNames().map((name) => this.groupEntry(name)) };
  }

  /** GET /apis/{group}, or undefined when no such group is served. */
  apiGroup(group: string): Record<string, unknown> | undefined {
    if (!group || !this.groupNames().includes(group)) return undefined;
    return { kind: 'APIGroup', apiVersion: 'v1', ...this.groupEntry(group) };
  }

  /** GET /api/v1 or /apis/{group}/{version}. The core list has no apiVersion, as a real server's has not. */
  apiResourceList(group: string, version: string): Record<string, unknown> {
    const resources = this.kinds
      .filter((k) => k.group === group && k.version === version)
      .map((k) => ({ name: k.plural, singularName: k.kind.toLowerCase(), namespaced: k.namespaced, kind: k.kind, verbs: VERBS, ...(k.shortNames ? { shortNames: k.shortNames } : {}) }));
    return { kind: 'APIResourceList', ...(group ? { apiVersion: 'v1' } : {}), groupVersion: groupVersion(group, version), resources };
  }

  private groupNames(): string[] {
    return [...new Set(this.kinds.map((k) => k.group).filter((group) => group !== ''))];
  }

  /** The first version listed for a group is its preferred one. */
  private groupEntry(name: string): Record<string, unknown> {
    const versions = [...new Set(this.kinds.filter((k) => k.group === name).map((k) => k.version))].map((version) => ({ groupVersion: groupVersion(name, version), version }));
    return { name, versions, preferredVersion: versions[0] };
  }
}
