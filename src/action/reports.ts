import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { SEVERITIES } from '../engine/rule.js';
import type { SeverityCounts } from './outputs.js';

/** A file's identity: reports are written to a temporary name and renamed, so a new report is a new file. */
type Identity = string | undefined;

function identity(file: string): Identity {
  try {
    const stats = statSync(file, { bigint: true });
    return stats.isFile() ? `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeNs}:${stats.ctimeNs}` : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The reports of a folder as they are before the scan, to tell afterwards which ones this run
 * wrote: a scan that failed early writes none, and the previous run's reports (a self-hosted
 * runner keeps its workspace) must not be uploaded or counted as this run's.
 */
export function reportsBefore(files: readonly string[]): Map<string, Identity> {
  return new Map(files.map((file) => [file, identity(file)]));
}

/** Whether this run wrote `file`: it exists now and is not the file that was there before. */
export function writtenSince(before: ReadonlyMap<string, Identity>, file: string): boolean {
  const now = identity(file);
  return now !== undefined && now !== before.get(file);
}

const KEY = '\n  "findingsBySeverity": {';
const CHUNK_BYTES = 1 << 20;

/**
 * aiscan.json's `findingsBySeverity`, without reading the findings after it: the report of a
 * large tenant is hundreds of MB. The report is `JSON.stringify(…, null, 2)`, so a top-level key
 * is the only thing that can start a line with exactly two spaces and a quote: a string from the
 * estate has its line breaks escaped. Undefined when the file does not hold the counts as expected.
 */
export function readSeverityCounts(file: string): SeverityCounts | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    const decoder = new StringDecoder('utf8');
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let text = '';
    let start = -1;
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      text += read > 0 ? decoder.write(buffer.subarray(0, read)) : decoder.end();
      if (start < 0) {
        start = text.indexOf(KEY);
        // Keep only what a key split between two chunks needs.
        if (start < 0) text = text.slice(-KEY.length);
        else text = text.slice(start + KEY.length - 1);
      }
      const end = start >= 0 ? text.indexOf('\n  }') : -1;
      if (end >= 0) return countsOf(text.slice(0, end + '\n  }'.length));
      if (read === 0) return undefined;
    }
  } finally {
    closeSync(fd);
  }
}

function countsOf(objectText: string): SeverityCounts | undefined {
  let value: unknown;
  try {
    value = JSON.parse(objectText);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const counts = {} as SeverityCounts;
  for (const severity of SEVERITIES) {
    const count = (value as Record<string, unknown>)[severity];
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) return undefined;
    counts[severity] = count;
  }
  return counts;
}
