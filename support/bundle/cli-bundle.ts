/**
 * The bundled CLI's code, compiled through V8's code cache.
 *
 * Node 20 keeps no compiled code between runs (module.enableCompileCache came in Node 22), so every
 * run parsed and compiled the bundle's 1.5 MB again: about a sixth of an empty scan. The build runs
 * the bundle once (write-code-cache.ts) and keeps what V8 compiled in CODE_CACHE_FILE; each run then
 * compiles the bundle with that cache, which V8 takes when it was made by the same V8 under the same
 * flags and otherwise ignores (the bundle is then compiled as usual).
 *
 * V8 checks a cache against the source's length only. The build writes a hash of the bundle's code
 * on its first line, and the cache starts with the hash of the bundle it was made from: a cache is
 * given to V8 only with the build's bundle it was made for (a bundle edited by hand is not checked).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Script } from 'node:vm';

export const BUNDLE_FILE = 'cli-bundle.cjs';
export const CODE_CACHE_FILE = 'cli-bundle.code-cache';

/** `// aiscan-bundle <sha256 of the rest of the file>`: the bundle's first line. */
const ID_LINE = /^\/\/ aiscan-bundle ([0-9a-f]{64})\n/;
const ID_BYTES = 64;

export interface CompiledBundle {
  script: Script;
  /** The hash on the bundle's first line. */
  id: string;
  /** Whether V8 took the code cache (false when there was none, or it was for another bundle, V8 or flags). */
  cacheUsed: boolean;
  /** Runs the bundle as Node runs a CommonJS module (the CLI reads process.argv and starts); returns its exports. */
  run(): unknown;
}

/** The bundle in `folder`, compiled with its code cache unless `withCache` is false. */
export function compileBundle(folder: string, withCache = true): CompiledBundle {
  const file = resolve(folder, BUNDLE_FILE);
  const source = readFileSync(file, 'utf8');
  const id = ID_LINE.exec(source)?.[1];
  if (id === undefined) throw new Error(`${file} is not an aiscan bundle: its first line has no hash`);
  const cachedData = withCache ? cacheFor(resolve(folder, CODE_CACHE_FILE), id) : undefined;
  // The same wrapper Node gives a CommonJS module, on one line: a stack trace's line numbers stay the file's.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: file, ...(cachedData ? { cachedData } : {}) });
  return {
    script,
    id,
    cacheUsed: cachedData !== undefined && !script.cachedDataRejected,
    run() {
      const module = { exports: {} };
      (script.runInThisContext() as (...args: unknown[]) => void).call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
      return module.exports;
    },
  };
}

/** The code cache file's contents: the bundle's hash, then V8's data. */
export function codeCacheContents(bundle: CompiledBundle): Buffer {
  return Buffer.concat([Buffer.from(bundle.id, 'latin1'), bundle.script.createCachedData()]);
}

/** The first line of a bundle whose code (the rest of the file) hashes to `hash`. */
export function bundleIdLine(hash: string): string {
  return `// aiscan-bundle ${hash}\n`;
}

function cacheFor(file: string, id: string): Buffer | undefined {
  let contents: Buffer;
  try {
    contents = readFileSync(file);
  } catch {
    return undefined; // no cache: compiled as usual
  }
  return contents.length > ID_BYTES && contents.toString('latin1', 0, ID_BYTES) === id ? contents.subarray(ID_BYTES) : undefined;
}
