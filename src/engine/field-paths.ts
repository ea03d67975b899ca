/**
 * The keys of `fields`: dotted paths as the Azure REST reference writes them.
 *
 *   properties.ipConfigurations[*].properties.publicIPAddress?
 *
 * A path is property names separated by dots; `[*]` after a name means every element of the
 * array found there (`[*][*]` for arrays of arrays); a name with a dot, bracket or `?` in it is
 * written quoted, `tags["kubernetes.io/os"]`, as aiscan prints such names in findings. A final `?`
 * makes the whole path optional; a `?` anywhere else is an error (nest a second `fields` instead).
 */

/** One property name on the path and how many `[*]` follow it. */
export interface FieldStep {
  name: string;
  /** 0 for `a`, 1 for `a[*]`, 2 for `a[*][*]`. */
  elements: number;
}

export interface FieldPath {
  steps: FieldStep[];
  /** The path ended in `?`: nothing on it is required. */
  optional: boolean;
}

/** Why a key is not a path, in words that fit after `at <pointer>: `. */
export class FieldPathError extends Error {}

const HINT_OPTIONAL_STEP = 'to check something below an optional step, nest: "a?": { "fields": { "b": … } }';

export function parseFieldPath(key: string): FieldPath {
  if (key.length === 0) throw new FieldPathError('a path may not be empty');
  const optional = key.endsWith('?');
  const text = optional ? key.slice(0, -1) : key;
  const steps: FieldStep[] = [];
  let i = 0;
  let expectName = true;
  while (i < text.length) {
    const char = text[i];
    if (char === '?') {
      throw new FieldPathError(`"?" may only end a path, and it makes the whole path optional; ${HINT_OPTIONAL_STEP}`);
    } else if (char === '.') {
      if (expectName) throw new FieldPathError(emptyName(text, i));
      expectName = true;
      i++;
    } else if (text.startsWith('[*]', i)) {
      if (expectName || steps.length === 0) throw new FieldPathError(`"[*]" must follow a property name (it means every element of the array there), as in "a[*].b"`);
      steps[steps.length - 1].elements++;
      i += 3;
    } else if (text.startsWith('["', i)) {
      const [name, end] = quotedName(text, i);
      steps.push({ name, elements: 0 });
      expectName = false;
      i = end;
    } else if (char === '[' || char === ']') {
      throw new FieldPathError(`"${char}" at character ${i + 1}: a path knows "[*]" (every element) and quoted names like ["kubernetes.io/os"]; an index like [0] is not supported`);
    } else {
      if (!expectName) throw new FieldPathError(`a name at character ${i + 1} follows "]" without a dot`);
      let end = i;
      while (end < text.length && !'.[]?'.includes(text[end])) end++;
      steps.push({ name: text.slice(i, end), elements: 0 });
      expectName = false;
      i = end;
    }
  }
  if (expectName) throw new FieldPathError(text.length === 0 ? 'a path may not be just "?"' : emptyName(text, text.length));
  return { steps, optional };
}

function emptyName(text: string, at: number): string {
  return `empty property name at character ${at + 1} of "${text}" (two dots, or a dot at the start or end)`;
}

/** `["a.b"]` starting at `start` → the name and the index after `]`. */
function quotedName(text: string, start: number): [string, number] {
  let i = start + 2;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  if (i >= text.length || text[i + 1] !== ']') throw new FieldPathError(`the quoted name at character ${start + 1} is not closed with "]`);
  let name: unknown;
  try {
    name = JSON.parse(text.slice(start + 1, i + 1));
  } catch {
    throw new FieldPathError(`the quoted name at character ${start + 1} is not a JSON string`);
  }
  if (name === '') throw new FieldPathError(`the quoted name at character ${start + 1} is empty`);
  return [name as string, i + 2];
}

/** A path as a person reads it, in the syntax of `fields` keys. */
export function formatFieldPath(steps: readonly FieldStep[]): string {
  return steps
    .map(({ name, elements }, index) => {
      const plain = /^[^.[\]?"]+$/.test(name);
      return (plain ? (index === 0 ? name : `.${name}`) : `[${JSON.stringify(name)}]`) + '[*]'.repeat(elements);
    })
    .join('');
}
