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
  /** Where in that file: the JSON path of the resource's object (for a template, of its declaration). */
  path: JsonPath;
  /** Set for a resource a template declares rather than one Azure returned. */
  declared?: Declaration;
}

/** A resource's declaration in a template the user wrote: how the user knows it, and where it is. */
export interface Declaration {
  /** The symbolic name, or the type and name as written (`Microsoft.Compute/virtualMachines/[parameters('vmName')]`). */
  as: string;
  /** The parameter file the template was expanded with: a template is evaluated once per parameter file. */
  parameters?: string;
  /** The copy of a `copy` loop this resource is. */
  copy?: { name: string; index: number };
  /** The module call that declares it, when that is not the file scanned (`module.aks` of a Terraform plan). */
  module?: string;
  /**
   * What names it the same way from run to run when its id may not (a Terraform address: the id
   * of a resource still to be created is built, and may differ from what Azure gives it).
   */
  key?: string;
  /**
   * Property `copy` loops in the declaration: the array `property` (a JSON path in the file, as if
   * the array were written there) is built from the loop's `input`. A finding on element N of the
   * array points at the input.
   */
  propertyCopies?: { property: JsonPath; input: JsonPath }[];
  /**
   * Where each value of the resource is written, when the file names it otherwise (a Terraform
   * plan's `vm_size` for `properties.hardwareProfile.vmSize`): file paths, `from` as if the
   * resource were written out.
   */
  renamed?: { from: JsonPath; to: JsonPath }[];
  /**
   * For a file that is not JSON (a `.bicep` file): the 1-based line and column of the statement
   * that declares it. `path` then means nothing in that file.
   */
  line?: number;
  column?: number;
  /** In such a file, where values are written (a `.tf` block's attributes), by the JSON path `path` gives them. */
  lines?: { path: JsonPath; line: number; column: number }[];
  /**
   * For a resource that an ARM template deploys from a Terraform plan: the block's attribute that
   * holds the template (`template_content`, azapi's `body.properties.template`), the template as
   * the plan deploys it (the azurerm provider's text, or the value in azapi's body), and where the
   * resource is declared in it. Where the `.tf` block reads the template from a file that holds
   * this very template, findings are put in that file (locate-tf.ts).
   */
  deployedFrom?: { attribute: string; template: string | Record<string, unknown>; origin: ResourceOrigin };
}

/** A value a rule may read that the scan cannot know before deployment (a `reference()`, a Key Vault secret, …): left out of the resource. */
export interface UnknownValue {
  /** Where it would be, relative to the resource (or item) document. */
  path: JsonPath;
  /** Where the expression is written, relative to the declaration, when not at `path` (an id is decided by the `scope` written). */
  writtenAt?: JsonPath;
  /** The expression that asked for it, and why it cannot be known. */
  expression: string;
  reason: string;
  /** The resource it is in, when that is not the one evaluated (a joined resource a fact reads). */
  heldBy?: ResourceOrigin;
}

export interface EstateResource {
  resource: ArmResource;
  /** The resource type as given, or derived from the id when the resource has none (subscriptions). */
  type: string;
  origin: ResourceOrigin;
  /** Values left out of `resource` because only the deployment can know them (template resources only). */
  unknown?: UnknownValue[];
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
  /**
   * The resource the entry is confined to (the ARM id of a Kubernetes cluster read inside): a gap
   * with a scope leaves only that resource and what is under it not evaluated.
   */
  scope?: string;
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
  /** The input files that are shards of a sharded collection, with what each says it is. */
  shards?: { file: string; shard: ShardHeader }[];
}

/**
 * What a snapshot written by `aiscan collect --shard K/N` says it is: shard `index` (1-based) of
 * `count`, of the scope whose fingerprint is `scope` (so that shards of different collections are
 * never taken for one set).
 */
export interface ShardHeader {
  index: number;
  count: number;
  /** `sha256:` and the SHA-256 of the lower-cased ids of every subscription in scope, sorted, one a line. */
  scope: string;
  /** How many subscriptions the whole scope holds, this shard's and the others'. */
  scopeSubscriptions?: number;
}

/**
 * Whether the sharded snapshots of a scan make up one whole collection: every shard 1..N of one
 * scope, each once. Anything else is a coverage gap: the subscriptions of a missing shard were
 * never read, and nothing else in the estate says they exist.
 */
export interface ShardSet {
  /** N, of the collection judged (the one most of the sharded snapshots belong to). */
  count: number;
  scope: string;
  scopeSubscriptions?: number;
  /** The shards given, in index order, each with the file that holds it. */
  present: { index: number; file: string }[];
  /** The indexes of 1..N that no snapshot holds. */
  missing: number[];
  /** Shards that more than one snapshot claims. */
  duplicated: { index: number; files: string[] }[];
  /** Sharded snapshots of another collection (another scope fingerprint or shard count). */
  foreign: { file: string; shard: ShardHeader }[];
  complete: boolean;
  /** Why the set is not complete, in one line naming the shards; absent when it is. */
  problem?: string;
}

/** Where `path` (in the resource's file, as if the resource were written out) is written in a template: inside a property copy loop's input for an element of the array it builds. */
export function declaredPath(origin: ResourceOrigin, path: JsonPath): JsonPath {
  for (const { property, input } of origin.declared?.propertyCopies ?? []) {
    if (path.length > property.length && typeof path[property.length] === 'number' && property.every((segment, index) => path[index] === segment)) {
      return [...input, ...path.slice(property.length + 1)];
    }
  }
  let best: { from: JsonPath; to: JsonPath } | undefined;
  for (const entry of origin.declared?.renamed ?? []) {
    if (entry.from.length <= path.length && entry.from.every((segment, index) => path[index] === segment) && (!best || entry.from.length > best.from.length)) best = entry;
  }
  return best ? [...best.to, ...path.slice(best.from.length)] : path;
}

/** A type that could not be read. An unregistered provider (old snapshots: status `notRegistered`) is not one: it holds nothing. */
export function isGap(entry: CoverageEntry): boolean {
  return entry.status !== 'read' && entry.status !== 'notRegistered';
}
