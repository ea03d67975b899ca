import { fragmentReason } from '../../../src/sources/kubernetes/whole-object.js';

/**
 * A whole object is what the API server creates as it stands (so `kubectl apply -f` creates it
 * wherever it sits); a fragment is what a strategic-merge patch holds. Hand-written objects, each
 * the smallest of its kind that the API server accepts, or that plus one field taken away.
 */

type Json = Record<string, unknown>;

const container = { name: 'train', image: 'nvcr.io/nvidia/pytorch:24.01-py3' };
const podSpec = { containers: [container] };
const template = { metadata: { labels: { app: 'trainer' } }, spec: podSpec };
const selector = { matchLabels: { app: 'trainer' } };

const whole: [string, Json][] = [
  ['a Pod', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: podSpec }],
  ['a Deployment', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { selector, template } }],
  ['a StatefulSet', { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 's' }, spec: { selector, template } }],
  ['a Job (its selector is made for it)', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template } }],
  ['a CronJob', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '@daily', jobTemplate: { spec: { template } } } }],
  ['a Pod with an init container', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [container] } }],
  ['a PyTorchJob', { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 't' }, spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template } } } }],
  ['a KServe InferenceService with a model container alone', { apiVersion: 'serving.kserve.io/v1beta1', kind: 'InferenceService', metadata: { name: 'i' }, spec: { predictor: { model: { modelFormat: { name: 'pytorch' }, storageUri: 'gs://m' } } } }],
  ['a ClusterRoleBinding', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' } }],
  ['a Namespace: nothing in it tells a patch from the object', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ml', labels: { team: 'a' } } }],
  ['a kind aiscan does not know', { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } }],
];

const fragments: [string, Json, string][] = [
  ['no name', { apiVersion: 'v1', kind: 'Pod', spec: podSpec }, 'it has no metadata.name'],
  ['an empty name', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: '' } }, 'it has no metadata.name'],
  ['a Deployment patch of its replicas', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { replicas: 3 } }, 'it has no spec.selector'],
  ['a Deployment patch of its image, with no selector', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template } }, 'it has no spec.selector'],
  [
    'a Job patch of a container\'s GPU limit',
    { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [{ name: 'train', resources: { limits: { 'nvidia.com/gpu': 1 } } }] } } } },
    'its container at /spec/template/spec/containers/0 has no name or no image',
  ],
  ['a Job patch of its parallelism', { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { parallelism: 4 } }, 'it has no pod template'],
  ['a Pod whose image is blank', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: ' ' }] } }, 'its container at /spec/containers/0 has no name or no image'],
  ['a container with no name', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ image: 'busybox' }] } }, 'its container at /spec/containers/0 has no name or no image'],
  [
    'an init container with no image',
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { initContainers: [{ name: 'init' }], containers: [container] } },
    'its container at /spec/initContainers/0 has no name or no image',
  ],
  ['a Pod with init containers only', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { initContainers: [container] } }, 'its pod template at /spec has no containers'],
  ['a Pod with an empty containers list', { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [] } }, 'its pod template at /spec has no containers'],
  ['a PyTorchJob patch of its replicas', { apiVersion: 'kubeflow.org/v1', kind: 'PyTorchJob', metadata: { name: 't' }, spec: { pytorchReplicaSpecs: { Worker: { replicas: 8 } } } }, 'it has no pod template'],
  ['a RoleBinding patch of its subjects', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b' }, subjects: [{ kind: 'User', name: 'eve' }] }, 'it has no roleRef'],
  ['a binding whose roleRef names no role', { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'b' }, roleRef: { kind: 'ClusterRole' } }, 'it has no roleRef'],
];

describe('fragmentReason: whether a Kubernetes object is whole, or a patch\'s fragment', () => {
  it.each(whole)('whole: %s', (_name, object) => {
    expect(fragmentReason(object)).toBeUndefined();
  });

  it.each(fragments)('fragment: %s', (_name, object, reason) => {
    expect(fragmentReason(object)).toBe(reason);
  });

  it('reads own fields only: a selector or an image on the prototype does not make an object whole', () => {
    const inherited = Object.create({ selector }) as Json;
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: Object.assign(inherited, { template }) };
    expect(fragmentReason(deployment)).toBe('it has no spec.selector');
    const imageless = Object.create({ image: 'busybox' }) as Json;
    expect(fragmentReason({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [Object.assign(imageless, { name: 'c' })] } })).toBe(
      'its container at /spec/containers/0 has no name or no image',
    );
  });
});
