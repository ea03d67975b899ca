import { randomUUID } from 'node:crypto';
import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { builtOrClosed, closeServer, listenOnLoopback } from './loopback-server.js';
import { createTestCertificate, type TestCertificate } from './certificate.js';
import { ObjectStore } from './kubernetes-objects.js';
import { KindCatalog, type CustomResource, type KubernetesKind } from './kubernetes-resources.js';
import { resolveKubernetesRoute } from './kubernetes-routes.js';
import { kubernetesStatus, type KubernetesReply } from './kubernetes-status.js';

export type { CustomResource } from './kubernetes-resources.js';
export { EMULATED_USER } from './kubernetes-status.js';

/** A resource as forbidden and throttle name it: 'pods' in the core group, else 'group/plural'. */
export type ResourceName = string;

export interface KubernetesThrottle {
  resource: ResourceName;
  /** How many list requests get 429 before the resource answers normally. */
  times: number;
  retryAfterSeconds: number;
}

export interface KubernetesEmulatorOptions {
  /** Objects as they would be written: apiVersion, kind, metadata.name, and metadata.namespace for namespaced kinds. */
  objects: Record<string, unknown>[];
  /** When set, every request must carry exactly `Authorization: Bearer <token>`. */
  token?: string;
  /** The most items the server puts in one list page (default 500); a smaller `limit` from the client wins. */
  pageSize?: number;
  /** Resources the caller may not read: 403 with the Status a real server sends. */
  forbidden?: ResourceName[];
  /** Resources whose first lists are refused with 429 and Retry-After, as priority and fairness does. */
  throttle?: KubernetesThrottle[];
  /** CustomResourceDefinitions installed in the cluster; any other custom group is not found. */
  customResources?: CustomResource[];
  /** Added to every response. */
  latencyMs?: number;
  certificate?: TestCertificate;
}

/** A request as the emulator saw it, rejected or not. */
export interface KubernetesRequest {
  method: string;
  /** Path without the query, decoded. */
  path: string;
  query: Record<string, string>;
  /** The Authorization header as sent; undefined when there was none. */
  authorization?: string;
  status?: number;
  at: number;
}

