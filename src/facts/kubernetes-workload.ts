/**
 * The pod templates of a Kubernetes object, described for security rules: what each asks of GPUs,
 * where it may be scheduled, and what it may do on its node.
 *
 * The object is whatever a manifest says, so every field is read with its type checked and a field
 * of the wrong type is ignored, never trusted and never thrown on. Kubernetes compares field names
 * exactly, so unlike the ARM readers in read.ts nothing here ignores case, and only own properties
 * are read (a `__proto__` key in the JSON is just a key).
 */
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import type { JsonPath } from '../estate.js';
import { sourceDataFile } from '../package-info.js';
import { arrayField, podSpecsOf, type Container, type PodSpecSource } from '../kubernetes/pod-specs.js';
import { isObject, ownAt, ownField, type JsonObject } from './read.js';

export interface ContainerEntry {
  container: string;
  at: JsonPath;
  detail?: string;
}

export interface TolerationFact {
  key: string | null;
  operator: 'Equal' | 'Exists';
  value: string | null;
  effect: string | null;
  at: JsonPath;
}

export interface PodTemplateFact {
  /** Path of the pod spec inside the object, e.g. ['spec','template','spec']. */
  at: JsonPath;
  /** 'pod', 'template', a Kubeflow replica type, 'head' or a Ray worker group, a KServe component. */
  role: string;
  /** GPUs one pod of this template holds: max(sum over containers of their limit, largest init container's). */
  gpuLimit: number;
  /** A container or init container names nvidia.com/gpu in its limits or requests. */
  requestsGpu: boolean;
  /** Containers whose requests name nvidia.com/gpu and whose limits do not. at → the requests key. */
  gpuRequestsWithoutLimit: ContainerEntry[];
  /** Containers without a GPU limit that reach GPUs around the device plugin. */
  deviceBypass: ContainerEntry[];
  tolerations: TolerationFact[];
  /** nodeSelector entries and required node affinity `In` expressions. at → the entry. */
  nodeSelection: { label: string; values: string[]; term: number | null; at: JsonPath }[];
  /** Privileged containers, or ones adding SYS_ADMIN or ALL: one entry per reason. */
  privileged: ContainerEntry[];
  hostNamespaces: { field: 'hostPID' | 'hostIPC' | 'hostNetwork'; at: JsonPath }[];
  hostPathVolumes: { volume: string; path: string; at: JsonPath }[];
  /** Containers whose effective runAsNonRoot is not true and effective runAsUser is not a positive integer. */
  mayRunAsRoot: ContainerEntry[];
  /** Every image of its containers, as written. */
  images: string[];
}

export interface WorkloadFact {
  kind: string;
  /** The object has a container and every container's image is a GPU stack image (gpu-stack-images.json). */
  gpuStack: boolean;
  /** The largest gpuLimit of its templates. */
  gpuLimit: number;
  requestsGpu: boolean;
  templates: PodTemplateFact[];
}

const GPU = 'nvidia.com/gpu';

/** The pod templates of `object`; undefined when its kind holds none that this module knows. */
export function describeWorkload(object: Record<string, unknown>): WorkloadFact | undefined {
  if (!isObject(object)) return undefined;
  const kind = ownField(object, 'kind');
  const sources = podSpecsOf(object);
  if (sources === undefined || typeof kind !== 'string') return undefined;
  const templates = sources.map(describeTemplate);
  const containers = sources.flatMap((source) => source.containers);
  return {
    kind,
    gpuStack: containers.length > 0 && containers.every((container) => isGpuStackImage(ownField(container.spec, 'image'))),
    gpuLimit: Math.max(0, ...templates.map((template) => template.gpuLimit)),
    requestsGpu: templates.some((template) => template.requestsGpu),
    templates,
  };
}

// ---- What a pod spec says ----

function describeTemplate({ role, at, spec, containers }: PodSpecSource): PodTemplateFact {
  const limits = containers.map((container) => gpuCount(gpuQuantity(container, 'limits')));
  const appLimit = sum(limits.filter((_, index) => !containers[index].init));
  const initLimit = Math.max(0, ...limits.filter((_, index) => containers[index].init));
  const hostPaths = hostPathVolumesOf(spec, at);
  return {
    at,
    role,
    gpuLimit: Math.max(appLimit, initLimit),
    requestsGpu: containers.some((container) => gpuQuantity(container, 'limits') !== undefined || gpuQuantity(container, 'requests') !== undefined),
    gpuRequestsWithoutLimit: containers.flatMap(requestWithoutLimit),
    deviceBypass: containers.flatMap((container) => deviceBypass(container, hostPaths)),
    tolerations: tolerationsOf(spec, at),
    nodeSelection: nodeSelectionOf(spec, at),
    privileged: containers.flatMap(privilegeOf),
    hostNamespaces: HOST_NAMESPACES.filter((name) => ownField(spec, name) === true).map((name) => ({ field: name, at: [...at, name] })),
    hostPathVolumes: hostPaths,
    mayRunAsRoot: containers.flatMap((container) => mayRunAsRoot(container, ownField(spec, 'securityContext'))),
    images: containers.flatMap((container) => strings(ownField(container.spec, 'image'))),
  };
}

