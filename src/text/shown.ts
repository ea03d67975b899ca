/** Longer than this, a value in a message is cut: a warning names a resource, it does not copy it. */
const MAX_SHOWN = 500;

/**
 * A value from an input file as messages show it: quoted, with every character outside printable
 * ASCII escaped, so that two spellings which look alike (`rg-kube` and `rg-\u212Aube`, a trailing
 * space, a Cyrillic `а`) look different, and nothing in it can move the cursor or forge a line.
 */
export function shown(value: string): string {
  const escaped = value.slice(0, MAX_SHOWN).replace(/["\\]|[^\x20-\x7e]/g, escape);
  return `"${escaped}${value.length > MAX_SHOWN ? '…' : ''}"`;
}

function escape(char: string): string {
  if (char === '"' || char === '\\') return `\\${char}`;
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