const VERSION = {
  major: '1',
  minor: '30',
  gitVersion: 'v1.30.4',
  gitCommit: 'a51b3b711150f57ffc1f526a640ec058514ed596',
  gitTreeState: 'clean',
  buildDate: '2024-08-14T19:04:37Z',
  goVersion: 'go1.22.5',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const DEFAULT_PAGE_SIZE = 500;

/** Query parameters the emulator cannot honour; answering without them would hand back a list the client did not ask for. */
const UNSUPPORTED_PARAMETERS = ['labelSelector', 'fieldSelector', 'allowWatchBookmarks', 'sendInitialEvents'];

/**
 * An HTTPS emulator of the Kubernetes API server on 127.0.0.1: discovery, get and list of the
 * built-in kinds and installed custom resources, continue-token paging, bearer tokens, Forbidden
 * and TooManyRequests as a real server sends them, and a record of every request. It only reads.
 */
export class KubernetesEmulator {
  readonly requests: KubernetesRequest[] = [];
  readonly catalog: KindCatalog;
  private readonly store: ObjectStore;
  private readonly forbidden: Set<ResourceName>;
  private readonly throttles: { resource: ResourceName; remaining: number; retryAfterSeconds: number }[];
  url = '';

  private constructor(
    private readonly options: KubernetesEmulatorOptions,
    readonly certificate: TestCertificate,
    private readonly server: Server,
  ) {
    this.catalog = new KindCatalog(options.customResources);
    this.store = new ObjectStore(options.objects, this.catalog);
    this.forbidden = new Set(options.forbidden);
    this.throttles = (options.throttle ?? []).map(({ resource, times, retryAfterSeconds }) => ({ resource, remaining: times, retryAfterSeconds }));
  }

  static async start(options: KubernetesEmulatorOptions): Promise<KubernetesEmulator> {
    const certificate = options.certificate ?? createTestCertificate();
    // The handler runs only once a request comes, after `emulator` is set.
    const { server, url } = await listenOnLoopback(certificate, (request, response) => void emulator.handle(request, response));
    // Objects it cannot serve throw here, with the server already listening.
    const emulator = await builtOrClosed(server, () => new KubernetesEmulator(options, certificate, server));
    emulator.url = url;
    return emulator;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // Read any body so the connection can be reused; the emulator answers no request that needs one.
    for await (const _chunk of request);
    const url = new URL(request.url ?? '/', this.url);
    const record: KubernetesRequest = {
      method: request.method ?? 'GET',
      path: safeDecode(url.pathname),
      query: Object.fromEntries(url.searchParams),
      authorization: request.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(record);
    if (this.options.latencyMs) await sleep(this.options.latencyMs);
    // As in kube-apiserver, authentication comes before anything else looks at the request.
    const reply = this.authenticate(record) ?? (record.method === 'GET' ? this.answer(url) : kubernetesStatus.methodNotAllowed());
    record.status = reply.status;
    if (response.destroyed) return;
    response.writeHead(reply.status, { 'content-type': 'application/json', 'cache-control': 'no-cache, private', 'audit-id': randomUUID(), ...reply.headers });
    response.end(JSON.stringify(reply.body));
  }

  private authenticate(record: KubernetesRequest): KubernetesReply | undefined {
    const { token } = this.options;
    return token !== undefined && record.authorization !== `Bearer ${token}` ? kubernetesStatus.unauthorized() : undefined;
  }

  private answer(url: URL): KubernetesReply {
    const route = resolveKubernetesRoute(url.pathname);
    const query = url.searchParams;
    if (route.kind === 'watch' || !['', 'false', '0', null].includes(query.get('watch'))) return kubernetesStatus.badRequest('watch is not supported by the Kubernetes emulator');
    const unsupported = UNSUPPORTED_PARAMETERS.find((name) => query.has(name));
    if (unsupported) return kubernetesStatus.badRequest(`${unsupported} is not supported by the Kubernetes emulator`);
    switch (route.kind) {
      case 'version':
        return ok(VERSION);
      case 'apiVersions':
        return ok(this.catalog.apiVersions());
      case 'groupList':
        return ok(this.catalog.apiGroupList());
      case 'group': {
        const group = this.catalog.apiGroup(route.group);
        return group ? ok(group) : kubernetesStatus.resourceNotFound();
      }
      case 'resourceList':
        return this.catalog.servesVersion(route.group, route.version) ? ok(this.catalog.apiResourceList(route.group, route.version)) : kubernetesStatus.resourceNotFound();
      case 'collection':
      case 'object': {
        const resource = route.group ? `${route.group}/${route.plural}` : route.plural;
        // Priority and fairness, then authorization, then routing: the order of kube-apiserver's filters.
        const throttled = route.kind === 'collection' ? this.takeThrottle(resource) : undefined;
        if (throttled) return throttled;
        if (this.forbidden.has(resource)) return kubernetesStatus.forbidden(route);
        const kind = this.catalog.byPlural(route.group, route.version, route.plural);
        if (!kind || (route.namespace !== undefined && !kind.namespaced)) return kubernetesStatus.resourceNotFound();
        return route.kind === 'collection' ? this.list(kind, route.namespace, query) : this.get(kind, route.namespace, route.name);
      }
      default:
        return kubernetesStatus.resourceNotFound();
    }
  }

  private takeThrottle(resource: ResourceName): KubernetesReply | undefined {
    const throttle = this.throttles.find((entry) => entry.resource === resource && entry.remaining > 0);
    if (!throttle) return undefined;
    throttle.remaining--;
    return kubernetesStatus.tooManyRequests(throttle.retryAfterSeconds);
  }

  private get(kind: KubernetesKind, namespace: string | undefined, name: string): KubernetesReply {
    // A namespaced object is reached only through its namespace.
    if (kind.namespaced && namespace === undefined) return kubernetesStatus.resourceNotFound();
    const object = this.store.get(kind, namespace ?? '', name);
    return object ? ok(object) : kubernetesStatus.objectNotFound({ group: kind.group, plural: kind.plural, name });
  }

  private list(kind: KubernetesKind, namespace: string | undefined, query: URLSearchParams): KubernetesReply {
    const limitText = query.get('limit');
    if (limitText !== null && !/^\d+$/.test(limitText)) return kubernetesStatus.badRequest(`limit: Invalid value: "${limitText}": must be a non-negative integer`);
    const pageSize = this.options.pageSize ?? DEFAULT_PAGE_SIZE;
    const limit = Number(limitText ?? 0);
    const continueToken = query.get('continue') || undefined;
    const answer = this.store.list(kind, namespace, { limit: limit > 0 ? Math.min(limit, pageSize) : pageSize, continueToken });
    return 'list' in answer ? ok(answer.list) : kubernetesStatus.badRequest(answer.invalidContinue);
  }
}

const ok = (body: unknown): KubernetesReply => ({ status: 200, body });

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
