/**
 * Where in a rule file each schema node was written, for nodes that an expansion builds from
 * shorthand (a `fields` key, a named condition): the nested `properties` it makes are not in the
 * file, so a problem found in them is reported at the shorthand. The expansion notes each node it
 * builds; every check that walks the expanded schema (schema-reads.ts) asks. A node nobody noted
 * was written where its position in the schema says.
 */

const places = new WeakMap<object, string>();

/** Records that `node` was built from what is written at `pointer` in the rule file (e.g. `/assert/fields/facts.gpu.isGpu`). */
export function noteWrittenAt(node: object, pointer: string): void {
  places.set(node, pointer);
}

export function writtenAt(node: object): string | undefined {
  return places.get(node);
}
