import { randomBytes } from 'node:crypto';
import { openSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Owner read and write only: reports and snapshots describe an estate's weaknesses. */
export const PRIVATE_FILE_MODE = 0o600;

const ATTEMPTS = 8;

/**
 * Creates a new empty file beside `target`, readable only by its owner, under a name nobody can
 * predict. `wx` (O_CREAT | O_EXCL) never opens an existing path, so a file or symbolic link that
 * someone planted where a temporary file might go is never written through; a name that is taken
 * is simply drawn again.
 */
export function createPrivateTemp(target: string): { path: string; fd: number } {
  return withUnpredictableName(target, 'tmp', (path) => ({ path, fd: openSync(path, 'wx', PRIVATE_FILE_MODE) }));
}

/**
 * Calls `create` with a new unpredictable path beside `target`; `create` must fail with EEXIST,
 * never follow or replace, when something is already there. A taken name is drawn again.
 */
export function withUnpredictableName<T>(target: string, suffix: string, create: (path: string) => T): T {
  for (let attempt = 1; ; attempt++) {
    try {
      return create(join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.${suffix}`));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt === ATTEMPTS) throw error;
    }
  }
}
