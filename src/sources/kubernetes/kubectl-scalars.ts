/**
 * A plain (unquoted) YAML scalar as kubectl reads it. kubectl turns each YAML document into JSON
 * with sigs.k8s.io/yaml, which reads YAML 1.1 through gopkg.in/yaml.v2 (so does helm): `yes`, `on`
 * and `y` are true, `0777` is octal, `1_000` is a thousand, `0b101` is five. Read by YAML 1.2
 * rules instead, `privileged: yes` would be a string, and a privileged container would pass the
 * gate that the API server then receives as `"privileged": true`.
 *
 * The rules below are yaml.v2's `resolve` for an untagged plain scalar. A timestamp stays the
 * string it is written as, since yaml.v2 gives a timestamp decoded into an untyped value as its text.
 */

export type ScalarType = 'str' | 'bool' | 'int' | 'float' | 'null';

export interface ResolvedScalar {
  type: ScalarType;
  value: string | number | boolean | null;
}

const WORDS = new Map<string, ResolvedScalar>();
for (const [value, type, spellings] of [
  [true, 'bool', ['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']],
  [false, 'bool', ['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF']],
  [null, 'null', ['', '~', 'null', 'Null', 'NULL']],
  [Number.NaN, 'float', ['.nan', '.NaN', '.NAN']],
  [Number.POSITIVE_INFINITY, 'float', ['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF']],
  [Number.NEGATIVE_INFINITY, 'float', ['-.inf', '-.Inf', '-.INF']],
] as const) {
  for (const spelling of spellings) WORDS.set(spelling, { type, value });
}

/** Go's strconv.ParseInt(s, 0, 64) and ParseUint(s, 0, 64): a sign (ParseInt only), then 0b, 0o, 0x, a leading 0 (octal) or decimal digits. */
const GO_INTEGER = /^([-+]?)(?:0[bB]([01]+)|0[oO]([0-7]+)|0[xX]([0-9a-fA-F]+)|0([0-7]*)|([1-9][0-9]*))$/;
const YAML_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

export function kubectlPlainScalar(text: string): ResolvedScalar {
  const word = WORDS.get(text);
  if (word !== undefined) return word;
  const first = text.charAt(0);
  if (first === '.') return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(text) ? { type: 'float', value: Number(text) } : { type: 'str', value: text };
  if (!/^[-+0-9]$/.test(first)) return { type: 'str', value: text };
  // yaml.v2 drops every underscore before reading a number.
  const plain = text.replaceAll('_', '');
  const integer = goInteger(plain);
  if (integer !== undefined) return { type: 'int', value: integer };
  if (YAML_FLOAT.test(plain)) return { type: 'float', value: Number(plain) };
  return { type: 'str', value: text };
}

/** The integer ParseInt (or, past int64, ParseUint without a sign) reads; undefined where both fail. */
function goInteger(text: string): number | undefined {
  const match = GO_INTEGER.exec(text);
  if (!match) return undefined;
  const [, sign, binary, octal, hex, leadingZeroOctal, decimal] = match;
  const magnitude =
    binary !== undefined ? BigInt(`0b${binary}`)
    : octal !== undefined ? BigInt(`0o${octal}`)
    : hex !== undefined ? BigInt(`0x${hex}`)
    : leadingZeroOctal !== undefined ? BigInt(`0o${leadingZeroOctal || '0'}`)
    : BigInt(decimal);
  const value = sign === '-' ? -magnitude : magnitude;
  const fits = sign === '' ? value <= UINT64_MAX : value >= INT64_MIN && value <= UINT64_MAX / 2n;
  return fits ? Number(value) : undefined;
}
