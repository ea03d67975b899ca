import { statSync } from 'node:fs';
import type { ValidateFunction } from 'ajv';
import { readJsonInParts } from '../json/indexed-json.js';

/**
 * Below this a log is read whole: parsed, it takes under 100 MB, and checking its results one at a
 * time would cost a validator of their own to compile (20 ms on a diff of two small logs, the
 * usual pull-request gate).
 */
const IN_PARTS_FROM_BYTES = 16 << 20;

/** Whether `file` is a log large enough to be read result by result (readSarifResults). */
export function largeSarifFile(file: string): boolean {
  try {
    const stats = statSync(file);
    return stats.isFile() && stats.size >= IN_PARTS_FROM_BYTES;
  } catch {
    return false; // read whole, which says why it cannot be read
  }
}

/** Where the bulk of a SARIF log is: the results of each run. */
const RESULTS_OF_RUNS = new Map([['runs', new Map([['results', true as const]])]]);

/**
 * Reads a SARIF log result by result: each result is checked with `validResult` and handed to
 * `onResult`, with the index of its run, as soon as it is parsed, and none is kept. A nightly log of
 * 100,000 resources is about 110 MB and took about 600 MB to hold parsed; its readers keep a few
 * fields per result.
 *
 * Returns the rest of the log, each run's results left empty. Undefined for a result `validResult`
 * refuses and for anything readJsonInParts does not read in parts (standard input, a file that
 * cannot be opened, malformed JSON, a name given twice): results may have been handed over by
 * then, so the caller drops what it made of them and reads the log whole, the way that says what
 * is wrong with it.
 */
export function readSarifResults(file: string, validResult: ValidateFunction, onResult: (result: unknown, run: number) => void): unknown {
  return readJsonInParts(file, RESULTS_OF_RUNS, (arrayPath, _index, result) => {
    if (arrayPath.length !== 3 || !validResult(result)) throw new Error('not a result this reader takes');
    onResult(result, arrayPath[1] as number);
  });
}
