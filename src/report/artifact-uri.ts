import { isAbsolute, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where a SARIF artifactLocation points: a reference relative to the source root, or an absolute URI with no base. */
export interface ArtifactUri {
  uri: string;
  /** Present only with a relative `uri`: SARIF forbids a base for an absolute one. */
  uriBaseId?: string;
}

/**
 * The URI of an input file, as SARIF requires it (RFC 3986), for `file` read from the working
 * directory `sourceRoot`:
 * - inside `sourceRoot`: the path relative to it, each segment percent-encoded, with `uriBaseId`.
 *   (GitHub code scanning takes it as relative to the repository's root, which is where a
 *   workflow runs aiscan.)
 * - anywhere else: an absolute `file:///…` URI and no base. A `../` reference would climb out of
 *   the source root, which viewers either reject or resolve to a different file; an absolute URI
 *   names the file the scan read, and GitHub code scanning, which maps absolute URIs under the
 *   checkout to repository files, leaves one outside it unmapped rather than pointing at the
 *   wrong file.
 */
export function artifactUri(file: string, sourceRoot: string, baseId: string): ArtifactUri {
  const absolute = resolve(file);
  const path = relative(resolve(sourceRoot), absolute);
  if (path === '' || isAbsolute(path) || path === '..' || path.startsWith(`..${sep}`)) return { uri: fileUri(absolute) };
  return { uri: path.split(sep).map((segment) => encodeSegment(segment, false)).join('/'), uriBaseId: baseId };
}

/** The absolute `file:` URI of a local path (a folder when it ends with a separator), percent-encoded per RFC 3986. */
export function fileUri(absolutePath: string): string {
  const url = pathToFileURL(absolutePath);
  // Node's URL leaves some characters RFC 3986 does not allow in a path ([ ] | ^ \ and others): decode and encode again.
  const path = url.pathname
    .split('/')
    .map((segment) => encodeSegment(decodeURIComponent(segment), true))
    .join('/');
  return `file://${url.host}${path}`;
}

/**
 * A baseline's URI as this run writes it again (for findings fixed since). Older aiscan wrote
 * paths unencoded and climbed out of the source root with `..`; such a URI is read as the path it
 * was and written anew. A URI already in form is kept as it is.
 */
export function rewrittenBaselineUri(uri: string, sourceRoot: string, baseId: string): ArtifactUri {
  if (/^file:/i.test(uri) && /^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*$/.test(uri)) return { uri };
  if (isRelativePath(uri)) return { uri, uriBaseId: baseId };
  let path = uri;
  try {
    path = decodeURIComponent(uri);
  } catch {
    // a lone `%` of an unencoded name: the text is the path
  }
  return artifactUri(resolve(sourceRoot, path), sourceRoot, baseId);
}

/** RFC 3986 `pchar` less `:` (which would read as a scheme in a relative reference's first segment): unreserved, sub-delims, `@`. */
const SEGMENT_SAFE = /^[A-Za-z0-9\-._~!$&'()*+,;=@]$/;

function encodeSegment(segment: string, keepColon: boolean): string {
  let out = '';
  for (const character of segment) {
    if (SEGMENT_SAFE.test(character) || (keepColon && character === ':')) out += character;
    else for (const byte of Buffer.from(character, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** A relative reference as `artifactUri` writes one: encoded segments, none of them `.` or `..`, no query or fragment. */
function isRelativePath(uri: string): boolean {
  const segments = uri.split('/');
  return uri !== '' && segments.every((segment) => segment !== '' && segment !== '.' && segment !== '..' && /^(?:[A-Za-z0-9\-._~!$&'()*+,;=@]|%[0-9A-Fa-f]{2})+$/.test(segment));
}
