/**
 * A Python literal, read as azure-cli reads a template or parameter file that is not JSON, and
 * written as JSON with the same lines.
 *
 * az strips `//` and `/* *\/` comments (jsmin), then tries json.loads and, when that fails,
 * Python's ast.literal_eval (shell_safe_json_parse). So a parameter file written as a Python dict
 * (`{'parameters': {'privileged': {'value': True}}}`) deploys its values, and a template with
 * single-quoted strings deploys too (az sends its text to ARM, whose reader takes single quotes).
 *
 * What is read is the part of Python's literal syntax that comment stripping leaves alone and that
 * ARM reads as Python does: dicts with string keys, lists, tuples (as arrays), parentheses, strings
 * in single or double quotes (`u` prefix allowed, adjacent ones joined), ints (decimal, hex, octal, binary, `_`
 * separators), floats, a sign on a number, True, False and None, trailing commas, comments as az
 * strips them. Anything else Python could read is `refused`, so that the caller stops rather than
 * guess (a `#` comment, which comment stripping reads as code; triple-quoted, raw, byte and
 * f-strings; sets; keys that are not strings; complex numbers;
 * `\N{…}` and `\/` escapes, which Python and ARM read differently). What Python could not read
 * either is a `syntax` error: az cannot deploy it.
 *
 * The JSON keeps every line break where it was (comments and white space become spaces), so lines
 * found in it are the file's lines; a column moves where a token is written differently.
 */

import { describeCharacter, isDigit } from './characters.js';

export type PythonLiteralReading = { json: string } | { error: string; offset: number; refused: boolean };

/** CPython's parser stops past 200 nested brackets. */
const MAX_DEPTH = 200;

const NUMBER = /(?:\d(?:_?\d)*)?\.\d(?:_?\d)*(?:[eE][+-]?\d(?:_?\d)*)?|\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?(?:[eE][+-]?\d(?:_?\d)*)?/y;
const PREFIXED_INTEGER = /0(?:[xX](?:_?[0-9a-fA-F])+|[oO](?:_?[0-7])+|[bB](?:_?[01])+)/y;
const DECIMAL_INTEGER = /^(?:[1-9](?:_?\d)*|0(?:_?0)*)$/;
const NAME = /[A-Za-z_][A-Za-z0-9_]*/y;
const HEX_DIGITS = /^[0-9a-fA-F]+$/;
const STRING_PREFIX = /^(?:[rRuUbBfF]|[rR][bBfF]|[bBfF][rR])$/;

class LiteralError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly refused: boolean,
  ) {
    super(message);
  }
}

export interface LiteralOptions {
  /**
   * Read `#` comments as Python does, to the end of the line, instead of refusing them: not what az
   * reads (jsmin reads the comment's text as code), but enough to tell what a file is.
   */
  hashComments?: boolean;
}

/** `text` (a file's whole text) as JSON, or where and why it is no Python literal aiscan reads. */
export function pythonLiteralAsJson(text: string, options: LiteralOptions = {}): PythonLiteralReading {
  try {
    return { json: new LiteralReader(text, options.hashComments ?? false).read() };
  } catch (error) {
    if (error instanceof LiteralError) return { error: error.message, offset: error.offset, refused: error.refused };
    throw error;
  }
}

type Kind = 'string' | 'other';

class LiteralReader {
  private at = 0;
  private readonly out: string[] = [];

  constructor(
    private readonly text: string,
    private readonly hashComments: boolean,
  ) {}

  read(): string {
    this.gap();
    if (this.at >= this.text.length) throw this.syntax('no value');
    const first = this.out.length;
    this.value(0);
    this.gap();
    if (this.at < this.text.length && this.text[this.at] !== ',') throw this.syntax('more after the value');
    if (this.at === this.text.length) return this.out.join('');
    // `{…},` is a tuple, without parentheses.
    this.out.splice(first, 0, '[');
    while (this.at < this.text.length) {
      this.expect(',', 'a comma');
      const comma = this.out.push(',') - 1;
      this.gap();
      if (this.at === this.text.length) this.out[comma] = ' ';
      else {
        this.value(0);
        this.gap();
      }
    }
    this.out.push(']');
    return this.out.join('');
  }

