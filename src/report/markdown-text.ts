/**
 * Text from the estate (names, tags, ids) ends up in Markdown that GitHub renders in a job summary
 * or a PR comment. None of it may turn into links, images, HTML or broken tables.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\r?\n/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/[\\`*_[\]<>|~]/g, '\\$&');
}

/**
 * Inline code that survives any content: the fence is longer than the longest backtick run inside,
 * and `|` is escaped because GitHub splits table cells on it even inside code.
 */
export function codeSpan(text: string): string {
  const content = text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|');
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const pad = longestRun > 0 || content.startsWith('`') || content.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** A fenced block whose fence cannot be closed by the content. */
export function codeBlock(text: string, language = ''): string[] {
  const longestRun = Math.max(0, ...(text.match(/`{3,}/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(Math.max(3, longestRun + 1));
  return [`${fence}${language}`, text, fence];
}
