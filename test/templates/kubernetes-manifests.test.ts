import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Log, Result } from 'sarif';
import { builtCli } from '../hardening/built-cli.js';
import { runCli } from '../helpers/cli.js';
import { multitoolViolations, oasisSchemaErrors } from '../helpers/sarif-validation.js';
import { lineOf } from '../helpers/template-lines.js';
import { useTempDir } from '../helpers/temp.js';

/**
 * `aiscan scan PATH…` on Kubernetes manifests: the real public ones of test/fixtures/kubernetes
 * (SOURCES.md), each finding asserted at the file and line of the failing field, the line found in
 * the manifest's text, never copied from aiscan's output.
 */

const DIR = join('test', 'fixtures', 'kubernetes');

interface Located {
  ruleId: string;
  kind: string;
  name: string;
  file: string;
  line: number;
}

interface Report {
  rules: { id: string; counts: { pass: number; fail: number; notApplicable: number; notEvaluated: number } }[];
  undecided: { ruleId: string; resourceName: string; expression: string; location: { file: string; startLine: number } }[];
  inputSummary: { read: { kind: string; count: number }[]; skipped: { file: string; reason: string }[] };
  warnings: string[];
}

interface Scan {
  code: number;
  stdout: string;
  stderr: string;
  out: string;
  log: Log;
  located: Located[];
  report: Report;
}

function locatedOf(result: Result): Located {
  const physical = result.locations![0].physicalLocation!;
  const [kind, ...rest] = result.locations![0].logicalLocations![0].name!.split('/');
  return { ruleId: result.ruleId!, kind, name: rest[rest.length - 1], file: physical.artifactLocation!.uri!, line: physical.region!.startLine! };
}

