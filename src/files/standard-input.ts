import { fstatSync, readFileSync, type Stats } from 'node:fs';
import { isatty } from 'node:tty';
import { UserError } from '../errors.js';

/** The name `aiscan scan -` gives standard input: in findings too, which point at its lines. */
export const STANDARD_INPUT = '-';

let read: { bytes: Buffer; stats: Stats } | undefined;

/**
 * Standard input, read to its end once: a pipe cannot be read again, and the scan reads an input
 * more than once (to recognise it, to scan it, and for the lines its findings point at). A terminal
 * is refused rather than read: `-` typed by mistake would wait, silent, for an end of input.
 */
export function readStandardInput(): { bytes: Buffer; stats: Stats } {
  if (read === undefined && isatty(0)) {
    throw new UserError('standard input is a terminal, not a file or a pipe; pipe the input in (helm template … | aiscan scan -, aiscan diff - new.sarif < old.sarif)');
  }
  read ??= { bytes: readFileSync(0), stats: fstatSync(0) };
  return read;
}
