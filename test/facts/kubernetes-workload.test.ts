import { describeWorkload, type PodTemplateFact, type WorkloadFact } from '../../src/facts/kubernetes-workload.js';
import { isKnownWorkloadKind } from '../../src/kubernetes/pod-specs.js';
import { KUBERNETES_WORKLOAD_TYPES } from '../../src/facts/resource-types.js';
import { parseKubernetesType } from '../../src/sources/kubernetes/kubernetes-ids.js';

type Json = Record<string, unknown>;

function workloadOf(object: Json): WorkloadFact {
  const workload = describeWorkload(object);
  if (!workload) throw new Error('expected a workload');
  return workload;
}

function onlyTemplate(object: Json): PodTemplateFact {
  const { templates } = workloadOf(object);
  expect(templates).toHaveLength(1);
  return templates[0];
}

function pod(spec: Json, metadata: Json = { name: 'p' }): Json {
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec };
}

function deployment(podSpec: Json): Json {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ml' }, spec: { template: { spec: podSpec } } };
}

const gpu = (count: unknown): Json => ({ limits: { 'nvidia.com/gpu': count } });

describe('describeWorkload: kinds', () => {
  it('Pod: the pod spec is spec, role pod', () => {
    const workload = workloadOf(pod({ containers: [{ name: 'app', image: 'busybox', resources: gpu(1) }] }));
    expect(workload).toMatchObject({ kind: 'Pod', gpuLimit: 1, requestsGpu: true, gpuStack: false });
    expect(workload.templates[0]).toMatchObject({ at: ['spec'], role: 'pod', images: ['busybox'] });
  });

  it('Deployment: spec.template.spec, role template', () => {
    const workload = workloadOf(deployment({ containers: [{ name: 'app', image: 'app:1' }] }));
    expect(workload).toMatchObject({ kind: 'Deployment', gpuLimit: 0, requestsGpu: false });
    expect(workload.templates[0]).toMatchObject({ at: ['spec', 'template', 'spec'], role: 'template' });
  });

  it('CronJob: spec.jobTemplate.spec.template.spec', () => {
    const template = onlyTemplate({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'job', resources: gpu('2') }] } } } } },
    });
    expect(template).toMatchObject({ at: ['spec', 'jobTemplate', 'spec', 'template', 'spec'], role: 'template', gpuLimit: 2 });
  });

  it('PyTorchJob: one template per replica type, named by its key', () => {
    const replica = (count: number) => ({ replicas: 1, template: { spec: { containers: [{ name: 'pytorch', image: 'trainer', resources: gpu(count) }] } } });
    const workload = workloadOf({ apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', spec: { pytorchReplicaSpecs: { Master: replica(1), Worker: replica(4) } } });
    expect(workload.templates.map(({ role, at, gpuLimit }) => ({ role, at, gpuLimit }))).toEqual([
      { role: 'Master', at: ['spec', 'pytorchReplicaSpecs', 'Master', 'template', 'spec'], gpuLimit: 1 },
      { role: 'Worker', at: ['spec', 'pytorchReplicaSpecs', 'Worker', 'template', 'spec'], gpuLimit: 4 },
    ]);
    expect(workload.gpuLimit).toBe(4);
  });

  it('RayCluster: the head and each worker group, by groupName or worker-<i>', () => {
    const group = (extra: Json) => ({ ...extra, template: { spec: { containers: [{ name: 'ray', image: 'rayproject/ray', resources: gpu(1) }] } } });
    const workload = workloadOf({
      apiVersion: 'ray.io/v1',
      kind: 'RayCluster',
      spec: { headGroupSpec: group({}), workerGroupSpecs: [group({ groupName: 'gpu-workers' }), group({})] },
    });
    expect(workload.templates.map(({ role, at }) => ({ role, at }))).toEqual([
      { role: 'head', at: ['spec', 'headGroupSpec', 'template', 'spec'] },
      { role: 'gpu-workers', at: ['spec', 'workerGroupSpecs', 0, 'template', 'spec'] },
      { role: 'worker-1', at: ['spec', 'workerGroupSpecs', 1, 'template', 'spec'] },
    ]);
  });

  it('RayJob and RayService: the cluster under rayClusterSpec and rayClusterConfig', () => {
    const cluster = { headGroupSpec: { template: { spec: { containers: [{ name: 'ray', image: 'ray' }] } } } };
    expect(onlyTemplate({ apiVersion: 'ray.io/v1', kind: 'RayJob', spec: { rayClusterSpec: cluster } }).at).toEqual(['spec', 'rayClusterSpec', 'headGroupSpec', 'template', 'spec']);
    expect(onlyTemplate({ apiVersion: 'ray.io/v1', kind: 'RayService', spec: { rayClusterConfig: cluster } }).at).toEqual(['spec', 'rayClusterConfig', 'headGroupSpec', 'template', 'spec']);
  });

  it('InferenceService with model: the component is the pod spec, the model its container', () => {
    const workload = workloadOf({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      spec: {
        predictor: {
          nodeSelector: { 'kubernetes.azure.com/accelerator': 'nvidia' },
          tolerations: [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule' }],
          model: { modelFormat: { name: 'huggingface' }, storageUri: 'hf://m', resources: { requests: { 'nvidia.com/gpu': 1 } } },
        },
        transformer: { pytorch: { image: 'transformer:1', resources: gpu('1') } },
      },
    });
    const [predictor, transformer] = workload.templates;
    expect(predictor).toMatchObject({
      at: ['spec', 'predictor'],
      role: 'predictor',
      gpuLimit: 0,
      requestsGpu: true,
      gpuRequestsWithoutLimit: [{ container: 'model', at: ['spec', 'predictor', 'model', 'resources', 'requests', 'nvidia.com/gpu'] }],
      nodeSelection: [{ label: 'kubernetes.azure.com/accelerator', values: ['nvidia'], term: null, at: ['spec', 'predictor', 'nodeSelector', 'kubernetes.azure.com/accelerator'] }],
      tolerations: [{ key: 'sku', operator: 'Equal', value: 'gpu', effect: 'NoSchedule', at: ['spec', 'predictor', 'tolerations', 0] }],
    });
    expect(transformer).toMatchObject({ at: ['spec', 'transformer'], role: 'transformer', gpuLimit: 1, images: ['transformer:1'] });
    expect(transformer.mayRunAsRoot).toEqual([{ container: 'pytorch', at: ['spec', 'transformer', 'pytorch'], detail: 'no runAsNonRoot or runAsUser' }]);
  });

  it('InferenceService with containers: the containers array', () => {
    const template = onlyTemplate({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      spec: { predictor: { containers: [{ name: 'kserve-container', image: 'vllm/vllm-openai:v0.6', resources: gpu(2) }] } },
    });
    expect(template).toMatchObject({ at: ['spec', 'predictor'], role: 'predictor', gpuLimit: 2, images: ['vllm/vllm-openai:v0.6'] });
    expect(template.mayRunAsRoot[0].at).toEqual(['spec', 'predictor', 'containers', 0]);
  });

  it('unknown kinds, groups and versions: undefined, and isKnownWorkloadKind says so', () => {
    expect(describeWorkload({ apiVersion: 'v1', kind: 'Service', spec: {} })).toBeUndefined();
    expect(describeWorkload({ apiVersion: 'example.com/v1', kind: 'Deployment', spec: {} })).toBeUndefined();
    expect(describeWorkload({ apiVersion: 'apps/v1', kind: 'deployment', spec: {} })).toBeUndefined();
    expect(isKnownWorkloadKind('apps/v1', 'StatefulSet')).toBe(true);
    expect(isKnownWorkloadKind('v1', 'ReplicationController')).toBe(true);
    expect(isKnownWorkloadKind('kubeflow.org/v1', 'MPIJob')).toBe(true);
    expect(isKnownWorkloadKind('v1', 'ConfigMap')).toBe(false);
    expect(isKnownWorkloadKind(1, 'Pod')).toBe(false);
    expect(isKnownWorkloadKind('v1', undefined)).toBe(false);
  });

  it('a known kind without a pod spec: a workload with no templates', () => {
    expect(describeWorkload({ apiVersion: 'apps/v1', kind: 'DaemonSet', spec: { template: 'x' } })).toEqual({
      kind: 'DaemonSet',
      gpuStack: false,
      gpuLimit: 0,
      requestsGpu: false,
      templates: [],
    });
  });
});

describe('describeWorkload: GPUs', () => {
  it('sums the containers\u2019 limits, numbers and strings alike; an init container counts on its own', () => {
    const template = onlyTemplate(
      pod({
        initContainers: [{ name: 'warm', image: 'i', resources: gpu(3) }],
        containers: [
          { name: 'a', image: 'a', resources: gpu(1) },
          { name: 'b', image: 'b', resources: gpu('1') },
        ],
      }),
    );
    expect(template.gpuLimit).toBe(3);
    expect(template.images).toEqual(['a', 'b', 'i']);
    const smallInit = onlyTemplate(pod({ initContainers: [{ name: 'w', resources: gpu(1) }], containers: [{ name: 'a', resources: gpu('4') }] }));
    expect(smallInit.gpuLimit).toBe(4);
  });

  it.each([['1.5'], ['abc'], [-2], ['-1'], [1.5], [null], [{}]])('a GPU quantity of %p holds no GPU but still names one', (quantity) => {
    expect(onlyTemplate(pod({ containers: [{ name: 'a', resources: gpu(quantity) }] }))).toMatchObject({ gpuLimit: 0, requestsGpu: true });
  });

  it('requests without limits: listed with the path of the requests key', () => {
    const template = onlyTemplate(
      deployment({
        containers: [
          { name: 'ok', resources: { requests: { 'nvidia.com/gpu': 1 }, limits: { 'nvidia.com/gpu': 1 } } },
          { name: 'bad', resources: { requests: { 'nvidia.com/gpu': '1' } } },
        ],
      }),
    );
    expect(template.requestsGpu).toBe(true);
    expect(template.gpuLimit).toBe(1);
    expect(template.gpuRequestsWithoutLimit).toEqual([{ container: 'bad', at: ['spec', 'template', 'spec', 'containers', 1, 'resources', 'requests', 'nvidia.com/gpu'] }]);
  });
});

describe('describeWorkload: device plugin bypass', () => {
  it('NVIDIA_VISIBLE_DEVICES=all without a GPU limit is a bypass; void is not; with a GPU limit it is the plugin\u2019s', () => {
    const env = (value: string) => [{ name: 'OTHER', value: 'x' }, { name: 'NVIDIA_VISIBLE_DEVICES', value }];
    const template = onlyTemplate(
      pod({
        containers: [
          { name: 'sneaky', env: env('all') },
          { name: 'opted-out', env: env('void') },
          { name: 'allocated', env: env('all'), resources: gpu(1) },
        ],
      }),
    );
    expect(template.deviceBypass).toEqual([{ container: 'sneaky', at: ['spec', 'containers', 0, 'env', 1], detail: 'NVIDIA_VISIBLE_DEVICES=all' }]);
  });

  it('NVIDIA_VISIBLE_DEVICES from a ConfigMap is a bypass: its value is unknown', () => {
    const template = onlyTemplate(pod({ containers: [{ name: 'c', env: [{ name: 'NVIDIA_VISIBLE_DEVICES', valueFrom: { configMapKeyRef: { name: 'cm', key: 'k' } } }] }] }));
    expect(template.deviceBypass).toEqual([{ container: 'c', at: ['spec', 'containers', 0, 'env', 0], detail: 'NVIDIA_VISIBLE_DEVICES from valueFrom' }]);
  });

  it('a hostPath mount of /dev/nvidia0 is a bypass and a hostPath volume; other hostPaths are only hostPath volumes', () => {
    const template = onlyTemplate(
      pod({
        volumes: [
          { name: 'logs', hostPath: { path: '/var/log' } },
          { name: 'gpu', hostPath: { path: '/dev/nvidia0', type: 'CharDevice' } },
          { name: 'devs', hostPath: { path: '/dev/' } },
          { name: 'scratch', emptyDir: {} },
        ],
        containers: [
          {
            name: 'c',
            volumeMounts: [
              { name: 'logs', mountPath: '/logs' },
              { name: 'gpu', mountPath: '/dev/nvidia0' },
              { name: 'scratch', mountPath: '/tmp' },
            ],
          },
          { name: 'd', volumeMounts: [{ name: 'devs', mountPath: '/host-dev' }] },
        ],
      }),
    );
    expect(template.deviceBypass).toEqual([
      { container: 'c', at: ['spec', 'containers', 0, 'volumeMounts', 1], detail: 'mounts hostPath /dev/nvidia0' },
      { container: 'd', at: ['spec', 'containers', 1, 'volumeMounts', 0], detail: 'mounts hostPath /dev/' },
    ]);
    expect(template.hostPathVolumes).toEqual([
      { volume: 'logs', path: '/var/log', at: ['spec', 'volumes', 0] },
      { volume: 'gpu', path: '/dev/nvidia0', at: ['spec', 'volumes', 1] },
      { volume: 'devs', path: '/dev/', at: ['spec', 'volumes', 2] },
    ]);
  });
});

describe('describeWorkload: which hostPaths reach GPU devices', () => {
  const bypassOf = (path: string) =>
    onlyTemplate(pod({ volumes: [{ name: 'v', hostPath: { path } }], containers: [{ name: 'c', volumeMounts: [{ name: 'v', mountPath: '/x' }] }] })).deviceBypass;

  it.each(['/dev', '/dev/', '//dev', '/dev/nvidiactl', '/dev/nvidia-uvm', '/dev/../dev/nvidia0', '/'])('%s reaches them', (path) => {
    expect(bypassOf(path)).toEqual([{ container: 'c', at: ['spec', 'containers', 0, 'volumeMounts', 0], detail: `mounts hostPath ${path}` }]);
  });

  it.each(['/devices', '/dev/shm', '/var/dev/nvidia0', 'dev/nvidia0'])('%s does not', (path) => {
    expect(bypassOf(path)).toEqual([]);
  });
});

describe('describeWorkload: what a pod may do on its node', () => {
  it('privileged and SYS_ADMIN (in any case, with or without CAP_), init containers too', () => {
    const template = onlyTemplate(
      deployment({
        initContainers: [{ name: 'setup', securityContext: { privileged: true } }],
        containers: [
          { name: 'admin', securityContext: { capabilities: { add: ['NET_ADMIN', 'SYS_ADMIN'] } } },
          { name: 'sneaky', securityContext: { capabilities: { add: ['cap_sys_admin'] } } },
          { name: 'fine', securityContext: { privileged: false, capabilities: { add: ['NET_BIND_SERVICE'] } } },
        ],
      }),
    );
    const base = ['spec', 'template', 'spec'];
    expect(template.privileged).toEqual([
      { container: 'admin', at: [...base, 'containers', 0, 'securityContext', 'capabilities', 'add', 1], detail: 'adds SYS_ADMIN' },
      { container: 'sneaky', at: [...base, 'containers', 1, 'securityContext', 'capabilities', 'add', 0], detail: 'adds SYS_ADMIN' },
      { container: 'setup', at: [...base, 'initContainers', 0, 'securityContext', 'privileged'], detail: 'privileged' },
    ]);
  });

  it('host namespaces set true on the pod spec', () => {
    const template = onlyTemplate(pod({ hostPID: true, hostIPC: false, hostNetwork: true, containers: [] }));
    expect(template.hostNamespaces).toEqual([
      { field: 'hostPID', at: ['spec', 'hostPID'] },
      { field: 'hostNetwork', at: ['spec', 'hostNetwork'] },
    ]);
  });

  it('may run as root: the container\u2019s securityContext overrides the pod\u2019s, field by field', () => {
    const template = onlyTemplate(
      pod({
        securityContext: { runAsNonRoot: true },
        containers: [
          { name: 'inherits', image: 'a' },
          { name: 'opts-out-as-root', securityContext: { runAsNonRoot: false, runAsUser: 0 } },
          { name: 'opts-out-as-user', securityContext: { runAsNonRoot: false, runAsUser: 1000 } },
          { name: 'opts-out', securityContext: { runAsNonRoot: false } },
          // Kubelet refuses to start it: runAsNonRoot stays true from the pod.
          { name: 'refused', securityContext: { runAsUser: 0 } },
        ],
      }),
    );
    expect(template.mayRunAsRoot).toEqual([
      { container: 'opts-out-as-root', at: ['spec', 'containers', 1], detail: 'runAsUser 0' },
      { container: 'opts-out', at: ['spec', 'containers', 3], detail: 'no runAsNonRoot or runAsUser' },
    ]);
  });

  it('may run as root: a pod-level runAsUser 0 overridden by a container runAsUser 1000 is fine; a string user counts as none', () => {
    const template = onlyTemplate(
      pod({
        securityContext: { runAsUser: 0 },
        containers: [
          { name: 'user', securityContext: { runAsUser: 1000 } },
          { name: 'root', securityContext: { runAsUser: '1000' } },
        ],
        initContainers: [{ name: 'init' }],
      }),
    );
    expect(template.mayRunAsRoot).toEqual([
      { container: 'root', at: ['spec', 'containers', 1], detail: 'runAsUser 0' },
      { container: 'init', at: ['spec', 'initContainers', 0], detail: 'runAsUser 0' },
    ]);
  });
});

describe('describeWorkload: scheduling', () => {
  it('tolerations: operator Exists with no key tolerates everything; an empty key or effect reads as null', () => {
    const template = onlyTemplate(
      deployment({
        tolerations: [{ operator: 'Exists' }, { key: '', operator: 'Exists', effect: '' }, { key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }, 'junk'],
      }),
    );
    const at = (index: number) => ['spec', 'template', 'spec', 'tolerations', index];
    expect(template.tolerations).toEqual([
      { key: null, operator: 'Exists', value: null, effect: null, at: at(0) },
      { key: null, operator: 'Exists', value: null, effect: null, at: at(1) },
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule', at: at(2) },
    ]);
  });

  it('node selection: nodeSelector entries and required node affinity In expressions, not preferred or NotIn', () => {
    const template = onlyTemplate(
      pod({
        nodeSelector: { agentpool: 'gpu', bad: 3 },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'zone', operator: 'NotIn', values: ['a'] },
                    { key: 'sku', operator: 'In', values: ['gpu', 'gpu-large', 7] },
                  ],
                },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'p', operator: 'In', values: ['x'] }] } }],
          },
        },
      }),
    );
    expect(template.nodeSelection).toEqual([
      { label: 'agentpool', values: ['gpu'], term: null, at: ['spec', 'nodeSelector', 'agentpool'] },
      {
        label: 'sku',
        values: ['gpu', 'gpu-large'],
        term: 0,
        at: ['spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 1],
      },
    ]);
  });
});