const HOST_NAMESPACES = ['hostPID', 'hostIPC', 'hostNetwork'] as const;

/** The nvidia.com/gpu value in a container's limits or requests; undefined when not named. */
function gpuQuantity(container: Container, list: 'limits' | 'requests'): unknown {
  return ownField(ownField(ownField(container.spec, 'resources'), list), GPU);
}

/** Extended resources are whole numbers: anything else holds no GPU (and the API would refuse it). */
function gpuCount(quantity: unknown): number {
  const count = typeof quantity === 'string' && /^\d+$/.test(quantity) ? Number(quantity) : quantity;
  return typeof count === 'number' && Number.isSafeInteger(count) && count > 0 ? count : 0;
}

function requestWithoutLimit(container: Container): ContainerEntry[] {
  if (gpuQuantity(container, 'requests') === undefined || gpuQuantity(container, 'limits') !== undefined) return [];
  return [{ container: container.name, at: [...container.at, 'resources', 'requests', GPU] }];
}

/** NVIDIA_VISIBLE_DEVICES values with which the NVIDIA runtime exposes no GPU. */
const NO_DEVICES = new Set(['void', 'none', '']);

/**
 * The NVIDIA runtime exposes the GPUs NVIDIA_VISIBLE_DEVICES names, and a hostPath mount exposes the
 * device nodes: either reaches GPUs the device plugin never allocated. A container the plugin gave
 * GPUs has its NVIDIA_VISIBLE_DEVICES set by the plugin, so only containers without a limit count.
 */
function deviceBypass(container: Container, hostPaths: PodTemplateFact['hostPathVolumes']): ContainerEntry[] {
  if (gpuCount(gpuQuantity(container, 'limits')) > 0) return [];
  const entries: ContainerEntry[] = [];
  const env = arrayField(container.spec, 'env');
  // Kubernetes applies env entries in order, so the last of a name is the one the container sees.
  const index = env.map((entry) => ownField(entry, 'name')).lastIndexOf('NVIDIA_VISIBLE_DEVICES');
  if (index !== -1) {
    const value = ownField(env[index], 'value');
    const at = [...container.at, 'env', index];
    if (typeof value === 'string' && !NO_DEVICES.has(value)) entries.push({ container: container.name, at, detail: `NVIDIA_VISIBLE_DEVICES=${value}` });
    // A value read from a ConfigMap or Secret is unknown here, so it may name every GPU.
    else if (value === undefined && isObject(ownField(env[index], 'valueFrom'))) entries.push({ container: container.name, at, detail: 'NVIDIA_VISIBLE_DEVICES from valueFrom' });
  }
  arrayField(container.spec, 'volumeMounts').forEach((mount, mountIndex) => {
    const volume = ownField(mount, 'name');
    const hostPath = hostPaths.find((candidate) => candidate.volume === volume)?.path;
    if (hostPath !== undefined && reachesGpuDevices(hostPath)) {
      entries.push({ container: container.name, at: [...container.at, 'volumeMounts', mountIndex], detail: `mounts hostPath ${hostPath}` });
    }
  });
  return entries;
}

/** /dev, /dev/nvidia*, or / (which holds /dev), however the path is spelled (`/dev/`, `//dev`, `/dev/../dev`). */
function reachesGpuDevices(path: string): boolean {
  const normal = posix.normalize(path).replace(/\/+$/, '') || '/';
  return normal === '/' || normal === '/dev' || normal.startsWith('/dev/nvidia');
}

function tolerationsOf(spec: JsonObject, at: JsonPath): TolerationFact[] {
  return arrayField(spec, 'tolerations').flatMap((toleration, index) => {
    if (!isObject(toleration)) return [];
    const value = ownField(toleration, 'value');
    return [
      {
        // An empty key or effect matches every key or effect, as an absent one does.
        key: nonEmptyString(ownField(toleration, 'key')),
        operator: ownField(toleration, 'operator') === 'Exists' ? ('Exists' as const) : ('Equal' as const),
        value: typeof value === 'string' ? value : null,
        effect: nonEmptyString(ownField(toleration, 'effect')),
        at: [...at, 'tolerations', index],
      },
    ];
  });
}