  /** White space and comments, as az strips them: written as spaces, line breaks kept. */
  private gap(): void {
    const start = this.at;
    const { text } = this;
    while (this.at < text.length) {
      const code = text.charCodeAt(this.at);
      // jsmin reads every control character as white space.
      if (code <= 0x20) this.at++;
      else if (code === 0x2f && text.charCodeAt(this.at + 1) === 0x2f) {
        while (this.at < text.length && text[this.at] !== '\n' && text[this.at] !== '\r') this.at++;
      } else if (code === 0x2f && text.charCodeAt(this.at + 1) === 0x2a) {
        const end = text.indexOf('*/', this.at + 2);
        if (end < 0) throw this.syntax('a comment that is not closed', this.at);
        this.at = end + 2;
      } else if (code === 0x23 && this.hashComments) {
        while (this.at < text.length && text[this.at] !== '\n' && text[this.at] !== '\r') this.at++;
      } else if (code === 0x23) throw this.refuse('a # comment (az strips // and /* */ comments only, and reads the rest of a # comment as code)');
      else if (code === 0x5c) throw this.refuse('a line continuation (\\ at the end of a line)');
      else break;
    }
    if (this.at > start) this.out.push(text.slice(start, this.at).replace(/[^\n]/g, ' '));
  }

  private value(depth: number): Kind {
    if (depth >= MAX_DEPTH) throw this.refuse(`more than ${MAX_DEPTH} nested brackets`);
    const { text } = this;
    const char = text[this.at];
    if (char === '{') return this.dict(depth + 1);
    if (char === '[') return this.list(depth + 1);
    if (char === '(') return this.parenthesised(depth + 1);
    if (char === "'" || char === '"') return this.strings();
    if (char === '-' || char === '+') return this.signedNumber();
    if (isDigit(char) || (char === '.' && isDigit(text[this.at + 1]))) {
      this.out.push(this.number(false));
      return 'other';
    }
    if (char === '.' && this.peekPastGapAfter(1)) throw this.refuse('white space or a comment inside a number, which az joins up');
    NAME.lastIndex = this.at;
    const name = NAME.exec(text)?.[0];
    if (name !== undefined) {
      const quote = text[this.at + name.length];
      if ((quote === "'" || quote === '"') && STRING_PREFIX.test(name)) return this.strings();
      const literal = name === 'True' ? 'true' : name === 'False' ? 'false' : name === 'None' ? 'null' : undefined;
      if (literal === undefined) throw this.syntax(`the name ${name} (only True, False and None are literals)`);
      this.at += name.length;
      this.out.push(literal);
      return 'other';
    }
    throw this.syntax(this.at < text.length ? `unexpected ${describeCharacter(char)}` : 'the text ends where a value is expected');
  }

  private dict(depth: number): Kind {
    const open = this.at;
    this.out.push('{');
    this.at++;
    this.gap();
    let first = true;
    while (this.text[this.at] !== '}') {
      if (!first && this.comma('}')) break;
      const keyAt = this.at;
      const key = this.value(depth);
      this.gap();
      if (this.text[this.at] !== ':') {
        if (first && (this.text[this.at] === ',' || this.text[this.at] === '}')) throw this.refuse('a set ({…} without keys), which JSON has no way to write', open);
        throw this.syntax('a colon after the key');
      }
      if (key !== 'string') throw this.refuse('a key that is not a string', keyAt);
      this.out.push(':');
      this.at++;
      this.gap();
      this.value(depth);
      this.gap();
      first = false;
    }
    this.out.push('}');
    this.at++;
    return 'other';
  }

  private list(depth: number): Kind {
    this.out.push('[');
    this.at++;
    this.items(']', depth);
    this.out.push(']');
    this.at++;
    return 'other';
  }

