import { rmSync, writeFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { ArmResource } from '../../../src/estate.js';
import { KubeClient } from '../../../src/sources/kubernetes/live/kube-client.js';
import { loadKubeconfig } from '../../../src/sources/kubernetes/live/kubeconfig.js';
import { readCluster } from '../../../src/sources/kubernetes/live/read-cluster.js';
import { createTestCertificate, type TestCertificate } from '../../../support/emulator/certificate.js';
import { KubernetesEmulator, type KubernetesEmulatorOptions } from '../../../support/emulator/kubernetes-emulator.js';
import { useTempDir } from '../../helpers/temp.js';

const CLUSTER = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-train';
const TOKEN = 'kube-token';
const RETRY = { maxRetries: 1, retryDelayInMs: 1, maxRetryDelayInMs: 5, maxRetryTimeMs: 5_000 };

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'trainer',
    namespace: 'ml',
    uid: 'd-1',
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"env":"SECRET=hunter2"}', team: 'vision' },
  },
  spec: { template: { spec: { containers: [{ name: 'c', image: 'pytorch', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } } },
};
const replicaSet = {
  apiVersion: 'apps/v1',
  kind: 'ReplicaSet',
  metadata: { name: 'trainer-5d9', namespace: 'ml', uid: 'r-1', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'trainer', uid: 'd-1', controller: true }] },
  spec: {},
};
const pod = (name: string, owner?: { kind: string; name: string }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'ml', ...(owner ? { ownerReferences: [{ apiVersion: 'x/v1', ...owner, uid: 'o', controller: true }] } : {}) },
  spec: { containers: [{ name: 'c', image: 'busybox' }] },
});
const pytorchJob = { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 'resnet', namespace: 'ml' }, spec: { pytorchReplicaSpecs: {} } };