function nodeSelectionOf(spec: JsonObject, at: JsonPath): PodTemplateFact['nodeSelection'] {
  const selector = ownField(spec, 'nodeSelector');
  const fromSelector = isObject(selector)
    ? Object.keys(selector).flatMap((label) => strings(selector[label]).map((value) => ({ label, values: [value], term: null, at: [...at, 'nodeSelector', label] })))
    : [];
  const termsPath = ['affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms'];
  const terms = ownAt(spec, termsPath);
  const fromAffinity = (Array.isArray(terms) ? terms : []).flatMap((term, termIndex) =>
    arrayField(term, 'matchExpressions').flatMap((expression, index) => {
      const label = ownField(expression, 'key');
      if (ownField(expression, 'operator') !== 'In' || typeof label !== 'string') return [];
      const values = arrayField(expression, 'values').filter((value): value is string => typeof value === 'string');
      return [{ label, values, term: termIndex, at: [...at, ...termsPath, termIndex, 'matchExpressions', index] }];
    }),
  );
  return [...fromSelector, ...fromAffinity];
}

/** Capabilities that give the node: SYS_ADMIN, or ALL. containerd upper-cases names and adds CAP_. */
const NODE_CAPABILITIES = new Set(['SYS_ADMIN', 'ALL']);

function privilegeOf(container: Container): ContainerEntry[] {
  const context = ownField(container.spec, 'securityContext');
  const entries: ContainerEntry[] = [];
  if (ownField(context, 'privileged') === true) entries.push({ container: container.name, at: [...container.at, 'securityContext', 'privileged'], detail: 'privileged' });
  arrayField(ownField(context, 'capabilities'), 'add').forEach((capability, index) => {
    const name = typeof capability === 'string' ? capability.toUpperCase().replace(/^CAP_/, '') : '';
    if (NODE_CAPABILITIES.has(name)) entries.push({ container: container.name, at: [...container.at, 'securityContext', 'capabilities', 'add', index], detail: `adds ${name}` });
  });
  return entries;
}

function hostPathVolumesOf(spec: JsonObject, at: JsonPath): PodTemplateFact['hostPathVolumes'] {
  return arrayField(spec, 'volumes').flatMap((volume, index) => {
    const path = ownField(ownField(volume, 'hostPath'), 'path');
    if (typeof path !== 'string') return [];
    const name = ownField(volume, 'name');
    return [{ volume: typeof name === 'string' ? name : `volumes[${index}]`, path, at: [...at, 'volumes', index] }];
  });
}

/**
 * A container's securityContext overrides the pod's field by field. Kubelet refuses to start a
 * container whose runAsNonRoot is true and whose user is root, so runAsNonRoot true is enough.
 */
function mayRunAsRoot(container: Container, podContext: unknown): ContainerEntry[] {
  const context = ownField(container.spec, 'securityContext');
  const nonRoot = effective(context, podContext, 'runAsNonRoot', 'boolean');
  const user = effective(context, podContext, 'runAsUser', 'number');
  if (nonRoot === true || (typeof user === 'number' && Number.isSafeInteger(user) && user > 0)) return [];
  return [{ container: container.name, at: container.at, detail: user === 0 ? 'runAsUser 0' : 'no runAsNonRoot or runAsUser' }];
}

function effective(own: unknown, pod: unknown, name: string, type: 'boolean' | 'number'): unknown {
  const mine = ownField(own, name);
  if (typeof mine === type) return mine;
  const inherited = ownField(pod, name);
  return typeof inherited === type ? inherited : undefined;
}

// ---- GPU stack images ----

const GPU_STACK_FILE_NAME = 'gpu-stack-images.json';

let gpuStackRepositories: Set<string> | undefined;

/** The image's repository is the GPU stack's: compared exactly, the registry host ignoring case. */
function isGpuStackImage(image: unknown): boolean {
  if (typeof image !== 'string') return false;
  gpuStackRepositories ??= loadGpuStackRepositories();
  return gpuStackRepositories.has(repositoryOf(image));
}

/** `Nvcr.io/nvidia/k8s-device-plugin:v0.17.0@sha256:…` → `nvcr.io/nvidia/k8s-device-plugin`. */
function repositoryOf(image: string): string {
  const name = image.split('@')[0];
  const tag = name.indexOf(':', name.lastIndexOf('/') + 1);
  const repository = tag === -1 ? name : name.slice(0, tag);
  const slash = repository.indexOf('/');
  const first = repository.slice(0, slash);
  // As Docker reads a reference: the first component is a registry host only if it looks like one.
  const isHost = slash !== -1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  return isHost ? first.toLowerCase() + repository.slice(slash) : repository;
}

function loadGpuStackRepositories(): Set<string> {
  const file = sourceDataFile(new URL(`./${GPU_STACK_FILE_NAME}`, import.meta.url), 'facts', GPU_STACK_FILE_NAME);
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const repositories = ownField(data, 'repositories');
  if (!Array.isArray(repositories) || !repositories.every((entry) => typeof entry === 'string')) {
    throw new Error(`${file}: "repositories" must be an array of image repositories`);
  }
  return new Set(repositories.map(repositoryOf));
}

// ---- Reading untrusted JSON ----

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A string as a list of one; nothing else as an empty list. */
function strings(value: unknown): string[] {
  return typeof value === 'string' ? [value] : [];
}

function sum(values: number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
