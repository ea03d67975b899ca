import { closeSync, openSync, readSync } from 'node:fs';
import type { JsonPath } from '../estate.js';
import { UserError } from '../errors.js';
import { currentIndex, type ElementIndex } from './element-index.js';
import { locateJsonPaths, type LocateOptions, type ValueSpan } from './json-offsets.js';
import { asBuffer } from './json-scanner.js';
import type { ArrayElements } from './json-split.js';
import { describeFsError, lineAndColumnAt, maskControlCharactersInStrings, readUtf8Bytes, unmaskControlCharacters } from './read-json.js';

/** Where a value sits in its file: 1-based lines and columns (UTF-16 code units), end column exclusive, and its text. */
export interface ValueRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  /** The JSON path the region really covers: the one asked for, or its nearest enclosing value present in the file. */
  path: JsonPath;
  /** The region's text as in the file, cut after about SNIPPET_BYTES. */
  snippet: string;
}

const SNIPPET_BYTES = 2000;
/** Elements asked about are read from the file in windows of about this many bytes. */
const WINDOW_BYTES = 4 << 20;

/**
 * The region of each path in `file`, in the order asked; a path that is not in the file (a missing
 * property) falls back to its nearest parent. With the `index` recorded when the file was read in
 * parts (see indexed-json.ts), and the file unchanged since, only the elements that hold the paths
 * are read and walked. Otherwise the file is read once and walked once along all the paths (see
 * json-offsets.ts). `options` as for locateJsonPaths.
 */
export function locateInFile(file: string, paths: readonly JsonPath[], index?: ElementIndex, options?: LocateOptions): ValueRegion[] {
  const current = currentIndex(file, index);
  return current ? locateByElements(file, current, paths, options) : new FileLocator(readUtf8Bytes(file, 'an estate file'), options).regions(paths);
}

/** Templates are at most 4 MB (ARM's limit): only a text this small is looked at for strings written over several lines. */
const MULTILINE_TEXT_BYTES = 16 << 20;

export class FileLocator {
  private readonly bytes: Buffer;
  /** A text with line breaks inside its strings (a template's multi-line strings): see regions. */
  private readonly multiline?: { text: string; masked: Buffer; maskedText: string };

  /** `file` is a file's bytes, or its text (encoded here as UTF-8); `options` as for locateJsonPaths. */
  constructor(
    file: Uint8Array | string,
    private readonly options?: LocateOptions,
  ) {
    this.bytes = typeof file === 'string' ? Buffer.from(file, 'utf8') : asBuffer(file);
    if (this.bytes.length > MULTILINE_TEXT_BYTES) return;
    const text = typeof file === 'string' ? file : this.bytes.toString('utf8');
    const maskedText = maskControlCharactersInStrings(text);
    if (maskedText !== undefined) this.multiline = { text, masked: Buffer.from(maskedText, 'utf8'), maskedText };
  }

  region(path: JsonPath): ValueRegion {
    return this.regions([path])[0];
  }

  /**
   * The regions of many paths in one pass over the text. A text with raw line breaks inside its
   * strings (ARM and az read such a template) is walked with them masked, one UTF-16 unit for one,
   * so that a string does not end the walk; each region is then moved to the lines and columns of
   * the text as written.
   */
  regions(paths: readonly JsonPath[]): ValueRegion[] {
    if (this.multiline === undefined) return locateJsonPaths(this.bytes, paths, undefined, this.options).map((span) => toRegion(span, this.bytes, 0));
    const { text, masked, maskedText } = this.multiline;
    const maskedLines = lineStarts(maskedText);
    const lines = lineStarts(text);
    const moved = (line: number, column: number) => lineAndColumnAt(lines, maskedLines[line - 1] + column - 1);
    return locateJsonPaths(masked, paths, undefined, this.options).map((span) => {
      const region = toRegion(span, masked, 0);
      const start = moved(region.startLine, region.startColumn);
      const end = moved(region.endLine, region.endColumn);
      return { ...region, startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column, snippet: unmaskControlCharacters(region.snippet) as string };
    });
  }
}

/** Where each line starts, in UTF-16 units: lines end at LF, as the JSON walk counts them. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at !== -1; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

interface ElementRequest {
  array: ArrayElements;
  element: number;
  /** Indexes into the caller's `paths`, and each path below the element. */
  asked: number[];
  below: JsonPath[];
}

