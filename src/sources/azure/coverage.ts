import type { CoverageEntry, CoverageStatus } from '../../estate.js';

const DENIED_CODES = /^(AuthorizationFailed|LinkedAuthorizationFailed|InvalidAuthenticationToken\w*|AuthenticationFailed|Forbidden)$/i;
/**
 * The ARM error codes that mean only "this subscription is not registered for the resource
 * provider". NoRegisteredProviderFound is not one: ARM also sends it for an api-version or region
 * the type does not support, which is aiscan's problem, not an empty subscription.
 */
const NOT_REGISTERED_CODES = /^(MissingSubscriptionRegistration|SubscriptionNotRegistered)$/i;

interface ErrorLike {
  statusCode?: number;
  code?: string;
  message?: string;
}

/** Why a read failed, in the terms of the snapshot's coverage list. */
export function coverageStatusOf(error: unknown): Extract<CoverageStatus, 'denied' | 'failed'> {
  const { statusCode, code } = (error ?? {}) as ErrorLike;
  if (statusCode === 401 || statusCode === 403 || (code && DENIED_CODES.test(code))) return 'denied';
  return 'failed';
}

const namespaceOf = (resourceType: string) => resourceType.split('/')[0];

/**
 * Whether listing `resourceType` failed only because its resource provider is not registered in
 * the subscription (then no resource of the type can exist there). When ARM's message names the
 * namespace, it must be the type's own: any other answer is a read that failed.
 */
export function isProviderNotRegistered(error: unknown, resourceType: string): boolean {
  const { code, message } = (error ?? {}) as ErrorLike;
  if (!code || !NOT_REGISTERED_CODES.test(code)) return false;
  const named = /namespace '([^']+)'/i.exec(message ?? '')?.[1];
  return named === undefined || named.toLowerCase() === namespaceOf(resourceType).toLowerCase();
}

/** A type whose provider is not registered: read, and empty, with the reason. */
export function notRegisteredEntry(subscriptionId: string, resourceType: string, error: unknown): CoverageEntry {
  return {
    subscriptionId,
    resourceType,
    status: 'read',
    count: 0,
    notRegistered: true,
    message: `the resource provider ${namespaceOf(resourceType)} is not registered in this subscription, so it holds none (${describeReadError(error)})`,
  };
}

/** One line for the report: HTTP status, ARM error code and the server's message. */
export function describeReadError(error: unknown): string {
  const { statusCode, code, message } = (error ?? {}) as ErrorLike;
  if (code === 'PARSE_ERROR') {
    // The SDKs quote the whole body; the syntax error is what matters.
    const reason = /SyntaxError: ([^"\n]+)/.exec(message ?? '')?.[1] ?? /\(([^)]+)\)/.exec(message ?? '')?.[1];
    return `malformed response: the body is not valid JSON${reason ? ` (${reason})` : ''}`;
  }
  const text = (message ?? String(error)).split('\n')[0].trim();
  const prefix = [statusCode ? `HTTP ${statusCode}` : undefined, code && code !== String(statusCode) ? code : undefined]
    .filter(Boolean)
    .join(' ');
  const line = prefix ? `${prefix}: ${text}` : text;
  return line.length > 300 ? `${line.slice(0, 297)}…` : line;
}

export function gapEntry(subscriptionId: string, resourceType: string, error: unknown, count?: number): CoverageEntry {
  return {
    subscriptionId,
    resourceType,
    status: coverageStatusOf(error),
    ...(count !== undefined ? { count } : {}),
    message: describeReadError(error),
  };
}

export function readEntry(subscriptionId: string, resourceType: string, count: number, message?: string): CoverageEntry {
  return { subscriptionId, resourceType, status: 'read', count, ...(message ? { message } : {}) };
}

/** The entry for a subscription that could not be read at all: every rule there is "not evaluated". */
export function wholeSubscriptionGap(subscriptionId: string, error: unknown): CoverageEntry {
  return gapEntry(subscriptionId, '*', error);
}

/** One error for a type read in parts (per cluster, per region) where some parts failed: the first part's error, and how many failed. */
export function partialFailure(failures: { name: string; error: unknown }[], total: number, partName: string): ErrorLike {
  const [first] = failures;
  const { statusCode, code, message } = (first.error ?? {}) as ErrorLike;
  return { statusCode, code, message: `${failures.length} of ${total} ${partName} could not be listed; ${first.name}: ${message ?? String(first.error)}` };
}
