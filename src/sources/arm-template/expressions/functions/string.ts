/**
 * String functions (template-functions-string.md). `concat`, `contains`, `empty`, `first`,
 * `indexOf`, `last`, `lastIndexOf`, `length`, `skip` and `take` take arrays too and are with the
 * array functions; `json` is with the object functions.
 *
 * `startsWith` and `endsWith` compare ignoring case, `replace` and `split` exactly, as ARM's
 * reference says of each. `guid` and `uniqueString` are ARM's own hashes, in ../hashes.
 */
import { foldCase } from '../../../../ids.js';
import { nameBasedGuid } from '../hashes/name-based-guid.js';
import { uniqueString } from '../hashes/unique-string.js';
import { isArray, isInteger, known, toJson, type Value } from '../values.js';
import { arrayArg, asText, intArg, stringArg, wrongType } from './arguments.js';
import { MalformedFormat, UnsupportedFormat, compositeFormat } from './composite-format.js';
import { atLeast, fn, type FunctionDefinition, type Invocation } from './function.js';
import { parseJson } from './object.js';

/** aiscan's bound on what padLeft() builds (ARM documents none). */
const MAX_PADDED_LENGTH = 1024 * 1024;

const DATA_URI_PREFIX = 'data:text/plain;charset=utf-8;base64,';

export const STRING_FUNCTIONS: readonly FunctionDefinition[] = [
  fn('base64', 1, (args, at) => Buffer.from(stringArg(args, 0, at), 'utf8').toString('base64')),
  fn('base64ToString', 1, (args, at) => fromBase64(stringArg(args, 0, at), at)),
  fn('base64ToJson', 1, (args, at) => parseJson(fromBase64(stringArg(args, 0, at), at), at)),
  fn('dataUri', 1, (args, at) => DATA_URI_PREFIX + Buffer.from(stringArg(args, 0, at), 'utf8').toString('base64')),
  fn('dataUriToString', 1, (args, at) => fromDataUri(stringArg(args, 0, at), at)),
  fn('startsWith', 2, (args, at) => foldCase(stringArg(args, 0, at)).startsWith(foldCase(stringArg(args, 1, at)))),
  fn('endsWith', 2, (args, at) => foldCase(stringArg(args, 0, at)).endsWith(foldCase(stringArg(args, 1, at)))),
  fn('format', atLeast(1), (args, at) => {
    const format = stringArg(args, 0, at);
    try {
      return compositeFormat(format, args.slice(1));
    } catch (error) {
      if (error instanceof MalformedFormat) return at.fail(error.message);
      if (error instanceof UnsupportedFormat) return at.unknown(`aiscan does not evaluate ${error.message} that format() is given`);
      throw error;
    }
  }),
  fn('guid', atLeast(1), (args, at) => nameBasedGuid(args.map((_, i) => stringArg(args, i, at)))),
  fn('uniqueString', atLeast(1), (args, at) => uniqueString(args.map((_, i) => stringArg(args, i, at)))),
  fn('newGuid', 0, (_, at) => at.unknown('newGuid() returns a new GUID at each deployment')),
  fn('join', 2, (args, at) => {
    const items = arrayArg(args, 0, at);
    const delimiter = stringArg(args, 1, at);
    return items.map((item) => asText(item, at, 'each element of the array to join')).join(delimiter);
  }),
  fn('padLeft', [2, 3], (args, at) => {
    const value = isInteger(args[0]) ? String(args[0]) : stringArg(args, 0, at);
    const width = intArg(args, 1, at);
    const padding = args.length > 2 ? stringArg(args, 2, at) : ' ';
    if (padding.length !== 1) at.fail(`pads with one character, not ${JSON.stringify(padding)}`);
    // A template from a pull request could ask for gigabytes of padding; no real template pads a value beyond this.
    if (width > MAX_PADDED_LENGTH) at.fail(`pads to at most ${MAX_PADDED_LENGTH} characters in aiscan, not ${width}`);
    return value.padStart(width, padding);
  }),
  fn('replace', 3, (args, at) => {
    const [text, old, replacement] = [stringArg(args, 0, at), stringArg(args, 1, at), stringArg(args, 2, at)];
    if (old === '') at.fail('cannot replace an empty string');
    return text.split(old).join(replacement);
  }),
  fn('split', 2, ([text, delimiter], at) => {
    const value = stringArg([text], 0, at);
    const delimiters = typeof delimiter === 'string' ? [delimiter] : isArray(delimiter) ? delimiter.map((item) => textOf(item, at)) : wrongType(at, 1, 'a string or an array of strings', delimiter);
    return splitAll(value, delimiters.filter((d) => d !== ''));
  }),
  fn('string', 1, ([value]) => {
    const v = known(value);
    if (typeof v === 'string') return v;
    if (v === null) return '';
    if (typeof v === 'boolean') return v ? 'True' : 'False';
    return typeof v === 'number' ? String(v) : toJson(v);
  }),
  fn('substring', [1, 3], (args, at) => {
    const text = stringArg(args, 0, at);
    const start = args.length > 1 ? intArg(args, 1, at) : 0;
    const length = args.length > 2 ? intArg(args, 2, at) : text.length - start;
    if (start < 0 || length < 0 || start + length > text.length) {
      at.fail(`the index and length parameters must refer to a location within the string: the index is ${start}, the length ${length}, and the string's length ${text.length}`);
    }
    return text.slice(start, start + length);
  }),
  fn('toLower', 1, (args, at) => stringArg(args, 0, at).toLowerCase()),
  fn('toUpper', 1, (args, at) => stringArg(args, 0, at).toUpperCase()),
  fn('trim', 1, (args, at) => stringArg(args, 0, at).trim()),
  fn('uri', 2, (args, at) => {
    const [base, relative] = [stringArg(args, 0, at), stringArg(args, 1, at)];
    try {
      return new URL(relative, base).href;
    } catch {
      return at.fail(`cannot combine the base URI ${JSON.stringify(base)} with ${JSON.stringify(relative)}: the base must be an absolute URI`);
    }
  }),
  // RFC 3986: all but the unreserved characters are escaped, `*` and `(` included, as ARM does
  // (`uriComponent('UB*8h 0+=_)9h9n')` is `UB%2A8h%200%2B%3D_%299h9n`).
  fn('uriComponent', 1, (args, at) => encodeURIComponent(stringArg(args, 0, at)).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)),
  fn('uriComponentToString', 1, (args, at) => {
    const text = stringArg(args, 0, at);
    try {
      return decodeURIComponent(text);
    } catch {
      return at.fail(`expects its argument to be URI-encoded, and ${JSON.stringify(text)} has an escape that is not valid UTF-8`);
    }
  }),
];

