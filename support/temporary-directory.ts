import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];
function removeCreated(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// Under jest this module is loaded afresh for each test file, at its top level, where a hook may
// be registered; scripts that use the emulator (the collection benchmark) clean up at exit.
const jestAfterAll = (globalThis as { afterAll?: (hook: () => void) => void }).afterAll;
if (jestAfterAll) jestAfterAll(removeCreated);
else process.once('exit', removeCreated);

/** A fresh temporary folder for a helper that outlives any one test; removed after the test file (or at exit). */
export function temporaryDirectory(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}