function locateByElements(file: string, index: ElementIndex, paths: readonly JsonPath[], options: LocateOptions | undefined): ValueRegion[] {
  const located: ValueRegion[] = new Array(paths.length);
  const requests = new Map<string, ElementRequest>();
  const elsewhere: number[] = [];
  paths.forEach((path, i) => {
    const array = index.arrays.find((a) => a.path.length < path.length && a.path.every((segment, depth) => path[depth] === segment));
    const element = array && path[array.path.length];
    if (!array || typeof element !== 'number' || element >= array.starts.length) {
      elsewhere.push(i);
      return;
    }
    const key = `${array.path.join('/')}#${element}`;
    let request = requests.get(key);
    if (!request) requests.set(key, (request = { array, element, asked: [], below: [] }));
    request.asked.push(i);
    request.below.push(path.slice(array.path.length + 1));
  });

  const sorted = [...requests.values()].sort((a, b) => a.array.starts[a.element] - b.array.starts[b.element]);
  const fd = openFile(file);
  let buffer = Buffer.alloc(0);
  try {
    for (const { offset, length, members } of windows(sorted)) {
      if (buffer.length < length) buffer = Buffer.allocUnsafe(Math.max(length, WINDOW_BYTES));
      const window = buffer.subarray(0, length);
      readFully(fd, window, offset, file);
      for (const request of members) {
        const { array, element } = request;
        const start = array.starts[element];
        const bytes = window.subarray(start - offset, array.ends[element] - offset);
        const base = { offset: start, line: array.lines[element], column: array.columns[element] };
        locateJsonPaths(bytes, request.below, base, options).forEach((span, j) => {
          const path = [...array.path, element, ...span.path];
          located[request.asked[j]] = toRegion({ ...span, path }, bytes, start);
        });
      }
    }
  } finally {
    closeSync(fd);
  }
  if (elsewhere.length > 0) {
    const whole = new FileLocator(readUtf8Bytes(file, 'an estate file'), options).regions(elsewhere.map((i) => paths[i]));
    elsewhere.forEach((i, j) => (located[i] = whole[j]));
  }
  return located;
}

/** Requested elements in file order, grouped into reads of about WINDOW_BYTES (one element may be larger). */
function windows(sorted: readonly ElementRequest[]): { offset: number; length: number; members: ElementRequest[] }[] {
  const groups: ElementRequest[][] = [];
  for (const request of sorted) {
    const group = groups[groups.length - 1];
    const groupStart = group && group[0].array.starts[group[0].element];
    if (group && request.array.ends[request.element] - groupStart <= WINDOW_BYTES) group.push(request);
    else groups.push([request]);
  }
  return groups.map((members) => {
    const offset = members[0].array.starts[members[0].element];
    // A loop, not Math.max(...ends): a window can hold more elements than a call can take arguments.
    let end = offset;
    for (const m of members) end = Math.max(end, m.array.ends[m.element]);
    return { offset, length: end - offset, members };
  });
}

function openFile(file: string): number {
  try {
    return openSync(file, 'r');
  } catch (error) {
    throw new UserError(`${file}: cannot read an estate file: ${describeFsError(error)}`);
  }
}

function readFully(fd: number, into: Buffer, position: number, file: string): void {
  for (let done = 0; done < into.length; ) {
    let read: number;
    try {
      read = readSync(fd, into, done, into.length - done, position + done);
    } catch (error) {
      throw new UserError(`${file}: cannot read an estate file again to locate findings: ${describeFsError(error)}`);
    }
    if (read === 0) {
      into.fill(0x20, done); // the file shrank since: what is missing reads as blanks
      return;
    }
    done += read;
  }
}

function toRegion({ path, start, end }: ValueSpan, bytes: Buffer, bytesOffset: number): ValueRegion {
  return {
    startLine: start.line,
    startColumn: start.column,
    endLine: end.line,
    endColumn: end.column,
    path,
    snippet: snippet(bytes, start.offset - bytesOffset, end.offset - bytesOffset),
  };
}

/** The region's text, at most about SNIPPET_BYTES, never cutting a character in two. */
function snippet(bytes: Buffer, start: number, end: number): string {
  let stop = Math.min(end, start + SNIPPET_BYTES);
  while (stop > start && stop < end && (bytes[stop] & 0xc0) === 0x80) stop--;
  return bytes.toString('utf8', start, stop);
}
