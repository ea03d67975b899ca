import { createHash } from 'node:crypto';
import { groupOf, type KindCatalog, type KubernetesKind } from './kubernetes-resources.js';

type KubernetesObject = Record<string, unknown> & { metadata: Record<string, unknown> };

interface Stored {
  kind: KubernetesKind;
  namespace: string;
  name: string;
  object: KubernetesObject;
}

/** Where a list page starts and how long it may be. */
export interface PageRequest {
  /** The most items to return. */
  limit: number;
  /** The continue token of the previous page, if any. */
  continueToken?: string;
}

export type ListAnswer = { list: Record<string, unknown> } | { invalidContinue: string };

/** Given to objects written without one; any fixed instant will do, it only has to be there. */
const CREATION_TIMESTAMP = '2024-05-01T00:00:00Z';
/** The etcd revision the emulated cluster's objects start from, so resourceVersions look like a live cluster's. */
const FIRST_REVISION = 41000;

/**
 * The objects of the emulated cluster, with the metadata a real server adds (uid, resourceVersion,
 * creationTimestamp), and their lists paged with continue tokens as kube-apiserver pages them.
 */
export class ObjectStore {
  private readonly stored: Stored[];
  private readonly revision: number;

  constructor(objects: readonly Record<string, unknown>[], catalog: KindCatalog) {
    this.stored = objects.map((object, index) => store(object, index, catalog)).sort(byPlace);
    this.revision = FIRST_REVISION + objects.length;
  }

  /** One object as GET returns it, kind and apiVersion included; undefined when absent. */
  get(kind: KubernetesKind, namespace: string, name: string): Record<string, unknown> | undefined {
    const found = this.stored.find((entry) => entry.kind === kind && entry.namespace === namespace && entry.name === name);
    return found && structuredClone(found.object);
  }

  /** One page of a kind's list, in one namespace or all of them. */
  list(kind: KubernetesKind, namespace: string | undefined, page: PageRequest): ListAnswer {
    const all = this.stored.filter((entry) => entry.kind === kind && (namespace === undefined || entry.namespace === namespace));
    let rest = all;
    if (page.continueToken !== undefined) {
      const start = decodeContinue(page.continueToken);
      if (typeof start === 'string') return { invalidContinue: start };
      rest = all.filter((entry) => byPlace(entry, start) > 0);
    }
    const items = rest.slice(0, page.limit);
    const remaining = rest.length - items.length;
    const last = items.at(-1);
    const metadata = {
      resourceVersion: String(this.revision),
      ...(remaining > 0 && last ? { continue: encodeContinue(this.revision, last), remainingItemCount: remaining } : {}),
    };
    return {
      list: {
        kind: `${kind.kind}List`,
        apiVersion: kind.group ? `${kind.group}/${kind.version}` : kind.version,
        metadata,
        items: items.map((entry) => asListItem(entry)),
      },
    };
  }
}

/** Items of a built-in list carry no kind or apiVersion (clients take them from the list); custom resources keep theirs. */
function asListItem({ kind, object }: Stored): Record<string, unknown> {
  if (kind.custom) return structuredClone(object);
  const { kind: _kind, apiVersion: _apiVersion, ...rest } = structuredClone(object);
  return rest;
}

function store(object: Record<string, unknown>, index: number, catalog: KindCatalog): Stored {
  const { apiVersion, kind: kindName } = object;
  const metadata = object.metadata as Record<string, unknown> | undefined;
  const name = metadata?.name;
  if (typeof apiVersion !== 'string' || typeof kindName !== 'string' || typeof name !== 'string') {
    throw new Error(`A Kubernetes emulator object needs apiVersion, kind and metadata.name: ${JSON.stringify(object)}`);
  }
  const kind = catalog.byKind(groupOf(apiVersion), kindName);
  if (!kind) throw new Error(`The Kubernetes emulator serves no kind ${kindName} in ${apiVersion} (add it to customResources?)`);
  const namespace = typeof metadata?.namespace === 'string' ? metadata.namespace : undefined;
  if (kind.namespaced !== (namespace !== undefined)) {
    throw new Error(`${kindName} ${name} is ${kind.namespaced ? 'namespaced and needs' : 'cluster-scoped and takes no'} metadata.namespace`);
  }
  const copy = structuredClone(object) as KubernetesObject;
  copy.metadata = {
    ...copy.metadata,
    uid: copy.metadata.uid ?? uidOf(apiVersion, kindName, namespace, name),
    resourceVersion: copy.metadata.resourceVersion ?? String(FIRST_REVISION + index),
    creationTimestamp: copy.metadata.creationTimestamp ?? CREATION_TIMESTAMP,
  };
  return { kind, namespace: namespace ?? '', name, object: copy };
}

/** A uid in a UUID's shape, the same on every run for the same object, so tests may expect it. */
function uidOf(apiVersion: string, kind: string, namespace: string | undefined, name: string): string {
  const hex = createHash('sha256').update(`${groupOf(apiVersion)}/${kind}/${namespace ?? ''}/${name}`).digest('hex');
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20, 32)].join('-');
}

type Place = Pick<Stored, 'namespace' | 'name'>;

/** Namespace, then name: the order of a real server's etcd keys. */
function byPlace(a: Place, b: Place): number {
  return compare(a.namespace, b.namespace) || compare(a.name, b.name);
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A token in kube-apiserver's own format: unpadded base64url of {"v","rv","start"}, where start is
 * the last key served followed by a NUL byte, so that the next page starts after it.
 */
function encodeContinue(revision: number, last: Place): string {
  const key = last.namespace ? `${last.namespace}/${last.name}` : last.name;
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv: revision, start: `${key}\u0000` })).toString('base64url');
}

/** The place a token continues after, or why the token is not one. */
function decodeContinue(token: string): Place | string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) return 'continue key is not valid: illegal base64 data';
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return 'continue key is not valid: invalid character in continue key';
  }
  const { v, rv, start } = (decoded ?? {}) as Record<string, unknown>;
  if (v !== 'meta.k8s.io/v1') return 'continue key is not valid: server does not recognize this encoded key version';
  if (typeof rv !== 'number' || !Number.isInteger(rv) || rv <= 0) return 'continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)';
  if (typeof start !== 'string' || !start.endsWith('\u0000') || start.length < 2) return 'continue key is not valid: encoded start key is not valid';
  const key = start.slice(0, -1);
  const slash = key.indexOf('/');
  return slash < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}