function textOf(item: Value, at: Invocation): string {
  const value = known(item);
  return typeof value === 'string' ? value : wrongType(at, 1, 'a string or an array of strings', value);
}

function fromBase64(text: string, at: Invocation): string {
  const compact = text.replace(/\s/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) at.fail(`expects its argument to be base64, not ${JSON.stringify(text.slice(0, 40))}`);
  return Buffer.from(compact, 'base64').toString('utf8');
}

/** `data:[media type][;base64],data`: the data decoded as base64 or as URI escapes. */
function fromDataUri(text: string, at: Invocation): string {
  const match = /^data:([^,]*),(.*)$/s.exec(text);
  if (!match) return at.fail(`expects its argument to be a data URI (data:[media type][;base64],data), not ${JSON.stringify(text.slice(0, 40))}`);
  const [, header, data] = match;
  if (/;base64$/i.test(header)) return fromBase64(data, at);
  try {
    return decodeURIComponent(data);
  } catch {
    return at.fail('expects the data of a data URI to be URI-encoded UTF-8');
  }
}

/** .NET's String.Split with several delimiters: at each position the first delimiter in the list that matches; empty entries kept. */
function splitAll(text: string, delimiters: readonly string[]): Value[] {
  if (delimiters.length === 0) return [text];
  const parts: string[] = [];
  let start = 0;
  let i = 0;
  while (i < text.length) {
    const match = delimiters.find((delimiter) => text.startsWith(delimiter, i));
    if (match === undefined) {
      i++;
      continue;
    }
    parts.push(text.slice(start, i));
    i += match.length;
    start = i;
  }
  parts.push(text.slice(start));
  return parts;
}
