import { isAscii, isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { parse, printParseErrorCode, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { UserError } from '../errors.js';
import { readStandardInput, STANDARD_INPUT } from '../files/standard-input.js';

/** The text of a file (see decodeText), without a byte-order mark. Fails with the file and the problem. */
export function readTextFile(file: string, what: string): string {
  return decodeText(readFileBytes(file, what), file, what);
}

/**
 * A file's text as UTF-8 bytes, for the readers that walk bytes: a UTF-8 file's own bytes, or a
 * UTF-16 file's text encoded as UTF-8. Lines, and columns counted in UTF-16 units, are the same
 * in both.
 */
export function readUtf8Bytes(file: string, what: string): Buffer {
  const bytes = readFileBytes(file, what);
  return byteOrderMark(bytes) === undefined && !unmarkedUtf16(bytes) ? bytes : Buffer.from(decodeText(bytes, file, what), 'utf8');
}

/** The bytes of a file. Fails with the file and the problem. */
export function readFileBytes(file: string, what: string): Buffer {
  return readFileWithStats(file, what).bytes;
}

/**
 * The bytes of a file and its size and modification time when read. A file, a pipe (`-s
 * <(az graph query …)`) or a socket is read to its end; a folder or a device is refused rather
 * than read forever (`/dev/zero`).
 */
export function readFileWithStats(file: string, what: string): { bytes: Buffer; stats: Stats } {
  // `--baseline=` or `--snapshot ''`: no file at all, which the OS would call a missing one.
  if (file === '') throw new UserError(`cannot read ${what}: the file name is empty (- reads standard input)`);
  let fd: number | undefined;
  try {
    if (file === STANDARD_INPUT) return readStandardInput();
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    if (stats.isDirectory()) throw Object.assign(new Error('folder'), { code: 'EISDIR' });
    if (!stats.isFile() && !stats.isFIFO() && !stats.isSocket()) throw Object.assign(new Error('device'), { code: 'ENOTREG' });
    return { bytes: readFileSync(fd), stats };
  } catch (error) {
    throw new UserError(`${file}: cannot read ${what}: ${describeFsError(error)}`);
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/**
 * Strict decoding of a file's text, fast for large files: pure ASCII (the usual JSON) is copied
 * byte for byte, other valid UTF-8 is decoded, and so is UTF-16 that starts with its byte order
 * mark: kubectl and az read such files (Windows PowerShell's `>` writes them), so a template or
 * manifest in UTF-16 is deployed, and must be read, not passed over. So is UTF-32 after its byte
 * order mark, which .NET's StreamReader, and so Azure PowerShell, reads, and UTF-16LE without one
 * (see unmarkedUtf16). Anything else is an error naming the file and where.
 */
export function decodeText(bytes: Buffer, file: string, what: string): string {
  const encoding = byteOrderMark(bytes);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(bytes, encoding, file, what);
  if (encoding !== undefined) return decodeUtf16(bytes, encoding, 2, file, what);
  if (unmarkedUtf16(bytes)) return decodeUtf16(bytes, 'utf-16le', 0, file, what);
  let text: string;
  if (isAscii(bytes)) text = bytes.toString('latin1');
  else if (isUtf8(bytes)) text = bytes.toString('utf8');
  else throw new UserError(`${file}: ${what} is not valid UTF-8 text (${describeInvalidUtf8(bytes)})`);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

const UNPAIRED_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** UTF-16 after its byte order mark (`start` bytes); half a code unit at the end, or a surrogate without its pair, is an error saying where. */
function decodeUtf16(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be', start: 0 | 2, file: string, what: string): string {
  const name = encoding === 'utf-16le' ? 'UTF-16LE' : 'UTF-16BE';
  const body = bytes.subarray(start, bytes.length - (bytes.length % 2));
  const text = (encoding === 'utf-16le' ? body : Buffer.from(body).swap16()).toString('utf16le');
  const problem = bytes.length % 2 !== 0 ? { at: text.length, what: 'it ends in half a character' } : undefined;
  const unpaired = UNPAIRED_SURROGATE.exec(text);
  const first = unpaired ? { at: unpaired.index, what: 'a surrogate without its pair' } : problem;
  if (first === undefined) return text;
  const { line, column } = lineAndColumn(text, first.at);
  const why = start === 0 ? `reads as ${name} without a byte order mark (a NUL after each of its first two characters)` : `starts with a ${name} byte order mark`;
  throw new UserError(`${file}:${line}:${column}: ${what} ${why} but is not valid ${name} text (${first.what})`);
}

/** UTF-32 after its byte order mark; a part of a character at the end, or a number that is no character, is an error saying where. */
function decodeUtf32(bytes: Buffer, encoding: 'utf-32le' | 'utf-32be', file: string, what: string): string {
  const name = encoding === 'utf-32le' ? 'UTF-32LE' : 'UTF-32BE';
  const reading = utf32Text(bytes, encoding);
  if (reading.invalidAt === undefined) return reading.text;
  const { line, column } = lineAndColumn(reading.text, reading.text.length);
  const problem = reading.invalidAt >= bytes.length - (bytes.length % 4) ? 'it ends in part of a character' : 'a number that is no Unicode character';
  throw new UserError(`${file}:${line}:${column}: ${what} starts with a ${name} byte order mark but is not valid ${name} text (${problem})`);
}

/** The text of UTF-32 after its byte order mark, up to the first four bytes that are no character (their offset), or all of it. */
function utf32Text(bytes: Uint8Array, encoding: 'utf-32le' | 'utf-32be'): { text: string; invalidAt?: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  for (let at = 4; at < bytes.length; at += 4) {
    const code = at + 4 <= bytes.length ? view.getUint32(at, encoding === 'utf-32le') : -1;
    if (code < 0 || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return { text: parts.join(''), invalidAt: at };
    parts.push(String.fromCodePoint(code));
  }
  return { text: parts.join('') };
}

/**
 * Text as far as it can be read, for telling what a file is: UTF-16 or UTF-32 by its byte order
 * mark, else UTF-8, anything invalid replaced or left out (the file's full read says what is wrong
 * with it).
 */
export function lenientText(bytes: Uint8Array): string {
  const encoding = byteOrderMark(bytes);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return utf32Text(bytes, encoding).text;
  return new TextDecoder(encoding ?? (unmarkedUtf16(bytes) ? 'utf-16le' : 'utf-8')).decode(bytes);
}

/**
 * Whether a file without a byte order mark is UTF-16LE as the Azure Pipelines task that deploys
 * ARM templates tells it: a NUL after each of its first two characters, none in them. That task
 * reads such a template and deploys it; az and kubectl read it as UTF-8, NULs and all, and fail.
 */
function unmarkedUtf16(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0;
}

/**
 * UTF-16 or UTF-32 as its byte order mark says, or undefined. `FF FE 00 00` is UTF-32, as .NET
 * reads it, rather than UTF-16 opening with a NUL character.
 */
function byteOrderMark(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | undefined {
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return 'utf-32le';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be';
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** The line:column of the first byte sequence that is not UTF-8 (a newline byte never sits inside a UTF-8 sequence). */
function describeInvalidUtf8(bytes: Buffer): string {
  let line = 1;
  let lineStart = 0;
  for (;;) {
    const newline = bytes.indexOf(10, lineStart);
    const lineBytes = bytes.subarray(lineStart, newline === -1 ? bytes.length : newline);
    if (!isUtf8(lineBytes)) {
      const column = new TextDecoder('utf-8').decode(lineBytes).indexOf('\ufffd') + 1;
      return `first invalid byte at line ${line}, column ${Math.max(column, 1)}`;
    }
    if (newline === -1) return 'invalid byte sequence';
    line++;
    lineStart = newline + 1;
  }
}

export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a folder, not a file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTREG') return 'it is a device, not a file';
  return (error as Error).message;
}

/** Parses strict JSON; a syntax error names the file and line:column. */
export function parseJsonText(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    // JSON.parse is fast but vague about where; jsonc-parser says exactly where.
    throw new UserError(`${file}:${describeSyntaxError(text, error)} (${what} must be valid JSON)`);
  }
}

/**
 * Parses JSON that may hold comments (line and block comments), as ARM templates and parameter files may:
 * plain JSON is read by JSON.parse; only a text it refuses goes through jsonc-parser.
 */
export function parseJsonWithComments(text: string, file: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const options = { disallowComments: false, allowTrailingComma: false, allowEmptyContent: false };
    let errors: ParseError[] = [];
    const value = parse(text, errors, options);
    if (errors.length === 0) return value;
    const masked = maskControlCharactersInStrings(text);
    if (masked !== undefined) {
      const maskedErrors: ParseError[] = [];
      const maskedValue: unknown = parse(masked, maskedErrors, options);
      if (maskedErrors.length === 0) return unmaskControlCharacters(maskedValue);
      errors = maskedErrors;
    }
    // Masking keeps every offset: the error is where it is in the file.
    const { line, column } = lineAndColumn(text, errors[0].offset);
    throw new UserError(`${file}:${line}:${column}: invalid JSON: ${parseErrorText(errors[0].error)} (${what} must be JSON, comments allowed)`);
  }
}

/** The private-use characters that stand for U+0000–U+001F while a text is parsed. */
const MASK_BASE = 0xe000;
const MASKS = /[\uE000-\uE01F]/;

/**
 * The text with each raw control character (a line break, a tab) inside a string replaced by a
 * private-use character of the same length, or undefined when there is none to mask (or the text
 * already holds those private-use characters, which would come back wrong). ARM reads a string
 * written over several lines, and so does az (json.loads with strict=False): a template with one
 * deploys, while JSON and jsonc-parser refuse it. Offsets, lines and columns are unchanged.
 */
export function maskControlCharactersInStrings(text: string): string | undefined {
  if (MASKS.test(text)) return undefined;
  let out: string[] | undefined;
  let from = 0;
  let state: 'code' | 'string' | 'line-comment' | 'block-comment' = 'code';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (state === 'code') {
      if (code === 0x22) state = 'string';
      else if (code === 0x2f && text.charCodeAt(i + 1) === 0x2f) state = 'line-comment';
      else if (code === 0x2f && text.charCodeAt(i + 1) === 0x2a) {
        state = 'block-comment';
        i++;
      }
    } else if (state === 'string') {
      if (code === 0x5c) i++;
      else if (code === 0x22) state = 'code';
      else if (code < 0x20) {
        (out ??= []).push(text.slice(from, i), String.fromCharCode(MASK_BASE + code));
        from = i + 1;
      }
    } else if (state === 'line-comment') {
      if (code === 0x0a || code === 0x0d) state = 'code';
    } else if (code === 0x2a && text.charCodeAt(i + 1) === 0x2f) {
      state = 'code';
      i++;
    }
  }
  if (out === undefined) return undefined;
  out.push(text.slice(from));
  return out.join('');
}

/** The value parsed from a masked text, with every masked character back as the control character it was (in keys too). Walked without recursion. */
export function unmaskControlCharacters(value: unknown): unknown {
  const unmask = (text: string) => (MASKS.test(text) ? text.replace(/[\uE000-\uE01F]/g, (mask) => String.fromCharCode(mask.charCodeAt(0) - MASK_BASE)) : text);
  if (typeof value === 'string') return unmask(value);
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const current = stack.pop();
    if (Array.isArray(current)) {
      current.forEach((entry, index) => {
        if (typeof entry === 'string') current[index] = unmask(entry);
        else stack.push(entry);
      });
    } else if (typeof current === 'object' && current !== null) {
      const record = current as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const entry = record[key];
        const plain = unmask(key);
        if (plain !== key) {
          delete record[key];
          Object.defineProperty(record, plain, { value: entry, writable: true, enumerable: true, configurable: true });
        }
        if (typeof entry === 'string') record[plain] = unmask(entry);
        else stack.push(entry);
      }
    }
  }
  return value;
}

export function readJsonFile(file: string, what: string): { text: string; value: unknown } {
  const text = readTextFile(file, what);
  return { text, value: parseJsonText(text, file, what) };
}

function describeSyntaxError(text: string, parseError: unknown): string {
  if (text.trim() === '') return '1:1: the file is empty';
  const errors: ParseError[] = [];
  try {
    parse(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  } catch {
    // jsonc-parser recurses once per nesting level: thousands of levels exhaust the stack. JSON.parse
    // does not, and its message usually says where.
    const position = /at position (\d+)/.exec((parseError as Error).message)?.[1];
    const { line, column } = lineAndColumn(text, position === undefined ? text.length : Number(position));
    return `${line}:${column}: invalid JSON: ${(parseError as Error).message.replace(/ in JSON at position \d+.*$/, '').toLowerCase()}`;
  }
  const first = errors[0];
  if (!first) return '1:1: invalid JSON';
  const { line, column } = lineAndColumn(text, first.offset);
  return `${line}:${column}: invalid JSON: ${parseErrorText(first.error)}`;
}

/** jsonc-parser's error, in words: `close bracket expected`. */
export function parseErrorText(error: ParseErrorCode): string {
  return printParseErrorCode(error).replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** 1-based line and column of an offset, given where each line starts (ascending): a binary search, for many offsets in one text. */
export function lineAndColumnAt(starts: readonly number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - starts[low] + 1 };
}

/** 1-based line and column of a character offset. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
