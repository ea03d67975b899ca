/**
 * `node write-code-cache.js FOLDER ARGS…`: runs the bundled CLI in FOLDER with ARGS, compiled
 * without a cache, and when it exits writes what V8 compiled meanwhile as the bundle's code cache
 * (cli-bundle.ts). Run by bundle-cli.ts on an empty estate: the code every scan runs.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setCliV8Flags } from '../../src/heap.js';
import { CODE_CACHE_FILE, codeCacheContents, compileBundle } from './cli-bundle.js';

const [folder, ...args] = process.argv.slice(2);
setCliV8Flags(); // as cli-launcher.ts does: the cache is for these flags
const bundle = compileBundle(folder, false);
process.argv = [process.argv[0], join(folder, 'aiscan.js'), ...args];
process.once('exit', (code) => {
  if (code === 0) writeFileSync(join(folder, CODE_CACHE_FILE), codeCacheContents(bundle));
});
bundle.run();
