import { readFileSync, writeFileSync } from 'node:fs';
import type { ArmResource } from '../../src/estate.js';
import { idKey } from '../../src/ids.js';
import { packagePath } from '../../src/package-info.js';
import { RESEARCH, SAMPLE_FILES, TEST_TOKEN } from '../../support/emulator/collect-harness.js';
import { resourcesOfSnapshots } from '../../support/emulator/emulator-estate.js';
import { LISTED_KINDS } from '../../src/sources/kubernetes/live/kinds.js';
import { readManifests } from '../../src/sources/kubernetes/read-manifests.js';
import { KubernetesEmulator, type KubernetesEmulatorOptions } from '../../support/emulator/kubernetes-emulator.js';
import { useLiveCliEnvironment } from '../emulator/live-cli-environment.js';
import { runCli } from '../helpers/cli.js';
import { useTempDir } from '../helpers/temp.js';

interface JsonReport {
  exitCode: number;
  findings: { ruleId: string; resourceId: string; failingPaths: string[]; location: { file: string } }[];
  coverageGaps: { subscriptionId: string; resourceType: string; status: string; message?: string }[];
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(file, 'utf8')) as T;
const findingKeys = (report: JsonReport) => report.findings.map((f) => `${f.ruleId} ${idKey(f.resourceId)} ${f.failingPaths.join(',')}`).sort();

/** Real manifests (test/fixtures/kubernetes/SOURCES.md) whose namespaced objects all name their namespace, as a cluster holds them. */
const MANIFESTS = [
  'aks-gpu-terraform/multi-gpu-workload.yaml',
  'k8s-device-plugin/nvidia-device-plugin.yml',
  'k8s-device-plugin/nvidia-device-plugin-privileged-with-service-account.yml',
  'opentelemetry-helm-charts/daemonset.yaml',
];
const KUBERNETES_SAMPLE = packagePath('examples', 'estate', 'kubernetes-aks-research-gpu.json');
const RESEARCH_GPU = `/subscriptions/${RESEARCH}/resourcegroups/rg-aks-research/providers/Microsoft.ContainerService/managedClusters/aks-research-gpu`;
const LEGACY_CPU = `/subscriptions/${RESEARCH}/resourceGroups/rg-research-shared/providers/Microsoft.ContainerService/managedClusters/aks-legacy-cpu`;

const inResearchGpu = (resource: ArmResource) => idKey(resource.id).startsWith(`${idKey(RESEARCH_GPU)}/`);

/** The sample's objects of the research GPU cluster as its API server holds them: without the id, type and name aiscan gives them. */
function sampleObjects(): Record<string, unknown>[] {
  return resourcesOfSnapshots([KUBERNETES_SAMPLE])
    .filter(inResearchGpu)
    .map(({ id: _id, type: _type, name: _name, ...object }) => object);
}

/** The sample's Kubernetes snapshot with only the research GPU cluster's objects: what a live read of that cluster should equal. */
function researchGpuSnapshot(file: string): string {
  const snapshot = JSON.parse(readFileSync(KUBERNETES_SAMPLE, 'utf8')) as { resources: ArmResource[] };
  writeFileSync(file, JSON.stringify({ ...snapshot, resources: snapshot.resources.filter(inResearchGpu) }, null, 2));
  return file;
}

/** The sample's ARM resources, with the GPU cluster's API server at the Kubernetes emulator's host. */
function armResources(): ArmResource[] {
  return resourcesOfSnapshots(SAMPLE_FILES).map((resource) =>
    idKey(resource.id) === idKey(RESEARCH_GPU) ? { ...resource, properties: { ...(resource.properties as object), fqdn: '127.0.0.1' } } : resource,
  );
}

