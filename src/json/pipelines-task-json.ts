/**
 * A template or parameter file as the Azure Pipelines task that deploys ARM templates
 * (AzureResourceManagerTemplateDeployment@3) reads it: its own comment stripper, then JSON.parse.
 *
 * The stripper is not az's (jsmin) nor JSON.NET's: a `//` comment ends only at a line feed, so a
 * carriage return alone (a line break on old Macs) leaves the next line in the comment; and a
 * comment is cut out rather than read as white space, so the tokens on either side of it join
 * (`tr/**\/ue` is true, `1/**\/2` is 12). Comments are found outside double-quoted strings only.
 *
 * Only the value is given, not text with the file's lines: a file that only this task reads is
 * refused by the caller rather than located.
 */

/** The value the task deploys from `text`, or undefined when its JSON.parse fails (it deploys nothing). */
export function pipelinesTaskValue(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(withoutComments(text)) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` holds a comment as the task finds them (outside double-quoted strings): only
 * comments make its reading differ from JSON's. A URL in a string (`https://…`) is no comment.
 */
export function hasComments(text: string): boolean {
  return firstComment(text, 0) < text.length;
}

/** Where the first comment at or after `from` starts, or the text's length. */
function firstComment(text: string, from: number): number {
  if (!text.includes('//', from) && !text.includes('/*', from)) return text.length;
  let inString = false;
  for (let at = from; at < text.length; at++) {
    const char = text[at];
    if (inString) {
      // An escape takes the next character with it, a quote among them.
      if (char === '\\') at++;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === '/' && (text[at + 1] === '/' || text[at + 1] === '*')) return at;
  }
  return text.length;
}

function withoutComments(text: string): string {
  const kept: string[] = [];
  let from = 0;
  // A comment ends outside any string, so the search for the next starts there afresh.
  for (let at = firstComment(text, 0); at < text.length; at = firstComment(text, from)) {
    kept.push(text.slice(from, at));
    from = text[at + 1] === '/' ? lineCommentEnd(text, at + 2) : blockCommentEnd(text, at + 2);
  }
  kept.push(text.slice(from));
  return kept.join('');
}

/** Where a `//` comment's text ends: at a line feed, or at a carriage return right before one, which are kept. */
function lineCommentEnd(text: string, from: number): number {
  for (let at = from; at < text.length; at++) {
    if (text[at] === '\n' || (text[at] === '\r' && text[at + 1] === '\n')) return at;
  }
  return text.length;
}

/** Past the `*\/` that ends a block comment, or the end of the text when none does. */
function blockCommentEnd(text: string, from: number): number {
  const end = text.indexOf('*/', from);
  return end < 0 ? text.length : end + 2;
}
