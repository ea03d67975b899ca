import { isAscii, isUtf8 } from 'node:buffer';
import type { JsonPath } from '../estate.js';
import { CLOSE_BRACE, CLOSE_BRACKET, COLON, COMMA, JsonScanner, OPEN_BRACE, OPEN_BRACKET, QUOTE, unescape, utf16Length } from './json-scanner.js';

/** The elements of one large array, found and parsed one by one. */
export interface ArrayElements {
  /** The array's path: `[]` for the document itself, `[name]` for a top-level property. */
  path: JsonPath;
  /** Per element: byte start and end, and the line and UTF-16 column where it starts. */
  starts: number[];
  ends: number[];
  lines: number[];
  columns: number[];
}

/** A document read in parts: its large arrays element by element, the rest (with each of those arrays left empty) as text. */
export interface SplitDocument {
  arrays: ArrayElements[];
  /** The parsed elements of each array, in the order of `arrays`. */
  values: unknown[][];
  /** The document without the arrays' elements, for JSON.parse. */
  skeleton: string;
}

/**
 * The arrays to split, by property name: `true` splits the array the name holds; a nested map
 * descends into each object of the array the name holds and splits the arrays it names there
 * (SARIF's `runs[].results`). The document's own array, when it is one, is always split.
 */
export type SplitTargets = ReadonlyMap<string, true | SplitTargets>;

/** The targets for arrays under top-level properties, as an estate file has them. */
export function topLevelArrays(names: Iterable<string>): SplitTargets {
  return new Map([...names].map((name) => [name, true] as const));
}

export interface SplitOptions {
  windowBytes?: number;
  /**
   * Given, each element is handed over as soon as it is parsed and not kept: `values` stays empty,
   * and a document that names a split array twice is not splittable, since an element handed over
   * cannot be taken back when JSON.parse would keep the later array. An exception thrown here
   * ends the split (the caller reads the file the ordinary way).
   */
  onElement?: (arrayPath: JsonPath, index: number, value: unknown) => void;
}

/** Reads up to `into.length` bytes at `position`; returns how many. */
export type ReadAt = (into: Buffer, position: number) => number;

/** Bytes read at a time; a part larger than this (one huge resource) gets a window of its own size. */
export const WINDOW_BYTES = 16 << 20;

/**
 * Splits the document's own array, or the arrays `targets` name (the last one when a name repeats,
 * as JSON.parse keeps), into elements, and parses each on its own. The file is read in windows: it
 * is never held whole, as bytes or as a string.
 *
 * Returns undefined when the text is not what JSON should be around those arrays, or a part does
 * not parse or is not UTF-8: the caller then reads the file the ordinary way, whose error says where.
 * When every part parses, the result is exactly JSON.parse's: the commas between elements that each
 * parse on their own are the array's own commas.
 */
export function splitDocument(read: ReadAt, size: number, targets: SplitTargets, options: SplitOptions = {}): SplitDocument | undefined {
  try {
    return new DocumentSplitter(read, size, targets, options.windowBytes ?? WINDOW_BYTES, options.onElement).split();
  } catch {
    return undefined; // not splittable, a part that does not parse, anything: the ordinary way says what is wrong
  }
}

class NotSplittable extends Error {}

function fail(): never {
  throw new NotSplittable('not splittable');
}

class DocumentSplitter {
  private window = Buffer.alloc(0);
  /** File offset of window[0]. */
  private windowStart = 0;
  /** Bytes of the window that hold file content. */
  private windowLength = 0;
  /** The window is pure ASCII: its parts decode byte for byte. */
  private ascii = true;
  private scanner = new JsonScanner(Buffer.alloc(0));
  /** File offset where the next scan starts, the line there, the file offset where that line starts, and its UTF-16 length up to the window start. */
  private offset = 0;
  private line = 1;
  private lineStart = 0;
  private carriedColumns = 0;
  /** The last column asked for: at file offset `columnFrom`, `columnUnits` UTF-16 units into its line. */
  private columnFrom = -1;
  private columnUnits = 0;
  private skeleton = '';
  private readonly arrays: ArrayElements[] = [];
  private readonly values: unknown[][] = [];

  constructor(
    private readonly read: ReadAt,
    private readonly size: number,
    private readonly targets: SplitTargets,
    private readonly windowBytes: number,
    private readonly onElement: SplitOptions['onElement'],
  ) {}

  split(): SplitDocument {
    this.load(0, 3);
    if (this.windowLength >= 3 && this.window[0] === 0xef && this.window[1] === 0xbb && this.window[2] === 0xbf) this.offset = this.lineStart = 3;
    this.skipWhitespaceInto(false);
    const code = this.byteAt(this.offset);
    if (code === OPEN_BRACKET) {
      this.splitArray([]);
    } else if (code === OPEN_BRACE) {
      this.take(1);
      this.splitObjectMembers([], this.targets);
    } else {
      fail();
    }
    this.skipWhitespaceInto(false);
    if (this.offset < this.size) fail();
    return { arrays: this.arrays, values: this.values, skeleton: this.skeleton };
  }

