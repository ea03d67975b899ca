import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The root of the git repository `path` is in (the nearest folder above it holding .git), if any. */
export function repositoryRoot(path: string): string | undefined {
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}