  /** `(x)` is x; `()`, `(x,)` and `(x, y)` are tuples, which az writes as arrays. */
  private parenthesised(depth: number): Kind {
    const opening = this.out.length;
    this.out.push(' ');
    this.at++;
    this.gap();
    if (this.text[this.at] === ')') {
      this.out[opening] = '[';
      this.out.push(']');
      this.at++;
      return 'other';
    }
    const kind = this.value(depth);
    this.gap();
    if (this.text[this.at] === ')') {
      this.out.push(' ');
      this.at++;
      return kind;
    }
    this.out[opening] = '[';
    if (!this.comma(')')) this.items(')', depth);
    this.out.push(']');
    this.at++;
    return 'other';
  }

  /** Values separated by commas up to `close` (a trailing comma allowed), leaving `at` on `close`. */
  private items(close: string, depth: number): void {
    this.gap();
    let first = true;
    while (this.text[this.at] !== close) {
      if (!first && this.comma(close)) break;
      this.value(depth);
      this.gap();
      first = false;
    }
  }

  /** The comma between two items; whether `close` follows it (a trailing comma, written as a space). */
  private comma(close: string): boolean {
    this.expect(',', `a comma or ${close}`);
    const at = this.out.push(',') - 1;
    this.gap();
    if (this.text[this.at] !== close) return false;
    this.out[at] = ' ';
    return true;
  }

  private expect(char: string, what: string): void {
    if (this.text[this.at] !== char) throw this.syntax(this.at < this.text.length ? `${what} expected, not ${describeCharacter(this.text[this.at])}` : `${what} expected where the text ends`);
    this.at++;
  }

  /** A string, or strings written next to each other, which Python joins into one (pprint writes long strings so). */
  private strings(): Kind {
    let value = this.string();
    const gaps: string[] = [];
    for (;;) {
      const written = this.out.length;
      const after = this.at;
      this.gap();
      NAME.lastIndex = this.at;
      const prefix = NAME.exec(this.text)?.[0] ?? '';
      const next = this.text[this.at + prefix.length];
      if (!((next === "'" || next === '"') && (prefix === '' || STRING_PREFIX.test(prefix)))) {
        this.out.length = written;
        this.at = after;
        break;
      }
      gaps.push(...this.out.splice(written));
      value += this.string();
    }
    // One JSON string where the first was written; the line breaks between the parts stay after it.
    this.out.push(JSON.stringify(value), gaps.join('').replace(/[^\n]/g, ''));
    return 'string';
  }

  private string(): string {
    const { text } = this;
    const start = this.at;
    let quote = text[this.at];
    if (quote !== "'" && quote !== '"') {
      NAME.lastIndex = this.at;
      const prefix = NAME.exec(text)![0];
      if (prefix !== 'u' && prefix !== 'U') throw this.refuse(`a string with the prefix ${prefix} (raw, byte or f-string)`);
      this.at += prefix.length;
      quote = text[this.at];
    }
    if (text[this.at + 1] === quote && text[this.at + 2] === quote) throw this.refuse('a triple-quoted string');
    this.at++;
    let value = '';
    let from = this.at;
    for (;;) {
      if (this.at >= text.length) throw this.syntax('a string that is not closed', start);
      const char = text[this.at];
      if (char === quote) break;
      if (char === '\n' || char === '\r') throw this.syntax('a line break inside a string');
      if (char === '\0') throw this.syntax('a NUL character');
      if (char !== '\\') {
        this.at++;
        continue;
      }
      value += text.slice(from, this.at);
      value += this.escape();
      from = this.at;
    }
    value += text.slice(from, this.at);
    this.at++;
    return value;
  }

  /** The escape at `at` (a backslash), as Python reads it inside a string that is not raw. */
  private escape(): string {
    const { text } = this;
    const start = this.at;
    const char = text[this.at + 1];
    this.at += 2;
    switch (char) {
      case undefined:
        throw this.syntax('a string that is not closed', start);
      case '\n':
      case '\r':
        throw this.refuse('a line continuation inside a string', start);
      case '\\':
      case "'":
      case '"':
        return char;
      case 'a':
        return '\x07';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'v':
        return '\v';
      case 'x':
        return this.hexEscape(2, start);
      case 'u':
        return this.hexEscape(4, start);
      case 'U':
        return this.hexEscape(8, start);
      case 'N':
        throw this.refuse('a \\N{…} escape', start);
      case '/':
        // Python keeps the backslash; ARM, reading the template's text, does not.
        throw this.refuse('the escape \\/, which Python and ARM read differently', start);
      default:
        if (char >= '0' && char <= '7') {
          let digits = char;
          while (digits.length < 3 && text[this.at] >= '0' && text[this.at] <= '7') digits += text[this.at++];
          return String.fromCharCode(parseInt(digits, 8));
        }
        // An unknown escape keeps its backslash (Python warns, and reads on).
        return `\\${char}`;
    }
  }

