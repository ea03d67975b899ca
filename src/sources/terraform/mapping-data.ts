/**
 * The mapping data (mappings/*.json), read when first needed: beside this module when run from
 * src/, from the package's src/ when run from dist/ (as the GPU size catalogue is). Read, not
 * imported, so that every way aiscan runs (tsc's dist, a transpiled copy) finds the same files.
 */
import { readFileSync } from 'node:fs';
import { sourceDataFile } from '../../package-info.js';

const cache = new Map<string, unknown>();

export function mappingData<T>(name: 'azurerm.json' | 'builtin-roles.json'): T {
  if (!cache.has(name)) {
    const file = sourceDataFile(new URL(`./mappings/${name}`, import.meta.url), 'sources', 'terraform', 'mappings', name);
    cache.set(name, JSON.parse(readFileSync(file, 'utf8')));
  }
  return cache.get(name) as T;
}
