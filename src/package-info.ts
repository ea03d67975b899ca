import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder holding aiscan's package.json, found from this module whether it runs from src/ or dist/src/. */
export const packageRoot: string = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

function findPackageRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'rules'))) return dir;
    if (dirname(dir) === dir) throw new Error(`aiscan: cannot find its package root above ${start}`);
  }
}

interface PackageJson {
  name: string;
  version: string;
  homepage: string;
  description: string;
}

const packageJson = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as PackageJson;

export const toolName = 'aiscan';
export const toolVersion: string = packageJson.version;
export const toolHomepage: string = packageJson.homepage;
export const toolDescription: string = packageJson.description;

/** Absolute URL of a file in the repository, for help links that a SARIF viewer can open. */
export function repositoryFileUrl(pathInRepo: string): string {
  return `${toolHomepage}/blob/main/${pathInRepo}`;
}

export function packagePath(...segments: string[]): string {
  return join(packageRoot, ...segments);
}

/**
 * A data file aiscan keeps in src/ (a JSON catalogue or mapping): `beside` its module when run from
 * src/ or a transpiled copy, else at `underSrc` in the package's src/ (run from dist/, where tsc
 * does not copy JSON).
 */
export function sourceDataFile(beside: URL, ...underSrc: string[]): string {
  const path = fileURLToPath(beside);
  return existsSync(path) ? path : packagePath('src', ...underSrc);
}
