import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Suppression, SuppressionEntry } from '../gate/suppression.js';
import { fileError, readValidatedFile, SUPPRESSIONS_SCHEMA_FILE, type Hints } from './validated-file.js';

export const DEFAULT_SUPPRESSIONS_FILE = 'aiscan.suppressions.json';

// What a suppression is belongs to the gate, which applies it; this file reads them from files.
export type { Suppression, SuppressionEntry } from '../gate/suppression.js';

export const SUPPRESSION_HINTS: Hints = {
  expires: 'give the last day it holds (YYYY-MM-DD), or "permanent": true with "approvedBy"',
  approvedBy: 'a permanent suppression needs the name of whoever accepted the risk',
  justification: 'say why the risk is accepted; it is shown in every report',
  rule: 'a rule id such as AIS-AKS-001, a glob such as AIS-RBAC-*, or *',
  resource: 'an Azure resource id, or a glob over ids such as /subscriptions/*/resourceGroups/rg-lab/**',
  '*additional': 'a suppression takes rule, resource, justification, expires, permanent, approvedBy, owner, ticket',
};

/** Reads a suppressions file (`{"suppressions": [...]}`), validated by schemas/suppressions.schema.json. */
export function readSuppressionsFile(file: string): Suppression[] {
  const { value, text } = readValidatedFile(file, 'a suppressions file', SUPPRESSIONS_SCHEMA_FILE, SUPPRESSION_HINTS);
  return checkSuppressions((value as { suppressions: SuppressionEntry[] }).suppressions, file, text, '/suppressions');
}

/** The suppressions file used when none is named: `aiscan.suppressions.json` in `directory`, if there is one. */
export function findSuppressionsFile(directory: string): string | undefined {
  const candidate = join(directory, DEFAULT_SUPPRESSIONS_FILE);
  return existsSync(candidate) ? candidate : undefined;
}

/** What the schema cannot say in a readable way: blank justifications, a permanent suppression with an end date. */
export function checkSuppressions(entries: readonly SuppressionEntry[], file: string, text: string | undefined, pointer: string): Suppression[] {
  return entries.map((entry, index) => {
    const at = `${pointer}/${index}`;
    if (entry.justification.trim() === '') {
      throw fileError(file, text, `${at}/justification`, 'the justification is blank; say why the risk is accepted');
    }
    if (entry.permanent === true && entry.expires !== undefined) {
      throw fileError(file, text, `${at}/expires`, 'a permanent suppression has no "expires"; remove one of the two');
    }
    return { ...entry, source: `${file}#${at}` };
  });
}
