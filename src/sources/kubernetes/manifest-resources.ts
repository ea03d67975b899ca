/**
 * Kubernetes objects of manifest files as estate resources: the object as written, with the id,
 * type and name ARM resources carry (src/sources/kubernetes/kubernetes-ids.ts), declared at the
 * lines the manifest gives, so a finding points at the failing field.
 */
import type { EstateResource, UnknownValue } from '../../estate.js';
import { apiGroupOf, kubernetesObjectId, kubernetesType } from './kubernetes-ids.js';
import type { ManifestObject } from './read-manifests.js';
import { isRecord } from '../../json/is-record.js';

/** Kinds that belong to no namespace, by `group/kind`: for them a missing namespace is no gap. */
const CLUSTER_SCOPED = new Set([
  'core/Namespace',
  'core/Node',
  'core/PersistentVolume',
  'core/ComponentStatus',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  'storage.k8s.io/StorageClass',
  'storage.k8s.io/CSIDriver',
  'storage.k8s.io/CSINode',
  'storage.k8s.io/VolumeAttachment',
  'apiextensions.k8s.io/CustomResourceDefinition',
  'admissionregistration.k8s.io/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicy',
  'admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding',
  'scheduling.k8s.io/PriorityClass',
  'node.k8s.io/RuntimeClass',
  'networking.k8s.io/IngressClass',
  'apiregistration.k8s.io/APIService',
  'certificates.k8s.io/CertificateSigningRequest',
]);

/**
 * Where a namespaced object whose manifest names no namespace is put: `kubectl apply -n` or
 * `helm --namespace` chooses it later. No Kubernetes namespace can be called this (names are DNS
 * labels), so it never joins a real one.
 */
export const UNSET_NAMESPACE = '(unset)';

export function manifestResources(file: string, objects: readonly ManifestObject[], clusterId: string): EstateResource[] {
  return objects.map((manifest) => manifestResource(file, manifest, clusterId));
}

function manifestResource(file: string, manifest: ManifestObject, clusterId: string): EstateResource {
  const { object } = manifest;
  const apiVersion = object.apiVersion as string;
  const kind = object.kind as string;
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const name = nameOf(metadata, manifest);
  const namespaced = !CLUSTER_SCOPED.has(`${apiGroupOf(apiVersion)}/${kind}`);
  const written = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : undefined;
  const namespace = namespaced ? (written ?? UNSET_NAMESPACE) : undefined;
  const type = kubernetesType(apiVersion, kind);
  const as = namespace === undefined ? `${kind}/${name}` : `${kind}/${namespace}/${name}`;
  const unknown: UnknownValue[] =
    namespaced && written === undefined
      ? [{ path: ['metadata', 'namespace'], expression: `${as} metadata.namespace`, reason: 'the manifest names no namespace: kubectl apply --namespace or helm --namespace chooses it' }]
      : [];
  return {
    resource: { ...withoutPayload(object, `${apiGroupOf(apiVersion)}/${kind}`), id: kubernetesObjectId(clusterId, { apiVersion, kind, name, namespace }), type, name },
    type,
    origin: {
      file,
      path: manifest.path,
      declared: { as, key: `${file}|${type}|${as}`, line: manifest.line, column: manifest.column, lines: manifest.lines.map((entry) => ({ ...entry, path: [...manifest.path, ...entry.path] })) },
    },
    ...(unknown.length > 0 ? { unknown } : {}),
  };
}

/** What no rule reads and no report may repeat: the values a Secret or ConfigMap holds. */
const PAYLOAD_KINDS = new Set(['core/Secret', 'core/ConfigMap']);
const PAYLOAD_FIELDS = ['data', 'stringData', 'binaryData'];

function withoutPayload(object: Record<string, unknown>, groupKind: string): Record<string, unknown> {
  if (!PAYLOAD_KINDS.has(groupKind)) return object;
  return Object.fromEntries(Object.entries(object).filter(([key]) => !PAYLOAD_FIELDS.includes(key)));
}

/** `metadata.name`; for an object Kubernetes names when it is created, its `generateName` and `*`. */
function nameOf(metadata: Record<string, unknown>, manifest: ManifestObject): string {
  if (typeof metadata.name === 'string' && metadata.name !== '') return metadata.name;
  if (typeof metadata.generateName === 'string' && metadata.generateName !== '') return `${metadata.generateName}*`;
  return `unnamed-document-${manifest.document + 1}${manifest.path.length > 0 ? `-item-${String(manifest.path[manifest.path.length - 1])}` : ''}`;
}
