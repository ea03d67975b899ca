import { lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { addInterruptCleanup } from '../../files/interrupt-cleanup.js';
import { createPrivateTemp, PRIVATE_FILE_MODE, withUnpredictableName } from '../../files/private-temp.js';

const PRIVATE_FOLDER_MODE = 0o700;

/**
 * The folder where a snapshot's parts wait until they are joined: beside the snapshot (so the
 * finished file is renamed, never copied, into place), named `.<snapshot>.<random>.<pid>.parts`,
 * readable only by its owner. It is created new (mkdir fails on anything already there, so a
 * planted link or folder is never written through), its files are created new too, and the
 * snapshot's own temporary file is made inside it: removing the folder removes everything.
 * A SIGINT or SIGTERM removes it (see files/interrupt-cleanup.ts); folders left by processes
 * that no longer exist (killed outright, a power cut) are removed when the next one starts.
 */
export class PartsFolder {
  readonly path: string;
  private readonly withdrawCleanup: () => void;

  constructor(target: string) {
    removeStaleParts(target);
    mkdirSync(dirname(target), { recursive: true });
    this.path = withUnpredictableName(target, `${process.pid}.parts`, (path) => {
      mkdirSync(path, { mode: PRIVATE_FOLDER_MODE });
      return path;
    });
    this.withdrawCleanup = addInterruptCleanup(() => rmSync(this.path, { recursive: true, force: true }));
  }

  write(name: string, text: string): void {
    writeFileSync(join(this.path, name), text, { flag: 'wx', mode: PRIVATE_FILE_MODE });
  }

  read(name: string): string {
    return readFileSync(join(this.path, name), 'utf8');
  }

  /** A new private file in the folder, to be renamed over `target` once written. */
  createTemp(target: string): { path: string; fd: number } {
    return createPrivateTemp(join(this.path, basename(target)));
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
    this.withdrawCleanup();
  }
}

/** `.<snapshot>.<random>.<pid>.parts`, or `.<snapshot>.<pid>.parts` as aiscan named them before. */
function partsPattern(target: string): RegExp {
  const name = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(?:[0-9a-f]{16}\\.)?(\\d+)\\.parts$`);
}

/** Removes the parts folders beside `target` of processes that no longer exist; a live process's are left alone. */
export function removeStaleParts(target: string): void {
  const dir = dirname(target);
  const pattern = partsPattern(target);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return; // no folder yet: nothing stale in it
  }
  for (const name of names) {
    const pid = Number(pattern.exec(name)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || isAlive(pid)) continue;
    const path = join(dir, name);
    try {
      // Only a real folder: aiscan never makes a link by that name, so one is not aiscan's to remove.
      if (lstatSync(path).isDirectory()) rmSync(path, { recursive: true, force: true });
    } catch {
      // Someone else's, or gone meanwhile: not ours to worry about.
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's process.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
