import { marker, MARKER_PREFIX, SECRET_CONNECTION_KEYS, SECRET_QUERY_PARAMETERS } from './secret-fields.js';

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
const alternatives = (words: readonly string[]) => words.map(escape).join('|');

/** `?sig=…` or `&code=…`: the parameter is kept, its value replaced. */
const QUERY_SECRET = new RegExp(`([?&](?:${alternatives(SECRET_QUERY_PARAMETERS)})=)([^&#\\s"'<>]+)`, 'gi');
/** `…;AccountKey=…;…`: the value, up to the next `;` (a SAS in a connection string has `&` and `=` in it). */
const CONNECTION_SECRET = new RegExp(`(^|[;\\s"'])((?:${alternatives(SECRET_CONNECTION_KEYS)})\\s*=\\s*)([^;"'\\r\\n]+)`, 'gi');
const PRIVATE_KEY = /-----BEGIN [A-Z0-9 ]{0,40}PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z0-9 ]{0,40}PRIVATE KEY-----|$)/g;

export interface Tally {
  count: number;
}

/** A value aiscan already redacted (a snapshot read again): not redacted, nor counted, twice. */
export const isMarker = (value: string) => value.startsWith('[redacted');

/**
 * Secrets inside free text: signature and key parameters of URLs, passwords in URLs, secret
 * values of connection strings, private keys. The rest of the text is kept, so a rule or an
 * auditor still sees which host a URL names, or a SAS token's permissions and expiry.
 */
export function redactText(text: string, tally: Tally): string {
  // Nearly every string (names, ids, enums) has none of these: no pattern runs on it.
  const hasAssignment = text.includes('=');
  const hasAt = text.includes('@');
  const hasKey = text.includes('PRIVATE KEY-----');
  if (!hasAssignment && !hasAt && !hasKey) return text;
  let result = text;
  if (hasKey) {
    result = result.replace(PRIVATE_KEY, () => {
      tally.count++;
      return marker('private key');
    });
  }
  if (hasAt) result = redactUrlPasswords(result, tally);
  if (hasAssignment) {
    // Connection strings first: a SharedAccessSignature value is redacted whole, not its sig= alone.
    result = result.replace(CONNECTION_SECRET, (match, start: string, key: string, value: string) => {
      if (isMarker(value)) return match;
      tally.count++;
      return `${start}${key}${marker(`connection string ${key.replace(/\s*=\s*$/, '')}`)}`;
    });
    result = result.replace(QUERY_SECRET, (match, parameter: string, value: string) => {
      if (isMarker(value)) return match;
      tally.count++;
      return `${parameter}${marker(`URL ${parameter.slice(1, -1).toLowerCase() === 'sig' ? 'SAS signature' : `parameter ${parameter.slice(1, -1)}`}`)}`;
    });
  }
  return result;
}

/** Where a URL's authority ends (its userinfo cannot hold these either). */
const AUTHORITY_END = new Set(['/', '?', '#', '@', ' ', '\t', '\r', '\n', '"', "'"]);

/**
 * `scheme://user:password@host`: the password. Found by hand, not by a regular expression, so
 * that the time taken stays linear in the text whatever an attacker puts in it.
 */
function redactUrlPasswords(text: string, tally: Tally): string {
  let result = '';
  let copied = 0;
  for (let at = text.indexOf('://'); at !== -1; at = text.indexOf('://', at + 3)) {
    let end = at + 3;
    while (end < text.length && !AUTHORITY_END.has(text[end])) end++;
    if (text[end] !== '@') continue;
    const colon = text.indexOf(':', at + 3);
    if (colon === -1 || colon >= end - 1) continue;
    result += `${text.slice(copied, colon + 1)}${marker('password in a URL')}`;
    copied = end;
    tally.count++;
  }
  return copied === 0 ? text : result + text.slice(copied);
}

/** A URL that may be a secret as a whole (a webhook): scheme and host kept, the rest a marker. */
export function redactUrlBeyondOrigin(url: string, why: string): string {
  if (url.includes(MARKER_PREFIX)) return url;
  try {
    const { protocol, host, pathname, search, hash, username, password } = new URL(url);
    if ((pathname === '/' || pathname === '') && !search && !hash && !username && !password) return url;
    return `${protocol}//${host}/${marker(why)}`;
  } catch {
    return marker(why);
  }
}
