/**
 * The CLI as one bundle: the entry (bin/aiscan.js, transpiled) and every module it imports,
 * aiscan's own and its dependencies', in `outdir`/cli-bundle.cjs, started by `outdir`/aiscan.js
 * (cli-launcher.ts) with the code cache made here (cli-bundle.ts).
 *
 * Node loads a few large files much faster than hundreds of small ones: loading the modules was
 * more than half of a scan's start-up. The bundle is CommonJS because only a script, not an ES
 * module, can be compiled with a code cache on Node 20. The Azure SDKs and the Kubernetes client
 * stay outside, required from node_modules by the commands that read live estates, as do the
 * dependencies aiscan loads on use (src/load-on-use.ts); the code of a command loaded on use
 * (collect, trend, template inputs) is in the bundle but runs only when that command does. Used by
 * the build (scripts/bundle.ts) and by the tests' CLI (test/hardening/built-cli.ts), so that the
 * tests run what users run.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { BUNDLE_FILE, bundleIdLine, CODE_CACHE_FILE } from './cli-bundle.js';

/** A module beside this file, for esbuild to find: .ts beside the sources, .js in dist/. */
const besideThis = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const STRING_WIDTH = besideThis('string-width');
const LAUNCHER = besideThis('cli-launcher');
const WRITE_CODE_CACHE = besideThis('write-code-cache');

/** What `import.meta.url` becomes in the CommonJS bundle: the bundle's own URL, as it was each module's in the ES bundle. */
const MODULE_URL = '__aiscanBundleUrl';

export function bundleCli(entry: string, outFolder: string): string {
  const outdir = resolve(outFolder);
  rmSync(outdir, { recursive: true, force: true });
  const bundle = join(outdir, BUNDLE_FILE);
  buildSync({
    entryPoints: [entry],
    outfile: bundle,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // jsonc-parser's `main` is a UMD build that requires its parts at run time; its `module` is ESM.
    mainFields: ['module', 'main'],
    external: ['@azure/*', '@kubernetes/*'],
    // See support/bundle/string-width.ts: the same measure, its Unicode tables made on first use.
    alias: { 'string-width': STRING_WIDTH },
    define: { 'import.meta.url': MODULE_URL },
    banner: { js: `var ${MODULE_URL} = require('node:url').pathToFileURL(__filename).href;` },
    logLevel: 'warning',
  });
  // The entry's `#!` line goes: the launcher is the command. The bundle's hash takes its place.
  const code = readFileSync(bundle, 'utf8').replace(/^#!.*\n/, '');
  writeFileSync(bundle, bundleIdLine(createHash('sha256').update(code).digest('hex')) + code);
  chmodSync(bundle, 0o644); // run by the launcher, not as a command

  const cli = join(outdir, 'aiscan.js');
  bundleScript(LAUNCHER, cli);
  chmodSync(cli, 0o755);
  writeCodeCache(outdir);
  return cli;
}

/** Runs the bundle once on an empty estate and keeps what V8 compiled (write-code-cache.ts). */
function writeCodeCache(outdir: string): void {
  const work = join(outdir, 'code-cache-run');
  mkdirSync(work, { recursive: true });
  try {
    const estate = join(work, 'empty.json');
    writeFileSync(estate, '[]\n');
    const writer = join(work, 'write-code-cache.mjs');
    bundleScript(WRITE_CODE_CACHE, writer);
    // In a folder of its own: a configuration file where the build runs would be read as the scan's.
    const run = spawnSync(process.execPath, [writer, outdir, 'scan', '--snapshot', estate, '--out', join(work, 'reports'), '--fail-on', 'none', '--quiet'], { encoding: 'utf8', cwd: work });
    if (run.status !== 0 || !existsSync(join(outdir, CODE_CACHE_FILE))) {
      throw new Error(`the bundled CLI failed on an empty estate (${run.status ?? run.signal}), so no code cache was made: ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** A small script and what it imports, as one ES module. */
function bundleScript(entry: string, outfile: string): void {
  buildSync({ entryPoints: [entry], outfile, bundle: true, format: 'esm', platform: 'node', target: 'node20', logLevel: 'warning' });
}
