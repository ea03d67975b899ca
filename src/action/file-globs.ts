import { existsSync, readdirSync, statSync } from 'node:fs';
import { isAbsolute, join, parse, resolve } from 'node:path';
import { isGlob } from '../glob.js';
import { ActionInputError, type ActionInputs, type InputName } from './inputs.js';

/**
 * `snapshot: estate/*.json` in a workflow: no shell runs between the input and the CLI, so the
 * action expands the pattern itself. `*` matches any characters and `?` one, within one folder
 * level (a name starting with `.` only when the pattern's does too); the matches are in name
 * order. A pattern that names an existing file as written, or has no wildcard (`isGlob`), is left
 * as it is.
 */

/** Whether `name` matches `pattern` (`*`, `?`), in time proportional to their lengths' product at worst. */
export function matchesSegment(pattern: string, name: string): boolean {
  if (name.startsWith('.') && !pattern.startsWith('.')) return false;
  let p = 0;
  let n = 0;
  let star = -1;
  let resume = 0;
  while (n < name.length) {
    if (p < pattern.length && (pattern[p] === '?' || pattern[p] === name[n])) {
      p++;
      n++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = n;
    } else if (star >= 0) {
      p = star + 1;
      n = ++resume;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

/** The paths a pattern matches, relative to `cwd` as the pattern is (absolute when it is). */
export function expandPattern(pattern: string, cwd: string): string[] {
  const at = (path: string) => resolve(cwd, path);
  if (!isGlob(pattern) || existsSync(at(pattern))) return [pattern];
  const root = isAbsolute(pattern) ? parse(pattern).root : '';
  const segments = pattern
    .slice(root.length)
    .split(process.platform === 'win32' ? /[\\/]+/ : /\/+/)
    .filter((segment) => segment !== '' && segment !== '.');
  let found = [root];
  for (const [index, segment] of segments.entries()) {
    const last = index === segments.length - 1;
    // Every level but the last is a folder; the last may be anything the CLI reads.
    const keep = (path: string) => (last ? existsSync(at(path)) : isDirectory(at(path)));
    const next: string[] = [];
    for (const base of found) {
      const names = isGlob(segment) ? entries(at(base)).filter((name) => matchesSegment(segment, name)) : [segment];
      for (const name of names) {
        const path = base === '' ? name : join(base, name);
        if (keep(path)) next.push(path);
      }
    }
    found = next;
  }
  return found;
}

function expandList(patterns: readonly string[], cwd: string, input: InputName): string[] {
  return patterns.flatMap((pattern) => {
    const found = expandPattern(pattern, cwd);
    if (found.length === 0) throw new ActionInputError(input, `${JSON.stringify(pattern)} matches no file in ${cwd}`);
    return found;
  });
}

/** The inputs with the patterns in `paths`, `snapshot` and `rules` replaced by what they match in `cwd`. */
export function expandInputGlobs(inputs: ActionInputs, cwd: string): ActionInputs {
  return {
    ...inputs,
    paths: expandList(inputs.paths, cwd, 'paths'),
    snapshots: expandList(inputs.snapshots, cwd, 'snapshot'),
    rules: expandList(inputs.rules, cwd, 'rules'),
  };
}
