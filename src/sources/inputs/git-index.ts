import { createHash } from 'node:crypto';
import { lstatSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * What git tracks in a repository, read from its index file. A .gitignore leaves out only what git
 * does not track: a tracked file is part of the repository, and deployed with it, whatever a
 * .gitignore says (a pull request can add `evil.json` with `git add -f` and a .gitignore naming it).
 *
 * The index is read as a file, not by running git: the tree scanned is someone else's, and git runs
 * commands its configuration names (core.fsmonitor), refuses repositories another user owns, or is
 * not installed at all.
 */
export interface TrackedPaths {
  /** Whether git tracks this file, or a file below this folder; `path` relative to the repository's root, `/`-separated. */
  covers(path: string, isFolder: boolean): boolean;
}

/**
 * The tracked paths of the repository at `root` (the folder holding `.git`, a folder or, for a
 * worktree or submodule, a file naming one), or undefined where its index cannot be read as git
 * writes it: none yet, a split index, a version other than 2 to 4, a checksum that does not hold.
 */
export function trackedPaths(root: string): TrackedPaths | undefined {
  try {
    const index = indexFile(root);
    // A file only: a named pipe put there by the tree's author would hold the read forever.
    if (index === undefined || !statSync(index).isFile()) return undefined;
    const entries = parseIndex(readFileSync(index));
    return entries && trackedFrom(entries);
  } catch {
    return undefined;
  }
}

function indexFile(root: string): string | undefined {
  const dotGit = join(root, '.git');
  const stats = lstatSync(dotGit);
  if (stats.isDirectory()) return join(dotGit, 'index');
  if (!stats.isFile() || stats.size > GITDIR_FILE_BYTES) return undefined;
  // A worktree or a submodule: `gitdir: <path>`, relative to the folder holding the file.
  const gitdir = /^gitdir: (.+?)\r?\n?$/.exec(readFileSync(dotGit, 'utf8'))?.[1];
  return gitdir === undefined ? undefined : join(resolve(root, gitdir), 'index');
}

/** A `.git` file is one line naming a folder. */
const GITDIR_FILE_BYTES = 4096;
const HEADER_BYTES = 12;
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;
const FOLDER_MODE = 0o040000;
const MODE_TYPE = 0o170000;

interface IndexEntry {
  path: string;
  /** A sparse index's entry for a whole folder not checked out: everything below it is tracked. */
  isFolder: boolean;
}

/** The entries of an index file (format: git's Documentation/gitformat-index.txt), SHA-1 or SHA-256. */
export function parseIndex(bytes: Buffer): IndexEntry[] | undefined {
  if (bytes.length < HEADER_BYTES || bytes.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = bytes.readUInt32BE(4);
  if (version < 2 || version > 4) return undefined;
  for (const hashBytes of [20, 32]) {
    const entries = parseWithHash(bytes, version, bytes.readUInt32BE(8), hashBytes);
    if (entries) return entries;
  }
  return undefined;
}

/** The entries, when the file reads exactly as an index of `hashBytes` object names: entries, extensions, and a checksum that holds. */
function parseWithHash(bytes: Buffer, version: number, count: number, hashBytes: number): IndexEntry[] | undefined {
  const end = bytes.length - hashBytes;
  if (end < HEADER_BYTES || !checksumHolds(bytes, end, hashBytes)) return undefined;
  const entries: IndexEntry[] = [];
  let offset = HEADER_BYTES;
  let previous = ''; // version 4 writes each path as what it shares with the one before, and the rest
  for (let i = 0; i < count; i++) {
    const start = offset;
    const fixed = STAT_BYTES + hashBytes + 2;
    if (offset + fixed > end) return undefined;
    const mode = bytes.readUInt32BE(offset + 24);
    const flags = bytes.readUInt16BE(offset + STAT_BYTES + hashBytes);
    offset += fixed;
    if (flags & EXTENDED_FLAG) {
      if (version < 3) return undefined;
      offset += 2;
    }
    let path: string;
    if (version === 4) {
      const [strip, after] = readVarint(bytes, offset, end);
      if (strip > previous.length) return undefined;
      const nul = bytes.indexOf(0, after);
      if (nul < 0 || nul >= end) return undefined;
      path = previous.slice(0, previous.length - strip) + bytes.toString('latin1', after, nul);
      offset = nul + 1;
    } else {
      const nul = bytes.indexOf(0, offset);
      if (nul < 0 || nul >= end) return undefined;
      path = bytes.toString('latin1', offset, nul);
      // Padded with 1 to 8 NUL bytes to a multiple of eight.
      offset = start + ((nul - start + 8) & ~7);
    }
    previous = path;
    // Paths are bytes (UTF-8 as git writes them): read as Latin-1 so version 4's byte counts hold, decoded here.
    entries.push({ path: Buffer.from(path, 'latin1').toString('utf8'), isFolder: (mode & MODE_TYPE) === FOLDER_MODE });
  }
  // Extensions: a four-byte signature and a size each. A split index ("link") keeps its entries in
  // another file: what this one lists is not all that is tracked.
  while (offset < end) {
    if (offset + 8 > end) return undefined;
    if (bytes.toString('latin1', offset, offset + 4) === 'link') return undefined;
    offset += 8 + bytes.readUInt32BE(offset + 4);
  }
  return offset === end ? entries : undefined;
}

/** The trailing checksum: the hash of everything before it, or all zeros (index.skipHash). */
function checksumHolds(bytes: Buffer, end: number, hashBytes: number): boolean {
  const stored = bytes.subarray(end);
  if (stored.every((byte) => byte === 0)) return true;
  return createHash(hashBytes === 20 ? 'sha1' : 'sha256').update(bytes.subarray(0, end)).digest().equals(stored);
}

/** git's offset varint (varint.c): seven bits a byte, each continuation adding one. */
function readVarint(bytes: Buffer, offset: number, end: number): [number, number] {
  let at = offset;
  if (at >= end) return [Infinity, at];
  let byte = bytes[at++];
  let value = byte & 0x7f;
  while (byte & 0x80) {
    if (at >= end || value > 2 ** 40) return [Infinity, at];
    byte = bytes[at++];
    value = (value + 1) * 128 + (byte & 0x7f);
  }
  return [value, at];
}

function trackedFrom(entries: readonly IndexEntry[]): TrackedPaths {
  const files = new Set<string>();
  const folders = new Set<string>();
  const sparseFolders: string[] = [];
  for (const { path, isFolder } of entries) {
    const trimmed = path.replace(/\/$/, '');
    if (isFolder) sparseFolders.push(trimmed);
    else files.add(trimmed);
    for (let slash = trimmed.lastIndexOf('/'); slash > 0; slash = trimmed.lastIndexOf('/', slash - 1)) {
      const folder = trimmed.slice(0, slash);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
    if (isFolder) folders.add(trimmed);
  }
  const inSparseFolder = (path: string) => sparseFolders.some((folder) => path.startsWith(`${folder}/`));
  return {
    covers: (path, isFolder) => (isFolder ? folders.has(path) : files.has(path)) || inSparseFolder(path),
  };
}
