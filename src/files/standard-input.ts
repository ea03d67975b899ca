import { fstatSync, readFileSync, type Stats } from 'node:fs';

/** The name `aiscan scan -` gives standard input: in findings too, which point at its lines. */
export const STANDARD_INPUT = '-';

let read: { bytes: Buffer; stats: Stats } | undefined;

/**
 * Standard input, read to its end once: a pipe cannot be read again, and the scan reads an input
 * more than once (to recognise it, to scan it, and for the lines its findings point at).
 */
export function readStandardInput(): { bytes: Buffer; stats: Stats } {
  read ??= { bytes: readFileSync(0), stats: fstatSync(0) };
  return read;
}
