import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { UserError } from '../errors.js';

/**
 * Writes all files or none of them: each goes to a temporary file beside its target first, and
 * only when every one is written are they renamed into place (a rename replaces atomically).
 */
export function writeFilesAtomically(files: ReadonlyMap<string, string>): void {
  const staged: [temporary: string, target: string][] = [];
  try {
    for (const [target, content] of files) {
      mkdirSync(dirname(target), { recursive: true });
      const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
      staged.push([temporary, target]);
      writeFileSync(temporary, content);
    }
    for (const [temporary, target] of staged) renameSync(temporary, target);
  } catch (error) {
    for (const [temporary] of staged) rmSync(temporary, { force: true });
    throw new UserError(`cannot write reports: ${(error as Error).message}`);
  }
}
