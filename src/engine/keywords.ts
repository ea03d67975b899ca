import type { Ajv, KeywordCxt } from 'ajv';
import { ajvModule } from '../load-on-use.js';
import { foldCase } from '../ids.js';

/**
 * The name the generated code calls foldCase by: a keyword's code runs inside ajv's generated
 * validators, and precompiled ones (rule-pack.ts) are given KEYWORD_RUNTIME_NAMES.
 */
const FOLD_CASE_NAME = 'foldCase';
export const KEYWORD_RUNTIME_NAMES = { [FOLD_CASE_NAME]: foldCase };

/**
 * Keywords rule authors need because Azure is case-insensitive where JSON Schema is not.
 * `enumIgnoreCase`: the value is a string equal, ignoring ASCII case as ARM does, to one of the listed strings
 * (e.g. `"mode": { "enumIgnoreCase": ["System"] }` matches `system`).
 * Written as code, not as a closure, so that a validator using it can be saved as source (rule-pack.ts).
 */
export function addRuleKeywords(ajv: Ajv): void {
  ajv.addKeyword({
    keyword: 'enumIgnoreCase',
    type: 'string',
    schemaType: 'array',
    metaSchema: { type: 'array', items: { type: 'string' }, minItems: 1 },
    code(cxt: KeywordCxt) {
      const { _, Name, stringify } = ajvModule();
      const folded = [...new Set((cxt.schema as string[]).map(foldCase))];
      const fold = cxt.gen.scopeValue('func', { ref: foldCase, code: new Name(FOLD_CASE_NAME) });
      const allowed = cxt.gen.scopeValue('obj', { ref: new Set(folded), code: _`new Set(${stringify(folded)})` });
      cxt.fail(_`!${allowed}.has(${fold}(${cxt.data}))`);
    },
    error: { message: 'must be equal to one of the allowed values (ignoring case)' },
  });
}
