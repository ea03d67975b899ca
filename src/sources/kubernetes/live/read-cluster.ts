/**
 * Reads one cluster's objects through its API server into the same shape as a subscription's
 * ARM resources: each object with its synthetic id under the cluster's ARM id (kubernetes-ids.ts),
 * and a coverage entry per kind saying whether it was read. A kind the caller may not list is a
 * gap, exactly as an ARM type is; a custom resource whose operator is not installed is not.
 */
import type { ArmResource, CoverageEntry, CoverageStatus } from '../../../estate.js';
import { parseResourceId } from '../../../ids.js';
import { isRecord } from '../../../json/is-record.js';
import { mapWithConcurrency } from '../../azure/concurrency.js';
import type { SubscriptionCollection } from '../../azure/subscription-collection.js';
import { kubernetesObjectId, kubernetesType } from '../kubernetes-ids.js';
import { KubeConnectionError, statusMessage, type KubeClient } from './kube-client.js';
import { groupVersion, LISTED_KINDS, listPath, type ListedKind } from './kinds.js';

export interface ClusterTarget {
  /** The ARM id objects are placed under (the AKS cluster's, or a stand-in for another cluster). */
  clusterId: string;
  /** How messages name the cluster: its ARM id, or the kubeconfig context. */
  label: string;
  client: KubeClient;
}

const PAGE_SIZE = '500';
/** Kinds listed at the same time on one cluster: API priority and fairness gives a reader a few seats, not dozens. */
const KINDS_AT_ONCE = 4;
/** Noise that no rule reads: the server's field ownership records, and kubectl's copy of the whole object. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface Listed {
  kind: ListedKind;
  version: string;
  objects: Record<string, unknown>[];
}

export async function readCluster(target: ClusterTarget): Promise<SubscriptionCollection> {
  const subscriptionId = parseResourceId(target.clusterId).subscriptionId ?? '';
  const coverage: CoverageEntry[] = [];
  const entryOf = (kind: ListedKind, version: string, status: CoverageStatus, details: { count?: number; message?: string }): CoverageEntry => ({
    subscriptionId,
    resourceType: kubernetesType(groupVersion(kind.group, version), kind.kind),
    status,
    scope: target.clusterId,
    ...details,
  });
  const entry = (...args: Parameters<typeof entryOf>) => coverage.push(entryOf(...args));

  let served: Map<string, string[]>;
  try {
    served = await servedVersions(target.client);
  } catch (error) {
    // Nothing can be read: every kind is a gap, each saying why.
    const { status, message } = failure(error);
    for (const kind of LISTED_KINDS) entry(kind, kind.versions[0], status, { message: `cluster ${target.label}: ${message}` });
    return { scope: { subscriptionId }, coverage, resources: [] };
  }

  const outcomes = await mapWithConcurrency(LISTED_KINDS, KINDS_AT_ONCE, async (kind): Promise<Listed | CoverageEntry> => {
    const version = kind.versions.find((candidate) => served.get(kind.group)?.includes(candidate));
    if (version === undefined) {
      if (kind.custom) return entryOf(kind, kind.versions[0], 'read', { count: 0, message: `cluster ${target.label}: not installed (the server offers no ${kind.group} ${kind.versions.join(' or ')})` });
      return entryOf(kind, kind.versions[0], 'failed', { message: `cluster ${target.label}: the server offers no ${groupVersion(kind.group, kind.versions[0])}` });
    }
    try {
      return { kind, version, objects: await listAll(target.client, kind, version) };
    } catch (error) {
      const { status, message } = failure(error);
      return entryOf(kind, version, status, { message: `cluster ${target.label}: ${message}` });
    }
  });
  const listed: Listed[] = [];
  for (const outcome of outcomes) {
    if ('objects' in outcome) listed.push(outcome);
    else coverage.push(outcome);
  }

  const readKinds = new Set(listed.map(({ kind }) => kind.kind));
  const resources: ArmResource[] = [];
  for (const { kind, version, objects } of listed) {
    const kept = objects.filter((object) => !controlledByReadKind(object, readKinds));
    for (const object of kept) resources.push(asResource(target.clusterId, kind, version, object));
    entry(kind, version, 'read', { count: kept.length, ...(kept.length < objects.length ? { message: `cluster ${target.label}: ${objects.length - kept.length} object(s) managed by a controller aiscan read are evaluated through it` } : {}) });
  }
  return { scope: { subscriptionId }, coverage, resources };
}

/** API group → the versions the server serves; the core group is '' and always `v1`. */
async function servedVersions(client: KubeClient): Promise<Map<string, string[]>> {
  const response = await client.get('/apis');
  if (response.status !== 200) throw new ListError(response.status, statusMessage(response));
  const served = new Map<string, string[]>([['', ['v1']]]);
  const groups = isRecord(response.body) && Array.isArray(response.body.groups) ? response.body.groups : [];
  for (const group of groups) {
    if (!isRecord(group) || typeof group.name !== 'string' || !Array.isArray(group.versions)) continue;
    served.set(
      group.name,
      group.versions.flatMap((version) => (isRecord(version) && typeof version.version === 'string' ? [version.version] : [])),
    );
  }
  return served;
}

