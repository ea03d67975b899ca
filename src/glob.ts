import { re2Module } from './load-on-use.js';
import { foldCase } from './ids.js';

/** A compiled glob: `test` says whether the whole of a text matches it, ignoring ASCII case. */
export interface GlobMatcher {
  test: (text: string) => boolean;
}

/**
 * Globs over resource ids and rule ids, compared ignoring ASCII case as Azure compares ids.
 * `*` matches within one `/` segment, `**` across segments, `?` one character.
 *
 * The glob runs on RE2 (re2js), which matches in time linear in the id: on JavaScript's
 * backtracking engine a glob with many `**` (each one `.*`) takes exponential time on an id it
 * almost matches, and globs come from users' config and suppression files.
 */
export function globToRegExp(pattern: string): GlobMatcher {
  const { RE2JS } = re2Module();
  const glob = foldCase(pattern);
  let source = '';
  let literal = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char !== '*' && char !== '?') {
      literal += char;
      continue;
    }
    source += RE2JS.quote(literal);
    literal = '';
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else {
      source += '[^/]';
    }
  }
  source += RE2JS.quote(literal);
  // Case is folded on both sides (ASCII only, as Azure compares ids), not by RE2's
  // CASE_INSENSITIVE, which folds Unicode: a glob for rg-kube would also match rg-\u212Aube
  // (Kelvin sign), letting a look-alike resource group inherit rg-kube's suppressions and scopes.
  const compiled = RE2JS.compile(source);
  return { test: (text) => compiled.testExact(foldCase(text)) };
}

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A compiled matcher: exact (ignoring ASCII case and a trailing slash) unless the pattern is a glob. */
export function idMatcher(pattern: string): (id: string) => boolean {
  if (isGlob(pattern)) {
    const glob = globToRegExp(trimSlash(pattern));
    return (id) => glob.test(trimSlash(id));
  }
  const wanted = foldCase(trimSlash(pattern));
  return (id) => foldCase(trimSlash(id)) === wanted;
}

function trimSlash(id: string): string {
  return id.length > 1 && id.endsWith('/') ? id.slice(0, -1) : id;
}
