/**
 * How a Kubernetes object is named among ARM resources: its type is `Kubernetes.<API group>/<kind>`
 * (`Kubernetes.apps/Deployment`, `Kubernetes.core/Pod` for the core group), and its id is an
 * extension-resource id under its cluster's ARM id, a namespaced object under its namespace's:
 *
 *   <cluster id>/providers/Kubernetes.core/Namespace/ml/providers/Kubernetes.apps/Deployment/trainer
 *
 * so the object's namespace and cluster are prefixes of its id, and ids parse as ARM ids do.
 */
import { equalsIgnoringCase } from '../../ids.js';

export const KUBERNETES_TYPE_PREFIX = 'Kubernetes.';

/** The cluster manifests belong to when no cluster is named: no Azure resource has this id. */
export function manifestClusterId(subscriptionId = '00000000-0000-0000-0000-000000000000'): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/aiscan-manifests/providers/Microsoft.ContainerService/managedClusters/aiscan-manifests`;
}

/** `apps/v1` → `apps`; `v1` → `core`, as the Kubernetes API calls the group without a name. */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? 'core' : apiVersion.slice(0, slash);
}

export function kubernetesType(apiVersion: string, kind: string): string {
  return `${KUBERNETES_TYPE_PREFIX}${apiGroupOf(apiVersion)}/${kind}`;
}

export function isKubernetesType(type: string): boolean {
  return type.length > KUBERNETES_TYPE_PREFIX.length && equalsIgnoringCase(type.slice(0, KUBERNETES_TYPE_PREFIX.length), KUBERNETES_TYPE_PREFIX);
}

/** `Kubernetes.kaito.sh/Workspace` → its API group and kind; undefined for a type that is no Kubernetes type. */
export function parseKubernetesType(type: string): { group: string; kind: string } | undefined {
  const slash = type.lastIndexOf('/');
  if (!isKubernetesType(type) || slash < 0) return undefined;
  return { group: type.slice(KUBERNETES_TYPE_PREFIX.length, slash), kind: type.slice(slash + 1) };
}

/** The id of a namespace object, and the prefix of every object in it. */
export function namespaceId(clusterId: string, namespace: string): string {
  return `${clusterId}/providers/${kubernetesType('v1', 'Namespace')}/${segment(namespace)}`;
}

export function kubernetesObjectId(clusterId: string, object: { apiVersion: string; kind: string; name: string; namespace?: string }): string {
  const scope = object.namespace === undefined ? clusterId : namespaceId(clusterId, object.namespace);
  return `${scope}/providers/${kubernetesType(object.apiVersion, object.kind)}/${segment(object.name)}`;
}

/**
 * Kubernetes names are DNS labels and subdomains, so a valid one never holds `/`; a manifest can
 * still say anything, and a `/` in a name must not make the id name another scope.
 */
function segment(name: string): string {
  return encodeURIComponent(name);
}
