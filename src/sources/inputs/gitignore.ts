import type { RE2JS } from 're2js';
import { re2Module } from '../../load-on-use.js';

/**
 * The patterns of one .gitignore file, as git reads them (gitignore(5)): `#` comments, `!`
 * negation, a trailing `/` for folders only, a `/` at the start or in the middle anchoring the
 * pattern to the file's folder, `*`, `?`, `[…]` and `**`. Matching is case-sensitive, as git's is
 * by default on Linux.
 *
 * A .gitignore comes with the pull request being scanned, so its patterns run on RE2 (re2js):
 * linear time whatever the pattern, where a backtracking engine can be made to take forever.
 */
export interface IgnoreRule {
  negated: boolean;
  folderOnly: boolean;
  /** Matched against the path relative to the .gitignore's folder, with `/` separators. */
  pattern: RE2JS;
}

export function parseGitignore(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    let negated = false;
    if (line.startsWith('!')) {
      negated = true;
      line = line.slice(1);
    } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
      line = line.slice(1);
    }
    const folderOnly = line.endsWith('/');
    if (folderOnly) line = line.slice(0, -1);
    if (line === '') continue;
    // A slash anywhere but at the end anchors the pattern; without one it matches a name at any depth.
    const anchored = line.includes('/');
    if (line.startsWith('/')) line = line.slice(1);
    const body = globSource(line);
    if (body === undefined) continue;
    let pattern: RE2JS;
    try {
      pattern = re2Module().RE2JS.compile(anchored ? `^${body}$` : `^(?:.*/)?${body}$`);
    } catch {
      continue; // a class git cannot match either, such as [z-a]
    }
    rules.push({ negated, folderOnly, pattern });
  }
  return rules;
}

/** The RE2 source of a gitignore glob, or undefined for a pattern git would not match anything with (an unclosed `[`). */
function globSource(glob: string): string | undefined {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      const atStart = i === 0 || glob[i - 1] === '/';
      const atEnd = i + 2 === glob.length || glob[i + 2] === '/';
      if (atStart && atEnd) {
        // `**/` matches zero or more folders; a final `/**` everything inside.
        if (i + 2 === glob.length) source += '.*';
        else {
          source += '(?:.*/)?';
          i++;
        }
        i++;
        continue;
      }
      source += '[^/]*';
      i++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end < 0) return undefined;
      let set = glob.slice(i + 1, end);
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      source += `[${set.replace(/\\/g, '\\\\').replace(/\[/g, '\\[')}]`;
      i = end;
    } else if (char === '\\' && i + 1 < glob.length) {
      source += re2Module().RE2JS.quote(glob[i + 1]);
      i++;
    } else source += re2Module().RE2JS.quote(char);
  }
  return source;
}

/** Whether the rules of one .gitignore ignore `relativePath`: the last rule that matches decides. */
export function ignoredBy(rules: readonly IgnoreRule[], relativePath: string, isFolder: boolean): boolean | undefined {
  let verdict: boolean | undefined;
  for (const rule of rules) {
    if (rule.folderOnly && !isFolder) continue;
    if (rule.pattern.matches(relativePath)) verdict = !rule.negated;
  }
  return verdict;
}
