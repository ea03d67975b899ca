/**
 * Tokens and client secrets never reach output: not a log line, an error message, a stack, a
 * snapshot or a report. Two nets, both cheap:
 *
 * - the values themselves: every access token a credential hands aiscan, and the secrets the
 *   Azure credentials read from the environment, are replaced wherever they appear;
 * - their shapes: `Bearer …`, JWTs, and `client_secret=…`-style fields, for secrets aiscan never
 *   saw (a token from another process, a refresh token in an identity error).
 */

export const REDACTED = '[redacted by aiscan]';

/** Environment variables the Azure credentials read secrets from. */
const SECRET_VARIABLES = ['AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PASSWORD', 'AZURE_PASSWORD'];

/** Shorter values are not redacted by value: a one-letter "secret" would blank every such letter of every message. */
const MIN_SECRET_LENGTH = 8;

const remembered = new Set<string>();

/** Remembers a secret aiscan holds (an access token), so that it is redacted wherever it appears. */
export function rememberSecret(value: string | undefined): void {
  if (value && value.length >= MIN_SECRET_LENGTH) remembered.add(value);
}

function knownSecrets(): string[] {
  const fromEnvironment = SECRET_VARIABLES.map((name) => process.env[name]).filter((value): value is string => !!value && value.length >= MIN_SECRET_LENGTH);
  // Longest first, so a secret that contains another is replaced whole.
  return [...remembered, ...fromEnvironment].sort((a, b) => b.length - a.length);
}

/**
 * `text` with every known secret value replaced (a substring search per secret: cheap); for
 * response bodies, where shapes are data and left alone.
 */
export function redactKnownSecrets(text: string): string {
  let result = text;
  for (const secret of knownSecrets()) if (result.includes(secret)) result = result.split(secret).join(REDACTED);
  return result;
}

// Fixed patterns without nested quantifiers: linear in the length of the text.
const SHAPES: readonly [RegExp, string][] = [
  // An Authorization header, or a bearer token quoted anywhere.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9\-._~+/]+=*/gi, `$1 ${REDACTED}`],
  // A JSON Web Token: three base64url parts, the first a JSON object ("eyJ" is `{"`).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // OAuth and credential fields, in a form body, a query, JSON or a message.
  [
    /\b(client_secret|client_assertion|access_token|refresh_token|id_token|assertion|password|clientSecret|accessToken|refreshToken)(["']?\s*[:=]\s*["']?)(?!\[redacted)[^"'&\s,;}]+/gi,
    `$1$2${REDACTED}`,
  ],
];

/** `text` with every known secret and every token-shaped string replaced: for logs and error messages. */
export function redactSecrets(text: string): string {
  let result = redactKnownSecrets(text);
  for (const [pattern, replacement] of SHAPES) result = result.replace(pattern, replacement);
  return result;
}

/**
 * The same error with its message and stack redacted, in place, so its class, status and code
 * (which decide the coverage status) are kept.
 */
export function redactError<T>(error: T): T {
  if (error instanceof Error) {
    error.message = redactSecrets(error.message);
    if (error.stack) error.stack = redactSecrets(error.stack);
  }
  return error;
}
