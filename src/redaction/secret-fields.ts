/**
 * What aiscan redacts from the resources it collects, as data. docs/snapshots.md lists the same
 * things in words; change both together, and raise REDACTION_VERSION when the list changes.
 *
 * ARM never returns `protectedSettings`, admin passwords or keys on a GET, but the fields below
 * are free text or URLs that people fill with secrets in practice: Custom Script commands with
 * inline credentials, `fileUris` and webhooks with SAS signatures, connection strings in
 * extension settings, cloud-init in `customData`/`userData`.
 */
export const REDACTION_VERSION = 2;

export const MARKER_PREFIX = '[redacted by aiscan';

/** What a redacted value becomes: it says that it was redacted, and why. */
export function marker(why: string): string {
  return `${MARKER_PREFIX}: ${why}]`;
}

export type FieldRule =
  /** The whole value (a string, or an object or array that is not empty) becomes a marker. */
  | { kind: 'whole'; why: string }
  /** Each value of the object becomes a marker; its keys are kept. */
  | { kind: 'eachValue'; why: string }
  /** A URL keeps its scheme and host; its path and query become a marker. */
  | { kind: 'urlOrigin'; why: string };

/** Fields at any depth, by lower-cased name. */
export const FIELDS: ReadonlyMap<string, FieldRule> = new Map([
  ['protectedsettings', { kind: 'whole', why: 'extension protected settings' }],
  ['customdata', { kind: 'whole', why: 'custom data, which may hold secrets' }],
  ['userdata', { kind: 'whole', why: 'user data, which may hold secrets' }],
  ['commandtoexecute', { kind: 'whole', why: 'command line, which may hold secrets' }],
  ['script', { kind: 'whole', why: 'script, which may hold secrets' }],
]);

/** Fields of the items of an array, by the array's lower-cased name, then the field's. */
export const ITEM_FIELDS: ReadonlyMap<string, ReadonlyMap<string, FieldRule>> = new Map([
  [
    // Autoscale settings: properties.notifications[].webhooks[]
    'webhooks',
    new Map<string, FieldRule>([
      ['serviceuri', { kind: 'urlOrigin', why: 'webhook path and query, which may hold a secret' }],
      ['properties', { kind: 'eachValue', why: 'webhook property' }],
    ]),
  ],
  [
    // VMs: osProfile.windowsConfiguration.additionalUnattendContent[] (AutoLogon holds a password)
    'additionalunattendcontent',
    new Map<string, FieldRule>([['content', { kind: 'whole', why: 'Windows unattend content' }]]),
  ],
]);

/**
 * String fields whose names end like this (lower-cased, without `-`, `_` and `.`) hold
 * credentials: adminPassword, clientSecret, storageAccountKey, databricksAccessToken, …
 * `secretUrl`, `keyData` (an SSH public key) and `secrets` (Key Vault references) do not.
 */
export const SECRET_NAME = /(?:password|passwd|pwd|passphrase|secret|token|apikey|accesskey|accountkey|sharedaccesskey|sharedkey|primarykey|secondarykey|privatekey|masterkey|workspacekey|connectionstring)$/;
export const SECRET_NAME_WHY = 'field named like a secret';
/** The `value` of a `{ "name": …, "value": … }` item whose name ends like that (a container's env variable, an app setting). */
export const SECRET_SETTING_WHY = 'value of a setting named like a secret';

/** URL query parameters that carry a signature, a key or a token (compared ignoring case). */
export const SECRET_QUERY_PARAMETERS = [
  'sig',
  'signature',
  'code',
  'key',
  'apikey',
  'api-key',
  'api_key',
  'subscription-key',
  'token',
  'access_token',
  'sastoken',
  'password',
  'pwd',
  'secret',
  'client_secret',
  'x-amz-signature',
  'x-goog-signature',
];

/** Keys of `Key=value;` connection strings whose values are secrets (compared ignoring case). */
export const SECRET_CONNECTION_KEYS = ['AccountKey', 'SharedAccessKey', 'SharedAccessSignature', 'Password', 'Pwd', 'SharedSecret', 'AccessKey', 'ClientSecret'];
