/**
 * Where each kind of Kubernetes object keeps its pod specs, and the containers of each: read by
 * the manifest sources (is this object whole, or a patch's fragment?) and by the workload facts
 * (what each pod may do).
 *
 * The object is whatever a manifest says: every field is read as an own property with its type
 * checked, and a field of the wrong type is ignored, never trusted and never thrown on.
 */
import type { JsonPath } from '../estate.js';
import { isObject, ownAt, ownField, type JsonObject } from '../own-fields.js';

/** A container as found: its name (or where it is, when it has none), path and object. */
export interface Container {
  name: string;
  at: JsonPath;
  spec: JsonObject;
  init: boolean;
  /** A KServe model container: a component's `model` or framework key, not an entry of a containers list. */
  model?: true;
}

/** A pod spec as found: `spec` holds the pod-level fields, `containers` every container of the pod. */
export interface PodSpecSource {
  role: string;
  at: JsonPath;
  spec: JsonObject;
  containers: Container[];
}

type Locator = (object: JsonObject) => PodSpecSource[];

const TEMPLATE_SPEC = ['spec', 'template', 'spec'];

/** Where each kind keeps its pod templates, by `<API group>/<kind>` (the core group is ''). */
const KINDS = new Map<string, Locator>([
  ['/Pod', fixed('pod', ['spec'])],
  ['/PodTemplate', fixed('template', ['template', 'spec'])],
  ['/ReplicationController', fixed('template', TEMPLATE_SPEC)],
  ['apps/Deployment', fixed('template', TEMPLATE_SPEC)],
  ['apps/StatefulSet', fixed('template', TEMPLATE_SPEC)],
  ['apps/DaemonSet', fixed('template', TEMPLATE_SPEC)],
  ['apps/ReplicaSet', fixed('template', TEMPLATE_SPEC)],
  ['batch/Job', fixed('template', TEMPLATE_SPEC)],
  ['batch/CronJob', fixed('template', ['spec', 'jobTemplate', 'spec', 'template', 'spec'])],
  ['kubeflow.org/PyTorchJob', replicaSpecs('pytorchReplicaSpecs')],
  ['kubeflow.org/TFJob', replicaSpecs('tfReplicaSpecs')],
  ['kubeflow.org/MPIJob', replicaSpecs('mpiReplicaSpecs')],
  ['kubeflow.org/XGBoostJob', replicaSpecs('xgbReplicaSpecs')],
  ['kubeflow.org/PaddleJob', replicaSpecs('paddleReplicaSpecs')],
  ['ray.io/RayCluster', rayCluster(['spec'])],
  ['ray.io/RayJob', rayCluster(['spec', 'rayClusterSpec'])],
  ['ray.io/RayService', rayCluster(['spec', 'rayClusterConfig'])],
  ['serving.kserve.io/InferenceService', inferenceService],
]);

/** The pod specs of `object`, each with its containers; undefined when its kind holds none that this module knows. */
export function podSpecsOf(object: Record<string, unknown>): PodSpecSource[] | undefined {
  const locate = KINDS.get(kindKey(ownField(object, 'apiVersion'), ownField(object, 'kind')) ?? '');
  return locate && isObject(object) ? locate(object) : undefined;
}

/** Whether podSpecsOf knows the kind, so that other kinds that might hold pods can be counted. */
export function isKnownWorkloadKind(apiVersion: unknown, kind: unknown): boolean {
  return KINDS.has(kindKey(apiVersion, kind) ?? '');
}

/** `apps/v1` + `Deployment` → `apps/Deployment`; `v1` + `Pod` → `/Pod`. */
function kindKey(apiVersion: unknown, kind: unknown): string | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return `${slash === -1 ? '' : apiVersion.slice(0, slash)}/${kind}`;
}

function fixed(role: string, path: JsonPath): Locator {
  return (object) => podSpecAt(object, role, path);
}

/** Kubeflow training jobs: one template per replica type, named by its key (Master, Worker…). */
function replicaSpecs(name: string): Locator {
  return (object) => {
    const replicas = ownField(ownField(object, 'spec'), name);
    if (!isObject(replicas)) return [];
    return Object.keys(replicas).flatMap((role) => podSpecAt(object, role, ['spec', name, role, 'template', 'spec']));
  };
}

/** A Ray cluster spec, at `clusterPath`: the head group and each worker group. */
function rayCluster(clusterPath: JsonPath): Locator {
  return (object) => {
    const head = podSpecAt(object, 'head', [...clusterPath, 'headGroupSpec', 'template', 'spec']);
    const groups = arrayField(ownAt(object, clusterPath), 'workerGroupSpecs');
    const workers = groups.flatMap((group, index) => {
      const groupName = ownField(group, 'groupName');
      const role = typeof groupName === 'string' && groupName !== '' ? groupName : `worker-${index}`;
      return podSpecAt(object, role, [...clusterPath, 'workerGroupSpecs', index, 'template', 'spec']);
    });
    return [...head, ...workers];
  };
}

const KSERVE_COMPONENTS = ['predictor', 'transformer', 'explainer'];

/** Object-valued fields of a KServe component that are pod-spec or component settings, never a model container. */
const KSERVE_NON_CONTAINER_KEYS = new Set(['affinity', 'securityContext', 'nodeSelector', 'dnsConfig', 'overhead', 'os', 'logger', 'batcher', 'workerSpec']);

/** The fields by which a framework key (sklearn, pytorch, huggingface…) is recognised as a container. */
const MODEL_CONTAINER_FIELDS = ['resources', 'image', 'storageUri', 'runtimeVersion'];

/**
 * KServe components are pod specs themselves. Their containers are the `containers` array and the
 * model container (under `model` or a framework key): both are read, as KServe runs both.
 */
function inferenceService(object: JsonObject): PodSpecSource[] {
  return KSERVE_COMPONENTS.flatMap((role) => {
    const at = ['spec', role];
    const spec = ownAt(object, at);
    if (!isObject(spec)) return [];
    return [{ role, at, spec, containers: [...containersOf(spec, at), ...modelContainers(spec, at)] }];
  });
}

function modelContainers(component: JsonObject, at: JsonPath): Container[] {
  return Object.keys(component).flatMap((key) => {
    const value = component[key];
    if (!isObject(value) || KSERVE_NON_CONTAINER_KEYS.has(key)) return [];
    const isModel = key === 'model' || MODEL_CONTAINER_FIELDS.some((name) => ownField(value, name) !== undefined);
    return isModel ? [{ name: key, at: [...at, key], spec: value, init: false, model: true as const }] : [];
  });
}

function podSpecAt(object: JsonObject, role: string, at: JsonPath): PodSpecSource[] {
  const spec = ownAt(object, at);
  return isObject(spec) ? [{ role, at, spec, containers: containersOf(spec, at) }] : [];
}

function containersOf(spec: JsonObject, at: JsonPath): Container[] {
  return (['containers', 'initContainers'] as const).flatMap((list) =>
    arrayField(spec, list).flatMap((container, index) => {
      if (!isObject(container)) return [];
      const name = ownField(container, 'name');
      return [{ name: typeof name === 'string' ? name : `${list}[${index}]`, at: [...at, list, index], spec: container, init: list === 'initContainers' }];
    }),
  );
}

/** An own array field, or none. */
export function arrayField(value: unknown, name: string): unknown[] {
  const found = ownField(value, name);
  return Array.isArray(found) ? found : [];
}
