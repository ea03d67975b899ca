/**
 * A template or parameter file read as Azure PowerShell reads it, with JSON.NET (Newtonsoft.Json
 * 13), and written as JSON with the same lines.
 *
 * `New-AzResourceGroupDeployment -TemplateFile` deserializes the file into a JObject with JSON.NET's
 * JsonTextReader (Az.Resources' JsonExtensions.FromJson), which reads more than JSON: property names
 * without quotes, strings in single quotes, `//` and `/* *\/` comments, trailing commas, hexadecimal
 * and octal integers (`0x1F`, `017`), `.5` and `5.`, any Unicode white space, and nothing of what
 * follows the top-level object (a file `{…} anything` deploys its object; one that ends after a
 * value has the objects and arrays still open closed). Those are read as JSON.NET reads them.
 *
 * What JSON.NET reads but gives no JSON value for is `refused`, so that the caller stops rather
 * than guess: NaN and Infinity (written to ARM as strings), `undefined` and empty array items,
 * constructors (`new Date(…)`, read as dates), integers beyond 63 bits written in hexadecimal or
 * octal (JSON.NET wraps them), floats too large for JSON, `\u` escapes of half a surrogate pair,
 * and a `//` comment holding `*\/` inside an array (see comment).
 * What JSON.NET cannot read either is a `syntax` error: Azure PowerShell cannot deploy it.
 *
 * The JSON keeps every line break where it was (comments, white space and what follows the object
 * become spaces), so lines found in it are the file's lines; a column moves where a token is written
 * differently.
 */

import { describeCharacter, isDigit } from './characters.js';

export type JsonNetReading = { json: string } | { error: string; offset: number; refused: boolean };

export interface JsonNetOptions {
  /** Write `null` for each refused value instead of stopping: not what is deployed, but enough to tell what a file is. */
  lenient?: boolean;
}

/** JsonSerializer's default MaxDepth: a 65th nested object or array is an error. */
const MAX_DEPTH = 64;

const INT64_MAX = (1n << 63n) - 1n;

