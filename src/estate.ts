/**
 * The Estate: ARM resources exactly as the REST API returned them, plus where each came from and
 * what could and could not be read. Plain, serialisable data handed from sources/ to facts/.
 */

/** A JSON path as segments: object keys and array indexes. */
export type JsonPath = (string | number)[];

/** An ARM resource as Azure returns it. Never reshaped. */
export interface ArmResource {
  id: string;
  type?: string;
  name?: string;
  location?: string;
  tags?: Record<string, string>;
  [key: string]: unknown;
}

export interface ResourceOrigin {
  /** The file the resource was read from, as the user named it. */
  file: string;
  /** Where in that file: the JSON path of the resource's object. */
  path: JsonPath;
}

export interface EstateResource {
  resource: ArmResource;
  /** The resource type as given, or derived from the id when the resource has none (subscriptions). */
  type: string;
  origin: ResourceOrigin;
}

export interface ScannedScope {
  subscriptionId: string;
  displayName?: string;
  tenantId?: string;
  /** Management groups above the subscription, nearest first, as ids. */
  managementGroupAncestors?: string[];
}

/**
 * `notRegistered` is only ever read, never written: snapshots made before aiscan recorded an
 * unregistered resource provider as `read` with `notRegistered: true` used it, and it means the same.
 */
export type CoverageStatus = 'read' | 'denied' | 'failed' | 'notRegistered';

/** Whether one resource type in one subscription was read, and if not, why. */
export interface CoverageEntry {
  subscriptionId: string;
  resourceType: string;
  status: CoverageStatus;
  count?: number;
  message?: string;
  /** The type's resource provider is not registered in the subscription, so none of its resources can exist there: read, count 0. */
  notRegistered?: boolean;
  /** How many values aiscan replaced with a marker in this type's resources because they may hold secrets (see docs/snapshots.md). */
  redacted?: number;
}

export interface Estate {
  resources: EstateResource[];
  scopes: ScannedScope[];
  coverage: CoverageEntry[];
  /** Input files in the order read. */
  files: string[];
  /** Things the user should know that did not stop the scan (duplicates dropped, …). */
  warnings: string[];
}

/** A type that could not be read. An unregistered provider (old snapshots: status `notRegistered`) is not one: it holds nothing. */
export function isGap(entry: CoverageEntry): boolean {
  return entry.status !== 'read' && entry.status !== 'notRegistered';
}
