import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ArmResource, Estate } from '../../src/estate.js';
import { enrichEstate } from '../../src/facts/enrich.js';
import { scan } from '../../src/scan.js';
import { loadInputs } from '../../src/sources/inputs/load-inputs.js';

/**
 * Kubernetes RBAC bindings: whom they grant their role to (facts.boundSubjects) and what the role
 * allows (facts.boundRole), the role looked up in the binding's own cluster and namespace.
 */

const CLUSTER = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-train';
const OTHER_CLUSTER = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-other';
const RBAC = 'Kubernetes.rbac.authorization.k8s.io';
const EVERYTHING = [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }];

function object(kind: string, name: string, body: Record<string, unknown> = {}, options: { namespace?: string; cluster?: string; labels?: Record<string, string> } = {}): ArmResource {
  const scope = options.namespace === undefined ? (options.cluster ?? CLUSTER) : `${options.cluster ?? CLUSTER}/providers/Kubernetes.core/Namespace/${options.namespace}`;
  return {
    id: `${scope}/providers/${RBAC}/${kind}/${encodeURIComponent(name)}`,
    type: `${RBAC}/${kind}`,
    name,
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name, ...(options.namespace !== undefined ? { namespace: options.namespace } : {}), ...(options.labels ? { labels: options.labels } : {}) },
    ...body,
  };
}

function binding(kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, roleRef: { kind: string; name: string }, subjects: unknown[], options: { namespace?: string; cluster?: string; labels?: Record<string, string> } = {}): ArmResource {
  return object(kind, name, { roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef }, subjects }, options);
}

function estateOf(resources: ArmResource[]): Estate {
  return { resources: resources.map((resource) => ({ resource, type: resource.type!, origin: { file: 'estate.json', path: [] } })), scopes: [], coverage: [], files: [], warnings: [] };
}

function itemOf(resources: ArmResource[], target = resources[resources.length - 1].id) {
  return enrichEstate(estateOf(resources)).find((item) => item.id === target)!;
}

const GROUP = { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: '0f5a8c2e-3b1d-4e6f-9a7c-2d8e4b6f1a3c' };

