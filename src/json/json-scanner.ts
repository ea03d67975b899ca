import { isAscii } from 'node:buffer';

/**
 * A forward scanner over the UTF-8 bytes of a JSON text, for json-offsets.ts and json-split.ts:
 * it skips whole values without building them (iteratively: any depth is safe) and counts lines
 * as it goes. It trusts the text to be JSON (it was parsed, or will be); where it is not, it stops
 * early rather than throw.
 *
 * A scanner made with `comments` also takes line and block comments for whitespace, as ARM and
 * Bicep do in templates; one without keeps to strict JSON, where `/` only ever occurs in a string.
 */

/** A place the scan passed: byte offset, line, and the byte offset where that line starts. */
export interface Mark {
  offset: number;
  line: number;
  lineStart: number;
}

export const TAB = 9;
export const NEWLINE = 10;
export const RETURN = 13;
export const SPACE = 32;
export const QUOTE = 34;
export const STAR = 42;
export const COMMA = 44;
export const SLASH = 47;
export const COLON = 58;
export const OPEN_BRACKET = 91;
export const BACKSLASH = 92;
export const CLOSE_BRACKET = 93;
export const OPEN_BRACE = 123;
export const CLOSE_BRACE = 125;

export function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/** The length in UTF-16 code units of the UTF-8 bytes from start to end. */
export function utf16Length(bytes: Buffer, start: number, end: number): number {
  const slice = bytes.subarray(start, end);
  return isAscii(slice) ? slice.length : slice.toString('utf8').length;
}

/** A string's content as JSON.parse reads it (the escapes resolved), or as written when it is not valid. */
export function unescape(raw: string): string {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/**
 * The offset of the quote that closes a string whose content starts at `from`, or the text's length
 * when it never closes. A quote closes the string unless an odd number of backslashes stands before
 * it. The search itself is Buffer.indexOf, native: strings are most of the bytes a scan passes.
 */
function closingQuote(text: Buffer, from: number): number {
  for (let at = from; ; at++) {
    const quote = text.indexOf(QUOTE, at);
    if (quote < 0) return text.length;
    let backslashes = 0;
    while (quote - backslashes > from && text[quote - backslashes - 1] === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
    at = quote;
  }
}

/** How skipUntilComment stopped when not at a comment: at the value's end, or at the text's. */
const ENDED = -1;
const TEXT_ENDED = -2;

export class JsonScanner {
  /** Where the scan is, in `text`; the current line, and where in `text` it starts (negative when before the text). */
  pos = 0;
  line = 1;
  lineStart = 0;
  /** How deep into the value skipUntilComment starts. */
  private depth = 0;

  constructor(
    protected readonly text: Buffer,
    protected readonly comments = false,
  ) {}

  /** The bytes scanned. */
  get bytes(): Buffer {
    return this.text;
  }

  /** A byte-order mark is not part of the first line's columns. */
  skipByteOrderMark(): void {
    const text = this.text;
    if (text[0] === 0xef && text[1] === 0xbb && text[2] === 0xbf) this.pos = this.lineStart = 3;
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  protected mark(): Mark {
    return { offset: this.pos, line: this.line, lineStart: this.lineStart };
  }

  /** The 1-based UTF-16 column of `pos`. */
  protected column(): number {
    return utf16Length(this.text, this.lineStart, this.pos) + 1;
  }

  protected skipColon(): boolean {
    this.skipWhitespace();
    if (this.text[this.pos] !== COLON) return false;
    this.pos++;
    this.skipWhitespace();
    return true;
  }

  protected skipComma(): boolean {
    this.skipWhitespace();
    if (this.text[this.pos] !== COMMA) return false;
    this.pos++;
    return true;
  }

  protected skipString(): void {
    this.pos = Math.min(closingQuote(this.text, this.pos + 1) + 1, this.text.length);
  }

  /**
   * Skips one value of any depth, iteratively, counting lines.
   * True when the value's end was found; false when the text ended first.
   */
  skipValue(): boolean {
    // Comments (templates only) are skipped out here and the loop entered afresh: a loop that
    // skipped them itself, its locals reloaded mid-loop, scanned strict JSON about 10% slower.
    this.depth = 0;
    for (;;) {
      const stop = this.skipUntilComment();
      if (stop < 0) return stop === ENDED;
      if (!this.skipComment()) this.pos++; // a lone `/`: not JSON, passed over
      this.depth = stop;
    }
  }

  /**
   * The hot loop: locals only. Skips from `pos`, `depth` levels into a value, to the value's end
   * (ENDED), the text's end (TEXT_ENDED), or, with comments, a `/` inside it (the depth there).
   */
  private skipUntilComment(): number {
    const text = this.text;
    const length = text.length;
    let { pos, line, lineStart, depth } = this;
    let stop = TEXT_ENDED;
    while (pos < length) {
      const code = text[pos];
      if (code === SPACE) {
        if (depth === 0) {
          stop = ENDED; // the end of a number or literal
          break;
        }
        pos++; // indentation: most of a pretty-printed file
        continue;
      }
      if (code === QUOTE) {
        pos = closingQuote(text, pos + 1);
        if (pos >= length) {
          pos = length;
          break;
        }
        pos++;
        if (depth === 0) {
          stop = ENDED;
          break;
        }
        continue;
      }
      if (code === NEWLINE) {
        if (depth === 0) {
          stop = ENDED;
          break;
        }
        line++;
        lineStart = ++pos;
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        if (depth === 0) {
          stop = ENDED; // a number or literal ends where its enclosing value does
          break;
        }
        if (--depth === 0) {
          pos++;
          stop = ENDED;
          break;
        }
      } else if (code === SLASH && this.comments) {
        stop = depth === 0 ? ENDED : depth; // at depth 0, the end of a number or literal
        break;
      } else if (depth === 0 && (code === COMMA || code === COLON || code === TAB || code === RETURN)) {
        stop = ENDED; // the end of a number or literal
        break;
      }
      pos++;
    }
    this.pos = pos;
    this.line = line;
    this.lineStart = lineStart;
    return stop;
  }

  skipWhitespace(): void {
    const text = this.text;
    let pos = this.pos;
    for (;;) {
      let code = text[pos];
      for (; code === SPACE || code === NEWLINE || code === TAB || code === RETURN; code = text[++pos]) {
        if (code === NEWLINE) {
          this.line++;
          this.lineStart = pos + 1;
        }
      }
      if (code !== SLASH || !this.comments) break;
      this.pos = pos;
      if (!this.skipComment()) break; // a lone `/`: not JSON, left for the caller to stop at
      pos = this.pos;
    }
    this.pos = pos;
  }

  /**
   * At a `/`: skips the comment that starts there and returns true, or returns false and stays.
   * A line comment ends before its line break, which the caller counts; a block comment's line
   * breaks are counted here. Unterminated, a block comment runs to the end of the text.
   */
  protected skipComment(): boolean {
    const text = this.text;
    const length = text.length;
    const next = text[this.pos + 1];
    let pos = this.pos + 2;
    if (next === SLASH) {
      // CR too, as Newtonsoft (ARM) ends a line comment there; the line is counted at its LF.
      while (pos < length && text[pos] !== NEWLINE && text[pos] !== RETURN) pos++;
    } else if (next === STAR) {
      for (; pos < length; pos++) {
        const code = text[pos];
        if (code === STAR && text[pos + 1] === SLASH) {
          pos += 2;
          break;
        }
        if (code === NEWLINE) {
          this.line++;
          this.lineStart = pos + 1;
        }
      }
    } else {
      return false;
    }
    this.pos = pos;
    return true;
  }
}