describe('aiscan scan on Kubernetes manifests', () => {
  const tmp = useTempDir('aiscan-manifests-');
  let runs = 0;

  async function scan(...args: string[]): Promise<Scan> {
    const out = tmp.path(`run-${runs++}`);
    const run = await runCli('scan', ...args, '--out', out, '--format', 'sarif', 'json', 'md', 'html', '--fail-on', 'none');
    if (run.code === 2) return { ...run, out, log: { version: '2.1.0', runs: [] }, located: [], report: {} as Report };
    const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
    return {
      ...run,
      out,
      log,
      located: (log.runs[0].results ?? []).map(locatedOf),
      report: JSON.parse(readFileSync(join(out, 'aiscan.json'), 'utf8')) as Report,
    };
  }

  describe('the fixture folder', () => {
    let result: Scan;
    beforeAll(async () => {
      result = await scan(DIR);
    });

    it('reads every manifest of the folder, and says why it skips the rest', () => {
      expect(result.code).toBe(0);
      expect(result.stderr).toBe('');
      const manifests = readdirSync(DIR, { recursive: true, encoding: 'utf8' }).filter((file) => /\.(ya?ml|json)$/.test(file));
      expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: manifests.length }]);
      expect(result.report.inputSummary.skipped).toEqual([{ file: join(DIR, 'SOURCES.md'), reason: expect.any(String) }]);
    });

    it('counts the custom resources whose pods it does not see, by kind, once per file', () => {
      expect(result.report.warnings).toContain(
        `${join(DIR, 'kaito', 'custom-model-deployment.yaml')}: custom resources whose pod templates aiscan does not read, so that pods they start are not checked: "Workspace.kaito.sh" (1)`,
      );
      // Kubeflow, Ray and KServe kinds are read; Kubernetes' own kinds hold pods only where aiscan reads them.
      expect(result.report.warnings.filter((warning) => /PyTorchJob|RayCluster|InferenceService|ConfigMap|Service\b/.test(warning))).toEqual([]);
    });

    it('puts a GPU pod template without a GPU toleration on its pod spec, a container that may run as root on the container, for each replica type', () => {
      const pytorch = join(DIR, 'training-operator', 'pytorch_job_mnist_nccl.yaml');
      expect(result.located.filter((finding) => finding.file === pytorch).sort((a, b) => a.line - b.line || a.ruleId.localeCompare(b.ruleId))).toEqual([
        { ruleId: 'AIS-K8S-003', kind: 'PyTorchJob', name: 'pytorch-dist-mnist-nccl', file: pytorch, line: lineOf(pytorch, /^\s+spec:$/m, ['Master:', 'template:']) },
        { ruleId: 'AIS-K8S-007', kind: 'PyTorchJob', name: 'pytorch-dist-mnist-nccl', file: pytorch, line: lineOf(pytorch, '- name: pytorch', 'Master:') },
      ]);
      // One finding per rule and object, at the first template that fails: the Worker's is as bad, further down.
      expect(lineOf(pytorch, 'Worker:')).toBeGreaterThan(lineOf(pytorch, 'Master:'));
    });

    it('reads a KServe predictor written with a framework key, and points at its pod spec', () => {
      const kserve = join(DIR, 'kserve', 'gpu.yaml');
      expect(result.located.filter((finding) => finding.file === kserve && finding.ruleId === 'AIS-K8S-003')).toEqual([
        { ruleId: 'AIS-K8S-003', kind: 'InferenceService', name: 'tensorflow-gpu', file: kserve, line: lineOf(kserve, 'predictor:') },
      ]);
    });

    it('finds a GPU pod in the default namespace inside a JSON List, at its namespace', () => {
      const list = join(DIR, 'handwritten', 'kind-list.handwritten.json');
      expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-005')).toEqual([
        { ruleId: 'AIS-K8S-005', kind: 'Pod', name: 'cuda-vectoradd', file: list, line: lineOf(list, '"namespace": "default"') },
      ]);
    });

    it('passes the GPU workload that tolerates its taint, and exempts the GPU stack by image', () => {
      const multi = join(DIR, 'aks-gpu-terraform', 'multi-gpu-workload.yaml');
      expect(result.located.filter((finding) => finding.file === multi && finding.ruleId === 'AIS-K8S-003')).toEqual([]);
      const plugin = join(DIR, 'k8s-device-plugin', 'nvidia-device-plugin-privileged-with-service-account.yml');
      // A privileged DaemonSet that tolerates the GPU taint and requests no GPU: the device plugin, recognised by its image.
      expect(result.located.filter((finding) => finding.file === plugin)).toEqual([]);
    });

    it('leaves the namespace rule not evaluated on manifests that name no namespace, at the object', () => {
      const pod = join(DIR, 'dcgm-exporter', 'gpu-pod.yaml');
      const undecided = result.report.undecided.filter((entry) => entry.ruleId === 'AIS-K8S-005');
      expect(undecided.length).toBeGreaterThan(5);
      expect(undecided.find((entry) => entry.location.file === pod)).toEqual(
        // Where the namespace would be written: under metadata.
        expect.objectContaining({ resourceName: 'nbody-pod', expression: 'Pod/(unset)/nbody-pod metadata.namespace', location: expect.objectContaining({ startLine: lineOf(pod, 'metadata:') }) }),
      );
      expect(result.report.rules.find((rule) => rule.id === 'AIS-K8S-005')!.counts.notEvaluated).toBe(undecided.length);
    });

    it('writes SARIF that the OASIS schema and Microsoft\'s validator accept', () => {
      expect(oasisSchemaErrors(result.log)).toEqual([]);
      expect(multitoolViolations(join(result.out, 'aiscan.sarif')).filter((v) => v.level === 'error' || v.level === 'warning')).toEqual([]);
    });
  });

  describe('--cluster: manifests joined with the node pools of a cluster in a snapshot', () => {
    const PRODUCTION = join('examples', 'estate', 'subscription-production.json');
    const CLUSTER = '/subscriptions/c5d1f8a2-6e3b-4c9d-a7f0-8b2e4d6c1a95/resourceGroups/rg-aks-prod/providers/Microsoft.ContainerService/managedClusters/aks-prod-inference';

    it('finds the GPU pod that fits none of the cluster\'s GPU pools at its pod spec, and passes the job that tolerates the pool\'s taint', async () => {
      const pod = join(DIR, 'dcgm-exporter', 'gpu-pod.yaml');
      const job = join(DIR, 'k8s-device-plugin', 'job-1.yaml');
      const result = await scan(pod, job, '--snapshot', PRODUCTION, '--cluster', CLUSTER);
      expect(result.code).toBe(0);
      expect(result.report.warnings).toEqual([]);
      expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-008')).toEqual([{ ruleId: 'AIS-K8S-008', kind: 'Pod', name: 'nbody-pod', file: pod, line: lineOf(pod, /^spec:/m) }]);
      expect(result.report.rules.find((rule) => rule.id === 'AIS-K8S-008')!.counts).toMatchObject({ pass: 1, fail: 1 });
      const sarif = result.log.runs[0].results!.find((entry) => entry.ruleId === 'AIS-K8S-008')!;
      expect(sarif.message.text).toContain('fits no GPU pool of cluster aks-prod-inference (GPU pools: gpua100)');
      expect(sarif.locations![0].logicalLocations![0].fullyQualifiedName).toBe(`${CLUSTER}/providers/Kubernetes.core/Namespace/(unset)/providers/Kubernetes.core/Pod/nbody-pod`);
    });

    it('without the cluster in the scan, says so and leaves the pool rule not applicable', async () => {
      const pod = join(DIR, 'dcgm-exporter', 'gpu-pod.yaml');
      const result = await scan(pod, '--cluster', CLUSTER);
      expect(result.code).toBe(0);
      expect(result.report.warnings).toEqual([expect.stringContaining(`${pod}: the cluster "${CLUSTER}" is not in the estate scanned`)]);
      expect(result.report.rules.find((rule) => rule.id === 'AIS-K8S-008')!.counts).toMatchObject({ pass: 0, fail: 0, notApplicable: 1 });
    });

    it('refuses an id that is not an AKS cluster, in one line', async () => {
      const result = await scan(join(DIR, 'dcgm-exporter', 'gpu-pod.yaml'), '--cluster', `${CLUSTER}/agentPools/gpua100`);
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^aiscan: --cluster: ".*" is not the id of an AKS cluster \(.*\)\n$/);
    });
  });

  it('skips a Helm chart\'s templates in a folder, saying to scan what helm template renders; a template without actions is read', async () => {
    mkdirSync(tmp.path('chart', 'templates'), { recursive: true });
    tmp.write(join('chart', 'Chart.yaml'), 'apiVersion: v2\nname: trainer\nversion: 0.1.0\n');
    tmp.write(join('chart', 'templates', 'job.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}\n');
    tmp.write(join('chart', 'templates', 'pod.yaml'), '{{- if .Values.enabled }}\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n{{- end }}\n');
    // A template with no action in it is what helm renders, as it is: read.
    tmp.write(join('chart', 'templates', 'static.yaml'), 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: trainer\n');
    // What helm template rendered, kept beside the chart: scanned.
    tmp.write(join('chart', 'rendered.yaml'), '# Source: trainer/templates/job.yaml\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: trainer\nspec:\n  template:\n    spec:\n      containers:\n      - name: c\n        image: busybox\n');
    const result = await scan(tmp.path('chart'));
    expect(result.code).toBe(0);
    expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 2 }]);
    expect(result.report.inputSummary.skipped).toEqual([
      { file: tmp.path('chart', 'Chart.yaml'), reason: 'YAML that is not a Kubernetes manifest (no document with apiVersion and kind)' },
      { file: tmp.path('chart', 'templates', 'job.yaml'), reason: 'a Helm chart template, not YAML: scan what helm template renders from it' },
      { file: tmp.path('chart', 'templates', 'pod.yaml'), reason: 'a Helm chart template, not YAML: scan what helm template renders from it' },
    ]);
  });

  it('skips a kustomization and the patches it names, which are fragments of objects, and reads its resources', async () => {
    mkdirSync(tmp.path('overlay'));
    tmp.write(join('overlay', 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n- trainer.yaml\npatches:\n- path: gpu-patch.yaml\npatchesStrategicMerge:\n- memory-patch.yaml\n');
    tmp.write(join('overlay', 'trainer.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: trainer\n  namespace: ml\nspec:\n  template:\n    spec:\n      containers:\n      - name: train\n        image: busybox\n');
    const patch = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: trainer\nspec:\n  template:\n    spec:\n      containers:\n      - name: train\n        resources:\n          limits:\n            nvidia.com/gpu: 1\n';
    tmp.write(join('overlay', 'gpu-patch.yaml'), patch);
    tmp.write(join('overlay', 'memory-patch.yaml'), patch);
    const result = await scan(tmp.path('overlay'));
    expect(result.code).toBe(0);
    expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 1 }]);
    expect(result.report.inputSummary.skipped).toEqual([
      { file: tmp.path('overlay', 'gpu-patch.yaml'), reason: expect.stringMatching(/^a kustomize patch/) },
      { file: tmp.path('overlay', 'kustomization.yaml'), reason: expect.stringMatching(/^a kustomize configuration/) },
      { file: tmp.path('overlay', 'memory-patch.yaml'), reason: expect.stringMatching(/^a kustomize patch/) },
    ]);
  });

  it('reads `privileged: yes`, `hostPID: on` and a merge key over `privileged: false` as kubectl sends them, true: YAML 1.1 does not slip past the gate', async () => {
    mkdirSync(tmp.path('yaml11'));
    tmp.write(
      join('yaml11', 'pod.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: miner\n  namespace: ml\nspec:\n  hostPID: on\n  containers:\n  - name: c\n    image: busybox\n    securityContext:\n      privileged: yes\n      runAsNonRoot: Y\n      runAsUser: 0x3E8\n    resources:\n      limits:\n        nvidia.com/gpu: 1\n',
    );
    // A merge key written after a key overrides it, as yaml.v2 applies it: kubectl sends privileged: true.
    tmp.write(
      join('yaml11', 'merged.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: merged\n  namespace: ml\nspec:\n  containers:\n  - name: c\n    image: busybox\n    securityContext:\n      privileged: false\n      <<: {privileged: true}\n      runAsNonRoot: true\n    resources:\n      limits:\n        nvidia.com/gpu: 1\n',
    );
    const result = await scan(tmp.path('yaml11'));
    expect(result.code).toBe(0);
    const privileged = result.located.filter((finding) => finding.ruleId === 'AIS-K8S-006');
    expect(privileged.map(({ name, line }) => ({ name, line }))).toEqual([
      { name: 'merged', line: 12 },
      { name: 'miner', line: expect.any(Number) },
    ]);
    const failing = result.log.runs[0].results!.find((entry) => entry.ruleId === 'AIS-K8S-006' && String(entry.properties!.resourceId).endsWith('/miner'))!.properties!.failingPaths as string[];
    expect(failing).toEqual(expect.arrayContaining([expect.stringMatching(/hostPID$/), expect.stringMatching(/privileged$/)]));
    // runAsNonRoot: Y and runAsUser: 0x3E8 (1000) say it runs as a user: not the root finding.
    expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-007')).toEqual([]);
  });

  it('reads a template\'s documents up to its first that is not YAML, as kubectl apply -f applies them: an action after a Pod hides no Pod', async () => {
    mkdirSync(tmp.path('cloak', 'chart', 'templates'), { recursive: true });
    tmp.write(join('cloak', 'chart', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: NAME\n  namespace: ml\nspec:\n  containers:\n  - name: c\n    image: busybox\n    securityContext:\n      privileged: true\n    resources:\n      limits:\n        nvidia.com/gpu: 1\n';
    const action = '{{- if .Values.extra }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n';
    // In a chart, and outside one (an action at the left margin is what tells a template there).
    tmp.write(join('cloak', 'chart', 'templates', 'pod.yaml'), `${pod.replace('NAME', 'in-chart')}---\n${action}---\n${pod.replace('NAME', 'after-the-action')}`);
    tmp.write(join('cloak', 'loose.yaml'), `${pod.replace('NAME', 'loose')}---\n${action}`);
    // A template kubectl applies nothing of is skipped, as before.
    tmp.write(join('cloak', 'chart', 'templates', 'job.yaml'), `${action}---\n${pod.replace('NAME', 'never-applied')}`);
    const result = await scan(tmp.path('cloak'));
    expect(result.code).toBe(0);
    expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 2 }]);
    expect(result.report.inputSummary.skipped.map(({ file, reason }) => [file, reason])).toEqual([
      [tmp.path('cloak', 'chart', 'Chart.yaml'), 'YAML that is not a Kubernetes manifest (no document with apiVersion and kind)'],
      [tmp.path('cloak', 'chart', 'templates', 'job.yaml'), 'a Helm chart template, not YAML: scan what helm template renders from it'],
    ]);
    expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-006').map(({ name }) => name)).toEqual(['in-chart', 'loose']);
    expect(result.report.warnings).toEqual(
      expect.arrayContaining([
        `${tmp.path('cloak', 'chart', 'templates', 'pod.yaml')}:15: document 2 is a Helm template, not YAML: it and the documents after it are not scanned, as kubectl apply -f stops there too; scan what helm template renders`,
        `${tmp.path('cloak', 'loose.yaml')}:15: document 2 is a Helm template, not YAML: it and the documents after it are not scanned, as kubectl apply -f stops there too; scan what helm template renders`,
      ]),
    );
  });

  it('reads the items of any object with an items field, as kubectl applies them: a list is no cover for a Pod', async () => {
    mkdirSync(tmp.path('lists'));
    const spec = { containers: [{ name: 'c', image: 'busybox', securityContext: { privileged: true }, resources: { limits: { 'nvidia.com/gpu': 1 } } }] };
    // A "ConfigMap" with no apiVersion whose Items kubectl applies; a PodList whose items name no kind, which kubectl makes Pods.
    tmp.write(join('lists', 'cover.yaml'), `kind: ConfigMap\nmetadata: {name: cover}\nItems:\n- ${JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'in-yaml', namespace: 'ml' }, spec })}\n`);
    tmp.write(join('lists', 'cover.json'), JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'in-json', namespace: 'ml' }, spec }] }, null, 2));
    const result = await scan(tmp.path('lists'));
    expect(result.code).toBe(0);
    expect(result.report.inputSummary).toEqual({ read: [{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 2 }], skipped: [], ignored: 0 });
    expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-006').map(({ kind, name }) => ({ kind, name }))).toEqual([
      { kind: 'Pod', name: 'in-json' },
      { kind: 'Pod', name: 'in-yaml' },
    ]);
  });

  describe('a whole object that a kustomization calls a patch (kubectl apply -f FOLDER creates it all the same)', () => {
    const evil = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: evil\n  namespace: ml\nspec:\n  containers:\n  - name: miner\n    image: busybox\n    securityContext:\n      privileged: true\n    resources:\n      limits:\n        nvidia.com/gpu: 1\n';
    // A fragment that would fail rules were it scanned (a GPU Job with no toleration), then a whole binding.
    const fragment = 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: trainer\nspec:\n  template:\n    spec:\n      containers:\n      - name: train\n        resources:\n          limits:\n            nvidia.com/gpu: 1\n';
    const binding = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: eve-admin\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: cluster-admin\nsubjects:\n- kind: User\n  name: eve\n  apiGroup: rbac.authorization.k8s.io\n';

    function overlay(name: string): string {
      mkdirSync(tmp.path(name));
      tmp.write(join(name, 'kustomization.yaml'), 'resources:\n- trainer.yaml\npatches:\n- path: evil.yaml\npatchesStrategicMerge:\n- mixed.yaml\n- gpu-patch.yaml\n');
      tmp.write(join(name, 'trainer.yaml'), 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: trainer\n  namespace: ml\nspec:\n  template:\n    spec:\n      containers:\n      - name: train\n        image: busybox\n');
      tmp.write(join(name, 'evil.yaml'), evil);
      tmp.write(join(name, 'mixed.yaml'), `${fragment}---\n${binding}`);
      tmp.write(join(name, 'gpu-patch.yaml'), fragment);
      return tmp.path(name);
    }

    it('is scanned with a warning; a fragment beside it in the same file is not, and a file of fragments is skipped', async () => {
      const folder = overlay('hiding');
      const result = await scan(folder);
      expect(result.code).toBe(0);
      expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 3 }]);
      expect(result.report.inputSummary.skipped).toEqual([
        {
          file: join(folder, 'gpu-patch.yaml'),
          reason: `a kustomize patch (${join(folder, 'kustomization.yaml')} names it), not a whole object: the Job "trainer" is a fragment (its container at /spec/template/spec/containers/0 has no name or no image); scan what kustomize build renders`,
        },
        { file: join(folder, 'kustomization.yaml'), reason: expect.stringMatching(/^a kustomize configuration/) },
      ]);
      const byObject = (kind: string) => result.located.filter((finding) => finding.kind === kind).map(({ ruleId, name, line }) => ({ ruleId, name, line }));
      expect(byObject('Pod')).toContainEqual({ ruleId: 'AIS-K8S-006', name: 'evil', line: lineOf(join(folder, 'evil.yaml'), 'privileged: true') });
      expect(byObject('ClusterRoleBinding')).toContainEqual({ ruleId: 'AIS-K8S-013', name: 'eve-admin', line: expect.any(Number) });
      // The fragment asks for a GPU and tolerates no taint: scanned, it would fail; the Job it patches asks for none.
      expect(byObject('Job')).toEqual([]);
      expect(result.report.warnings).toEqual(
        expect.arrayContaining([
          `${join(folder, 'evil.yaml')}:1: ${join(folder, 'kustomization.yaml')} names this file as a patch, but the Pod "evil" is a whole object, which kubectl apply -f creates as it stands: scanned`,
          `${join(folder, 'mixed.yaml')}:1: the Job "trainer" is a patch fragment (its container at /spec/template/spec/containers/0 has no name or no image): not scanned; scan what kustomize build renders`,
          `${join(folder, 'mixed.yaml')}:14: ${join(folder, 'kustomization.yaml')} names this file as a patch, but the ClusterRoleBinding "eve-admin" is a whole object, which kubectl apply -f creates as it stands: scanned`,
        ]),
      );
    });

    it('a patch in a folder below its kustomization (an overlay\'s patches/) is told the same way, inside a repository', async () => {
      const overlayFolder = tmp.path('repo', 'overlays', 'prod');
      mkdirSync(join(overlayFolder, 'patches'), { recursive: true });
      mkdirSync(tmp.path('repo', '.git'));
      tmp.write(join('repo', 'overlays', 'prod', 'kustomization.yaml'), 'resources:\n- ../../base\npatches:\n- path: patches/gpu.yaml\n- path: patches/evil.yaml\n');
      tmp.write(join('repo', 'overlays', 'prod', 'patches', 'gpu.yaml'), fragment);
      tmp.write(join('repo', 'overlays', 'prod', 'patches', 'evil.yaml'), evil);
      const result = await scan(tmp.path('repo'));
      expect(result.code).toBe(0);
      expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 1 }]);
      expect(result.report.inputSummary.skipped).toEqual([
        { file: join(overlayFolder, 'kustomization.yaml'), reason: expect.stringMatching(/^a kustomize configuration/) },
        { file: join(overlayFolder, 'patches', 'gpu.yaml'), reason: expect.stringMatching(/^a kustomize patch \(.*kustomization\.yaml names it\), not a whole object: the Job "trainer" is a fragment/) },
      ]);
      expect(result.located.filter((finding) => finding.ruleId === 'AIS-K8S-006').map(({ name }) => name)).toEqual(['evil']);
    });

    it('named on the command line: a whole object is read, a file of fragments refused with the reason', async () => {
      const folder = overlay('named');
      const whole = await scan(join(folder, 'evil.yaml'));
      expect(whole.code).toBe(0);
      expect(whole.located.map(({ ruleId, name }) => ({ ruleId, name }))).toContainEqual({ ruleId: 'AIS-K8S-006', name: 'evil' });
      const refused = await scan(join(folder, 'gpu-patch.yaml'));
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`${join(folder, 'gpu-patch.yaml')}: not something aiscan scans: a kustomize patch (${join(folder, 'kustomization.yaml')} names it), not a whole object: the Job "trainer" is a fragment`);
    });
  });

  describe('- reads manifests from standard input, as helm template or kustomize build pipe them', () => {
    const run = (input: string, ...args: string[]) => spawnSync(process.execPath, [builtCli(), 'scan', ...args], { input, encoding: 'utf8', timeout: 60_000 });

    it('scans what is piped in, its findings at "-" and the line of the text read', () => {
      const pod = join(DIR, 'dcgm-exporter', 'gpu-pod.yaml');
      const out = tmp.path('stdin');
      const result = run(readFileSync(pod, 'utf8'), '-', '--out', out, '--format', 'sarif', 'json', 'md', '--fail-on', 'none');
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
      const log = JSON.parse(readFileSync(join(out, 'aiscan.sarif'), 'utf8')) as Log;
      expect(log.runs[0].results!.map(locatedOf).filter((finding) => finding.ruleId === 'AIS-K8S-003')).toEqual([{ ruleId: 'AIS-K8S-003', kind: 'Pod', name: 'nbody-pod', file: '-', line: lineOf(pod, /^spec:/m) }]);
      expect(readFileSync(join(out, 'aiscan.md'), 'utf8')).toContain('AIS-K8S-003');
      expect(oasisSchemaErrors(log)).toEqual([]);
    });

    it('reads them wherever it is run from: inside a chart\'s templates/, standard input is no file of the chart', () => {
      const inside = tmp.path('piped-chart', 'templates', 'sub');
      mkdirSync(inside, { recursive: true });
      writeFileSync(tmp.path('piped-chart', 'Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 0.1.0\n');
      const result = spawnSync(process.execPath, [builtCli(), 'scan', '-', '--out', tmp.path('piped-out'), '--format', 'json', '--fail-on', 'none'], {
        input: 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: x\n',
        encoding: 'utf8',
        timeout: 60_000,
        cwd: inside,
      });
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    });

    it('refuses anything but manifests there, in one line', () => {
      const result = run('{"value": []}', '-', '--out', tmp.path('stdin-estate'));
      expect(result.status).toBe(2);
      expect(result.stderr).toBe('aiscan: -: standard input holds no Kubernetes manifest; as a path, aiscan reads only manifests from it (helm template … | aiscan scan -); an estate with --snapshot -, other inputs as files\n');
    });
  });

  it('applies the manifests of one folder together: a quota and a policy in one file bound the namespace another file fills; another folder stays apart', async () => {
    const team = tmp.path('team');
    mkdirSync(join(team, 'workloads'), { recursive: true });
    mkdirSync(join(team, 'guardrails'), { recursive: true });
    // A real namespace with GPU workloads (SOURCES.md), and its guardrails written beside it (hand-written).
    copyFileSync(join(DIR, 'aks-gpu-terraform', 'multi-gpu-workload.yaml'), join(team, 'workloads', 'multi-gpu-workload.yaml'));
    const guardrails = [
      'apiVersion: v1\nkind: ResourceQuota\nmetadata: { name: gpu-quota, namespace: gpu-workloads }\nspec: { hard: { requests.nvidia.com/gpu: "8" } }',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: default-deny-ingress, namespace: gpu-workloads }\nspec: { podSelector: {}, policyTypes: [Ingress] }',
    ].join('\n---\n');
    const namespaceRules = (result: Scan) => result.located.filter((located) => located.ruleId === 'AIS-K8S-009' || located.ruleId === 'AIS-K8S-011').map((located) => located.ruleId);

    writeFileSync(join(team, 'guardrails', 'gpu-workloads.handwritten.yaml'), guardrails);
    expect(namespaceRules(await scan(team))).toEqual(['AIS-K8S-009', 'AIS-K8S-011']);

    writeFileSync(join(team, 'workloads', 'gpu-workloads.handwritten.yaml'), guardrails);
    const together = await scan(join(team, 'workloads'));
    expect(namespaceRules(together)).toEqual([]);
    expect(together.report.rules.find((rule) => rule.id === 'AIS-K8S-009')!.counts.pass).toBe(1);
  });

  it('says where a manifest is not YAML, in one line, and writes no report', async () => {
    const broken = tmp.write('broken.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [\n');
    const result = await scan(broken);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(new RegExp(`^aiscan: ${broken.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: invalid YAML`))]);
    expect(() => readdirSync(result.out)).toThrow();
  });

  it('reads a ConfigMap written as JSON as a manifest, and never repeats what a Secret or ConfigMap holds in any report', async () => {
    const secretValue = 'c2VjcmV0LWZyb20tbWFuaWZlc3Q='; // what a real Secret holds: base64
    const folder = tmp.path('payload');
    mkdirSync(folder);
    tmp.write(join('payload', 'config.json'), JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' }, data: { token: secretValue } }));
    tmp.write(
      join('payload', 'secret.yaml'),
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: default\nstringData:\n  password: ${secretValue}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: gpu\n  namespace: default\nspec:\n  containers:\n  - name: c\n    image: nvcr.io/nvidia/cuda:12.4.1-base-ubuntu22.04\n    resources:\n      limits:\n        nvidia.com/gpu: 1\n`,
    );
    const result = await scan(folder);
    expect(result.code).toBe(0);
    expect(result.report.inputSummary.read).toEqual([{ kind: 'kubernetes-manifest', label: 'Kubernetes manifest', count: 2 }]);
    expect(result.located.map((finding) => finding.ruleId)).toContain('AIS-K8S-005');
    // Findings are on the pod in the same file as the Secret: no report may carry the Secret's or the ConfigMap's values.
    for (const file of readdirSync(result.out)) {
      const text = readFileSync(join(result.out, file), 'utf8');
      expect({ file, count: text.split(secretValue).length - 1 }).toEqual({ file, count: 0 });
    }
  });
});