describe('the role a binding grants (facts.boundRole)', () => {
  it('knows cluster-admin by name, read or not, and says where the binding grants it', () => {
    expect(itemOf([binding('ClusterRoleBinding', 'admins', { kind: 'ClusterRole', name: 'cluster-admin' }, [GROUP])]).facts.boundRole).toEqual({
      kind: 'ClusterRole',
      name: 'cluster-admin',
      at: ['roleRef'],
      grantedIn: 'the whole cluster',
      found: false,
      grantsEverything: true,
    });
    expect(itemOf([binding('RoleBinding', 'admins', { kind: 'ClusterRole', name: 'cluster-admin' }, [GROUP], { namespace: 'ml' })]).facts.boundRole).toMatchObject({ grantedIn: 'namespace ml', grantsEverything: true });
  });

  it("looks a ClusterRole up in the binding's cluster only, and a Role in the binding's namespace only", () => {
    const everything = (kind: string, options: { namespace?: string; cluster?: string }) => object(kind, 'owner', { rules: EVERYTHING }, options);
    const clusterWide = binding('ClusterRoleBinding', 'owners', { kind: 'ClusterRole', name: 'owner' }, [GROUP]);
    expect(itemOf([everything('ClusterRole', {}), clusterWide]).facts.boundRole).toMatchObject({ found: true, grantsEverything: true });
    expect(itemOf([everything('ClusterRole', { cluster: OTHER_CLUSTER }), clusterWide]).facts.boundRole).toMatchObject({ found: false, grantsEverything: null });
    const namespaced = binding('RoleBinding', 'owners', { kind: 'Role', name: 'owner' }, [GROUP], { namespace: 'ml' });
    expect(itemOf([everything('Role', { namespace: 'ml' }), namespaced]).facts.boundRole).toMatchObject({ found: true, grantsEverything: true });
    expect(itemOf([everything('Role', { namespace: 'web' }), namespaced]).facts.boundRole).toMatchObject({ found: false, grantsEverything: null });
    // A name is compared as roleRef writes it, not as the id encodes it.
    const colon = object('ClusterRole', 'team:owner', { rules: EVERYTHING });
    expect(colon.id).toMatch(/team%3Aowner$/);
    expect(itemOf([colon, binding('ClusterRoleBinding', 'owners', { kind: 'ClusterRole', name: 'team:owner' }, [GROUP])]).facts.boundRole).toMatchObject({ found: true, grantsEverything: true });
    // A ClusterRoleBinding cannot grant a Role (the API server refuses it): nothing to find.
    expect(itemOf([everything('Role', { namespace: 'ml' }), binding('ClusterRoleBinding', 'owners', { kind: 'Role', name: 'owner' }, [GROUP])]).facts.boundRole).toMatchObject({ found: false, grantsEverything: null });
  });

  it('needs *, not a long list, in verbs, resources and apiGroups of one rule', () => {
    const grants = (rules: unknown[]) => itemOf([object('ClusterRole', 'r', { rules }), binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'r' }, [GROUP])]).facts.boundRole!.grantsEverything;
    expect(grants(EVERYTHING)).toBe(true);
    expect(grants([{ apiGroups: [''], resources: ['*'], verbs: ['*'] }])).toBe(false);
    expect(grants([{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }])).toBe(false);
    expect(grants([{ apiGroups: ['*'], resources: ['pods'], verbs: ['*'] }, { apiGroups: [''], resources: ['*'], verbs: ['*'] }])).toBe(false);
    expect(grants([{ nonResourceURLs: ['*'], verbs: ['*'] }])).toBe(false);
    expect(grants([])).toBe(false);
  });

  it('counts the rules of the ClusterRoles an aggregated ClusterRole selects, transitively, by matchLabels and matchExpressions', () => {
    const aggregated = (selectors: unknown[]) => object('ClusterRole', 'platform', { aggregationRule: { clusterRoleSelectors: selectors }, rules: [] });
    const middle = object('ClusterRole', 'middle', { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { level: 'two' } }] }, rules: [] }, { labels: { level: 'one' } });
    const bottom = object('ClusterRole', 'bottom', { rules: EVERYTHING }, { labels: { level: 'two', tier: 'gpu' } });
    const grants = (selectors: unknown[], roles = [middle, bottom]) =>
      itemOf([...roles, aggregated(selectors), binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'platform' }, [GROUP])]).facts.boundRole!.grantsEverything;
    expect(grants([{ matchLabels: { level: 'one' } }])).toBe(true);
    expect(grants([{ matchLabels: { level: 'three' } }])).toBe(false);
    expect(grants([{ matchExpressions: [{ key: 'tier', operator: 'In', values: ['gpu'] }] }])).toBe(true);
    expect(grants([{ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['gpu'] }] }], [bottom])).toBe(false);
    expect(grants([{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }], [bottom])).toBe(true);
    expect(grants([{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }], [bottom])).toBe(false);
    expect(grants([{ matchExpressions: [{ key: 'tier', operator: 'Gt', values: ['1'] }] }], [bottom])).toBe(false);
    // An empty selector selects every ClusterRole, as Kubernetes reads it.
    expect(grants([{}], [bottom])).toBe(true);
    // Only ClusterRoles of the same cluster are aggregated.
    expect(grants([{ matchLabels: { tier: 'gpu' } }], [object('ClusterRole', 'bottom', { rules: EVERYTHING }, { labels: { tier: 'gpu' }, cluster: OTHER_CLUSTER })])).toBe(false);
  });

  it("records an unknown role on the binding as a value the scan cannot know, at roleRef, once per enrichment and without touching the estate's resources", () => {
    const estate = estateOf([binding('RoleBinding', 'editors', { kind: 'ClusterRole', name: 'edit' }, [GROUP], { namespace: 'ml' })]);
    const first = enrichEstate(estate)[0];
    const second = enrichEstate(estate)[0];
    const expected = {
      path: ['roleRef'],
      expression: 'RoleBinding/ml/editors roleRef ClusterRole/edit',
      reason: 'the ClusterRole edit is not in the scan, so what it grants is unknown: scan it with the binding, or read the cluster',
    };
    expect(first.unknown).toEqual([expected]);
    expect(second.unknown).toEqual([expected]);
    expect(estate.resources[0].unknown).toBeUndefined();
    expect(first.facts.boundRole).toMatchObject({ found: false, grantsEverything: null });
  });
});