  private hexEscape(length: number, start: number): string {
    const digits = this.text.slice(this.at, this.at + length);
    if (digits.length !== length || !HEX_DIGITS.test(digits)) throw this.syntax(`a truncated \\${this.text[start + 1]} escape`, start);
    const code = parseInt(digits, 16);
    if (code > 0x10ffff) throw this.syntax('an escape beyond U+10FFFF', start);
    this.at += length;
    return String.fromCodePoint(code);
  }

  /** `-1`, `+ 2.5`: the sign, any gap, and a number, written as one JSON number at the sign. */
  private signedNumber(): Kind {
    const negative = this.text[this.at] === '-';
    this.at++;
    const gapOut = this.out.length;
    this.gap();
    const gap = this.out.splice(gapOut).join('');
    const char = this.text[this.at];
    if (char === '(') throw this.refuse('a sign before parentheses');
    if (!(isDigit(char) || (char === '.' && isDigit(this.text[this.at + 1])))) throw this.syntax('a number after the sign (Python reads a sign only on a number)');
    this.out.push(this.number(negative), gap);
    return 'other';
  }

  /** The number at `at`, as JSON. */
  private number(negative: boolean): string {
    const { text } = this;
    const start = this.at;
    PREFIXED_INTEGER.lastIndex = start;
    NUMBER.lastIndex = start;
    const prefixed = PREFIXED_INTEGER.exec(text)?.[0];
    const token = prefixed ?? NUMBER.exec(text)![0];
    this.at += token.length;
    const next = text[this.at] ?? '';
    if (next === 'j' || next === 'J') throw this.refuse('a complex number', start);
    // az's comment stripping (jsmin) drops white space and comments next to `.`, `+` and `-`: `1 .5`,
    // `1. 5` and `1e -5` reach Python as one number.
    const following = this.peekPastGap();
    if (next === 'e' || next === 'E' || (following.gap && (following.char === '.' || (token.endsWith('.') && /[0-9eE]/.test(following.char)))))
      throw this.refuse('white space or a comment inside a number, which az joins up', start);
    if (/[A-Za-z0-9_.]/.test(next)) throw this.syntax(`an invalid number (${token}${next}…)`, start);
    const digits = token.replace(/_/g, '');
    if (prefixed !== undefined || !/[.eE]/.test(token)) {
      if (prefixed === undefined && !DECIMAL_INTEGER.test(token)) throw this.syntax(`leading zeros in the integer ${token}`, start);
      const integer = BigInt(digits).toString();
      return negative && integer !== '0' ? `-${integer}` : integer;
    }
    const float = Number(digits);
    if (!Number.isFinite(float)) throw this.refuse(`the number ${token}, too large for JSON`, start);
    return `${negative ? '-' : ''}${String(float)}`;
  }

  /** Whether white space or a comment follows the `length` characters at `at`; nothing is read. */
  private peekPastGapAfter(length: number): boolean {
    this.at += length;
    try {
      return this.peekPastGap().gap;
    } finally {
      this.at -= length;
    }
  }

  /** The character after any white space and comments at `at`, and whether there were any; nothing is read. */
  private peekPastGap(): { char: string; gap: boolean } {
    const at = this.at;
    const written = this.out.length;
    try {
      this.gap();
      return { char: this.text[this.at] ?? '', gap: this.at > at };
    } catch {
      return { char: this.text[this.at] ?? '', gap: this.at > at };
    } finally {
      this.out.length = written;
      this.at = at;
    }
  }

  private syntax(message: string, offset = this.at): LiteralError {
    return new LiteralError(message, offset, false);
  }

  private refuse(message: string, offset = this.at): LiteralError {
    return new LiteralError(message, offset, true);
  }
}
