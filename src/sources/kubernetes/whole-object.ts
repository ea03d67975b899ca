/**
 * Whether a Kubernetes object is whole: what the API server would create as it stands, rather than a
 * fragment of one (a kustomize strategic-merge patch). `kubectl apply -f` creates a whole object
 * wherever the file sits, whatever a kustomization calls it, so a scan must not take a file's word
 * that it is only a patch.
 *
 * Only what creating the object requires is checked, for the kinds whose requirements aiscan knows:
 * any other kind with a name is whole, since nothing in it tells a patch from the object.
 */
import { pathToPointer } from '../../ajv.js';
import { podSpecsOf } from '../../kubernetes/pod-specs.js';
import { isObject, ownAt, ownField } from '../../own-fields.js';
import { apiGroupOf } from './kubernetes-ids.js';

/** Controllers whose `spec.selector` creating them requires (apps/v1). */
const SELECTOR_REQUIRED = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']);
const BINDINGS = new Set(['RoleBinding', 'ClusterRoleBinding']);

/** Why `object` is a fragment (the first thing creating it would be refused for), or undefined when it is whole. */
export function fragmentReason(object: Record<string, unknown>): string | undefined {
  const name = ownAt(object, ['metadata', 'name']);
  if (typeof name !== 'string' || name === '') return 'it has no metadata.name';
  const apiVersion = ownField(object, 'apiVersion');
  const kind = ownField(object, 'kind');
  const group = typeof apiVersion === 'string' ? apiGroupOf(apiVersion) : '';
  if (group === 'apps' && typeof kind === 'string' && SELECTOR_REQUIRED.has(kind) && !isObject(ownAt(object, ['spec', 'selector']))) return 'it has no spec.selector';
  if (group === 'rbac.authorization.k8s.io' && typeof kind === 'string' && BINDINGS.has(kind)) {
    const roleRef = ownField(object, 'roleRef');
    return typeof ownField(roleRef, 'kind') === 'string' && typeof ownField(roleRef, 'name') === 'string' ? undefined : 'it has no roleRef';
  }
  const specs = podSpecsOf(object);
  if (specs === undefined) return undefined;
  if (specs.length === 0) return 'it has no pod template';
  for (const { at, containers } of specs) {
    // A KServe component may run its model container alone, with no containers list.
    if (!containers.some((container) => !container.init)) return `its pod template at ${pathToPointer(at)} has no containers`;
    const incomplete = containers.find((container) => !container.model && (typeof ownField(container.spec, 'name') !== 'string' || !isImage(ownField(container.spec, 'image'))));
    if (incomplete) return `its container at ${pathToPointer(incomplete.at)} has no name or no image`;
  }
  return undefined;
}

function isImage(value: unknown): boolean {
  return typeof value === 'string' && value.trim() !== '';
}