describe('whom a binding grants its role to (facts.boundSubjects)', () => {
  const aksLabels = { 'addonmanager.kubernetes.io/mode': 'Reconcile', 'kubernetes.io/cluster-service': 'true' };
  const subjectsOf = (resource: ArmResource) => itemOf([resource]).facts.boundSubjects!;

  it('lists Users and Groups, not ServiceAccounts, and exempts system:masters alone among the system: names', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'default', namespace: 'ml' },
      { kind: 'Group', name: 'system:masters' },
      { kind: 'Group', name: 'system:authenticated' },
      { kind: 'User', name: 'system:anonymous' },
      { kind: 'User', name: 'ana@contoso.com' },
    ];
    expect(subjectsOf(binding('ClusterRoleBinding', 'b', { kind: 'ClusterRole', name: 'cluster-admin' }, subjects))).toEqual({
      grantees: [
        { kind: 'Group', name: 'system:authenticated', at: ['subjects', 2] },
        { kind: 'User', name: 'system:anonymous', at: ['subjects', 3] },
        { kind: 'User', name: 'ana@contoso.com', at: ['subjects', 4] },
      ],
      exempted: [{ kind: 'Group', name: 'system:masters', at: ['subjects', 1], reason: 'members of system:masters pass every authorization check without any binding' }],
      granteeNames: ['Group system:authenticated', 'User system:anonymous', 'User ana@contoso.com'],
    });
  });

  it("exempts AKS's own subjects only in AKS's ClusterRoleBindings: kind, exact name and the addon manager's label", () => {
    const local = [
      { kind: 'User', name: 'clusterAdmin' },
      { kind: 'User', name: 'clusterUser' },
      { kind: 'User', name: 'mallory@contoso.com' },
      { kind: 'Group', name: '33333333-3333-3333-3333-333333333333' },
    ];
    const granted = (kind: 'ClusterRoleBinding' | 'RoleBinding', name: string, labels?: Record<string, string>) =>
      subjectsOf(binding(kind, name, { kind: 'ClusterRole', name: 'cluster-admin' }, local, { labels, ...(kind === 'RoleBinding' ? { namespace: 'ml' } : {}) })).granteeNames;
    expect(granted('ClusterRoleBinding', 'aks-cluster-admin-binding', aksLabels)).toEqual(['User mallory@contoso.com', 'Group 33333333-3333-3333-3333-333333333333']);
    expect(granted('ClusterRoleBinding', 'aks-cluster-admin-binding-aad', aksLabels)).toEqual(['User clusterAdmin', 'User clusterUser', 'User mallory@contoso.com']);
    const everyone = ['User clusterAdmin', 'User clusterUser', 'User mallory@contoso.com', 'Group 33333333-3333-3333-3333-333333333333'];
    expect(granted('RoleBinding', 'aks-cluster-admin-binding-aad', aksLabels)).toEqual(everyone);
    expect(granted('ClusterRoleBinding', 'aks-cluster-admin-binding-aad')).toEqual(everyone);
    expect(granted('ClusterRoleBinding', 'aks-cluster-admin-binding-aad', { 'addonmanager.kubernetes.io/mode': 'EnsureExists' })).toEqual(everyone);
    expect(granted('ClusterRoleBinding', 'AKS-cluster-admin-binding-aad', aksLabels)).toEqual(everyone);
  });
});

describe('AIS-K8S-013 on manifests', () => {
  const FIXTURES = join('test', 'fixtures', 'kubernetes');
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aiscan-rbac-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function scanned(files: string[]) {
    const inputs = await loadInputs(files);
    const result = scan({ deployments: inputs.deployments, failOn: 'none', recordOutcomes: true, ruleSelection: { include: ['AIS-K8S-013'] } });
    const outcomes = (result.outcomes ?? []).filter((outcome) => outcome.ruleId === 'AIS-K8S-013').map(({ resourceId, outcome }) => `${decodeURIComponent(resourceId.slice(resourceId.lastIndexOf('/') + 1))} ${outcome}`);
    return { result, outcomes: outcomes.sort() };
  }

  it('fails the cluster-admin grants, passes nothing it cannot read, and names the role it could not find', async () => {
    const { result, outcomes } = await scanned([join(FIXTURES, 'aks-baseline', 'user-facing-cluster-role-aad-group.yaml'), join(FIXTURES, 'kubeflow-manifests', 'kubeflow-dashboard-rbac.yaml'), join(FIXTURES, 'gpu-operator', '0310_clusterrolebinding.yaml')]);
    expect(outcomes).toEqual([
      'contosobicycle-admin notEvaluated',
      'contosobicycle-cluster-admins fail',
      'contosobicycle-view notEvaluated',
      'model-registry-ui-namespaces-reader-binding notApplicable',
      'nvidia-device-plugin notApplicable',
      'service-access-cluster-binding fail',
    ]);
    expect(result.undecided.map(({ ruleId, resourceName, expression }) => ({ ruleId, resourceName, expression }))).toEqual([
      { ruleId: 'AIS-K8S-013', resourceName: 'contosobicycle-admin', expression: 'ClusterRoleBinding/contosobicycle-admin roleRef ClusterRole/admin' },
      { ruleId: 'AIS-K8S-013', resourceName: 'contosobicycle-view', expression: 'ClusterRoleBinding/contosobicycle-view roleRef ClusterRole/view' },
    ]);
  });

  it("finds a binding's Role among the manifests scanned with it (a folder, or one stream as kustomize build renders them), and leaves the binding not evaluated without it", async () => {
    const role = join(FIXTURES, 'kubeflow-manifests', 'public_configmap_role.yaml');
    const bindingFile = join(FIXTURES, 'kubeflow-manifests', 'public_configmap_role_binding.yaml');
    expect((await scanned([bindingFile])).outcomes).toEqual(['kubeflow-trainer-public notEvaluated']);
    expect((await scanned([role, bindingFile])).outcomes).toEqual(['kubeflow-trainer-public pass']);
    const stream = join(dir, 'rendered.yaml');
    writeFileSync(stream, `${readFileSync(role, 'utf8')}---\n${readFileSync(bindingFile, 'utf8')}`);
    expect((await scanned([stream])).outcomes).toEqual(['kubeflow-trainer-public pass']);
  });
});
