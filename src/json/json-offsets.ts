import type { JsonPath } from '../estate.js';
import { asBuffer, BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, JsonScanner, NEWLINE, OPEN_BRACE, OPEN_BRACKET, QUOTE, unescape, utf16Length, type Mark } from './json-scanner.js';

/**
 * Where values sit in a JSON file, found by forward passes over its UTF-8 bytes that descend only
 * where asked and skip everything else: no decoding of the whole file, no tree, no token objects,
 * and no recursion into skipped values (a 10,000-level nesting cannot overflow the stack). Lines
 * are counted on the way; columns are UTF-16 code units, as SARIF's default `columnKind` wants.
 *
 * Semantics follow JSON.parse: with a duplicate key, the last one is the value that counts. Line
 * and block comments are read as whitespace: deployment templates may have them.
 * The bytes are expected to be JSON that parsed; if they are not (the file changed on disk since),
 * answers degrade to a nearer enclosing value or the whole text, never to an exception.
 */

export interface TextPosition {
  /** Byte offset in the file. */
  offset: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units. */
  column: number;
}

export interface ValueSpan {
  /** The JSON path that really exists: the one asked for, or its nearest enclosing value. */
  path: JsonPath;
  /** The start of `"key": value` when the value is an object property, else of the value. */
  start: TextPosition;
  /** Just past the value (exclusive). */
  end: TextPosition;
}

/** Where the first byte of a chunk sits in its file, when only part of a file is walked. */
export type ChunkBase = TextPosition;

export interface LocateOptions {
  /**
   * Where an object has no key spelled as the path's, take one that differs only in ASCII case
   * (the last such, as with duplicates): ARM reads property names without regard to case.
   */
  ignoreCase?: boolean;
}

interface Trie {
  keys?: Map<string, Trie>;
  indexes?: Map<number, Trie>;
  /** `keys` by their UTF-8 length, as bytes: a key in the file is compared without decoding it. */
  keysByLength?: Map<number, [Buffer, Trie][]>;
  /** The same, in ASCII lower case, for `ignoreCase` (which changes no UTF-8 length). */
  foldedKeysByLength?: Map<number, [Buffer, Trie][]>;
  span?: { start: Mark; end: Mark };
}

/** The walk recurses once per path segment asked for: keep that depth modest. */
const MAX_PATH_LENGTH = 256;
const FILE_START: ChunkBase = { offset: 0, line: 1, column: 1 };

/**
 * Spans of the values at each of `paths` (or their nearest enclosing value), in the order asked.
 * `bytes` is a whole file, or one value cut from it whose place in the file is `base`.
 */
export function locateJsonPaths(bytes: Uint8Array, paths: readonly JsonPath[], base: ChunkBase = FILE_START, options: LocateOptions = {}): ValueSpan[] {
  const root: Trie = {};
  for (const path of paths) {
    let node = root;
    for (const segment of path.slice(0, MAX_PATH_LENGTH)) node = child(node, segment, true)!;
  }
  const buffer = asBuffer(bytes);
  const walker = new PathWalker(buffer, options.ignoreCase === true);
  if (base.offset === 0) walker.skipByteOrderMark();
  walker.walkDocument(root);
  const spans = paths.map((path) => spanOf(root, path) ?? { path: [], start: { offset: 0, line: 1, lineStart: 0 }, end: endOfChunk(buffer) });
  const units = unitsIntoLine(buffer, spans.flatMap((span) => [span.start, span.end]));
  const position = (mark: Mark): TextPosition => ({
    offset: base.offset + mark.offset,
    line: base.line + mark.line - 1,
    column: (mark.line === 1 ? base.column : 1) + units.get(mark)!,
  });
  return spans.map((span) => ({ path: span.path, start: position(span.start), end: position(span.end) }));
}

/**
 * How many UTF-16 units stand before each mark on its line, counted in one pass over the marks in
 * file order. Counting each from its line's start read a one-line file (`terraform show -json`)
 * once per mark: 5,600 findings in a 30 MB plan took 4.8 s.
 */