describe('reading a cluster through its API server', () => {
  const tmp = useTempDir();
  let certificate: TestCertificate;
  const emulators: KubernetesEmulator[] = [];
  beforeAll(() => {
    certificate = createTestCertificate();
  });
  afterAll(async () => {
    await Promise.all(emulators.map((emulator) => emulator.close()));
    rmSync(certificate.dir, { recursive: true, force: true });
  });

  const start = async (options: Partial<KubernetesEmulatorOptions> = {}) => {
    const emulator = await KubernetesEmulator.start({ objects: [], token: TOKEN, certificate, pageSize: 2, ...options });
    emulators.push(emulator);
    return emulator;
  };
  const configFor = (server: string, token = TOKEN) => {
    const config = new KubeConfig();
    config.loadFromOptions({
      clusters: [{ name: 'c', server, caData: Buffer.from(certificate.cert).toString('base64') }],
      users: [{ name: 'u', token }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    return config;
  };
  const stats = () => ({ attempts: 0, retries: 0, retryWaitMs: 0 });
  const read = (server: string) => readCluster({ clusterId: CLUSTER, label: 'test', client: new KubeClient(configFor(server), { retry: RETRY, requestTimeoutMs: 2_000, stats: stats() }) });
  const byType = (resources: ArmResource[]) => resources.map((resource) => `${resource.type} ${resource.name}`).sort();

  it('keeps a controller and what no read controller manages, and leaves out what a read controller manages', async () => {
    const emulator = await start({ objects: [deployment, replicaSet, pod('trainer-5d9-abc', { kind: 'ReplicaSet', name: 'trainer-5d9' }), pod('orphan'), pod('operator-made', { kind: 'Notebook', name: 'nb' })] });
    const { resources, coverage } = await read(emulator.url);
    expect(byType(resources)).toEqual(['Kubernetes.apps/Deployment trainer', 'Kubernetes.core/Pod operator-made', 'Kubernetes.core/Pod orphan']);
    expect(coverage.find((entry) => entry.resourceType === 'Kubernetes.core/Pod')).toMatchObject({ status: 'read', count: 2, scope: CLUSTER, message: expect.stringMatching(/1 object\(s\) managed by a controller aiscan read/) });
    expect(coverage.find((entry) => entry.resourceType === 'Kubernetes.apps/ReplicaSet')).toMatchObject({ status: 'read', count: 0 });
  });

  it('gives each object its kind, version and an id under the cluster, and drops field-manager records and kubectl’s copy of the object', async () => {
    const emulator = await start({ objects: [deployment] });
    const [trainer] = (await read(emulator.url)).resources;
    expect(trainer).toMatchObject({
      id: `${CLUSTER}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.apps/Deployment/trainer`,
      type: 'Kubernetes.apps/Deployment',
      name: 'trainer',
      apiVersion: 'apps/v1',
      kind: 'Deployment',
    });
    const metadata = trainer.metadata as Record<string, unknown>;
    expect(metadata.managedFields).toBeUndefined();
    expect(metadata.annotations).toEqual({ team: 'vision' });
    expect(JSON.stringify(trainer)).not.toContain('hunter2');
  });

  it('follows continue tokens to the last page', async () => {
    const pods = Array.from({ length: 7 }, (_, index) => pod(`p${index}`));
    const emulator = await start({ objects: pods });
    const { resources } = await read(emulator.url);
    expect(resources.filter((resource) => resource.type === 'Kubernetes.core/Pod')).toHaveLength(7);
    expect(emulator.requests.filter((request) => request.path === '/api/v1/pods').map((request) => request.query.continue !== undefined)).toEqual([false, true, true, true]);
  });

  it('lists custom resources whose operator is installed, and counts an absent operator as read, not as a gap', async () => {
    const emulator = await start({ objects: [pytorchJob], customResources: [{ group: 'kubeflow.org', version: 'v1', kind: 'PyTorchJob', plural: 'pytorchjobs', namespaced: true }] });
    const { resources, coverage } = await read(emulator.url);
    expect(byType(resources)).toEqual(['Kubernetes.kubeflow.org/PyTorchJob resnet']);
    expect(coverage.find((entry) => entry.resourceType === 'Kubernetes.ray.io/RayCluster')).toMatchObject({ status: 'read', count: 0, message: expect.stringMatching(/not installed/) });
    expect(emulator.requests.some((request) => request.path.startsWith('/apis/ray.io'))).toBe(false);
  });

  it('never asks for Secrets or ConfigMaps, and only GETs', async () => {
    const emulator = await start({ objects: [deployment] });
    await read(emulator.url);
    expect(emulator.requests.length).toBeGreaterThan(15);
    expect(emulator.requests.filter((request) => request.method !== 'GET' || /secrets|configmaps/.test(request.path))).toEqual([]);
    const client = new KubeClient(configFor(emulator.url), { retry: RETRY, requestTimeoutMs: 2_000, stats: stats() });
    await expect(client.get('/api/v1/secrets')).rejects.toThrow('never reads Secrets or ConfigMaps');
    await expect(client.get('/api/v1/namespaces/ml/configmaps/settings')).rejects.toThrow('never reads Secrets or ConfigMaps');
  });

  it('makes every kind a gap naming the cluster when the API server cannot be reached', async () => {
    const emulator = await start();
    const url = emulator.url;
    await emulator.close();
    const { resources, coverage } = await read(url);
    expect(resources).toEqual([]);
    expect(coverage.length).toBeGreaterThan(20);
    for (const entry of coverage) expect(entry).toMatchObject({ status: 'failed', scope: CLUSTER, message: expect.stringMatching(/^cluster test: https:\/\/127\.0\.0\.1:\d+: /) });
  });

  it('refuses an API server that is not served over HTTPS', () => {
    expect(() => new KubeClient(configFor('http://127.0.0.1:8080'), { retry: RETRY, requestTimeoutMs: 1_000, stats: stats() })).toThrow('not served over HTTPS');
  });

  describe('--kubeconfig', () => {
    const file = () => {
      const path = tmp.path('config.yaml');
      writeFileSync(
        path,
        'apiVersion: v1\nkind: Config\nclusters:\n- name: prod/west\n  cluster: { server: "https://127.0.0.1:6443" }\nusers:\n- name: u\n  user: { token: t }\ncontexts:\n- name: a\n  context: { cluster: prod/west, user: u }\n- name: b\n  context: { cluster: missing, user: u }\ncurrent-context: a\n',
      );
      return path;
    };

    it('takes the current context, and places a cluster not named with --cluster under an id no Azure resource has', () => {
      const loaded = loadKubeconfig({ file: file() });
      expect(loaded.label).toMatch(/^context a \(/);
      expect(loaded.clusterId).toBe('/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/aiscan-kubeconfig/providers/Microsoft.ContainerService/managedClusters/prod-west');
      expect(loadKubeconfig({ file: file(), clusterId: CLUSTER }).clusterId).toBe(CLUSTER);
    });

    it.each([
      [{ file: '/nonexistent/kubeconfig' }, '--kubeconfig: /nonexistent/kubeconfig does not exist; give the file with --kubeconfig FILE'],
      [{ context: 'c' }, /^--context: .* has no context "c" \(it has: a, b\)$/],
      [{ context: 'b' }, /context b names cluster "missing", which the file does not define$/],
    ])('%j is one line that says what to give', (request, message) => {
      const { file: given, ...rest } = request as { file?: string; context?: string };
      expect(() => loadKubeconfig({ file: given ?? file(), ...rest })).toThrow(message);
    });

    it('reads $KUBECONFIG when no file is given', () => {
      expect(loadKubeconfig({}, { KUBECONFIG: file() }).label).toMatch(/config\.yaml\)$/);
    });
  });
});
