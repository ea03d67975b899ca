import type { Ajv } from 'ajv';
import { foldCase } from '../ids.js';

/**
 * Keywords rule authors need because Azure is case-insensitive where JSON Schema is not.
 * `enumIgnoreCase`: the value is a string equal, ignoring ASCII case as ARM does, to one of the listed strings
 * (e.g. `"mode": { "enumIgnoreCase": ["System"] }` matches `system`).
 */
export function addRuleKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'enumIgnoreCase',
    type: 'string',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 },
    compile(allowed: string[]) {
      const folded = new Set(allowed.map(foldCase));
      return (data: string) => folded.has(foldCase(data));
    },
    error: { message: 'must be equal to one of the allowed values (ignoring case)' },
  });
}
