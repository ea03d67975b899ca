import { pathToPointer } from '../ajv.js';
import type { ArmResource, EstateResource, ResourceOrigin } from '../estate.js';
import { sameJson } from './same-json.js';
import { shown } from '../text/shown.js';

/** How many of the resources dropped for one scanned resource a warning lists by id and place. */
const LISTED = 5;

interface Dropped {
  kept: EstateResource;
  /** The first few dropped, as written and where. */
  listed: { id: string; origin: ResourceOrigin; sameId: boolean }[];
  count: number;
}

/**
 * Resources dropped because their id equals that of a resource already scanned (ignoring ASCII
 * case, as Azure compares ids), and the warnings that name them. An exact copy (same id, same
 * content: a file given twice) loses nothing and is only counted. Any other is named with the id
 * it was dropped for, both as written; one warning per scanned resource, so 50,000 copies of one
 * id are one line, not 50,000.
 */
export class DroppedDuplicates {
  private readonly byKept = new Map<EstateResource, Dropped>();
  private copies = 0;
  private firstCopy = '';

  drop(kept: EstateResource, resource: ArmResource, origin: ResourceOrigin): void {
    if (kept.resource.id === resource.id && sameJson(kept.resource, resource)) {
      if (this.copies++ === 0) this.firstCopy = `${shown(resource.id)} (${where(kept.origin)} and ${where(origin)})`;
      return;
    }
    let dropped = this.byKept.get(kept);
    if (!dropped) this.byKept.set(kept, (dropped = { kept, listed: [], count: 0 }));
    dropped.count++;
    if (dropped.listed.length < LISTED) dropped.listed.push({ id: resource.id, origin, sameId: resource.id === kept.resource.id });
  }

  warnings(): string[] {
    const warnings = [...this.byKept.values()].map(describe);
    if (this.copies > 0) {
      warnings.push(
        `${this.copies} resource${this.copies === 1 ? ' was' : 's were'} given more than once, each copy the same (same id, same content), and scanned once: first ${this.firstCopy}`,
      );
    }
    return warnings;
  }
}

function describe({ kept, listed, count }: Dropped): string {
  const rule = '(ids compare ignoring ASCII case, as in Azure)';
  if (count === 1) {
    const [only] = listed;
    return (
      `${only.origin.file}: at ${pointer(only.origin)}: ${shown(only.id)} is not scanned: its id is the same as that of ${shown(kept.resource.id)} at ${where(kept.origin)} ` +
      `${rule}, which is scanned instead${only.sameId ? '; the two differ in content' : ''}`
    );
  }
  const names = listed.map((entry) => `${shown(entry.id)} at ${where(entry.origin)}`).join(', ');
  return (
    `${kept.origin.file}: at ${pointer(kept.origin)}: ${shown(kept.resource.id)} is scanned, and ${count} other resources with the same id ${rule} are not: ` +
    `${names}${count > listed.length ? `, and ${count - listed.length} more` : ''}`
  );
}

function pointer(origin: ResourceOrigin): string {
  return pathToPointer(origin.path) || '/';
}

function where(origin: ResourceOrigin): string {
  return `${origin.file} at ${pointer(origin)}`;
}
