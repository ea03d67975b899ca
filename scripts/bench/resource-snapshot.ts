import { closeSync, openSync, writeSync } from 'node:fs';
import type { EstateResource } from '../../src/estate.js';

/** Resources a template or plan scan evaluates, written as a snapshot (writeResourceSnapshot). */
export interface ExpandedSnapshot {
  resources: number;
  bytes: number;
  warnings: string[];
}

/**
 * Writes `resources` as an estate file (a JSON array of REST resources, 2-space indentation), a
 * megabyte at a time, so that the snapshot scan reads exactly the resources the template or plan
 * scan evaluates. Refuses a resource with a value unknown before deployment, which a snapshot
 * could not hold. Returns the bytes written.
 */
export function writeResourceSnapshot(resources: readonly EstateResource[], file: string, source: string): number {
  const unknown = resources.find((resource) => resource.unknown !== undefined && resource.unknown.length > 0);
  if (unknown) throw new Error(`${source}: ${unknown.resource.id} has values known only at deployment (${unknown.unknown!.map((value) => value.expression).join(', ')}): a snapshot cannot hold them`);
  const fd = openSync(file, 'w');
  let bytes = 0;
  try {
    let chunk = '[';
    resources.forEach(({ resource }, index) => {
      chunk += `${index === 0 ? '' : ','}\n  ${JSON.stringify(resource, null, 2).replace(/\n/g, '\n  ')}`;
      if (chunk.length > 1 << 20) {
        bytes += writeSync(fd, chunk);
        chunk = '';
      }
    });
    bytes += writeSync(fd, `${chunk}\n]\n`);
  } finally {
    closeSync(fd);
  }
  return bytes;
}
