import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { UserError } from '../errors.js';

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
    let text: string | Iterable<string>;
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
      writeChunks(temporary, text);
    } catch (error) {
      removePending();
      if (error instanceof RenderFailure) throw error.error;
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
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(CHUNK * MAX_BYTES_PER_UNIT);
  private used = 0;
  /** The first half of a surrogate pair that ended the last chunk: encoded with the second half. */
  private highSurrogate = '';

  constructor(file: string) {
    this.fd = openSync(file, 'w');
  }

  add(chunk: string): void {
    let text = this.highSurrogate + chunk;
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

function writeChunks(file: string, content: string | Iterable<string>): void {
  const writer = new ChunkWriter(file);
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
