import { closeSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { ArmResource, CoverageEntry, ScannedScope } from '../../estate.js';
import { UserError } from '../../errors.js';
import { createPrivateTemp } from '../../files/private-temp.js';
import { idKey, parseResourceId } from '../../ids.js';
import { toolName, toolVersion } from '../../package-info.js';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION } from '../estate-file.js';
import type { SubscriptionCollection } from './subscription-collection.js';

export interface SnapshotSummary {
  file: string;
  subscriptions: number;
  resources: number;
  coverage: CoverageEntry[];
}

const indent = (json: string, by: string) => by + json.replaceAll('\n', `\n${by}`);

/**
 * Writes a snapshot without holding the estate in memory: each subscription's resources go to a
 * part file as soon as it is read; `finish` joins the parts in subscription order (so the file
 * does not depend on which subscription answered first) and renames the result into place.
 * Resources outside any one subscription (management-group role assignments, tenant-level role
 * definitions) are seen by several subscriptions and are written once, at the end.
 */
export class SnapshotWriter {
  private readonly partsDir: string;
  private readonly parts = new Map<number, { scope: ScannedScope; coverage: CoverageEntry[]; count: number }>();
  private readonly shared = new Map<string, { order: number; resource: ArmResource }>();

  constructor(readonly file: string) {
    this.partsDir = join(dirname(file), `.${basename(file)}.${process.pid}.parts`);
    try {
      mkdirSync(this.partsDir, { recursive: true });
    } catch (error) {
      throw new UserError(`${file}: cannot write the snapshot: ${(error as Error).message}`);
    }
  }

  /** `order` is the subscription's place in the snapshot. */
  add(collection: SubscriptionCollection, order: number): void {
    const own = collection.scope.subscriptionId.toLowerCase();
    const seen = new Set<string>();
    const texts: string[] = [];
    for (const resource of collection.resources) {
      const key = idKey(resource.id);
      if (seen.has(key)) continue;
      seen.add(key);
      if (parseResourceId(resource.id).subscriptionId?.toLowerCase() === own) texts.push(indent(JSON.stringify(resource, null, 2), '    '));
      else if ((this.shared.get(key)?.order ?? Infinity) > order) this.shared.set(key, { order, resource });
    }
    writeFileSync(join(this.partsDir, `${order}.json`), texts.join(',\n'));
    this.parts.set(order, { scope: collection.scope, coverage: collection.coverage, count: texts.length });
  }

  /** The snapshot's `tenantId` is the tenant of its subscriptions, when they share one. */
  finish(meta: { collectedAt: string }): SnapshotSummary {
    const orders = [...this.parts.keys()].sort((a, b) => a - b);
    const scopes = orders.map((order) => this.parts.get(order)!.scope);
    const coverage = orders.flatMap((order) => this.parts.get(order)!.coverage);
    const tenants = new Set(scopes.map((scope) => scope.tenantId?.toLowerCase()));
    const tenantId = tenants.size === 1 ? scopes[0]?.tenantId : undefined;
    const header = {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      tool: { name: toolName, version: toolVersion },
      collectedAt: meta.collectedAt,
      ...(tenantId ? { tenantId } : {}),
      scopes,
      coverage,
    };
    let temporary: string | undefined;
    let resources = 0;
    try {
      const created = createPrivateTemp(this.file);
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
        for (const order of orders) append(readFileSync(join(this.partsDir, `${order}.json`), 'utf8'), this.parts.get(order)!.count);
        const shared = [...this.shared.values()].map(({ resource }) => resource).sort((a, b) => idKey(a.id).localeCompare(idKey(b.id)));
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
    return { file: this.file, subscriptions: orders.length, resources, coverage };
  }

  discardParts(): void {
    rmSync(this.partsDir, { recursive: true, force: true });
  }
}
