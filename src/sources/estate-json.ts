import { closeSync, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { UserError } from '../errors.js';
import { forgetElements, rememberElements } from './element-index.js';
import { splitDocument, type SplitDocument } from './json-split.js';
import { decodeUtf8, describeFsError, parseJsonText, readFileWithStats } from './read-json.js';

/** The top-level arrays that hold resources in the shapes estate files come in. */
const RESOURCE_ARRAYS = new Set(['resources', 'value', 'data']);

/**
 * Reads and parses an estate file, giving exactly what JSON.parse gives, with a fraction of the
 * memory and a map of where each resource starts, for locating findings later.
 *
 * A regular file is read in windows and its resource array parsed element by element (see
 * json-split.ts): the file is never held whole, neither as bytes nor as one string beside its
 * parsed value. Anything the split does not expect (every malformed file among it), and a pipe,
 * goes the ordinary way: the whole text, one JSON.parse, whose errors say where.
 */
export function readEstateJson(file: string, what: string, windowBytes?: number): unknown {
  const split = splitFile(file, what, windowBytes);
  if (split) {
    const value = assemble(split.document);
    if (value !== undefined) {
      rememberElements(file, split.stats, split.document.arrays);
      return value;
    }
  }
  forgetElements(file);
  const { bytes } = readFileWithStats(file, what);
  return parseJsonText(decodeUtf8(bytes, file, what), file, what);
}

function splitFile(file: string, what: string, windowBytes?: number): { document: SplitDocument; stats: Stats } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(file, 'r');
    const stats = fstatSync(fd);
    // A pipe (`-s <(…)`) cannot be read at offsets, nor again later to locate findings.
    if (!stats.isFile()) return undefined;
    const descriptor = fd;
    const document = splitDocument((into, position) => readSync(descriptor, into, 0, into.length, position), stats.size, RESOURCE_ARRAYS, windowBytes);
    return document && { document, stats };
  } catch (error) {
    throw new UserError(`${file}: cannot read ${what}: ${describeFsError(error)}`);
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