describe('describeWorkload: GPU stack images', () => {
  const daemonSet = (images: string[], init: string[] = []): Json => ({
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    spec: { template: { spec: { containers: images.map((image, i) => ({ name: `c${i}`, image })), initContainers: init.map((image) => ({ name: 'i', image })) } } },
  });

  it('true when every image, init containers too, is a GPU stack repository, whatever its tag, digest or registry case', () => {
    expect(workloadOf(daemonSet(['nvcr.io/nvidia/k8s-device-plugin:v0.17.0'])).gpuStack).toBe(true);
    expect(workloadOf(daemonSet(['NVCR.IO/nvidia/k8s/dcgm-exporter:3.3.9-3.6.1-ubuntu22.04@sha256:abc'], ['nvcr.io/nvidia/cloud-native/gpu-operator-validator'])).gpuStack).toBe(true);
    expect(workloadOf(daemonSet(['mcr.microsoft.com/oss/nvidia/k8s-device-plugin:v0.15.0', 'nvidia/k8s-device-plugin'])).gpuStack).toBe(true);
  });

  it('false when one image is not, when an image is missing, or when there is no container', () => {
    expect(workloadOf(daemonSet(['nvcr.io/nvidia/k8s-device-plugin:v0.17.0'], ['busybox'])).gpuStack).toBe(false);
    expect(workloadOf(daemonSet([])).gpuStack).toBe(false);
    expect(workloadOf(pod({ containers: [{ name: 'no-image' }] })).gpuStack).toBe(false);
  });

  it.each([
    'evil.io/nvidia/k8s-device-plugin:v0.17.0',
    'nvcr.io/nvidia/k8s-device-plugin-fake:v1',
    'nvcr.io/nvidia/k8s-device-plugin/extra',
    'nvcr.io/NVIDIA/k8s-device-plugin',
    'nvcr.io/nvidia/cuda:12.4.1-base-ubi8',
    'nvidia/k8s-device-plugin.evil.io/x',
  ])('an image that only looks like the stack\u2019s is not: %s', (image) => {
    expect(workloadOf(daemonSet([image])).gpuStack).toBe(false);
  });
});

