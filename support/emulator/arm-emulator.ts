import type { Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmResource } from '../../src/estate.js';
import { aksUserCredential, type AksApiServer } from './aks-credentials.js';
import { API_VERSIONS } from './api-versions.js';
import { armErrors } from './arm-errors.js';
import { builtOrClosed, closeServer, listenOnLoopback } from './loopback-server.js';
import { createTestCertificate, type TestCertificate } from './certificate.js';
import { EmulatorEstate, type ManagementGroup } from './emulator-estate.js';
import { FaultTable, type FaultResponse, type RecordedRequest } from './faults.js';
import { answerIdentityRequest, type IdentityOptions } from './identity-endpoint.js';
import { QuotaMeter, type ArmReadQuota, type GraphQuota } from './quotas.js';
import { answerGraphQuery } from './resource-graph.js';
import { resolveRoute, type Route } from './routes.js';

export interface EmulatorOptions {
  resources: readonly ArmResource[];
  managementGroups?: ManagementGroup[];
  /** Items per page of an ARM list (default 50); a longer list gets a nextLink. */
  pageSize?: number;
  /** Rows per Resource Graph page at most (default 1000, as Resource Graph). */
  graphPageSize?: number;
  /** Added to every response. */
  latencyMs?: number;
  /** When set, requests must carry exactly this bearer token. */
  token?: string;
  /** Subscriptions the caller has no role on: 403 from ARM, no rows from Resource Graph, absent from the subscription list. */
  deniedSubscriptions?: string[];
  /** Subscriptions ARM serves but Resource Graph returns no rows for (as while it indexes a new subscription). */
  hiddenFromGraph?: string[];
  /** ARM's read throttling: a token bucket per subscription (and one for tenant-level reads). */
  armReadQuota?: ArmReadQuota;
  /** Resource Graph's throttling: so many queries per window. */
  graphQuota?: GraphQuota;
  /** A Microsoft Entra token endpoint for client-secret sign-in (see identity-endpoint.ts). */
  identity?: IdentityOptions;
  certificate?: TestCertificate;
  /** AKS clusters whose Kubernetes API is served (by id): what listClusterUserCredential hands out. */
  aksApiServers?: Record<string, AksApiServer>;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * An HTTPS emulator of the ARM REST API on 127.0.0.1: the list and get operations aiscan calls,
 * nextLink paging, api-version checking, case-insensitive paths, Resource Graph queries, fault
 * injection per route, and a record of every request.
 */
export class ArmEmulator {
  readonly requests: RecordedRequest[] = [];
  readonly faults = new FaultTable();
  readonly estate: EmulatorEstate;
  private readonly denied: Set<string>;
  private readonly graphCache = new Map<string, Record<string, unknown>[]>();
  private readonly quotas: QuotaMeter;
  url = '';

  private constructor(
    private readonly options: EmulatorOptions,
    readonly certificate: TestCertificate,
    private readonly server: Server,
  ) {
    this.estate = new EmulatorEstate(options.resources, options.managementGroups);
    this.denied = new Set((options.deniedSubscriptions ?? []).map((id) => id.toLowerCase()));
    this.quotas = new QuotaMeter(options.armReadQuota, options.graphQuota);
  }

  static async start(options: EmulatorOptions): Promise<ArmEmulator> {
    const certificate = options.certificate ?? createTestCertificate();
    // The handler runs only once a request comes, after `emulator` is set.
    const { server, url } = await listenOnLoopback(certificate, (request, response) => void emulator.handle(request, response));
    const emulator = await builtOrClosed(server, () => new ArmEmulator(options, certificate, server));
    emulator.url = url;
    return emulator;
  }

  async close(): Promise<void> {
    await closeServer(this.server);
  }

  deny(subscriptionId: string): void {
    this.denied.add(subscriptionId.toLowerCase());
    this.graphCache.clear();
  }

  private readonly isDenied = (subscriptionId: string) => this.denied.has(subscriptionId.toLowerCase());
  private readonly isHiddenFromGraph = (subscriptionId: string) =>
    this.isDenied(subscriptionId) || (this.options.hiddenFromGraph ?? []).some((id) => id.toLowerCase() === subscriptionId.toLowerCase());

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const url = new URL(request.url ?? '/', this.url);
    const record: RecordedRequest = {
      method: request.method ?? 'GET',
      path: decodeURIComponent(url.pathname),
      query: Object.fromEntries(url.searchParams),
      apiVersion: url.searchParams.get('api-version') ?? undefined,
      body: chunks.length > 0 ? Buffer.concat(chunks).toString('utf8') : undefined,
      authorization: request.headers.authorization,
      at: Date.now(),
    };
    this.requests.push(record);
    if (this.options.latencyMs) await sleep(this.options.latencyMs);

