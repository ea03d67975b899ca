/**
 * Dependencies loaded on their first use rather than when aiscan starts. ajv's compiler, RE2 and
 * the YAML parser are a third of the CLI's code, and a scan of a snapshot with the built-in rules
 * (compiled by the build: src/precompiled.ts) calls none of them. They are CommonJS, so a
 * synchronous require loads them where they are needed, from node_modules; the bundled CLI
 * (scripts/bundle.ts) leaves them out for the same reason.
 */
import { createRequire } from 'node:module';

type AjvModule = typeof import('ajv');
type AjvFormatsModule = typeof import('ajv-formats');
type Re2Module = typeof import('re2js');
type YamlModule = typeof import('yaml');

/** Requires a dependency from aiscan's own node_modules, wherever the calling code sits. Not named `require`: the bundler would take that for a static import and bundle the module. */
export const requireDependency = createRequire(import.meta.url);

function once<T>(load: () => T): () => T {
  let loaded: { value: T } | undefined;
  return () => (loaded ??= { value: load() }).value;
}

export const ajvModule = once(() => requireDependency('ajv') as AjvModule);
export const ajvFormatsModule = once(() => requireDependency('ajv-formats') as AjvFormatsModule);
/** RE2, the linear-time pattern engine (src/safe-regexp.ts). */
export const re2Module = once(() => requireDependency('re2js') as Re2Module);
/** ajv's standalone code writer: only the build uses it (src/precompiled.ts). */
export const ajvStandaloneModule = once(() => requireDependency('ajv/dist/standalone/index.js') as typeof import('ajv/dist/standalone/index.js'));
export const yamlModule = once(() => requireDependency('yaml') as YamlModule);