function unitsIntoLine(buffer: Buffer, marks: readonly Mark[]): Map<Mark, number> {
  const units = new Map<Mark, number>();
  let lineStart = -1;
  let from = 0;
  let counted = 0;
  for (const mark of [...new Set(marks)].sort((a, b) => a.offset - b.offset)) {
    if (mark.lineStart !== lineStart) {
      lineStart = from = mark.lineStart;
      counted = 0;
    }
    counted += utf16Length(buffer, from, mark.offset);
    from = mark.offset;
    units.set(mark, counted);
  }
  return units;
}

function child(node: Trie, segment: string | number, create: boolean): Trie | undefined {
  if (typeof segment === 'number') {
    if (!node.indexes && create) node.indexes = new Map();
    let next = node.indexes?.get(segment);
    if (!next && create) node.indexes!.set(segment, (next = {}));
    return next;
  }
  if (!node.keys && create) node.keys = new Map();
  let next = node.keys?.get(segment);
  if (!next && create) node.keys!.set(segment, (next = {}));
  return next;
}

function spanOf(root: Trie, path: JsonPath): { path: JsonPath; start: Mark; end: Mark } | undefined {
  let node: Trie | undefined = root;
  let best = root.span && { path: [] as JsonPath, ...root.span };
  for (let depth = 0; depth < path.length && node; depth++) {
    node = child(node, path[depth], false);
    if (node?.span) best = { path: path.slice(0, depth + 1), ...node.span };
    else break;
  }
  return best;
}

