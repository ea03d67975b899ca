/**
 * JSON as ARM's `json()` and `base64ToJson()` read it, which is more than JSON: ARM's own reference
 * passes `{'one': 'a', 'two': 'b'}`. Strings may be in single quotes, property names unquoted,
 * comments and trailing commas are skipped. Anything else is an error with where it is.
 */
import { objectFrom, type Value } from './values.js';

export class LenientJsonError extends Error {}

const MAX_DEPTH = 512;

export function parseLenientJson(text: string): Value {
  const reader = new Reader(text);
  const value = reader.value(0);
  reader.skipSpace();
  if (!reader.atEnd()) reader.fail('unexpected text after the value');
  return value;
}

const ESCAPES: Record<string, string> = { '"': '"', "'": "'", '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WORD = /[A-Za-z_$][A-Za-z0-9_$]*/y;

class Reader {
  private position = 0;

  constructor(private readonly text: string) {}

  atEnd(): boolean {
    return this.position >= this.text.length;
  }

  fail(reason: string): never {
    throw new LenientJsonError(`${reason} at character ${this.position + 1}`);
  }

  value(depth: number): Value {
    if (depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH}`);
    this.skipSpace();
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.array(depth);
    if (char === '"' || char === "'") return this.string();
    NUMBER.lastIndex = this.position;
    const number = NUMBER.exec(this.text);
    if (number) {
      this.position += number[0].length;
      return Number(number[0]);
    }
    const word = this.word();
    if (word === 'true') return true;
    if (word === 'false') return false;
    if (word === 'null') return null;
    return this.fail(word ? `unexpected ${JSON.stringify(word)}` : this.atEnd() ? 'the text ends where a value should be' : `unexpected ${JSON.stringify(char)}`);
  }

  private object(depth: number): Value {
    this.position++;
    const entries: [string, Value][] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === '}') {
        this.position++;
        return objectFrom(entries);
      }
      const char = this.text[this.position];
      const key = char === '"' || char === "'" ? this.string() : this.word() || this.fail('expected a property name');
      this.skipSpace();
      if (this.text[this.position] !== ':') this.fail(`expected ':' after the property name ${JSON.stringify(key)}`);
      this.position++;
      entries.push([key, this.value(depth + 1)]);
      if (!this.separator('}')) this.fail("expected ',' or '}'");
    }
  }

  private array(depth: number): Value {
    this.position++;
    const items: Value[] = [];
    for (;;) {
      this.skipSpace();
      if (this.text[this.position] === ']') {
        this.position++;
        return items;
      }
      items.push(this.value(depth + 1));
      if (!this.separator(']')) this.fail("expected ',' or ']'");
    }
  }

  /** After a member: a comma (a closing bracket may follow it), or the closing bracket itself, left for the caller. */
  private separator(close: string): boolean {
    this.skipSpace();
    if (this.text[this.position] === ',') {
      this.position++;
      return true;
    }
    return this.text[this.position] === close;
  }

  private string(): string {
    const quote = this.text[this.position];
    let result = '';
    this.position++;
    for (;;) {
      if (this.atEnd()) this.fail('the string has no closing quote');
      const char = this.text[this.position++];
      if (char === quote) return result;
      if (char !== '\\') {
        result += char;
        continue;
      }
      const escaped = this.text[this.position++];
      if (escaped === 'u') {
        const hex = this.text.slice(this.position, this.position + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('expected four hex digits after \\u');
        result += String.fromCharCode(parseInt(hex, 16));
        this.position += 4;
      } else if (escaped !== undefined && ESCAPES[escaped] !== undefined) {
        result += ESCAPES[escaped];
      } else {
        this.fail(`unknown escape \\${escaped ?? ''}`);
      }
    }
  }

  private word(): string {
    WORD.lastIndex = this.position;
    const match = WORD.exec(this.text);
    if (!match) return '';
    this.position += match[0].length;
    return match[0];
  }

  skipSpace(): void {
    for (;;) {
      while (/\s/.test(this.text[this.position] ?? '')) this.position++;
      if (this.text.startsWith('//', this.position)) {
        const end = this.text.indexOf('\n', this.position);
        this.position = end === -1 ? this.text.length : end + 1;
      } else if (this.text.startsWith('/*', this.position)) {
        const end = this.text.indexOf('*/', this.position + 2);
        if (end === -1) this.fail('the comment has no end');
        this.position = end + 2;
      } else {
        return;
      }
    }
  }
}