/** The characters JsonTextReader takes into a number, up to a separator. */
const NUMBER_TOKEN = /[-.0-9a-fA-FxX+]*/y;
const DECIMAL_INTEGER = /^-?\d+$/;
const FLOAT = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
/** .NET's char.IsLetterOrDigit, `_` and `$`: what a property name without quotes is made of. */
const IDENTIFIER_CHAR = /^[\p{Lu}\p{Ll}\p{Lt}\p{Lm}\p{Lo}\p{Nd}_$]$/u;
/** .NET's char.IsWhiteSpace. */
const WHITE_SPACE = /^[\t\n\v\f\r \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;
const HEX4 = /^[0-9a-fA-F]{4}$/;

class ReadError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

/** `text` (a file's whole text, without its byte order mark) as JSON, or where and why JSON.NET reads no object aiscan reads. */
export function jsonNetAsJson(text: string, options: JsonNetOptions = {}): JsonNetReading {
  const reader = new JsonNetReader(text);
  try {
    const json = reader.read();
    // A refused value stops the reading only once the rest is known to be read: a file that JSON.NET cannot read anyway is no deployment.
    const refusal = reader.firstRefusal;
    return refusal === undefined || options.lenient ? { json } : { error: refusal.message, offset: refusal.offset, refused: true };
  } catch (error) {
    if (error instanceof ReadError) return { error: error.message, offset: error.offset, refused: error.refused };
    throw error;
  }
}

class JsonNetReader {
  private at = 0;
  private readonly out: string[] = [];
  /** The line breaks inside the last string read, written after it so that the lines below stay where they are. */
  private linesOfLastString = '';
  private readonly found = new Map<string, { from: number; at: number }>();

  /** The first value read that JSON.NET reads and aiscan refuses; `null` was written in its place. */
  firstRefusal: ReadError | undefined;

  constructor(private readonly text: string) {}

  read(): string {
    // StreamReader drops a byte order mark.
    if (this.text.startsWith('\ufeff')) {
      this.out.push(' ');
      this.at++;
    }
    this.gap('dropped');
    if (this.at >= this.text.length) throw this.syntax('no value');
    if (this.text[this.at] !== '{') throw this.syntax(`${describeCharacter(this.text[this.at])} where an object should start (a template or parameter file is one object)`);
    this.object(1);
    // JSON.NET stops at the end of the object: what follows is not read, and not deployed.
    this.out.push(blank(this.text.slice(this.at)));
    return this.out.join('');
  }

  /**
   * White space (.NET's, and NUL) and, unless `comments` is 'none', comments: written as spaces,
   * line breaks kept. Comments 'sent' are inside an array (see comment).
   */
  private gap(comments: 'none' | 'dropped' | 'sent'): void {
    const start = this.at;
    const { text } = this;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      // Spaces and line breaks first: most of a template's white space.
      if (code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09 || code === 0 || (code > 0x7f && WHITE_SPACE.test(text[this.at])) || (code >= 0x0b && code <= 0x0c)) this.at++;
      else if (code === 0x2f && comments !== 'none') this.comment(comments === 'sent');
      else break;
    }
    if (this.at > start) this.out.push(blank(text.slice(start, this.at)));
  }

  /**
   * A comment. A JObject drops the comments between its properties, but a JArray keeps those between
   * its items, and Azure PowerShell sends them to ARM written as `/*…*\/`: a `//` comment holding `*\/`
   * is then read by ARM as ending there, and what follows in it as the template's.
   */
  private comment(sent: boolean): void {
    const { text } = this;
    const next = text[this.at + 1];
    if (next === '/') {
      const start = this.at;
      this.at += 2;
      while (this.at < text.length && text[this.at] !== '\n' && text[this.at] !== '\r') this.at++;
      if (sent && text.slice(start, this.at).includes('*/')) this.noteRefusal('a // comment holding */ inside an array, which Azure PowerShell sends to ARM as a /* */ comment that ends early', start);
    } else if (next === '*') {
      const end = text.indexOf('*/', this.at + 2);
      if (end < 0) throw this.syntax('a comment that is not closed');
      this.at = end + 2;
    } else throw this.syntax(`a / that starts no comment (${next === undefined ? 'the text ends' : describeCharacter(next)} after it)`);
  }

  private value(depth: number): void {
    const { text } = this;
    const char = text[this.at];
    if (char === '{') return this.object(depth + 1);
    if (char === '[') return this.array(depth + 1);
    if (char === '"' || char === "'") return void this.out.push(JSON.stringify(this.string()), this.linesOfLastString);
    if (this.word('new')) throw this.refuse('a constructor (new …), which JSON.NET reads as a date or an object of its own');
    if (char === 't' || char === 'f' || char === 'n') return this.keyword(char === 't' ? 'true' : char === 'f' ? 'false' : 'null');
    const word = ['NaN', 'Infinity', '-Infinity', 'undefined'].find((candidate) => this.word(candidate));
    if (word !== undefined) return this.refuseValue(word === 'undefined' ? 'undefined' : `${word}, which JSON.NET writes to ARM as a string`, word.length);
    if (char === ',') return this.refuseValue('an empty value (a comma where a value should be), which JSON.NET reads as undefined', 0);
    if (char === '-' || char === '.' || isDigit(char)) return void this.out.push(this.number());
    throw this.syntax(this.at < text.length ? `unexpected ${describeCharacter(char)}` : 'the text ends where a value is expected');
  }

  /** Whether `word` is at `at`, followed by a separator, as JSON.NET matches its words. */
  private word(word: string): boolean {
    return this.text.startsWith(word, this.at) && this.isSeparator(this.at + word.length);
  }

  /** A refused value of `length` characters: noted, and written as `null`. */
  private refuseValue(message: string, length: number): void {
    this.noteRefusal(message, this.at);
    this.at += length;
    this.out.push('null');
  }

  private noteRefusal(message: string, offset: number): void {
    this.firstRefusal ??= this.refuse(message, offset);
  }

  private object(depth: number): void {
    this.open('{', depth);
    for (;;) {
      this.gap('dropped');
      if (this.text[this.at] === '}') break;
      this.property();
      // No comment between a name and its colon: JSON.NET reads none there.
      this.gap('none');
      if (this.text[this.at] !== ':') throw this.syntax(this.at < this.text.length ? `a colon after the property name, not ${describeCharacter(this.text[this.at])}` : 'a colon after the property name where the text ends');
      this.out.push(':');
      this.at++;
      this.gap('dropped');
      this.value(depth);
      if (!this.afterValue('}')) break;
    }
    this.close('}');
  }

  private array(depth: number): void {
    this.open('[', depth);
    for (;;) {
      this.gap('sent');
      if (this.text[this.at] === ']') break;
      this.value(depth);
      if (!this.afterValue(']')) break;
    }
    this.close(']');
  }

  /** `{` or `[` at `at`, the `depth`th open one. */
  private open(bracket: string, depth: number): void {
    if (depth > MAX_DEPTH) throw this.syntax(`more than ${MAX_DEPTH} nested objects and arrays (JSON.NET's limit)`);
    this.out.push(bracket);
    this.at++;
  }

  /** `}` or `]`, at `at` or, where the text ends after a value, added. */
  private close(bracket: string): void {
    this.out.push(bracket);
    if (this.at < this.text.length) this.at++;
  }

  /**
   * After a value: a comma (true: read on) or `close` (false, left at it), or the end of the text
   * (false), where JSON.NET closes every object and array still open. A trailing comma is written
   * as a space.
   */
  private afterValue(close: string): boolean {
    const comments = close === ']' ? 'sent' : 'dropped';
    this.gap(comments);
    const char = this.text[this.at];
    if (char === close || char === undefined) return false;
    if (char === ',') {
      this.at++;
      const comma = this.out.push(',') - 1;
      this.gap(comments);
      if (this.text[this.at] === close) this.out[comma] = ' ';
      return true;
    }
    if (char === '}' || char === ']') throw this.syntax(`${char} closing a${close === '}' ? 'n object' : 'n array'}`);
    throw this.syntax(this.at < this.text.length ? `a comma or ${close} after a value, not ${describeCharacter(char)}` : `a comma or ${close} expected where the text ends`);
  }

  private property(): void {
    const { text } = this;
    const char = text[this.at];
    if (char === '"' || char === "'") {
      this.out.push(JSON.stringify(this.string()), this.linesOfLastString);
      return;
    }
    if (char === undefined || !IDENTIFIER_CHAR.test(char)) throw this.syntax(char === undefined ? 'a property name where the text ends' : `${describeCharacter(char)} where a property name should be`);
    const start = this.at;
    while (this.at < text.length && IDENTIFIER_CHAR.test(text[this.at])) this.at++;
    const next = text[this.at];
    if (next !== undefined && next !== ':' && next !== '\0' && !WHITE_SPACE.test(next)) throw this.syntax(`${describeCharacter(next)} in a property name without quotes`);
    this.out.push(JSON.stringify(text.slice(start, this.at)));
  }

  /** Where `char` is next, at or after `from` (Infinity: nowhere). Cached, so that a long text of many strings is searched once for each. */
  private nextOf(char: string, from: number): number {
    const cached = this.found.get(char);
    // Found from `cached.from`: the first at or after `from` too, when `from` lies between.
    if (cached !== undefined && cached.from <= from && from <= cached.at) return cached.at;
    const at = this.text.indexOf(char, from);
    const found = { from, at: at < 0 ? Infinity : at };
    this.found.set(char, found);
    return found.at;
  }

  private string(): string {
    const { text } = this;
    const start = this.at;
    const quote = text[this.at];
    this.at++;
    let value = '';
    let from = this.at;
    let lines = '';
    for (;;) {
      // To the next quote or backslash: the string's text up to there is as written.
      const quoteAt = this.nextOf(quote, this.at);
      const escapeAt = this.nextOf('\\', this.at);
      const next = Math.min(quoteAt, escapeAt);
      if (next === Infinity) throw this.syntax('a string that is not closed', start);
      for (let at = this.nextOf('\n', this.at); at < next; at = this.nextOf('\n', at + 1)) lines += '\n';
      this.at = next;
      if (next === quoteAt) break;
      value += text.slice(from, this.at);
      value += this.escape();
      from = this.at;
    }
    value += text.slice(from, this.at);
    this.at++;
    this.linesOfLastString = lines;
    return value;
  }

  private escape(): string {
    const { text } = this;
    const start = this.at;
    const char = text[this.at + 1];
    this.at += 2;
    switch (char) {
      case 'b':
        return '\b';
      case 't':
        return '\t';
      case 'n':
        return '\n';
      case 'f':
        return '\f';
      case 'r':
        return '\r';
      case '\\':
      case '"':
      case "'":
      case '/':
        return char;
      case 'u': {
        const code = this.hex4(start);
        const low = code >= 0xd800 && code <= 0xdbff && text.startsWith('\\u', this.at) ? parseInt(text.slice(this.at + 2, this.at + 6), 16) : NaN;
        if (low >= 0xdc00 && low <= 0xdfff) {
          this.at += 2;
          this.hex4(start);
          return String.fromCharCode(code, low);
        }
        if (code < 0xd800 || code > 0xdfff) return String.fromCharCode(code);
        this.noteRefusal('a \\u escape of half a surrogate pair, which JSON.NET replaces', start);
        return '\ufffd';
      }
      case undefined:
        throw this.syntax('a string that is not closed', start);
      default:
        throw this.syntax(`the escape \\${describeCharacter(char)}, which JSON.NET does not read`, start);
    }
  }

  private hex4(start: number): number {
    const digits = this.text.slice(this.at, this.at + 4);
    if (!HEX4.test(digits)) throw this.syntax('a truncated \\u escape', start);
    this.at += 4;
    return parseInt(digits, 16);
  }

  /** `true`, `false` or `null`, which JSON.NET reads only when a separator follows. */
  private keyword(word: string): void {
    if (!this.text.startsWith(word, this.at) || !this.isSeparator(this.at + word.length)) throw this.syntax(`an unknown word (${word} expected)`);
    this.at += word.length;
    this.out.push(word);
  }

  /** What may follow a value that is no string: the end, NUL, white space, `,`, `}`, `]`, or a comment. */
  private isSeparator(at: number): boolean {
    const char = this.text[at];
    if (char === undefined || char === '\0' || char === ',' || char === '}' || char === ']' || WHITE_SPACE.test(char)) return true;
    return char === '/' && (this.text[at + 1] === '/' || this.text[at + 1] === '*');
  }

  /**
   * A number as JsonTextReader reads it: the run of characters that may be part of one, up to a
   * separator; `0x…` hexadecimal and `0…` octal; other integers as decimal, however long; the rest as
   * a double, which .NET parses to infinity when it is too large.
   */
  private number(): string {
    const { text } = this;
    const start = this.at;
    NUMBER_TOKEN.lastIndex = start;
    const token = NUMBER_TOKEN.exec(text)![0];
    this.at += token.length;
    const next = text[this.at];
    // After a number, JSON.NET takes a / for the start of a comment whatever follows it.
    if (next !== undefined && next !== '/' && !this.isSeparator(this.at)) throw this.syntax(`${describeCharacter(next)} in a number`);
    const invalid = () => this.syntax(`the number ${token}, which JSON.NET does not read`, start);
    if (token.length > 1 && token[0] === '0' && !'.eE'.includes(token[1])) {
      const hex = /^0[xX]([0-9a-fA-F]+)$/.exec(token)?.[1];
      if (hex === undefined && !/^[0-7]+$/.test(token)) throw invalid();
      const value = BigInt(hex === undefined ? `0o${token}` : `0x${hex}`);
      // Convert.ToInt64 reads up to 64 bits, as two's complement.
      if (value >= 1n << 64n) throw invalid();
      if (value > INT64_MAX) return this.refuseNumber(`the integer ${token}, beyond 63 bits, which JSON.NET wraps round to a negative number`, start);
      return value.toString();
    }
    if (DECIMAL_INTEGER.test(token)) {
      const value = BigInt(token);
      // Beyond 64 bits JSON.NET reads a BigInteger, of up to 380 characters.
      if ((value > INT64_MAX || value < -INT64_MAX - 1n) && token.length > 380) throw this.syntax(`the integer ${token.slice(0, 20)}…, too long for JSON.NET`, start);
      return value.toString();
    }
    if (!FLOAT.test(token)) throw invalid();
    const float = Number(token);
    if (!Number.isFinite(float)) return this.refuseNumber(`the number ${token}, too large for JSON (JSON.NET writes it as the string Infinity)`, start);
    return String(float);
  }

  private refuseNumber(message: string, start: number): string {
    this.noteRefusal(message, start);
    return 'null';
  }

  private syntax(message: string, offset = this.at): ReadError {
    return new ReadError(message, offset, false);
  }

  private refuse(message: string, offset = this.at): ReadError {
    return new ReadError(message, offset, true);
  }
}

/** `text` with every character but line feeds written as a space. */
function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ');
}