class ListError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function listAll(client: KubeClient, kind: ListedKind, version: string): Promise<Record<string, unknown>[]> {
  const path = listPath(kind, version);
  const objects: Record<string, unknown>[] = [];
  const seen = new Set<string>();
  let next: string | undefined;
  do {
    const response = await client.get(path, { limit: PAGE_SIZE, ...(next !== undefined ? { continue: next } : {}) });
    if (response.status !== 200) throw new ListError(response.status, `GET ${path}: ${statusMessage(response)}`);
    const body = response.body;
    if (!isRecord(body) || !Array.isArray(body.items)) throw new ListError(response.status, `GET ${path}: the answer is not a list`);
    for (const item of body.items) if (isRecord(item)) objects.push(item);
    const token = isRecord(body.metadata) && typeof body.metadata.continue === 'string' && body.metadata.continue !== '' ? body.metadata.continue : undefined;
    if (token !== undefined && seen.has(token)) throw new ListError(response.status, `GET ${path}: the list repeats its continue token`);
    if (token !== undefined) seen.add(token);
    next = token;
  } while (next !== undefined);
  return objects;
}

function failure(error: unknown): { status: CoverageStatus; message: string } {
  if (error instanceof ListError) return { status: error.status === 401 || error.status === 403 ? 'denied' : 'failed', message: error.message };
  if (error instanceof KubeConnectionError) return { status: 'failed', message: error.message };
  return { status: 'failed', message: `aiscan failed while reading it: ${(error as Error).message}` };
}

/**
 * A ReplicaSet of a Deployment, a Pod of a ReplicaSet or a Job: the controller's template says
 * what they are, and is what a pull request changes. Evaluating both would report every finding
 * twice; an object whose controller aiscan did not read stays, as the only view of it.
 */
function controlledByReadKind(object: Record<string, unknown>, readKinds: ReadonlySet<string>): boolean {
  const metadata = isRecord(object.metadata) ? object.metadata : {};
  const owners = Array.isArray(metadata.ownerReferences) ? metadata.ownerReferences : [];
  return owners.some((owner) => isRecord(owner) && owner.controller === true && typeof owner.kind === 'string' && readKinds.has(owner.kind));
}

/** The object as the server gave it, with the kind and version its list named, and the id, type and name an ARM resource has. */
function asResource(clusterId: string, kind: ListedKind, version: string, object: Record<string, unknown>): ArmResource {
  const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : groupVersion(kind.group, version);
  const metadata = isRecord(object.metadata) ? trimMetadata(object.metadata) : {};
  const name = typeof metadata.name === 'string' ? metadata.name : '';
  const namespace = kind.namespaced && typeof metadata.namespace === 'string' ? metadata.namespace : undefined;
  const kindName = typeof object.kind === 'string' ? object.kind : kind.kind;
  return {
    apiVersion,
    kind: kindName,
    ...object,
    metadata,
    id: kubernetesObjectId(clusterId, { apiVersion, kind: kindName, name, ...(namespace !== undefined ? { namespace } : {}) }),
    type: kubernetesType(apiVersion, kindName),
    name,
  };
}

function trimMetadata(metadata: Record<string, unknown>): Record<string, unknown> {
  const { managedFields: _managedFields, ...rest } = metadata;
  if (!isRecord(rest.annotations) || !(LAST_APPLIED in rest.annotations)) return rest;
  const { [LAST_APPLIED]: _lastApplied, ...annotations } = rest.annotations;
  return { ...rest, annotations };
}
