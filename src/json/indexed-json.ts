import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { STANDARD_INPUT } from '../files/standard-input.js';
import type { ElementIndex } from './element-index.js';
import type { JsonPath } from '../estate.js';
import { splitDocument, topLevelArrays, type SplitDocument, type SplitOptions, type SplitTargets } from './json-split.js';
import { decodeText, parseJsonText, readFileWithStats } from './read-json.js';

export interface IndexedJson {
  /** Exactly what JSON.parse gives for the file. */
  value: unknown;
  /** Where each element of the large arrays starts, when the file was read in parts. */
  index?: ElementIndex;
}

/**
 * Reads and parses a JSON file whose bulk is one large array (the document itself, or one of the
 * top-level properties named in `arrayNames`), with a fraction of the memory of reading it whole,
 * and records where each of that array's elements starts, for locating values later.
 *
 * A regular file is read in windows and its array parsed element by element (see json-split.ts):
 * the file is never held whole, neither as bytes nor as one string beside its parsed value.
 * Anything the split does not expect (every malformed file among it), and a pipe, goes the
 * ordinary way: the whole text, one JSON.parse, whose errors say where.
 */
export function readIndexedJson(file: string, what: string, arrayNames: ReadonlySet<string>, windowBytes?: number): IndexedJson {
  const split = splitFile(file, topLevelArrays(arrayNames), { windowBytes });
  if (split) {
    const value = assemble(split.document);
    if (value !== undefined) {
      const { arrays } = split.document;
      return arrays.length === 0 ? { value } : { value, index: { arrays, size: split.stats.size, mtimeMs: split.stats.mtimeMs } };
    }
  }
  const { bytes } = readFileWithStats(file, what);
  return { value: parseJsonText(decodeText(bytes, file, what), file, what) };
}

/**
 * Reads a JSON file in parts and hands each element of the arrays `targets` names to `onElement`
 * as soon as it is parsed, keeping none: a file far larger than its useful content (a nightly SARIF
 * of 100 MB, of which the trend keeps a few fields per result) is never held whole, not even
 * parsed. Returns the rest of the document, each of those arrays left empty.
 *
 * Undefined when the file cannot be read so: standard input or a pipe, a file that cannot be
 * opened, a target name given twice, anything JSON.parse would refuse, or `onElement` throwing.
 * Elements may have been handed over by then: the caller drops what it made of them and reads the
 * file the ordinary way, whose errors say where.
 */
export function readJsonInParts(file: string, targets: SplitTargets, onElement: (arrayPath: JsonPath, index: number, value: unknown) => void): unknown {
  const split = splitFile(file, targets, { onElement });
  if (!split) return undefined;
  try {
    return JSON.parse(split.document.skeleton) as unknown;
  } catch {
    return undefined;
  }
}

/** The file split, or undefined when it cannot be: then read whole, which also says why a file cannot be read at all. */
function splitFile(file: string, targets: SplitTargets, options: SplitOptions): { document: SplitDocument; stats: Stats } | undefined {
  // Standard input, like a pipe (`-s <(…)`), cannot be read at offsets, nor again later to locate findings.
  if (file === STANDARD_INPUT) return undefined;
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    if (!stats.isFile()) return undefined;
    const descriptor = fd;
    const document = splitDocument((into, position) => readSync(descriptor, into, 0, into.length, position), stats.size, targets, options);
    return document && { document, stats };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The document from its parts, or undefined when they do not fit together (the caller then reads it whole). */
function assemble({ arrays, values, skeleton }: SplitDocument): unknown {
  const root = arrays.findIndex((array) => array.path.length === 0);
  if (root >= 0) return values[root];
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(skeleton) as Record<string, unknown>;
  } catch {
    return undefined;
  }
  for (const [index, array] of arrays.entries()) {
    const name = array.path[0] as string;
    const placeholder = document[name];
    if (!Array.isArray(placeholder) || placeholder.length !== 0) return undefined;
    document[name] = values[index];
  }
  return document;
}
