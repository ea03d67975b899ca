/** What a path of the Kubernetes API asks for. */
export type KubernetesRoute =
  | { kind: 'version' }
  | { kind: 'apiVersions' }
  | { kind: 'groupList' }
  | { kind: 'group'; group: string }
  | { kind: 'resourceList'; group: string; version: string }
  | { kind: 'collection'; group: string; version: string; plural: string; namespace?: string }
  | { kind: 'object'; group: string; version: string; plural: string; namespace?: string; name: string }
  /** The deprecated /watch/ paths: the emulator serves no watches. */
  | { kind: 'watch' }
  | { kind: 'unknown' };

/** Splits a path into its routes' parts; a segment that does not decode makes the route unknown. */
export function resolveKubernetesRoute(pathname: string): KubernetesRoute {
  let segments: string[];
  try {
    segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return { kind: 'unknown' };
  }
  const [root, ...rest] = segments;
  if (root === 'version' && rest.length === 0) return { kind: 'version' };
  if (root === 'api') return rest.length === 0 ? { kind: 'apiVersions' } : inGroupVersion('', rest[0], rest.slice(1));
  if (root === 'apis') {
    if (rest.length === 0) return { kind: 'groupList' };
    if (rest.length === 1) return { kind: 'group', group: rest[0] };
    return inGroupVersion(rest[0], rest[1], rest.slice(2));
  }
  return { kind: 'unknown' };
}

/** The part of a path after /api/{version} or /apis/{group}/{version}. */
function inGroupVersion(group: string, version: string, rest: string[]): KubernetesRoute {
  const at = { group, version };
  if (rest[0] === 'watch') return { kind: 'watch' };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, plural, name, ...subresource] = rest;
    if (subresource.length > 0) return { kind: 'unknown' };
    return name === undefined ? { kind: 'collection', ...at, plural, namespace } : { kind: 'object', ...at, plural, namespace, name };
  }
  switch (rest.length) {
    case 0:
      return { kind: 'resourceList', ...at };
    case 1:
      return { kind: 'collection', ...at, plural: rest[0] };
    case 2:
      return { kind: 'object', ...at, plural: rest[0], name: rest[1] };
    default:
      return { kind: 'unknown' };
  }
}
