/**
 * Globs over resource ids and rule ids, compared ignoring case as Azure compares ids.
 * `*` matches within one `/` segment, `**` across segments, `?` one character.
 */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*' && glob[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`, 'i');
}

export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** A compiled matcher: exact (ignoring case and a trailing slash) unless the pattern is a glob. */
export function idMatcher(pattern: string): (id: string) => boolean {
  if (isGlob(pattern)) {
    const regExp = globToRegExp(trimSlash(pattern));
    return (id) => regExp.test(trimSlash(id));
  }
  const wanted = trimSlash(pattern).toLowerCase();
  return (id) => trimSlash(id).toLowerCase() === wanted;
}

function trimSlash(id: string): string {
  return id.length > 1 && id.endsWith('/') ? id.slice(0, -1) : id;
}
