/** The first 12 hex digits of a scope fingerprint (`sha256:…`): enough to tell two scopes apart in a message. */
export function shortFingerprint(scope: string): string {
  return /^sha256:[0-9a-f]{13,}$/.test(scope) ? `${scope.slice(0, 19)}…` : scope;
}

const NAMED = 20;

/** `shard 2/3`, `shards 2/4 and 4/4`, `shards 1/64, 2/64, … and 40 more`: as `--shard` takes them. */
export function nameShards(indexes: readonly number[], count: number): string {
  const names = indexes.slice(0, NAMED).map((index) => `${index}/${count}`);
  if (indexes.length === 1) return `shard ${names[0]}`;
  if (indexes.length > NAMED) return `shards ${names.join(', ')} and ${indexes.length - NAMED} more`;
  return `shards ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
