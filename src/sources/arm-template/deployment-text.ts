import { UserError } from '../../errors.js';
import { pythonLiteralAsJson } from '../../json/python-literal.js';
import { lineAndColumn, parseJsonWithComments, readTextFile } from '../../json/read-json.js';

/** A template or parameter file as aiscan reads it: as JSON, whatever it was written in. */
export interface DeploymentText {
  /**
   * JSON to parse and to find values in (comments and strings over several lines allowed): the
   * file's own text, or, for a Python literal, the JSON it reads as, with the same lines.
   */
  json: string;
  /** Whether the file is a Python literal, which az reads when it is not JSON. */
  pythonLiteral: boolean;
}

export function readDeploymentText(file: string, what: string): DeploymentText {
  return deploymentText(readTextFile(file, what), file, what);
}

/**
 * `az deployment` reads a template or parameter file with json.loads and, when that fails, with
 * Python's ast.literal_eval: a file of single-quoted strings and True is deployed, and must be read
 * too, never passed over (see json/python-literal.ts). What aiscan does not read of such a file is
 * an error; a text that is neither JSON nor a Python literal is returned as it is, for the JSON
 * reader to say where it fails.
 */
export function deploymentText(text: string, file: string, what: string): DeploymentText {
  if (readsAsJson(text)) return { json: text, pythonLiteral: false };
  const reading = pythonLiteralAsJson(text);
  if ('json' in reading) return { json: reading.json, pythonLiteral: true };
  if (reading.refused) throw refusedLiteral(text, reading, file, what);
  return { json: text, pythonLiteral: false };
}

export function refusedLiteral(text: string, reading: { error: string; offset: number }, file: string, what: string): UserError {
  const { line, column } = lineAndColumn(text, reading.offset);
  return new UserError(`${file}:${line}:${column}: ${what} that is not JSON, which az reads as a Python literal, holds ${reading.error}; aiscan does not read that: write the file as JSON`);
}

/** Whether `text` is JSON as templates are (comments and strings over several lines allowed). */
export function readsAsJson(text: string): boolean {
  try {
    parseJsonWithComments(text, '', '');
    return true;
  } catch {
    return false;
  }
}
