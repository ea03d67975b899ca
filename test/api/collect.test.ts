import { existsSync, writeFileSync } from 'node:fs';
import { collect, isUserError, scan } from '../../src/index.js';
import { ArmEmulator } from '../../support/emulator/arm-emulator.js';
import { PRODUCTION, RESEARCH, SAMPLE_FILES, staticCredential, writesAndSecretReads } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { KubernetesEmulator } from '../../support/emulator/kubernetes-emulator.js';
import { useTempDir } from '../helpers/temp.js';

describe('collect() from the API, against the ARM emulator', () => {
  const tmp = useTempDir('aiscan-api-collect-');
  let emulator: ArmEmulator;
  beforeAll(async () => {
    emulator = await ArmEmulator.start({ resources: resourcesOfSnapshots(SAMPLE_FILES), token: 'api-token' });
  });
  afterAll(() => emulator.close());

  const request = (file: string) => ({
    file,
    subscriptions: [RESEARCH, PRODUCTION],
    armEndpoint: emulator.url,
    trustedCertificates: emulator.certificate.cert,
    retry: { maxRetries: 1, retryDelayInMs: 5, maxRetryDelayInMs: 10 },
  });

  test('reads the subscriptions into a snapshot that scan() evaluates; what was denied is not evaluated, never compliant', async () => {
    emulator.faults.add({ match: new RegExp(`^GET /subscriptions/${RESEARCH}/providers/Microsoft\\.ContainerService/managedClusters$`, 'i'), respond: { kind: 'denied' } });
    const credential = staticCredential('api-token');
    const file = tmp.path('estate.json');
    const collected = await collect({ ...request(file), credential });
    expect(collected.subscriptions).toBe(2);
    expect(collected.gaps).toContainEqual(expect.objectContaining({ subscriptionId: RESEARCH, resourceType: 'Microsoft.ContainerService/managedClusters', status: 'denied' }));
    expect(collected.gaps.every((gap) => gap.subscriptionId === RESEARCH)).toBe(true); // and what depends on the clusters (their namespaces, the regions to read quota in)
    expect(credential.calls).toBeGreaterThan(0);
    expect(writesAndSecretReads(emulator)).toEqual([]);

    const result = scan({ snapshots: [file] });
    const notEvaluatedInResearch = result.notEvaluated.filter((entry) => entry.subscriptionId === RESEARCH).map((entry) => entry.ruleId);
    expect(notEvaluatedInResearch).toEqual(expect.arrayContaining(['AIS-AKS-001', 'AIS-AKS-009', 'AIS-AKS-010', 'AIS-QUOTA-003']));
    expect(result.findings.filter((f) => f.subscriptionId === RESEARCH && f.ruleId.startsWith('AIS-AKS-'))).toEqual([]);
    expect(result.exitCode).toBe(1); // findings elsewhere still fail the gate; without them it would be 3 (incomplete)
  });

  test('a credential that cannot sign in rejects with a UserError, and no snapshot is written', async () => {
    const file = tmp.path('not-written.json');
    const credential = {
      getToken: async () => {
        throw new Error('AADSTS700016: application not found');
      },
    };
    const error = await collect({ ...request(file), credential }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(isUserError(error)).toBe(true);
    expect((error as Error).message).toContain('AADSTS700016');
    expect(existsSync(file)).toBe(false);
  });
});

describe('collect() inside a cluster named by a kubeconfig', () => {
  const tmp = useTempDir('aiscan-api-collect-cluster-');
  const cluster = '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-train';
  let kube: KubernetesEmulator;
  beforeAll(async () => {
    kube = await KubernetesEmulator.start({
      token: 'kube-token',
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gpu', namespace: 'ml' }, spec: { containers: [{ name: 'c', image: 'cuda', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } },
      ],
    });
  });
  afterAll(() => kube.close());

  test('needs no Azure credential, and writes the objects under the cluster named', async () => {
    const kubeconfig = tmp.path('kubeconfig');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{ name: c, cluster: { server: "${kube.url}", certificate-authority-data: ${Buffer.from(kube.certificate.cert).toString('base64')} } }]\nusers: [{ name: u, user: { token: kube-token } }]\ncontexts: [{ name: x, context: { cluster: c, user: u } }]\ncurrent-context: x\n`,
    );
    const file = tmp.path('estate.json');
    const collected = await collect({ file, clusters: { kubeconfig: { file: kubeconfig, clusterId: cluster } } });
    expect([collected.clusters, collected.resources, collected.gaps]).toEqual([1, 2, []]);
    const result = scan({ snapshots: [file] });
    expect(result.findings.map((finding) => finding.resourceId)).toContain(`${cluster}/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.core/Pod/gpu`);
  });

  test('refuses clusters.aks.all without subscriptions to find them in', async () => {
    await expect(collect({ file: tmp.path('x.json'), credential: staticCredential(), clusters: { aks: { ids: [], all: true } } })).rejects.toThrow('clusters.aks.all reads the clusters of the subscriptions read');
  });
});