describe('aiscan scan inside Kubernetes clusters (--kubeconfig, --aks)', () => {
  const env = useLiveCliEnvironment();
  const tmp = useTempDir();
  const clusters: KubernetesEmulator[] = [];
  const cluster = async (options: Partial<KubernetesEmulatorOptions> = {}) => {
    const emulator = await KubernetesEmulator.start({ objects: sampleObjects(), token: TEST_TOKEN, certificate: env.certificate, pageSize: 3, ...options });
    clusters.push(emulator);
    return emulator;
  };
  afterAll(async () => Promise.all(clusters.map((emulator) => emulator.close())));
  const flags = ['--format', 'json', 'sarif', '--fail-on', 'none', '--quiet'];

  const kubeconfig = (emulator: KubernetesEmulator, token = TEST_TOKEN) => {
    const file = tmp.path(`kubeconfig-${clusters.indexOf(emulator)}-${token.length}.yaml`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        '- name: research',
        '  cluster:',
        `    server: ${emulator.url}`,
        `    certificate-authority-data: ${Buffer.from(env.certificate.cert).toString('base64')}`,
        'users:',
        '- name: auditor',
        '  user:',
        `    token: ${token}`,
        'contexts:',
        '- name: research',
        '  context: { cluster: research, user: auditor }',
        'current-context: research',
        '',
      ].join('\n'),
    );
    return file;
  };

  it('with --aks, finds exactly what a scan of the same ARM resources and Kubernetes objects from snapshot files finds', async () => {
    const kube = await cluster();
    const arm = await env.emulator({ resources: armResources(), aksApiServers: { [RESEARCH_GPU]: { server: kube.url, caPem: env.certificate.cert } } });
    const online = await runCli('scan', '--subscription', RESEARCH, '--aks', RESEARCH_GPU, '--auth', 'cli', '--arm-endpoint', arm.url, '--out', tmp.path('aks'), ...flags);
    await runCli('scan', '--snapshot', SAMPLE_FILES[0], '--snapshot', researchGpuSnapshot(tmp.path('research-gpu.json')), '--out', tmp.path('aks-offline'), ...flags);
    expect([online.code, online.stderr]).toEqual([0, '']);
    const live = readJson<JsonReport>(tmp.path('aks', 'aiscan.json'));
    const offline = readJson<JsonReport>(tmp.path('aks-offline', 'aiscan.json'));
    expect(live.coverageGaps).toEqual([]);
    expect(live.findings.filter((finding) => finding.ruleId.startsWith('AIS-K8S-')).length).toBeGreaterThan(3);
    expect(findingKeys(live)).toEqual(findingKeys(offline));
    for (const finding of live.findings) expect(finding.location.file).toMatch(/estate\.json$/);

    // Signed in with an Entra token for the AKS server application, asked of the Azure credential.
    expect(env.az.calls().some((call) => call.includes('6dae42f8-4368-4678-94ff-3960e28e3630'))).toBe(true);
    expect(kube.requests.length).toBeGreaterThan(10);
    expect(kube.requests.every((request) => request.authorization === `Bearer ${TEST_TOKEN}` && request.method === 'GET')).toBe(true);
    expect(kube.requests.filter((request) => /\/(secrets|configmaps)(\/|$)/.test(request.path))).toEqual([]);
    // The one ARM request that is not a GET or a Resource Graph query: the exec-format user kubeconfig, never an admin credential.
    const posts = arm.requests.filter((request) => request.method !== 'GET' && !request.path.toLowerCase().includes('resourcegraph'));
    expect(posts.map((request) => [request.path.toLowerCase(), request.query.format])).toEqual([[`${RESEARCH_GPU.toLowerCase()}/listclusterusercredential`, 'exec']]);
    expect(arm.requests.filter((request) => /listclusteradmincredential|listclustermonitoringusercredential/i.test(request.path))).toEqual([]);
  });

  it('with --kubeconfig, reads the cluster with the kubeconfig user and finds what --aks finds', async () => {
    const kube = await cluster();
    const result = await runCli('scan', '--kubeconfig', kubeconfig(kube), '--cluster', RESEARCH_GPU, '--snapshot-out', tmp.path('kc', 'estate.json'), '--out', tmp.path('kc'), ...flags);
    expect([result.code, result.stderr]).toEqual([0, '']);
    const report = readJson<JsonReport>(tmp.path('kc', 'aiscan.json'));
    const offline = await runCli('scan', '--snapshot', researchGpuSnapshot(tmp.path('research-gpu-only.json')), '--out', tmp.path('kc-offline'), ...flags);
    expect(offline.code).toBe(0);
    expect(findingKeys(report)).toEqual(findingKeys(readJson<JsonReport>(tmp.path('kc-offline', 'aiscan.json'))));
    // No Azure credential was used: a kubeconfig's cluster needs none.
    expect(env.az.calls().filter((call) => call.includes('6dae42f8') && !call.includes('--resource'))).toEqual([]);
    const snapshot = readJson<{ resources: ArmResource[] }>(tmp.path('kc', 'estate.json'));
    expect(snapshot.resources.length).toBe(sampleObjects().length);
    for (const resource of snapshot.resources) expect(resource.id.startsWith(RESEARCH_GPU)).toBe(true);
  });

  it('finds in a live cluster exactly what a scan of the manifests that created it finds', async () => {
    const files = MANIFESTS.map((file) => packagePath('test', 'fixtures', 'kubernetes', file));
    const listed = new Set(LISTED_KINDS.map((kind) => kind.kind));
    const objects = files.flatMap((file) => readManifests(readFileSync(file, 'utf8'), file).objects.map(({ object }) => object)).filter((object) => listed.has(String(object.kind)));
    expect(objects.length).toBeGreaterThan(6);
    const kube = await cluster({ objects });
    const live = await runCli('scan', '--kubeconfig', kubeconfig(kube), '--cluster', RESEARCH_GPU, '--out', tmp.path('from-cluster'), ...flags);
    const manifests = await runCli('scan', ...files, '--cluster', RESEARCH_GPU, '--out', tmp.path('from-manifests'), ...flags);
    expect([live.code, live.stderr, manifests.code]).toEqual([0, '', 0]);
    const fromCluster = readJson<JsonReport>(tmp.path('from-cluster', 'aiscan.json'));
    const fromManifests = readJson<JsonReport>(tmp.path('from-manifests', 'aiscan.json'));
    expect(findingKeys(fromCluster)).toEqual(findingKeys(fromManifests));
    expect(fromCluster.findings.length).toBeGreaterThan(1);
  });

  it('reports a kind the user may not list as a coverage gap naming the cluster, exit 3, and waits out 429s', async () => {
    const kube = await cluster({ forbidden: ['resourcequotas', 'rbac.authorization.k8s.io/clusterrolebindings'], throttle: [{ resource: 'apps/deployments', times: 2, retryAfterSeconds: 0 }] });
    const result = await runCli('scan', '--kubeconfig', kubeconfig(kube), '--cluster', RESEARCH_GPU, '--out', tmp.path('denied'), '--format', 'json', '--fail-on', 'none', '--quiet');
    expect(result.code).toBe(3);
    const report = readJson<JsonReport>(tmp.path('denied', 'aiscan.json'));
    expect(report.coverageGaps.map((gap) => [gap.resourceType, gap.status])).toEqual([
      ['Kubernetes.core/ResourceQuota', 'denied'],
      ['Kubernetes.rbac.authorization.k8s.io/ClusterRoleBinding', 'denied'],
    ]);
    expect(report.coverageGaps[0].message).toMatch(/^cluster context research \(.*\): GET \/api\/v1\/resourcequotas: 403 resourcequotas is forbidden: User "aiscan-test" cannot list resource "resourcequotas"/);
    // The throttled list was asked again until it answered: the deployments are there.
    expect(kube.requests.filter((request) => request.path === '/apis/apps/v1/deployments' && request.status === 429)).toHaveLength(2);
    expect(report.findings.some((finding) => finding.resourceId.includes('/Kubernetes.apps/Deployment/'))).toBe(true);
  });

  it('a kubeconfig whose token the cluster refuses makes every kind a gap, not a clean cluster', async () => {
    const kube = await cluster();
    const result = await runCli('scan', '--kubeconfig', kubeconfig(kube, 'wrong-token'), '--out', tmp.path('refused'), '--format', 'json', '--quiet');
    expect(result.code).toBe(3);
    const report = readJson<JsonReport>(tmp.path('refused', 'aiscan.json'));
    expect(report.coverageGaps.length).toBeGreaterThan(10);
    expect(new Set(report.coverageGaps.map((gap) => gap.status))).toEqual(new Set(['denied']));
    expect(report.findings).toEqual([]);
  });

  it('--aks on a cluster without Microsoft Entra integration stops with one line and asks for no credential', async () => {
    const arm = await env.emulator({ resources: armResources() });
    const result = await runCli('scan', '--aks', LEGACY_CPU, '--auth', 'cli', '--arm-endpoint', arm.url, '--out', tmp.path('legacy'), '--quiet');
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/aks-legacy-cpu has no Microsoft Entra integration.*--kubeconfig/);
    expect(arm.requests.filter((request) => request.method !== 'GET')).toEqual([]);
  });

  it('with --aks and a subscription, a cluster without Entra integration is a gap and the others are read', async () => {
    const kube = await cluster();
    const arm = await env.emulator({ resources: armResources(), aksApiServers: { [RESEARCH_GPU]: { server: kube.url, caPem: env.certificate.cert } } });
    const result = await runCli('scan', '--subscription', RESEARCH, '--aks', '--auth', 'cli', '--arm-endpoint', arm.url, '--out', tmp.path('all'), '--format', 'json', '--fail-on', 'none', '--quiet');
    expect(result.code).toBe(3);
    const report = readJson<JsonReport>(tmp.path('all', 'aiscan.json'));
    expect(new Set(report.coverageGaps.map((gap) => gap.message))).toEqual(new Set([expect.stringMatching(/aks-legacy-cpu has no Microsoft Entra integration/)]));
    expect(report.findings.some((finding) => idKey(finding.resourceId).startsWith(idKey(RESEARCH_GPU)) && finding.ruleId.startsWith('AIS-K8S-'))).toBe(true);
    expect(arm.requests.filter((request) => request.method !== 'GET' && !request.path.toLowerCase().includes('resourcegraph')).map((request) => request.path.toLowerCase())).toEqual([`${RESEARCH_GPU.toLowerCase()}/listclusterusercredential`]);
  });

  it('sends no token to an API server that is not at the cluster’s own FQDN', async () => {
    const kube = await cluster();
    const resources = armResources().map((resource) => (idKey(resource.id) === idKey(RESEARCH_GPU) ? { ...resource, properties: { ...(resource.properties as object), fqdn: 'aks-research-gpu.hcp.eastus.azmk8s.io' } } : resource));
    const arm = await env.emulator({ resources, aksApiServers: { [RESEARCH_GPU]: { server: kube.url, caPem: env.certificate.cert } } });
    const result = await runCli('scan', '--aks', RESEARCH_GPU, '--auth', 'cli', '--arm-endpoint', arm.url, '--out', tmp.path('elsewhere'), '--format', 'json', '--fail-on', 'none', '--quiet');
    expect(result.code).toBe(3);
    const report = readJson<JsonReport>(tmp.path('elsewhere', 'aiscan.json'));
    expect(report.coverageGaps[0].message).toMatch(/names the API server https:\/\/127\.0\.0\.1:\d+, which is not an HTTPS address at the cluster's fqdn or privateFQDN/);
    expect(kube.requests).toEqual([]);
  });
});