    const identity = this.options.identity && answerIdentityRequest(record, this.options.identity, this.url);
    if (identity) return this.send(response, record, identity, JSON.stringify(identity.body));

    const fault = this.faults.take(record);
    if (fault?.kind === 'slow') await sleep(fault.delayMs);
    const quota = this.quotas.take(record);
    const reply = this.authorise(record) ?? quota.throttled ?? faultReply(fault) ?? this.answer(record, url);
    reply.headers = { ...quota.headers, ...reply.headers };
    let text = fault?.kind === 'reply' && fault.text !== undefined ? fault.text : JSON.stringify(reply.body);
    if (fault?.kind === 'truncated' && reply.status === 200) text = text.slice(0, Math.floor(text.length / 2));
    this.send(response, record, reply, text);
  }

  private send(response: ServerResponse, record: RecordedRequest, reply: Reply, text: string): void {
    record.status = reply.status;
    if (response.destroyed) return;
    response.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': String(this.requests.length), ...reply.headers });
    response.end(text);
  }

  private authorise(record: RecordedRequest): Reply | undefined {
    const token = /^Bearer (.+)$/.exec(record.authorization ?? '')?.[1];
    if (!token) return armErrors.authenticationFailed();
    if (this.options.token && token !== this.options.token) return armErrors.invalidToken();
    return undefined;
  }

  private answer(record: RecordedRequest, url: URL): Reply {
    const route: Route = resolveRoute(record.method, url.pathname, this.estate, this.isDenied, url.searchParams);
    if (route.kind === 'notFound') return armErrors.notFound(record.path);
    const version = record.apiVersion;
    if (!version) return armErrors.missingApiVersion();
    if (route.kind === 'unknownType') return armErrors.invalidResourceType(route.namespace, route.type, version);
    const supported = API_VERSIONS[route.apiKey];
    if (!supported.includes(version)) return armErrors.invalidApiVersion(version, supported);
    if (route.kind === 'graph') return answerGraphQuery(record.body ?? '', this.estate, this.isHiddenFromGraph, this.options.graphPageSize ?? 1000, this.graphCache);
    if (route.subscriptionId && this.isDenied(route.subscriptionId)) {
      const scope = `/subscriptions/${route.subscriptionId}`;
      return armErrors.authorizationFailed(route.kind === 'get' ? 'Microsoft.Resources/subscriptions/read' : `${route.apiKey}/read`, scope);
    }
    if (route.kind === 'badRequest') return armErrors.invalidParameter(route.message);
    if (route.kind === 'get') return route.body ? { status: 200, body: route.body } : armErrors.subscriptionNotFound(route.subscriptionId);
    if (route.kind === 'resource') return route.body ? { status: 200, body: route.body } : armErrors.resourceNotFound(route.id);
    if (route.kind === 'aksUserCredential') {
      const cluster = this.estate.get(route.clusterId);
      const api = Object.entries(this.options.aksApiServers ?? {}).find(([id]) => id.toLowerCase() === route.clusterId.toLowerCase())?.[1];
      return cluster && api ? aksUserCredential(cluster, api, route.format) : armErrors.resourceNotFound(route.clusterId);
    }
    return this.page(route.items, url);
  }

  /** One page of a list, with a nextLink to the next one, as ARM pages: the link keeps the request's other parameters (a `$filter`). */
  private page(items: unknown[], url: URL): Reply {
    const size = this.options.pageSize ?? 50;
    const offset = Number(url.searchParams.get('$skiptoken') ?? 0);
    const value = items.slice(offset, offset + size);
    if (offset + size >= items.length) return { status: 200, body: { value } };
    const next = new URL(url.pathname, this.url);
    next.searchParams.set('api-version', url.searchParams.get('api-version') ?? '');
    for (const [name, parameter] of url.searchParams) if (name !== 'api-version' && name !== '$skiptoken') next.searchParams.set(name, parameter);
    next.searchParams.set('$skiptoken', String(offset + size));
    return { status: 200, body: { value, nextLink: next.toString() } };
  }
}

function faultReply(fault: FaultResponse | undefined): Reply | undefined {
  switch (fault?.kind) {
    case 'throttle':
      return armErrors.throttled(fault.retryAfter, fault.retryAfterMs);
    case 'serverError':
      return armErrors.internal(fault.status ?? 500);
    case 'denied':
      return armErrors.authorizationFailed('*/read', '/');
    case 'notRegistered':
      return armErrors.notRegistered(fault.namespace);
    case 'reply':
      return { status: fault.status, body: fault.body ?? {}, headers: fault.headers };
    default:
      return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
