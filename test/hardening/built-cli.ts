import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';
import { bundleCli } from '../../support/bundle/bundle-cli.js';

const ROOT = process.cwd();
const SOURCES = ['src', 'bin', 'support/bundle'];

function typeScriptFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return typeScriptFiles(path);
    return /\.ts$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The aiscan CLI as users run it, bundled (support/bundle/bundle-cli.ts), for tests that must run
 * it as its own process (a signal, a hang that a timeout has to end, a crash that must not take
 * the test runner with it). The sources are transpiled (types are not checked: `npm test` does
 * that) into node_modules/.cache, under a hash of their contents, and bundled there (cli/aiscan.js,
 * beside the transpiled bin/ and src/), so a run reuses an up-to-date build and never touches
 * dist/. Not being dist/, it compiles the built-in rules itself (src/precompiled.ts).
 */
export function builtCli(): string {
  const files = SOURCES.flatMap((dir) => typeScriptFiles(join(ROOT, dir))).sort();
  const hash = createHash('sha256');
  for (const file of files) hash.update(file).update(readFileSync(file));
  const out = join(ROOT, 'node_modules', '.cache', 'aiscan-test-cli', hash.digest('hex').slice(0, 16));
  const cli = join(out, 'cli', 'aiscan.js');
  if (existsSync(cli)) return cli;

  const staging = `${out}.${process.pid}.tmp`;
  rmSync(staging, { recursive: true, force: true });
  for (const file of files) {
    const { outputText } = ts.transpileModule(readFileSync(file, 'utf8'), {
      compilerOptions: { module: ts.ModuleKind.ES2022, target: ts.ScriptTarget.ES2022 },
      fileName: file,
    });
    const target = join(staging, relative(ROOT, file).replace(/\.ts$/, '.js'));
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, outputText);
  }
  bundleCli(join(staging, 'bin', 'aiscan.js'), join(staging, 'cli'));
  try {
    renameSync(staging, out);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another test file built the same sources first
  }
  return cli;
}
