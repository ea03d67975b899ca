import type { ArmResource, CoverageEntry } from '../estate.js';
import { UserError } from '../errors.js';
import { equalsIgnoringCase, foldCase, parseResourceId, typeOfId } from '../ids.js';

/**
 * A list response saved to a file may be only its first page: ARM says so with `nextLink`, Resource
 * Graph with a skip token (or `resultTruncated`, or `totalRecords` above the rows it holds). What
 * the missing pages hold was never read, so it is a coverage gap, exactly as a live read that
 * failed: rules report "not evaluated" there and the scan exits 3. aiscan never follows the link
 * itself: it comes from the file, and following it would send the user's token wherever it points.
 */

const NEXT_LINK_KEYS = ['nextLink', '@odata.nextLink', 'odata.nextLink'];
const SKIP_TOKEN_KEYS = ['$skipToken', 'skipToken', 'skip_token'];
const TOTAL_KEYS = ['totalRecords', 'total_records'];

/** The gaps of an ARM list response (`{"value": […]}`) that has a nextLink; none when it is complete. */
export function armListGaps(file: string, document: Record<string, unknown>, resources: readonly ArmResource[]): CoverageEntry[] {
  const link = pagingValue(file, document, NEXT_LINK_KEYS);
  if (link === undefined) return [];
  const listed = listedByUrl(link.value);
  const subscriptions = subscriptionsOf(resources, listed.subscriptionId);
  // Narrowed to one type only when the link lists one type and the page holds nothing else.
  const type = listed.type !== undefined && resources.every((r) => equalsIgnoringCase(typeOfId(r.id).type ?? '', listed.type!)) ? listed.type : '*';
  const message =
    `${file} holds only the first page of an ARM list (it has a "${link.key}"), and aiscan does not follow links from files; ` +
    `read every page (az resource list does, as does aiscan collect) or join the pages' "value" arrays into one JSON array (jq -s '[.[].value[]]' page-*.json) and scan that`;
  return gaps(file, `/${link.key}`, subscriptions, type, message);
}

/** The gaps of a Resource Graph result (`{"data": […]}`) that holds only part of what the query matched. */
export function resourceGraphGaps(file: string, document: Record<string, unknown>, resources: readonly ArmResource[]): CoverageEntry[] {
  const token = pagingValue(file, document, SKIP_TOKEN_KEYS);
  const truncated = document.resultTruncated === true || (typeof document.resultTruncated === 'string' && foldCase(document.resultTruncated) === 'true');
  const total = TOTAL_KEYS.map((key) => document[key]).find((value) => typeof value === 'number');
  const short = typeof total === 'number' && total > resources.length;
  if (token === undefined && !truncated && !short) return [];
  const why = token ? `it has a "${token.key}"` : truncated ? '"resultTruncated" is true' : `it holds ${resources.length} of ${total} records`;
  const message =
    `${file} holds only the first page of a Resource Graph result (${why}); ` +
    `run the query again with az graph query --first 1000 --skip-token <token> for each further page and join the pages' "data" arrays ` +
    `(jq -s '[.[].data[]]' page-*.json), or read with aiscan collect --engine resource-graph, which reads every page`;
  const pointer = token ? `/${token.key}` : truncated ? '/resultTruncated' : '/data';
  // A query can span many subscriptions and types: the missing rows may be of any type.
  return gaps(file, pointer, subscriptionsOf(resources), '*', message);
}

/** The first of `keys` present with a non-empty string; null, absent and "" mean "no more pages". */
function pagingValue(file: string, document: Record<string, unknown>, keys: readonly string[]): { key: string; value: string } | undefined {
  for (const key of keys) {
    if (!Object.prototype.hasOwnProperty.call(document, key)) continue;
    const value = document[key];
    if (value === null || value === '') continue;
    if (typeof value !== 'string') throw new UserError(`${file}: at /${key}: expected a string (the next page's address) or null, found ${Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`);
    return { key, value };
  }
  return undefined;
}

/** The subscription and type a list URL names (`…/subscriptions/S/providers/NS/type?…`); `/resources` and anything else lists every type. */
function listedByUrl(link: string): { subscriptionId?: string; type?: string } {
  let path: string;
  try {
    path = decodeURIComponent(new URL(link, 'https://management.azure.com').pathname);
  } catch {
    return {};
  }
  const parsed = parseResourceId(path);
  const listsOneType = parsed.name === undefined && /\/providers\//i.test(path);
  return { subscriptionId: parsed.subscriptionId, ...(listsOneType && parsed.type ? { type: parsed.type } : {}) };
}

function subscriptionsOf(resources: readonly ArmResource[], also?: string): string[] {
  const byKey = new Map<string, string>();
  if (also) byKey.set(foldCase(also), also);
  for (const resource of resources) {
    const subscriptionId = parseResourceId(resource.id).subscriptionId;
    if (subscriptionId && !byKey.has(foldCase(subscriptionId))) byKey.set(foldCase(subscriptionId), subscriptionId);
  }
  return [...byKey.values()];
}

function gaps(file: string, pointer: string, subscriptions: readonly string[], resourceType: string, message: string): CoverageEntry[] {
  if (subscriptions.length === 0) {
    throw new UserError(
      `${file}: at ${pointer}: the file holds only the first page of a list, and no subscription is named in it, so aiscan cannot tell what the missing pages hold; give every page in one file`,
    );
  }
  return subscriptions.map((subscriptionId) => ({ subscriptionId, resourceType, status: 'failed', message }));
}

