import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { UserError } from '../errors.js';

/** A file's content, or a function that renders it just before it is written (so only one is held at a time). */
export type FileContent = string | (() => string);

/** Temporary files that exist right now: written, not yet renamed into place or removed. */
const staged = new Set<string>();
let beforeStaging: (() => void) | undefined;

/**
 * Writes all files or none of them: each goes to a temporary file beside its target first, and
 * only when every one is written are they renamed into place (a rename replaces atomically).
 */
export function writeFilesAtomically(files: ReadonlyMap<string, FileContent>): void {
  beforeStaging?.();
  const pending: [temporary: string, target: string][] = [];
  const removePending = () => {
    for (const [temporary] of pending) {
      rmSync(temporary, { force: true });
      staged.delete(temporary);
    }
  };
  for (const [target, content] of files) {
    let text: string;
    try {
      text = typeof content === 'function' ? content() : content;
    } catch (error) {
      removePending();
      throw error;
    }
    const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
    try {
      mkdirSync(dirname(target), { recursive: true });
      staged.add(temporary);
      pending.push([temporary, target]);
      writeInChunks(temporary, text);
    } catch (error) {
      removePending();
      throw new UserError(`cannot write ${target}: ${(error as Error).message}`);
    }
  }
  try {
    for (const [temporary, target] of pending) {
      renameSync(temporary, target);
      staged.delete(temporary);
    }
  } catch (error) {
    removePending();
    throw new UserError(`cannot write reports: ${(error as Error).message}`);
  }
}

/** Bytes of a report encoded at a time: a 100 MB report is not also held as a 100 MB buffer. */
const CHUNK = 1 << 20;

function writeInChunks(file: string, text: string): void {
  const fd = openSync(file, 'w');
  try {
    for (let start = 0; start < text.length; ) {
      let end = Math.min(start + CHUNK, text.length);
      const last = text.charCodeAt(end - 1);
      if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--; // keep a surrogate pair together
      const bytes = Buffer.from(text.slice(start, end), 'utf8');
      for (let written = 0; written < bytes.length; ) written += writeSync(fd, bytes, written);
      start = end;
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * Called (each time) before writeFilesAtomically creates its first temporary file. The bin uses
 * it to start listening for SIGINT/SIGTERM only then: a signal while files are staged must remove
 * them, while before that the default (end at once) leaves nothing behind.
 */
export function onStaging(listener: (() => void) | undefined): void {
  beforeStaging = listener;
}

/** Removes every temporary file still staged. For a signal handler: synchronous, never throws. */
export function removeStagedFiles(): void {
  for (const temporary of staged) {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // best effort: the process is ending
    }
  }
  staged.clear();
}
