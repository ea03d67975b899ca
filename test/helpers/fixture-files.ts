import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What the SOURCES.md checks of fixture folders share: the files a folder holds, and the id git
 * gives a file's content, which is what SOURCES.md records of a byte-for-byte copy.
 */

/** Every file under `dir` but the folder's own `documents`, relative to `dir`, with `/`, sorted. */
export function fixtureFiles(dir: string, documents: readonly string[]): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => !documents.includes(file) && statSync(join(dir, file)).isFile())
    .sort();
}

/** What `git hash-object` prints for the content: the sha1 of `blob <bytes>\0` and the content. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}
