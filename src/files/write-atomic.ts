import { closeSync, constants, copyFileSync, linkSync, lstatSync, mkdirSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../errors.js';
import { createPrivateTemp, withUnpredictableName } from './private-temp.js';

/**
 * A file's content: its text, or its text as chunks (an iterable of strings, e.g. a generator that
 * renders them as they are asked for), or a function that returns either just before the file is
 * written (so only one report is held at a time, or none when it is chunks).
 */
export type FileContent = string | Iterable<string> | (() => string | Iterable<string>);

/** Temporary files that exist right now: written, not yet renamed into place or removed. */
const staged = new Set<string>();
let beforeStaging: (() => void) | undefined;

/**
 * Writes all files or none of them. Each goes to a new private temporary file beside its target
 * first (see createPrivateTemp); only when every one is written are they renamed into place, and
 * if one of those renames fails, the targets already replaced get their previous content back:
 * a failed write never leaves a mix of new and old reports.
 */
export function writeFilesAtomically(files: ReadonlyMap<string, FileContent>): void {
  beforeStaging?.();
  const pending: [temporary: string, target: string][] = [];
  const removePending = () => {
    for (const [temporary] of pending) removeQuietly(temporary);
  };
  for (const [target, content] of files) {
    let text: string | Iterable<string>;
    try {
      text = typeof content === 'function' ? content() : content;
    } catch (error) {
      removePending();
      throw error;
    }
    try {
      mkdirSync(dirname(target), { recursive: true });
      const temporary = createPrivateTemp(target);
      staged.add(temporary.path);
      pending.push([temporary.path, target]);
      writeChunks(temporary.fd, text);
    } catch (error) {
      removePending();
      if (error instanceof RenderFailure) throw error.error;
      throw new UserError(`cannot write ${target}: ${(error as Error).message}`);
    }
  }
  try {
    commitAll(pending);
  } finally {
    removePending();
  }
}

/**
 * Renames every temporary file over its target, all or none. Each existing target is first kept
 * under a second name (a hard link, so the target itself is not touched); when a rename fails,
 * the targets already replaced are put back from those, and a target that did not exist is
 * removed again.
 */
function commitAll(pending: readonly (readonly [temporary: string, target: string])[]): void {
  const kept = new Map<string, string | undefined>(); // target → its previous content's second name
  const done: string[] = [];
  try {
    for (const [, target] of pending) kept.set(target, keepPrevious(target));
    for (const [temporary, target] of pending) {
      renameSync(temporary, target);
      staged.delete(temporary);
      done.push(target);
    }
  } catch (error) {
    for (const target of done.reverse()) {
      const previous = kept.get(target);
      try {
        if (previous) renameSync(previous, target);
        else rmSync(target, { force: true });
      } catch {
        // Best effort: the error below names the write that failed.
      }
    }
    throw new UserError(`cannot write ${targetOf(error, pending)}: ${(error as Error).message}; no report was changed`);
  } finally {
    for (const previous of kept.values()) if (previous) removeQuietly(previous);
  }
}

/** A second name for the file at `target`, or undefined when there is none; refuses a target that is not a file. */
function keepPrevious(target: string): string | undefined {
  let stats;
  try {
    stats = lstatSync(target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (stats.isDirectory()) throw Object.assign(new Error('it is a directory'), { target });
  return withUnpredictableName(target, 'previous', (path) => {
    try {
      linkSync(target, path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw error;
      // No hard links on this file system (some network and FAT ones): keep a copy instead.
      copyFileSync(target, path, constants.COPYFILE_EXCL);
    }
    return path;
  });
}

function targetOf(error: unknown, pending: readonly (readonly [string, string])[]): string {
  const named = (error as { target?: string; dest?: string; path?: string }) ?? {};
  return named.target ?? pending.find(([temporary, target]) => target === named.dest || temporary === named.path)?.[1] ?? 'reports';
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // Nothing more can be done; the temporary name is random and private.
  }
  staged.delete(file);
}

/** UTF-16 code units of a report encoded and written at a time: a 100 MB report is never also held as a 100 MB buffer. */
const CHUNK = 1 << 20;
/** UTF-8 takes at most 3 bytes per UTF-16 code unit (a surrogate pair: 4 bytes for 2). */
const MAX_BYTES_PER_UNIT = 3;

/**
 * Writes text to a new file as it comes: chunks are encoded into one buffer, written to the file
 * whenever the next might not fit (one write call per buffer, not per chunk); a chunk longer than
 * CHUNK is cut up.
 */
class ChunkWriter {
  private readonly buffer = Buffer.allocUnsafe(CHUNK * MAX_BYTES_PER_UNIT);
  private used = 0;
  /** The first half of a surrogate pair that ended the last chunk: encoded with the second half. */
  private highSurrogate = '';

  constructor(private readonly fd: number) {}

  /** Best given strings that are not concatenations: reading the last code unit of one first copies it whole. */
  add(chunk: string): void {
    let text = this.highSurrogate === '' ? chunk : this.highSurrogate + chunk;
    this.highSurrogate = '';
    if (isHighSurrogate(text.charCodeAt(text.length - 1))) {
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    for (let start = 0; start < text.length; ) {
      let end = Math.min(start + CHUNK, text.length);
      if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--; // keep a surrogate pair together
      if (this.used + (end - start) * MAX_BYTES_PER_UNIT > this.buffer.length) this.drain();
      this.used += this.buffer.write(start === 0 && end === text.length ? text : text.slice(start, end), this.used, 'utf8');
      start = end;
    }
  }

  /** Writes the rest: what is in the buffer, and a surrogate left alone at the very end (which JSON.stringify never leaves). */
  end(): void {
    if (this.highSurrogate) {
      if (this.used + MAX_BYTES_PER_UNIT > this.buffer.length) this.drain();
      this.used += this.buffer.write(this.highSurrogate, this.used, 'utf8');
      this.highSurrogate = '';
    }
    this.drain();
  }

  private drain(): void {
    for (let written = 0; written < this.used; ) written += writeSync(this.fd, this.buffer, written, this.used - written);
    this.used = 0;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/** An error a renderer threw while its chunks were being written: passed on as it is, not as an error writing the file. */
class RenderFailure {
  constructor(readonly error: unknown) {}
}

function writeChunks(fd: number, content: string | Iterable<string>): void {
  const writer = new ChunkWriter(fd);
  try {
    if (typeof content === 'string') writer.add(content);
    // An error writing ends the loop, which ends the renderer (its `finally` blocks run).
    else for (const chunk of asRendered(content)) writer.add(chunk);
    writer.end();
  } finally {
    writer.close();
  }
}

function* asRendered(chunks: Iterable<string>): Generator<string> {
  try {
    yield* chunks;
  } catch (error) {
    throw new RenderFailure(error);
  }
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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