describe('describeWorkload: hostile shapes', () => {
  it.each<[string, Json]>([
    ['containers not an array', pod({ containers: { name: 'x' } })],
    ['limits a string', pod({ containers: [{ name: 'c', resources: { limits: 'nvidia.com/gpu=8', requests: 7 } }] })],
    ['spec a number', pod(5 as unknown as Json)],
    ['null everywhere', pod({ containers: [null, { name: null, env: [null, 'x'], volumeMounts: null, securityContext: null }], volumes: [null], tolerations: null, affinity: { nodeAffinity: null } })],
    ['replica specs an array', { apiVersion: 'kubeflow.org/v1', kind: 'TFJob', spec: { tfReplicaSpecs: [1, 2] } }],
    ['worker groups a string', { apiVersion: 'ray.io/v1', kind: 'RayCluster', spec: { workerGroupSpecs: 'many' } }],
    ['KServe components of the wrong type', { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', spec: { predictor: [], transformer: 'x' } }],
  ])('%s: no throw, nothing invented', (_, object) => {
    const workload = workloadOf(object);
    expect(workload.gpuLimit).toBe(0);
    expect(workload.requestsGpu).toBe(false);
  });

  it('apiVersion a number, kind an object, the object itself not an object: undefined', () => {
    expect(describeWorkload({ apiVersion: 1, kind: 'Pod', spec: {} })).toBeUndefined();
    expect(describeWorkload({ apiVersion: 'v1', kind: { toString: 'Pod' } })).toBeUndefined();
    expect(describeWorkload(null as unknown as Json)).toBeUndefined();
    expect(describeWorkload([] as unknown as Json)).toBeUndefined();
  });

  it('__proto__ keys in the JSON are ordinary keys, never the prototype', () => {
    // As JSON.parse reads a manifest: `__proto__` becomes an own key, not the prototype.
    const object = JSON.parse(
      '{"apiVersion":"kubeflow.org/v1","kind":"PyTorchJob","spec":{"pytorchReplicaSpecs":{"__proto__":{"template":{"spec":{"containers":[{"name":"c","resources":{"limits":{"__proto__":1,"nvidia.com/gpu":2}}}]}}}}}}',
    ) as Json;
    const workload = workloadOf(object);
    expect(workload.templates.map((template) => template.role)).toEqual(['__proto__']);
    expect(workload.templates[0].at).toEqual(['spec', 'pytorchReplicaSpecs', '__proto__', 'template', 'spec']);
    expect(workload.gpuLimit).toBe(2);
  });

  it('inherited properties are not fields, and kinds named like Object members are unknown', () => {
    const spec = Object.create({ containers: [{ name: 'inherited', image: 'x', resources: { limits: { 'nvidia.com/gpu': 8 } } }] }) as Json;
    expect(workloadOf(pod(spec)).templates[0]).toMatchObject({ images: [], gpuLimit: 0 });
    expect(isKnownWorkloadKind('v1', 'constructor')).toBe(false);
    expect(isKnownWorkloadKind('', '__proto__')).toBe(false);
  });
});

describe('the kinds the facts contract sets the workload fact on', () => {
  it('are each a kind describeWorkload reads, so no workload type is left without its fact', () => {
    const unread = KUBERNETES_WORKLOAD_TYPES.filter((type) => {
      const { group, kind } = parseKubernetesType(type)!;
      return !isKnownWorkloadKind(group === 'core' ? 'v1' : `${group}/v1`, kind);
    });
    expect(unread).toEqual([]);
    expect(isKnownWorkloadKind('example.com/v1', 'Workspace')).toBe(false);
  });
});
