/**
 * A deployment parameter file (`deploymentParameters.json#`): the value of each parameter, or a
 * Key Vault reference, whose secret only the deployment reads. Read as az reads it: JSON, else a
 * Python literal (see deployment-text.ts).
 */
import { isRecord } from '../../json/is-record.js';
import { UserError } from '../../errors.js';
import { foldCase } from '../../ids.js';
import { pathToPointer } from '../../ajv.js';
import { parseJsonWithComments } from '../../json/read-json.js';
import { readDeploymentText } from './deployment-text.js';
import { Unknown, type Value } from './expressions/values.js';

export interface ParameterFileReading {
  values: Map<string, Value>;
  /**
   * Whether the values are under `"parameters"`. The Azure Pipelines task reads nothing else: through
   * it, a file without them deploys the template with its defaults.
   */
  wrapped: boolean;
}

export function readParameterFile(file: string): ParameterFileReading {
  return parameterFileValues(readDeploymentText(file, 'a parameter file').json, file);
}

/** The values of a parameter file's text (as read, or as `bicep build-params` wrote it); `file` is for messages. */
export function parameterFileValues(text: string, file: string): ParameterFileReading {
  const value = parseJsonWithComments(text, file, 'a parameter file');
  if (!isRecord(value)) throw new UserError(`${file}: a parameter file holds "parameters": {"name": {"value": …}}`);
  // az takes the whole file as the parameters when it has no "parameters" (`parsed.get('parameters', parsed)`).
  const wrapped = Object.hasOwn(value, 'parameters');
  const parameters = wrapped ? value.parameters : value;
  if (!isRecord(parameters)) throw new UserError(`${file}: at /parameters: a parameter file holds "parameters": {"name": {"value": …}}`);
  const values = new Map<string, Value>();
  const names = new Map<string, string>();
  for (const [name, entry] of Object.entries(parameters)) {
    const at = pathToPointer(wrapped ? ['parameters', name] : [name]);
    const unwrapped = wrapped ? '' : ' (the file has no "parameters", so az takes each of its keys for a parameter)';
    // Both tools send every name as written; which of two ARM then takes is not documented.
    const same = names.get(foldCase(name));
    if (same !== undefined) throw new UserError(`${file}: at ${at}: the parameter ${name} is given twice, also as ${same}; ARM matches parameter names ignoring case, and aiscan does not guess which value it takes`);
    names.set(foldCase(name), name);
    if (!isRecord(entry)) throw new UserError(`${file}: at ${at}: a parameter is given as {"value": …} or {"reference": …}${unwrapped}`);
    if ('value' in entry) values.set(name, entry.value as Value);
    else if (isRecord(entry.reference)) {
      const secret = typeof entry.reference.secretName === 'string' ? entry.reference.secretName : '?';
      values.set(name, new Unknown('a Key Vault secret is read only at deployment', `the Key Vault reference of parameter ${name} (secret ${secret})`));
    } else throw new UserError(`${file}: at ${at}: a parameter is given as {"value": …} or {"reference": {"keyVault": …, "secretName": …}}${unwrapped}`);
  }
  return { values, wrapped };
}