  /** The members of the object whose `{` was just taken, splitting the arrays `targets` names. */
  private splitObjectMembers(path: JsonPath, targets: SplitTargets): void {
    for (let first = true; ; first = false) {
      this.skipWhitespaceInto();
      const code = this.byteAt(this.offset);
      if (code === CLOSE_BRACE && first) return this.take(1);
      if (code !== QUOTE) fail();
      // The key, the colon and what follows, scanned in one window (grown when the value is large).
      let key = '';
      let target: true | SplitTargets | undefined;
      let isArray = false;
      const scan = this.scanFrom(this.offset, (s) => {
        const keyStart = s.pos + 1;
        if (!s.skipValue()) return false;
        key = unescape(this.window.toString('utf8', keyStart, s.pos - 1));
        s.skipWhitespace();
        if (s.pos >= this.windowLength) return false;
        if (this.window[s.pos] !== COLON) fail();
        s.pos++;
        s.skipWhitespace();
        if (s.pos >= this.windowLength) return false;
        target = targets.get(key);
        isArray = this.window[s.pos] === OPEN_BRACKET && target !== undefined;
        return isArray || s.skipValue() || this.atFileEnd(s.pos);
      });
      this.commit(scan, true);
      // A name given again: JSON.parse keeps the later value, so what the earlier one held goes.
      if (target !== undefined) this.dropArraysUnder([...path, key]);
      if (isArray && target === true) this.splitArray([...path, key]);
      else if (isArray) this.splitObjectsIn([...path, key], target as SplitTargets);
      this.skipWhitespaceInto();
      const next = this.byteAt(this.offset);
      if (next === CLOSE_BRACE) return this.take(1);
      if (next !== COMMA) fail();
      this.take(1);
    }
  }

  /** The array at `offset`, kept in the skeleton, with the `targets` of each object in it split. */
  private splitObjectsIn(path: JsonPath, targets: SplitTargets): void {
    this.take(1); // [
    for (let index = 0; ; index++) {
      this.skipWhitespaceInto();
      const code = this.byteAt(this.offset);
      if (code === CLOSE_BRACKET && index === 0) return this.take(1);
      if (code === OPEN_BRACE) {
        this.take(1);
        this.splitObjectMembers([...path, index], targets);
      } else {
        const start = this.offset;
        const scan = this.scanFrom(start, (s) => s.skipValue() || this.atFileEnd(s.pos));
        if (this.windowStart + scan.pos === start) fail();
        this.commit(scan, true);
      }
      this.skipWhitespaceInto();
      const next = this.byteAt(this.offset);
      if (next === CLOSE_BRACKET) return this.take(1);
      if (next !== COMMA) fail();
      this.take(1);
    }
  }

  /** Forgets the arrays split so far under `prefix`; when elements were handed over, the document is not splittable. */
  private dropArraysUnder(prefix: JsonPath): void {
    for (let index = this.arrays.length - 1; index >= 0; index--) {
      const arrayPath = this.arrays[index].path;
      if (arrayPath.length < prefix.length || prefix.some((step, at) => arrayPath[at] !== step)) continue;
      if (this.onElement) fail();
      this.arrays.splice(index, 1);
      this.values.splice(index, 1);
    }
  }

  /** The array at `offset`: its `[`, each element (parsed), its `]`. The skeleton gets `[]`. */
  private splitArray(path: JsonPath): void {
    const array: ArrayElements = { path, starts: [], ends: [], lines: [], columns: [] };
    const values: unknown[] = [];
    this.take(1); // [
    this.skeleton += ']';
    for (let first = true; ; first = false) {
      this.skipWhitespaceInto(false);
      const code = this.byteAt(this.offset);
      if (code === CLOSE_BRACKET && first) break;
      if (code === CLOSE_BRACKET || code === COMMA) fail();
      const start = this.offset;
      const line = this.line;
      const column = this.columnAt(start);
      const scan = this.scanFrom(start, (s) => s.skipValue() || this.atFileEnd(s.pos));
      const end = this.windowStart + scan.pos;
      if (end === start) fail();
      const bytes = this.window.subarray(start - this.windowStart, scan.pos);
      if (!this.ascii && !isUtf8(bytes)) fail();
      const value: unknown = JSON.parse(bytes.toString(this.ascii ? 'latin1' : 'utf8'));
      if (this.onElement) this.onElement(path, array.starts.length, value);
      else values.push(value);
      array.starts.push(start);
      array.ends.push(end);
      array.lines.push(line);
      array.columns.push(column);
      this.commit(scan, false);
      this.skipWhitespaceInto(false);
      const next = this.byteAt(this.offset);
      if (next === CLOSE_BRACKET) break;
      if (next !== COMMA) fail();
      this.offset++;
    }
    this.offset++; // ]
    this.arrays.push(array);
    this.values.push(values);
  }