function endOfChunk(bytes: Buffer): Mark {
  let line = 1;
  let lineStart = 0;
  for (let i = bytes.indexOf(NEWLINE); i !== -1; i = bytes.indexOf(NEWLINE, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { offset: bytes.length, line, lineStart };
}

function keysByLength(node: Trie): Map<number, [Buffer, Trie][]> {
  return (node.keysByLength ??= byLength(node, (key) => key));
}

function foldedKeysByLength(node: Trie): Map<number, [Buffer, Trie][]> {
  return (node.foldedKeysByLength ??= byLength(node, foldAsciiCase));
}

function byLength(node: Trie, spell: (key: string) => string): Map<number, [Buffer, Trie][]> {
  const map = new Map<number, [Buffer, Trie][]>();
  for (const [key, next] of node.keys ?? []) {
    const bytes = Buffer.from(spell(key), 'utf8');
    const list = map.get(bytes.length);
    if (list) list.push([bytes, next]);
    else map.set(bytes.length, [[bytes, next]]);
  }
  return map;
}

/** Only A-Z: ARM compares names ordinally apart from ASCII case, and UTF-8 lengths stay as they were. */
function foldAsciiCase(key: string): string {
  return key.replace(/[A-Z]+/g, (upper) => upper.toLowerCase());
}

const UPPER_A = 0x41;
const UPPER_Z = 0x5a;
const CASE_BIT = 0x20;

/** Whether the bytes of `text` from `start` equal `folded` (in lower case) once their ASCII capitals are lowered. */
function equalsFolded(text: Buffer, start: number, folded: Buffer): boolean {
  for (let i = 0; i < folded.length; i++) {
    const code = text[start + i];
    if ((code >= UPPER_A && code <= UPPER_Z ? code | CASE_BIT : code) !== folded[i]) return false;
  }
  return true;
}

/** Walks the text along a trie of the paths asked for, recording where each value starts and ends. */
class PathWalker extends JsonScanner {
  constructor(
    text: Buffer,
    private readonly ignoreCase: boolean,
  ) {
    super(text, true); // deployment templates may have comments; strict JSON has no `/` outside strings
  }

  walkDocument(root: Trie): void {
    this.skipWhitespace();
    if (this.atEnd()) return;
    this.walkValue(root, this.mark());
  }

  /** Walks the value at `pos` for the trie node `node`, recording its span; `start` is where its span begins. */
  private walkValue(node: Trie, start: Mark): void {
    clearSpans(node);
    const code = this.text[this.pos];
    if (code === OPEN_BRACE && (node.keys || node.indexes)) this.walkObject(node);
    else if (code === OPEN_BRACKET && node.indexes) this.walkArray(node.indexes);
    else this.skipValue();
    node.span = { start, end: this.mark() };
  }

  private walkObject(node: Trie): void {
    const text = this.text;
    const ignoreCase = this.ignoreCase && node.keys !== undefined;
    // With ignoreCase: the path keys this object has spelled exactly, which no other spelling may then take.
    let spelledExactly: Set<Trie> | undefined;
    this.pos++; // {
    for (;;) {
      this.skipWhitespace();
      if (text[this.pos] !== QUOTE) break; // `}`, or not JSON
      const key = this.mark();
      const next = this.readKey(node);
      let others: Trie[] | undefined;
      if (ignoreCase) {
        if (next) (spelledExactly ??= new Set()).add(next);
        others = this.otherSpellings(node, key.offset + 1, this.pos - 1, next, spelledExactly);
      }
      if (!this.skipColon()) return;
      if (others) this.walkValueFor(next ? [next, ...others] : others, key);
      else if (next) this.walkValue(next, key);
      else this.skipValue();
      if (!this.skipComma()) break;
    }
    if (text[this.pos] === CLOSE_BRACE) this.pos++;
  }

  /** Walks the value at `pos` once for each of `nodes` (path keys spelled differently can meet at one key). */
  private walkValueFor(nodes: readonly Trie[], start: Mark): void {
    const { pos, line, lineStart } = this;
    nodes.forEach((node, i) => {
      if (i > 0) {
        this.pos = pos;
        this.line = line;
        this.lineStart = lineStart;
      }
      this.walkValue(node, start);
    });
  }

  private walkArray(indexes: Map<number, Trie>): void {
    const text = this.text;
    this.pos++; // [
    for (let index = 0; ; index++) {
      this.skipWhitespace();
      if (text[this.pos] === CLOSE_BRACKET || this.atEnd()) break;
      const next = indexes.get(index);
      if (next) this.walkValue(next, this.mark());
      else this.skipValue();
      if (!this.skipComma()) break;
    }
    if (text[this.pos] === CLOSE_BRACKET) this.pos++;
  }

  /** Reads the key at `pos` and returns the trie node it leads to, if any. */
  private readKey(node: Trie): Trie | undefined {
    const text = this.text;
    const start = this.pos + 1;
    let escaped = false;
    let end = start;
    while (end < text.length && text[end] !== QUOTE) {
      if (text[end] === BACKSLASH) {
        escaped = true;
        end++;
      }
      end++;
    }
    this.pos = Math.min(end + 1, text.length);
    if (escaped) return this.lookUp(node, unescape(text.toString('utf8', start, end)));
    const candidates = keysByLength(node).get(end - start);
    if (candidates) {
      for (const [bytes, next] of candidates) if (text.compare(bytes, 0, bytes.length, start, end) === 0) return next;
    }
    // A path segment that is a number also names an object key of those digits (`/0` in a pointer).
    if (node.indexes && end - start <= 15 && text[start] >= 0x30 && text[start] <= 0x39) return this.lookUp(node, text.toString('latin1', start, end));
    return undefined;
  }

  /**
   * The path keys, other than `exact` and those in `spelledExactly`, that the key between `start`
   * and `end` matches in all but ASCII case; undefined when there are none.
   */
  private otherSpellings(node: Trie, start: number, end: number, exact: Trie | undefined, spelledExactly: ReadonlySet<Trie> | undefined): Trie[] | undefined {
    const text = this.text;
    let others: Trie[] | undefined;
    const escaped = text.subarray(start, end).includes(BACKSLASH);
    const key = escaped ? Buffer.from(foldAsciiCase(unescape(text.toString('utf8', start, end))), 'utf8') : undefined;
    for (const [folded, next] of foldedKeysByLength(node).get(key ? key.length : end - start) ?? []) {
      if (next === exact || spelledExactly?.has(next)) continue;
      if (key ? key.equals(folded) : equalsFolded(text, start, folded)) (others ??= []).push(next);
    }
    return others;
  }

  private lookUp(node: Trie, key: string): Trie | undefined {
    return node.keys?.get(key) ?? (node.indexes && /^(0|[1-9]\d*)$/.test(key) ? node.indexes.get(Number(key)) : undefined);
  }
}

/** A duplicate key is walked again; what the earlier one recorded below it no longer counts. */
function clearSpans(node: Trie): void {
  if (!node.span) return;
  const stack: Trie[] = [node];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (!next.span) continue;
    next.span = undefined;
    for (const value of next.keys?.values() ?? []) stack.push(value);
    for (const value of next.indexes?.values() ?? []) stack.push(value);
  }
}
