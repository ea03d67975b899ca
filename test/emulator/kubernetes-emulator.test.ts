import { request } from 'node:https';
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import { createTestCertificate, type TestCertificate } from '../../support/emulator/certificate.js';
import { KubernetesEmulator, type KubernetesEmulatorOptions } from '../../support/emulator/kubernetes-emulator.js';
import { openLoopbackServers } from '../../support/emulator/loopback-server.js';

const TOKEN = 'k8s-test-token';
const PYTORCH_JOBS = { group: 'kubeflow.org', version: 'v1', kind: 'PyTorchJob', plural: 'pytorchjobs', namespaced: true };

const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (ns: string, name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns }, spec: { containers: [{ name: 'main', image: 'trainer:1' }] } });

// Written out of order, so that the sorting by namespace and name is seen.
const OBJECTS: Record<string, unknown>[] = [
  namespace('ml'),
  namespace('default'),
  namespace('kube-system'),
  pod('ml', 'trainer-2'),
  pod('ml', 'trainer-0'),
  pod('default', 'web'),
  pod('ml', 'trainer-1'),
  { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'hf-token', namespace: 'ml' }, type: 'Opaque' },
  { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'inference', namespace: 'ml', uid: 'given-uid', creationTimestamp: '2025-01-02T03:04:05Z' }, spec: { replicas: 2 } },
  { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'ml-admins' }, roleRef: { kind: 'ClusterRole', name: 'cluster-admin' } },
  { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 'finetune', namespace: 'ml' }, spec: {} },
];

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

function send(emulator: KubernetesEmulator, path: string, { method = 'GET', token = TOKEN as string | null } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = token === null ? {} : { authorization: `Bearer ${token}` };
    const req = request(`${emulator.url}${path}`, { method, ca: emulator.certificate.cert, headers }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

const status = (code: number, reason: string, message: string, details?: Record<string, unknown>) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

function kubeConfig(emulator: KubernetesEmulator, token: string): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 't', server: emulator.url, caData: Buffer.from(emulator.certificate.cert).toString('base64') }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'c', cluster: 't', user: 'u' }],
    currentContext: 'c',
  });
  return kc;
}