  /**
   * Runs `step` on a scanner placed at file offset `from`. When `step` runs out of window, the
   * window is moved to start at `from` (and doubled while it already started there) and `step` runs again.
   */
  private scanFrom(from: number, step: (scanner: JsonScanner) => boolean): JsonScanner {
    if (from < this.windowStart || from >= this.windowStart + this.windowLength) this.load(from, this.windowBytes);
    for (let wanted = this.windowBytes; ; ) {
      const scanner = this.scanner;
      scanner.pos = from - this.windowStart;
      scanner.line = this.line;
      scanner.lineStart = this.lineStart - this.windowStart;
      if (step(scanner)) return scanner;
      if (this.windowStart + this.windowLength >= this.size) fail(); // the file ends inside it
      if (from === this.windowStart) wanted *= 2;
      this.load(from, wanted);
    }
  }

  /** Moves the scan to where `scanner` stopped; with `keep`, the bytes passed go to the skeleton. */
  private commit(scanner: JsonScanner, keep: boolean): void {
    const to = this.windowStart + scanner.pos;
    if (keep) this.appendSkeleton(this.offset, to);
    this.offset = to;
    this.line = scanner.line;
    this.lineStart = this.windowStart + scanner.lineStart;
  }

  private skipWhitespaceInto(keep = true): void {
    const scan = this.scanFrom(this.offset, (s) => {
      s.skipWhitespace();
      return s.pos < this.windowLength || this.atFileEnd(s.pos);
    });
    this.commit(scan, keep);
  }

  private take(bytes: number): void {
    this.appendSkeleton(this.offset, this.offset + bytes);
    this.offset += bytes;
  }

  private appendSkeleton(from: number, to: number): void {
    if (to <= from) return;
    if (from < this.windowStart || to > this.windowStart + this.windowLength) this.load(from, to - from);
    // (take() appends what was just scanned: always inside the window.)
    const bytes = this.window.subarray(from - this.windowStart, to - this.windowStart);
    if (!this.ascii && !isUtf8(bytes)) fail();
    this.skeleton += bytes.toString(this.ascii ? 'latin1' : 'utf8');
  }

  private byteAt(offset: number): number | undefined {
    if (offset >= this.size) return undefined;
    if (offset < this.windowStart || offset >= this.windowStart + this.windowLength) this.load(offset, 1);
    return this.window[offset - this.windowStart];
  }

  private atFileEnd(windowPosition: number): boolean {
    return this.windowStart + windowPosition >= this.size;
  }

  /**
   * UTF-16 column of a file offset on the current line. Counted on from the last column asked for
   * when that is on the same line and in the window: counting from the line's start every time
   * read a one-line file (`terraform show -json`, a minified estate) once per element.
   */
  private columnAt(offset: number): number {
    let units: number;
    if (this.columnFrom >= this.lineStart && this.columnFrom >= this.windowStart && this.columnFrom <= offset) {
      units = this.columnUnits + utf16Length(this.window, this.columnFrom - this.windowStart, offset - this.windowStart);
    } else if (this.lineStart >= this.windowStart) {
      units = utf16Length(this.window, this.lineStart - this.windowStart, offset - this.windowStart);
    } else {
      units = this.carriedColumns + utf16Length(this.window, 0, offset - this.windowStart);
    }
    this.columnFrom = offset;
    this.columnUnits = units;
    return units + 1;
  }

  /** Reads the window to start at `from` (inside the current window or at its end) and hold at least `wanted` bytes, or the rest of the file. */
  private load(from: number, wanted: number): void {
    // The UTF-16 length of the current line before the new window, for columns on long lines.
    if (this.lineStart >= from) {
      this.carriedColumns = 0;
    } else if (from >= this.windowStart && from <= this.windowStart + this.windowLength) {
      const lineInWindow = this.lineStart >= this.windowStart;
      const counted = utf16Length(this.window, lineInWindow ? this.lineStart - this.windowStart : 0, from - this.windowStart);
      this.carriedColumns = (lineInWindow ? 0 : this.carriedColumns) + counted;
    } else {
      fail(); // only ever moves forward through what it has read
    }
    const length = Math.max(0, Math.min(Math.max(wanted, this.windowBytes), this.size - from));
    if (this.window.length < length) this.window = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const got = this.read(this.window.subarray(done, length), from + done);
      if (got === 0) break;
      done += got;
    }
    this.windowStart = from;
    this.windowLength = done;
    this.scanner = new JsonScanner(this.window.subarray(0, done));
    this.ascii = isAscii(this.scanner.bytes);
  }
}
