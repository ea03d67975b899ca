import { UserError } from '../../errors.js';
import { jsonNetAsJson } from '../../json/json-net.js';
import { hasComments, pipelinesTaskValue } from '../../json/pipelines-task-json.js';
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
 * A template or parameter file as the tools that deploy it read it, and they do not all read the
 * same: `az deployment` reads JSON after stripping comments with jsmin, and a file that is not JSON
 * as a Python literal (json/python-literal.ts); Azure PowerShell reads it with JSON.NET
 * (json/json-net.ts); the Azure Pipelines task strips comments its own way (json/pipelines-task-json.ts).
 * A file that is not JSON may still be deployed, and must be read, never passed over. Where the
 * tools that read a file read different values, or one reads what aiscan does not, the file is
 * refused: what it deploys depends on the tool, and aiscan does not guess. A text that none reads
 * is returned as it is, for the JSON reader to say where it fails.
 */
export function deploymentText(text: string, file: string, what: string): DeploymentText {
  const reading = readAsDeployed(text);
  if ('says' in reading) throw refusedReading(text, reading, file, what);
  return reading;
}

/** Why a file is refused: where, and what to say after "an ARM template" (or "a file"). */
export interface Refusal {
  offset: number;
  says: string;
}

const AS_JSON = 'aiscan does not read that: write the file as JSON';

export function readAsDeployed(text: string): DeploymentText | Refusal {
  const comments = hasComments(text);
  const json = jsonValue(text);
  // Comments are where the tools part: each must read what JSON reads.
  const task = comments ? pipelinesTaskValue(text) : undefined;
  if (json !== undefined) {
    if (comments) {
      const net = jsonNetAsJson(text);
      if (!('json' in net) && net.refused) return { offset: net.offset, says: `holds ${net.error}, which Azure PowerShell reads with JSON.NET; ${AS_JSON}, without it` };
      if ('json' in net && !sameJson(JSON.parse(net.json), json.value)) return { offset: 0, says: `that Azure PowerShell (JSON.NET) reads as other values than JSON; ${AS_JSON}` };
    }
    if (task !== undefined && !sameJson(task.value, json.value)) return { offset: 0, says: `whose comments the Azure Pipelines task (AzureResourceManagerTemplateDeployment@3) strips so that other values are left ${PIPELINES_STRIPPING}; write it without comments` };
    return { json: text, rewritten: false };
  }
  const reading = readNotJson(text);
  if ('says' in reading) return reading;
  if (task !== undefined && !('json' in reading && sameJson(JSON.parse(reading.json), task.value))) {
    const others = 'json' in reading ? 'as other values than az and Azure PowerShell read' : 'when az and Azure PowerShell read nothing';
    return { offset: 0, says: `that is not JSON, but that the Azure Pipelines task (AzureResourceManagerTemplateDeployment@3) reads, ${others}, once it has stripped its comments ${PIPELINES_STRIPPING}; write the file as JSON` };
  }
  return 'json' in reading ? { json: reading.json, rewritten: true } : { json: text, rewritten: false };
}

const PIPELINES_STRIPPING = '(it ends a // comment only at a line feed, and joins what is on either side of a comment)';

const AZ = 'az reads as a Python literal';
const POWERSHELL = 'Azure PowerShell reads with JSON.NET';

/**
 * A text that is not JSON as az (a Python literal) and Azure PowerShell (JSON.NET) read it, or a
 * refusal, or, when neither reads it, the reading that failed (`syntax`). When both read it, they
 * must read the same value; when one reads it and the other reads it only in part (a construct
 * aiscan refuses), the file is refused.
 */
function readNotJson(text: string): { json: string } | Refusal | { syntax: true } {
  const python = pythonLiteralAsJson(text);
  const net = jsonNetAsJson(text);
  const refused = (reading: { error: string; offset: number }, reader: string): Refusal => ({ offset: reading.offset, says: `that is not JSON, which ${reader}, holds ${reading.error}; ${AS_JSON}` });
  if ('json' in python && 'json' in net) {
    if (sameJson(JSON.parse(python.json), JSON.parse(net.json))) return python;
    return { offset: 0, says: `that is not JSON, which ${AZ} and ${POWERSHELL}, holds values that the two read differently; ${AS_JSON}` };
  }
  if ('json' in python) return !('json' in net) && net.refused ? refused(net, POWERSHELL) : python;
  if ('json' in net) return python.refused ? refused(python, AZ) : net;
  if (python.refused) return refused(python, AZ);
  if (net.refused) return refused(net, POWERSHELL);
  return { syntax: true };
}

export function refusedReading(text: string, refusal: Refusal, file: string, what: string): UserError {
  const { line, column } = lineAndColumn(text, refusal.offset);
  return new UserError(`${file}:${line}:${column}: ${what} ${refusal.says}`);
}

function jsonValue(text: string): { value: unknown } | undefined {
  try {
    return { value: parseJsonWithComments(text, '', '') };
  } catch {
    return undefined;
  }
}

/** Whether `text` is JSON as templates are (comments and strings over several lines allowed). */
export function readsAsJson(text: string): boolean {
  return jsonValue(text) !== undefined;
}
