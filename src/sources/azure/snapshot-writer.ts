import { closeSync, renameSync, rmSync, writeSync } from 'node:fs';
import type { ArmResource, CoverageEntry, ScannedScope, ShardHeader } from '../../estate.js';
import { UserError } from '../../errors.js';
import { idKey, parseResourceId, typeKey } from '../../ids.js';
import { toolName, toolVersion } from '../../package-info.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../estate-file.js';
import { keepFirstOfEachId, noteDuplicates, typeOf } from './duplicates.js';
import { PartsFolder } from './parts-folder.js';
import { redactResource } from '../../redaction/redact.js';
import { REDACTION_VERSION } from '../../redaction/secret-fields.js';
import type { SubscriptionCollection } from './subscription-collection.js';
import { compareText } from '../../text/order.js';

export interface SnapshotSummary {
  file: string;
  subscriptions: number;
  resources: number;
  coverage: CoverageEntry[];
  /** Values replaced by a marker because they may hold secrets, in the whole snapshot. */
  redacted: number;
  /** What the user should be told: resources dropped because their id was listed twice, both ids named. */
  warnings: string[];
  /** The shard of the scope the snapshot holds, when it holds one (`--shard`). */
  shard?: ShardHeader;
}

const indent = (json: string, by: string) => by + json.replaceAll('\n', `\n${by}`);
const MAX_WARNINGS = 20;

/**
 * Writes a snapshot without holding the estate in memory: each subscription's resources go to a
 * part file as soon as it is read; `finish` joins the parts in subscription order (so the file
 * does not depend on which subscription answered first) and renames the result into place.
 * Resources outside any one subscription (management-group role assignments, tenant-level role
 * definitions) are seen by several subscriptions and are written once, at the end.
 *
 * This is the one place every collected resource passes, whichever engine read it: values that
 * may hold secrets are redacted here, before anything is written (see secret-fields.ts), and the
 * coverage entry of each type says how many were.
 */
export class SnapshotWriter {
  private readonly parts: PartsFolder;
  private readonly written = new Map<number, { scope: ScannedScope; coverage: CoverageEntry[]; count: number }>();
  private readonly shared = new Map<string, { order: number; resource: ArmResource }>();
  private readonly warnings: string[] = [];
  private duplicates = 0;

  constructor(readonly file: string) {
    try {
      this.parts = new PartsFolder(file);
    } catch (error) {
      throw new UserError(`${file}: cannot write the snapshot: ${(error as Error).message}`);
    }
  }

  /** `order` is the subscription's place in the snapshot. The collection's coverage entries are annotated in place. */
  add(collection: SubscriptionCollection, order: number): void {
    const own = collection.scope.subscriptionId.toLowerCase();
    const { resources, duplicates } = keepFirstOfEachId(collection.resources);
    const redactedByType = new Map<string, number>();
    const texts: string[] = [];
    for (const read of resources) {
      const { resource, redacted } = redactResource(read);
      if (redacted > 0) {
        const type = typeKey(typeOf(resource));
        redactedByType.set(type, (redactedByType.get(type) ?? 0) + redacted);
      }
      const key = idKey(resource.id);
      if (parseResourceId(resource.id).subscriptionId?.toLowerCase() === own) texts.push(indent(JSON.stringify(resource, null, 2), '    '));
      else if ((this.shared.get(key)?.order ?? Infinity) > order) this.shared.set(key, { order, resource });
    }
    for (const entry of collection.coverage) {
      const redacted = redactedByType.get(typeKey(entry.resourceType));
      if (redacted) entry.redacted = redacted;
    }
    this.warn(noteDuplicates(collection.scope.subscriptionId, collection.coverage, duplicates));
    this.parts.write(`${order}.json`, texts.join(',\n'));
    this.written.set(order, { scope: collection.scope, coverage: collection.coverage, count: texts.length });
  }

  /** The snapshot's `tenantId` is the tenant of its subscriptions, when they share one. */
  finish(meta: { collectedAt: string; shard?: ShardHeader }): SnapshotSummary {
    const orders = [...this.written.keys()].sort((a, b) => a - b);
    // A cluster read inside is written after its subscription, as a collection of it: the subscription's own scope is the one kept.
    const scopeById = new Map<string, ScannedScope>();
    for (const order of orders) {
      const { scope } = this.written.get(order)!;
      if (!scopeById.has(scope.subscriptionId.toLowerCase())) scopeById.set(scope.subscriptionId.toLowerCase(), scope);
    }
    const scopes = [...scopeById.values()];
    const coverage = orders.flatMap((order) => this.written.get(order)!.coverage);
    const tenants = new Set(scopes.map((scope) => scope.tenantId?.toLowerCase()));
    const tenantId = tenants.size === 1 ? scopes[0]?.tenantId : undefined;
    const redacted = coverage.reduce((sum, entry) => sum + (entry.redacted ?? 0), 0);
    const header = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      tool: { name: toolName, version: toolVersion },
      collectedAt: meta.collectedAt,
      ...(tenantId ? { tenantId } : {}),
      ...(meta.shard ? { shard: meta.shard } : {}),
      redaction: { version: REDACTION_VERSION, redacted },
      scopes,
      coverage,
    };
    let temporary: string | undefined;
    let resources = 0;
    try {
      const created = this.parts.createTemp(this.file);
      temporary = created.path;
      const { fd } = created;
      try {
        writeSync(fd, `${JSON.stringify(header, null, 2).replace(/\n}$/, '')},\n  "resources": [`);
        let first = true;
        const append = (text: string, count: number) => {
          if (count === 0) return;
          writeSync(fd, `${first ? '\n' : ',\n'}${text}`);
          first = false;
          resources += count;
        };
        for (const order of orders) append(this.parts.read(`${order}.json`), this.written.get(order)!.count);
        const shared = [...this.shared.values()].map(({ resource }) => resource).sort((a, b) => compareText(idKey(a.id), idKey(b.id)));
        append(shared.map((resource) => indent(JSON.stringify(resource, null, 2), '    ')).join(',\n'), shared.length);
        writeSync(fd, resources === 0 ? ']\n}\n' : '\n  ]\n}\n');
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, this.file);
    } catch (error) {
      if (temporary) rmSync(temporary, { force: true });
      throw new UserError(`${this.file}: cannot write the snapshot: ${(error as Error).message}`);
    } finally {
      this.discardParts();
    }
    const more = this.duplicates > MAX_WARNINGS ? [`${this.duplicates - MAX_WARNINGS} more resource(s) listed twice were dropped (see the coverage entries of their types)`] : [];
    return { file: this.file, subscriptions: scopes.length, resources, coverage, redacted, warnings: [...this.warnings, ...more], ...(meta.shard ? { shard: meta.shard } : {}) };
  }

  discardParts(): void {
    this.parts.remove();
  }

  private warn(warnings: readonly string[]): void {
    for (const warning of warnings) if (++this.duplicates <= MAX_WARNINGS) this.warnings.push(warning);
  }
}
