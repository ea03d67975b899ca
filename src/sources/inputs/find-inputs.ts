import { existsSync, lstatSync, readdirSync, readFileSync, realpathSync, statSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { UserError } from '../../errors.js';
import { ignoredBy, parseGitignore, type IgnoreRule } from './gitignore.js';
import { trackedPaths, type TrackedPaths } from './git-index.js';
import { entryOf } from '../../multimap.js';
import { recogniseInput, type InputKind } from './input-kind.js';
import { repositoryRoot } from './repository-root.js';
import { STANDARD_INPUT } from '../../files/standard-input.js';
import { readTextFile } from '../../json/read-json.js';
import { looksLikeKubernetes } from '../kubernetes/read-manifests.js';

export interface InputFile {
  file: string;
  kind: InputKind;
}

export interface SkippedInput {
  file: string;
  reason: string;
}

export interface FoundInputs {
  files: InputFile[];
  /** Files in the folders walked that are not inputs, each with why. */
  skipped: SkippedInput[];
  /** Entries left out without a look: .gitignore'd, node_modules, .git, hidden files. Counted, not listed. */
  ignored: number;
}

/** The files `kubectl apply -f FOLDER` applies. */
const MANIFEST_EXTENSION = /\.(?:json|ya?ml)$/i;

/** Folders never walked: dependencies and git's own store hold no infrastructure of the repository's. */
const NEVER_WALKED = new Set(['node_modules', '.git']);

/** A .gitignore and the folder its patterns are relative to. */
interface IgnoreFile {
  folder: string;
  rules: IgnoreRule[];
}

/**
 * The inputs `aiscan scan PATH…` reads. A file named on the command line must be an input (else a
 * one-line error); a folder is walked, sorted, and what is in it that is not an input is listed as
 * skipped with the reason. As git would, the walk leaves out what .gitignore files (of the folder,
 * the folders below it, and those above it up to the repository's root) ignore, unless git tracks
 * it (git-index.ts). A symbolic link in a walk is read only when it leads to a regular file in the
 * repository (linkedFile); every file is read once however often it is named.
 */
export function findInputs(paths: readonly string[]): FoundInputs {
  const found: FoundInputs = { files: [], skipped: [], ignored: 0 };
  const seen = new Set<string>();
  const repositories = new Map<string, Repository>();
  for (const path of paths) {
    if (path === STANDARD_INPUT) {
      // Not a path: realpath would look for a file named `-`.
      if (!seen.has(STANDARD_INPUT)) found.files.push({ file: path, kind: standardInputKind() });
      seen.add(STANDARD_INPUT);
      continue;
    }
    let stats;
    try {
      stats = statSync(path);
    } catch (error) {
      throw new UserError(`${path}: cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
    }
    if (stats.isDirectory()) {
      const repository = repositoryOf(path, repositories);
      walk(path, ignoreFilesAbove(path), found, seen, { repositories, repository, within: realpathSync(repository?.root ?? path) }, false);
    }
    else if (stats.isFile()) {
      if (!firstTime(path, seen)) continue;
      const recognised = recogniseInput(path);
      if (recognised.kind === undefined) throw new UserError(`${path}: not something aiscan scans: ${recognised.reason} (aiscan scans estate files, ARM templates and parameter files, Bicep files, Terraform plans and Kubernetes manifests)`);
      found.files.push({ file: path, kind: recognised.kind });
    } else throw new UserError(`${path}: not a file or folder`);
  }
  return found;
}

/** The git repository a walk is in, and what its index says git tracks (undefined: not in one, or its index unreadable). */
interface Repository {
  root: string;
  /** Read on first use: only a walk that meets a .gitignore'd entry needs it. */
  tracked: () => TrackedPaths | undefined;
}

interface WalkContext {
  /** Each repository met, by root: its index is read once. */
  repositories: Map<string, Repository>;
  repository: Repository | undefined;
  /** The repository the walk started in, else the folder it started at (real paths): where a symbolic link may lead. */
  within: string;
}

/**
 * What a symbolic link met in a walk leads to: a regular file inside `within` is read (kubectl
 * apply -f FOLDER reads such a link too), anything else is not followed, and the reason is said.
 * A link to a folder could loop, one to a device could hang the read, and one out of the
 * repository could read the machine's own files into a report.
 */
function linkedFile(path: string, within: string): Stats | string {
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(path);
    stats = statSync(real);
  } catch {
    return 'a symbolic link that leads nowhere (not followed)';
  }
  if (stats.isDirectory()) return 'a symbolic link to a folder (not followed in a folder)';
  if (!stats.isFile()) return 'a symbolic link to something that is not a regular file (not followed)';
  if (isOutside(relative(within, real))) return 'a symbolic link to a file outside the repository, or the folder scanned (not followed)';
  return stats;
}

/**
 * Walks a folder. `ignored`: the folder itself is .gitignore'd, and walked only because git tracks
 * something in it; then only what git tracks in it is read.
 */
function walk(folder: string, ignoreFiles: IgnoreFile[], found: FoundInputs, seen: Set<string>, context: WalkContext, ignored: boolean): void {
  const own = readIgnoreFile(folder);
  const applying = own ? [...ignoreFiles, own] : ignoreFiles;
  // A repository of its own (a submodule, a nested clone) has its own index.
  const repository = existsSync(join(folder, '.git')) ? repositoryAt(folder, context.repositories) : context.repository;
  let entries: string[];
  try {
    entries = readdirSync(folder).sort();
  } catch (error) {
    found.skipped.push({ file: folder, reason: `cannot read the folder (${(error as NodeJS.ErrnoException).code ?? 'error'})` });
    return;
  }
  for (const entry of entries) {
    const path = join(folder, entry);
    let stats: Stats = lstatSync(path);
    if (stats.isSymbolicLink()) {
      const linked = linkedFile(path, context.within);
      if (typeof linked === 'string') {
        found.skipped.push({ file: path, reason: linked });
        continue;
      }
      stats = linked;
    }
    const isFolder = stats.isDirectory();
    if (isFolder && NEVER_WALKED.has(entry)) {
      found.ignored++;
      continue;
    }
    // As in git, a .gitignore leaves out only what git does not track.
    const entryIgnored = ignored || isIgnored(applying, path, isFolder);
    if (entryIgnored && !tracks(repository, path, isFolder)) {
      found.ignored++;
      continue;
    }
    if (isFolder) walk(path, applying, found, seen, { ...context, repository }, entryIgnored);
    else if (!stats.isFile()) found.skipped.push({ file: path, reason: 'not a regular file' });
    else if (entry.startsWith('.')) {
      // .gitignore, .editorconfig: a folder's settings, not an input. But `kubectl apply -f FOLDER` applies
      // hidden manifests too, so one there is read.
      const manifest = MANIFEST_EXTENSION.test(entry) && recogniseInput(path).kind === 'kubernetes-manifest';
      if (manifest && firstTime(path, seen)) found.files.push({ file: path, kind: 'kubernetes-manifest' });
      else if (!manifest) found.ignored++;
    } else if (firstTime(path, seen)) {
      const recognised = recogniseInput(path);
      if (recognised.kind === undefined) found.skipped.push({ file: path, reason: recognised.reason });
      else found.files.push({ file: path, kind: recognised.kind });
    }
  }
}

function repositoryOf(path: string, repositories: Map<string, Repository>): Repository | undefined {
  const root = repositoryRoot(path);
  return root === undefined ? undefined : repositoryAt(root, repositories);
}

function repositoryAt(root: string, repositories: Map<string, Repository>): Repository {
  return entryOf(repositories, root, () => {
    let tracked: TrackedPaths | undefined | null = null; // null: not read yet
    return { root, tracked: () => (tracked === null ? (tracked = trackedPaths(root)) : tracked) };
  });
}

function tracks(repository: Repository | undefined, path: string, isFolder: boolean): boolean {
  const tracked = repository?.tracked();
  if (!repository || !tracked) return false;
  const relativePath = relative(repository.root, path);
  return !isOutside(relativePath) && tracked.covers(relativePath.split(sep).join('/'), isFolder);
}

/** Whether a path relative to a folder leads out of it (`..`, `../x`, another drive), rather than into it (`..x` is a name). */
function isOutside(relativePath: string): boolean {
  return relativePath === '..' || relativePath.startsWith(`..${sep}`) || isAbsolute(relativePath);
}

function firstTime(path: string, seen: Set<string>): boolean {
  const real = realpathSync(path);
  if (seen.has(real)) return false;
  seen.add(real);
  return true;
}

/** Nested .gitignore files are read in order, so a deeper one's rules come last and win, as in git. */
function isIgnored(ignoreFiles: readonly IgnoreFile[], path: string, isFolder: boolean): boolean {
  let ignored = false;
  for (const { folder, rules } of ignoreFiles) {
    const relativePath = relative(folder, path);
    if (isOutside(relativePath)) continue;
    const verdict = ignoredBy(rules, relativePath.split(sep).join('/'), isFolder);
    if (verdict !== undefined) ignored = verdict;
  }
  return ignored;
}

function readIgnoreFile(folder: string): IgnoreFile | undefined {
  const file = join(folder, '.gitignore');
  try {
    if (!lstatSync(file).isFile()) return undefined;
  } catch {
    return undefined;
  }
  return { folder, rules: parseGitignore(readFileSync(file, 'utf8')) };
}

/** The .gitignore files of the folders above `folder`, up to the root of its git repository (none outside one). */
function ignoreFilesAbove(folder: string): IgnoreFile[] {
  const root = repositoryRoot(folder);
  if (root === undefined) return []; // not in a repository: only the walked folders' own .gitignore files count
  const above: string[] = [];
  for (let dir = resolve(folder); dir !== root; ) {
    dir = dirname(dir);
    above.unshift(dir);
  }
  return above.flatMap((dir) => readIgnoreFile(dir) ?? []);
}

/** `aiscan scan -`: what `helm template` or `kustomize build` pipes in. Only manifests are read this way. */
function standardInputKind(): InputKind {
  if (looksLikeKubernetes(readTextFile(STANDARD_INPUT, 'standard input'))) return 'kubernetes-manifest';
  throw new UserError(`${STANDARD_INPUT}: standard input holds no Kubernetes manifest; as a path, aiscan reads only manifests from it (helm template … | aiscan scan -); an estate with --snapshot -, other inputs as files`);
}
