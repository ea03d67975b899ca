import type { Ajv, ErrorObject, Options } from 'ajv';
import { ajvFormatsModule, ajvModule } from './load-on-use.js';
import { safeRegExp } from './safe-regexp.js';

// ajv-formats is CommonJS with `exports.default`; under NodeNext the callable sits on `.default`.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const addFormats = (ajv: Ajv): Ajv => {
  const plugin = ajvFormatsModule() as unknown as FormatsPlugin & { default?: FormatsPlugin };
  return (plugin.default ?? plugin)(ajv);
};

/**
 * The one place ajv instances are made, so every schema in aiscan gets the same dialect, formats
 * and regular-expression engine: patterns match in linear time, whoever wrote them (safeRegExp),
 * and only a value's own keys count (`required: ["constructor"]` is not met by
 * Object.prototype.constructor, nor does `properties: {"toString": …}` check its function).
 */
export function createAjv(options: Options = {}): Ajv {
  const ajv = new (ajvModule().Ajv)({ allErrors: true, strict: true, ownProperties: true, ...options, code: { regExp: safeRegExp, ...options.code } });
  addFormats(ajv);
  return ajv;
}

/** `/a/b/0` → `['a', 'b', 0]` */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

export function pathToPointer(path: readonly (string | number)[]): string {
  return path.map((segment) => '/' + String(segment).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

/** The JSON pointer an ajv error is about, including a missing required property. */
export function errorPointer(error: ErrorObject): string {
  if (error.keyword === 'required') return `${error.instancePath}/${String(error.params.missingProperty)}`;
  if (error.keyword === 'additionalProperties') {
    return `${error.instancePath}/${String(error.params.additionalProperty)}`;
  }
  return error.instancePath;
}

/** One readable sentence for an ajv error, never ajv's raw text alone. */
export function describeAjvError(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `missing required property "${String(error.params.missingProperty)}"`;
    case 'additionalProperties':
      return `unexpected property "${String(error.params.additionalProperty)}"`;
    case 'type':
      return `expected ${String(error.params.type)}`;
    case 'const':
      return `expected ${JSON.stringify(error.params.allowedValue)}`;
    case 'enum':
      return `expected one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    default:
      return error.message ?? `fails "${error.keyword}"`;
  }
}

/** Picks the most specific error: the deepest pointer, preferring leaf keywords over combinators. */
export function mostSpecificError(errors: readonly ErrorObject[]): ErrorObject {
  const combinators = new Set(['anyOf', 'oneOf', 'allOf', 'if', 'not']);
  const leaves = errors.filter((e) => !combinators.has(e.keyword));
  const candidates = leaves.length > 0 ? leaves : errors;
  return candidates.reduce((best, e) => (errorPointer(e).length > errorPointer(best).length ? e : best));
}