describe('the Kubernetes API server emulator', () => {
  let certificate: TestCertificate;
  const started: KubernetesEmulator[] = [];
  const start = async (options: Partial<KubernetesEmulatorOptions> = {}) => {
    const emulator = await KubernetesEmulator.start({ objects: OBJECTS, token: TOKEN, customResources: [PYTORCH_JOBS], certificate, ...options });
    started.push(emulator);
    return emulator;
  };
  beforeAll(() => {
    certificate = createTestCertificate();
  });
  afterAll(() => Promise.all(started.map((emulator) => emulator.close())));

  test('listens on 127.0.0.1 only', async () => {
    const emulator = await start();
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  test('answers discovery as a v1.30 server, with installed custom resource groups in /apis', async () => {
    const emulator = await start();
    expect((await send(emulator, '/version')).body).toMatchObject({ major: '1', minor: '30', gitVersion: 'v1.30.4', platform: 'linux/amd64' });
    expect((await send(emulator, '/api')).body).toEqual({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [expect.objectContaining({ clientCIDR: '0.0.0.0/0' })] });

    const groups = (await send(emulator, '/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((group: { name: string }) => group.name)).toEqual(['apps', 'batch', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'policy', 'kubeflow.org']);
    expect(groups.groups[5]).toEqual({ name: 'kubeflow.org', versions: [{ groupVersion: 'kubeflow.org/v1', version: 'v1' }], preferredVersion: { groupVersion: 'kubeflow.org/v1', version: 'v1' } });

    const core = (await send(emulator, '/api/v1')).body;
    expect(core).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    expect(core.resources.find((resource: { name: string }) => resource.name === 'pods')).toEqual({
      name: 'pods',
      singularName: 'pod',
      namespaced: true,
      kind: 'Pod',
      verbs: expect.arrayContaining(['get', 'list', 'watch']),
      shortNames: ['po'],
    });
    const custom = (await send(emulator, '/apis/kubeflow.org/v1')).body;
    expect(custom.resources).toEqual([expect.objectContaining({ name: 'pytorchjobs', kind: 'PyTorchJob', namespaced: true })]);

    const bare = await start({ customResources: [], objects: OBJECTS.filter((object) => object.kind !== 'PyTorchJob') });
    expect((await send(bare, '/apis')).body.groups.map((group: { name: string }) => group.name)).not.toContain('kubeflow.org');
  });

  test('lists as a real server: typed items without kind or apiVersion, sorted, with server metadata', async () => {
    const emulator = await start();
    const pods = await send(emulator, '/api/v1/pods');
    expect(pods.status).toBe(200);
    expect(pods.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: expect.stringMatching(/^\d+$/) } });
    expect(pods.body.metadata).not.toHaveProperty('continue');
    expect(pods.body.items.map((item: any) => `${item.metadata.namespace}/${item.metadata.name}`)).toEqual(['default/web', 'ml/trainer-0', 'ml/trainer-1', 'ml/trainer-2']);
    for (const item of pods.body.items) {
      expect(item).not.toHaveProperty('kind');
      expect(item).not.toHaveProperty('apiVersion');
      expect(item.metadata).toEqual(expect.objectContaining({ uid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/), resourceVersion: expect.any(String), creationTimestamp: expect.any(String) }));
    }
    // The uid is derived from the object, so another emulator gives the same one.
    const again = await start();
    expect((await send(again, '/api/v1/pods')).body.items[0].metadata.uid).toBe(pods.body.items[0].metadata.uid);

    expect((await send(emulator, '/api/v1/namespaces/ml/pods')).body.items).toHaveLength(3);
    const deployments = (await send(emulator, '/apis/apps/v1/namespaces/ml/deployments')).body;
    expect(deployments).toMatchObject({ kind: 'DeploymentList', apiVersion: 'apps/v1' });
    expect(deployments.items[0].metadata).toMatchObject({ uid: 'given-uid', creationTimestamp: '2025-01-02T03:04:05Z' });
    // An apps/v1 object is served under apps, not the core group.
    expect((await send(emulator, '/api/v1/deployments')).status).toBe(404);

    const jobs = (await send(emulator, '/apis/kubeflow.org/v1/namespaces/ml/pytorchjobs')).body;
    expect(jobs).toMatchObject({ kind: 'PyTorchJobList', apiVersion: 'kubeflow.org/v1' });
    expect(jobs.items[0]).toMatchObject({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 'finetune' } });
  });

  test('gets one object with its kind and apiVersion, and 404s an absent one with a NotFound Status', async () => {
    const emulator = await start();
    expect((await send(emulator, '/api/v1/namespaces/ml')).body).toMatchObject({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } });
    expect((await send(emulator, '/api/v1/namespaces/ml/pods/trainer-1')).body).toMatchObject({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'trainer-1', namespace: 'ml' } });
    const absent = await send(emulator, '/apis/apps/v1/namespaces/ml/deployments/nope');
    expect([absent.status, absent.body]).toEqual([404, status(404, 'NotFound', 'deployments.apps "nope" not found', { name: 'nope', group: 'apps', kind: 'deployments' })]);
    // A namespaced object is not reachable outside its namespace, nor a cluster-scoped kind inside one.
    expect((await send(emulator, '/api/v1/pods/trainer-1')).status).toBe(404);
    expect((await send(emulator, '/api/v1/namespaces/ml/nodes')).status).toBe(404);
  });

  test('pages with limit and an opaque continue token; the last page has none', async () => {
    const emulator = await start();
    const first = (await send(emulator, '/api/v1/namespaces/ml/pods?limit=2')).body;
    expect(first.items.map((item: any) => item.metadata.name)).toEqual(['trainer-0', 'trainer-1']);
    expect(first.metadata).toEqual({ resourceVersion: expect.any(String), continue: expect.any(String), remainingItemCount: 1 });

    const second = (await send(emulator, `/api/v1/namespaces/ml/pods?limit=2&continue=${encodeURIComponent(first.metadata.continue)}`)).body;
    expect(second.items.map((item: any) => item.metadata.name)).toEqual(['trainer-2']);
    expect(second.metadata).toEqual({ resourceVersion: first.metadata.resourceVersion });

    const invalid = await send(emulator, '/api/v1/namespaces/ml/pods?limit=2&continue=not*a*token');
    expect([invalid.status, invalid.body.reason]).toEqual([400, 'BadRequest']);

    // The server's page size caps a larger limit.
    const capped = await start({ pageSize: 1 });
    const page = (await send(capped, '/api/v1/namespaces/ml/pods?limit=2')).body;
    expect([page.items.length, page.metadata.remainingItemCount]).toEqual([1, 2]);
  });

  test('forbids listed resources with the Status a real server sends, at cluster and namespace scope', async () => {
    const emulator = await start({ forbidden: ['pods', 'secrets', 'apps/deployments', 'rbac.authorization.k8s.io/clusterrolebindings'] });
    const cluster = await send(emulator, '/api/v1/pods');
    expect([cluster.status, cluster.body]).toEqual([
      403,
      status(403, 'Forbidden', 'pods is forbidden: User "aiscan-test" cannot list resource "pods" in API group "" at the cluster scope', { kind: 'pods' }),
    ]);
    expect((await send(emulator, '/api/v1/namespaces/ml/secrets')).body).toEqual(
      status(403, 'Forbidden', 'secrets is forbidden: User "aiscan-test" cannot list resource "secrets" in API group "" in the namespace "ml"', { kind: 'secrets' }),
    );
    expect((await send(emulator, '/apis/apps/v1/namespaces/ml/deployments')).body.message).toBe(
      'deployments.apps is forbidden: User "aiscan-test" cannot list resource "deployments" in API group "apps" in the namespace "ml"',
    );
    expect((await send(emulator, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings')).body.details).toEqual({ group: 'rbac.authorization.k8s.io', kind: 'clusterrolebindings' });
    expect((await send(emulator, '/api/v1/namespaces/ml/secrets/hf-token')).body.message).toBe(
      'secrets "hf-token" is forbidden: User "aiscan-test" cannot get resource "secrets" in API group "" in the namespace "ml"',
    );
    expect((await send(emulator, '/api/v1/namespaces')).status).toBe(200);
  });

  test('throttles the first lists of a resource with 429 and Retry-After, then answers', async () => {
    const emulator = await start({ throttle: [{ resource: 'pods', times: 2, retryAfterSeconds: 3 }] });
    for (let i = 0; i < 2; i++) {
      const throttled = await send(emulator, '/api/v1/namespaces/ml/pods');
      expect([throttled.status, throttled.headers['retry-after'], throttled.body.reason, throttled.body.details]).toEqual([429, '3', 'TooManyRequests', { retryAfterSeconds: 3 }]);
    }
    expect((await send(emulator, '/api/v1/namespaces/ml/pods')).status).toBe(200);
    expect((await send(emulator, '/api/v1/namespaces')).status).toBe(200);
  });

  test('404s a custom resource that is not installed, and an unknown plural', async () => {
    const emulator = await start();
    const missing = await send(emulator, '/apis/ray.io/v1/namespaces/ml/rayclusters');
    expect([missing.status, missing.body]).toEqual([404, status(404, 'NotFound', 'the server could not find the requested resource', {})]);
    expect((await send(emulator, '/apis/ray.io/v1')).status).toBe(404);
    expect((await send(emulator, '/apis/kubeflow.org/v1/tfjobs')).status).toBe(404);
    expect((await send(emulator, '/api/v1/gadgets')).status).toBe(404);
  });

  test('refuses writes with 405, watches with 400, and a missing or wrong token with 401', async () => {
    const emulator = await start();
    for (const method of ['POST', 'DELETE']) {
      const refused = await send(emulator, '/api/v1/namespaces/ml/pods/trainer-0', { method });
      expect([refused.status, refused.body.reason]).toEqual([405, 'MethodNotAllowed']);
    }
    expect((await send(emulator, '/api/v1/pods?watch=true')).body).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect((await send(emulator, '/api/v1/watch/pods')).status).toBe(400);
    const unauthorized = status(401, 'Unauthorized', 'Unauthorized');
    expect((await send(emulator, '/api/v1/pods', { token: null })).body).toEqual(unauthorized);
    expect((await send(emulator, '/version', { token: 'stolen' })).body).toEqual(unauthorized);
  });

  test('records every request, rejected or not, with its path, query and Authorization header', async () => {
    const emulator = await start({ forbidden: ['secrets'] });
    await send(emulator, '/api/v1/namespaces/ml/pods?limit=1');
    await send(emulator, '/api/v1/secrets');
    await send(emulator, '/api/v1/pods', { token: null });
    await send(emulator, '/api/v1/pods', { method: 'DELETE' });
    expect(emulator.requests.map(({ method, path, query, authorization, status }) => ({ method, path, query, authorization, status }))).toEqual([
      { method: 'GET', path: '/api/v1/namespaces/ml/pods', query: { limit: '1' }, authorization: `Bearer ${TOKEN}`, status: 200 },
      { method: 'GET', path: '/api/v1/secrets', query: {}, authorization: `Bearer ${TOKEN}`, status: 403 },
      { method: 'GET', path: '/api/v1/pods', query: {}, authorization: undefined, status: 401 },
      { method: 'DELETE', path: '/api/v1/pods', query: {}, authorization: `Bearer ${TOKEN}`, status: 405 },
    ]);
  });

  test('refuses objects it could not serve, and leaves no server listening', async () => {
    const before = openLoopbackServers();
    await expect(start({ objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'no-namespace' } }] })).rejects.toThrow(/namespaced/);
    await expect(start({ objects: [{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml', namespace: 'ml' } }] })).rejects.toThrow(/cluster-scoped/);
    await expect(start({ objects: [{ apiVersion: 'ray.io/v1', kind: 'RayCluster', metadata: { name: 'r', namespace: 'ml' } }] })).rejects.toThrow(/RayCluster/);
    expect(openLoopbackServers()).toBe(before);
  });

  describe('through @kubernetes/client-node', () => {
    test('lists namespaces, pages pods and lists custom objects with a bearer token', async () => {
      const emulator = await start();
      const kc = kubeConfig(emulator, TOKEN);
      const core = kc.makeApiClient(CoreV1Api);
      const namespaces = await core.listNamespace();
      expect(namespaces.items.map((item) => item.metadata?.name)).toEqual(['default', 'kube-system', 'ml']);

      const names: (string | undefined)[] = [];
      let next: string | undefined;
      do {
        const page = await core.listNamespacedPod({ namespace: 'ml', limit: 2, _continue: next });
        names.push(...page.items.map((item) => item.metadata?.name));
        next = page.metadata?._continue;
      } while (next);
      expect(names).toEqual(['trainer-0', 'trainer-1', 'trainer-2']);

      const jobs = (await kc.makeApiClient(CustomObjectsApi).listClusterCustomObject({ group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' })) as { items: { kind: string }[] };
      expect(jobs.items.map((item) => item.kind)).toEqual(['PyTorchJob']);
      expect(emulator.requests.map((r) => r.path)).toEqual(['/api/v1/namespaces', '/api/v1/namespaces/ml/pods', '/api/v1/namespaces/ml/pods', '/apis/kubeflow.org/v1/pytorchjobs']);
      expect(emulator.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);
    });

    test('rejects a wrong token: the client throws an ApiException with code 401', async () => {
      const emulator = await start();
      const core = kubeConfig(emulator, 'wrong-token').makeApiClient(CoreV1Api);
      const failure = await core.listNamespace().catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(ApiException);
      expect((failure as ApiException<unknown>).code).toBe(401);
    });
  });
});
