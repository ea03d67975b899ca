import { UserError } from '../../errors.js';
import { jsonNetAsJson } from '../../json/json-net.js';
import { pythonLiteralAsJson } from '../../json/python-literal.js';
import { lineAndColumn, parseJsonWithComments, readTextFile } from '../../json/read-json.js';
import { sameJson } from '../same-json.js';

/** A template or parameter file as aiscan reads it: as JSON, whatever it was written in. */
export interface DeploymentText {
  /**
   * JSON to parse and to find values in (comments and strings over several lines allowed): the
   * file's own text, or, for a file that is not JSON, the JSON it reads as, with the same lines.
   */
  json: string;
  /** Whether `json` is not the file's own text: the file is not JSON, and az or Azure PowerShell reads it all the same. */
  rewritten: boolean;
}

export function readDeploymentText(file: string, what: string): DeploymentText {
  return deploymentText(readTextFile(file, what), file, what);
}

/**
 * A template or parameter file that is not JSON may still be deployed, and must be read too, never
 * passed over: `az deployment` reads it as a Python literal (json/python-literal.ts), Azure
 * PowerShell with JSON.NET (json/json-net.ts). What aiscan does not read of such a file is an
 * error; a text that neither reads is returned as it is, for the JSON reader to say where it fails.
 */
export function deploymentText(text: string, file: string, what: string): DeploymentText {
  if (readsAsJson(text)) return { json: text, rewritten: false };
  const reading = readNotJson(text);
  if ('json' in reading) return { json: reading.json, rewritten: true };
  if (reading.refused) throw refusedReading(text, reading, file, what);
  return { json: text, rewritten: false };
}

export type NotJsonReading = { json: string } | { error: string; offset: number; refused: boolean; reader?: string };

const AZ = 'az reads as a Python literal';
const POWERSHELL = 'Azure PowerShell reads with JSON.NET';

/**
 * A text that is not JSON as the tools that deploy templates read it. When both read it, they must
 * read the same value; when one reads it and the other reads it only in part (a construct aiscan
 * refuses), the file is refused: what it deploys depends on the tool, and aiscan does not guess.
 */
export function readNotJson(text: string): NotJsonReading {
  const python = pythonLiteralAsJson(text);
  const net = jsonNetAsJson(text);
  if ('json' in python && 'json' in net) {
    if (sameJson(JSON.parse(python.json), JSON.parse(net.json))) return python;
    return { error: 'values that the two read differently', offset: 0, refused: true, reader: `${AZ} and ${POWERSHELL}` };
  }
  if ('json' in python) return !('json' in net) && net.refused ? { ...net, reader: POWERSHELL } : python;
  if ('json' in net) return python.refused ? { ...python, reader: AZ } : net;
  if (python.refused) return { ...python, reader: AZ };
  if (net.refused) return { ...net, reader: POWERSHELL };
  return python;
}

export function refusedReading(text: string, reading: { error: string; offset: number; reader?: string }, file: string, what: string): UserError {
  const { line, column } = lineAndColumn(text, reading.offset);
  return new UserError(`${file}:${line}:${column}: ${what} that is not JSON, which ${reading.reader ?? AZ}, holds ${reading.error}; aiscan does not read that: write the file as JSON`);
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
