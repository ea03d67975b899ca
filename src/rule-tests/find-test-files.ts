import { readdirSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_FILE_SUFFIX } from './test-file.js';

/**
 * Every rule test file below a folder, sorted. The folder was just read whole by the rule loader,
 * which reports whatever cannot be read; an entry that vanished since is skipped.
 */
export function testFilesUnder(directory: string, visited = new Set<string>()): string[] {
  let real: string;
  let entries: string[];
  try {
    real = realpathSync(directory);
    entries = readdirSync(directory).sort();
  } catch {
    return [];
  }
  if (visited.has(real)) return [];
  visited.add(real);
  return entries.flatMap((entry) => {
    const path = join(directory, entry);
    try {
      if (statSync(path).isDirectory()) return testFilesUnder(path, visited);
    } catch {
      return [];
    }
    return entry.endsWith(TEST_FILE_SUFFIX) ? [path] : [];
  });
}
