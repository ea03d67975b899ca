/**
 * The CLI as one bundle: the entry (bin/aiscan.js, transpiled) and every module it imports,
 * aiscan's own and its dependencies', in `outdir`/aiscan.js.
 *
 * Node loads a few large files much faster than hundreds of small ones: loading the modules was
 * more than half of a scan's start-up. The Azure SDKs and the Kubernetes client stay outside,
 * loaded from node_modules by the commands that read live estates, as do the dependencies aiscan
 * loads on use (src/load-on-use.ts); each command loaded on use (collect, trend, template inputs)
 * is a chunk of its own. Used by the build (scripts/bundle.ts) and by the tests' CLI
 * (test/hardening/built-cli.ts), so that the tests run what users run.
 */
import { chmodSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

/** support/bundle/string-width: .ts beside the sources, .js in dist/. */
const STRING_WIDTH = fileURLToPath(new URL('./string-width', import.meta.url));

export function bundleCli(entry: string, outdir: string): string {
  // Chunk names carry a hash of their content: the last build's would stay beside the new ones.
  rmSync(outdir, { recursive: true, force: true });
  buildSync({
    entryPoints: { aiscan: entry },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's `main` is a UMD build that requires its parts at run time; its `module` is ESM.
    mainFields: ['module', 'main'],
    external: ['@azure/*', '@kubernetes/*'],
    // See support/bundle/string-width.ts: the same measure, its Unicode tables made on first use.
    alias: { 'string-width': STRING_WIDTH },
    // CommonJS dependencies (ajv's runtime, re2js) require Node's own modules; an ES module has no `require` of its own.
    banner: { js: "import { createRequire as aiscanCreateRequire } from 'node:module'; const require = aiscanCreateRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  const cli = join(outdir, 'aiscan.js');
  chmodSync(cli, 0o755);
  return cli;
}
