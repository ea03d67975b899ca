/** GitHub rejects a job summary over 1 MiB ($GITHUB_STEP_SUMMARY upload limit). */
export const GITHUB_SUMMARY_LIMIT_BYTES = 1024 * 1024;

const encoder = new TextEncoder();

export function byteLength(text: string): number {
  return encoder.encode(text).length;
}

/**
 * Cuts Markdown to at most `maxBytes`, at a line boundary, closing a code fence left open, and
 * ends it with `note` so the reader knows where the rest is.
 */
export function fitMarkdown(markdown: string, maxBytes: number, note: string): string {
  if (byteLength(markdown) <= maxBytes) return markdown;
  const tail = `\n\n---\n\n${note}\n`;
  const budget = maxBytes - byteLength(tail) - 8; // room for a closing fence
  const lines = markdown.split('\n');
  const kept: string[] = [];
  let used = 0;
  let openFence: string | undefined;
  for (const line of lines) {
    const size = byteLength(line) + 1;
    if (used + size > budget) break;
    kept.push(line);
    used += size;
    const fence = /^(`{3,})/.exec(line)?.[1];
    if (fence) openFence = openFence === undefined ? fence : fence.length >= openFence.length ? undefined : openFence;
  }
  if (openFence) kept.push(openFence);
  return kept.join('\n') + tail;
}

/** Shortens one piece of text from the estate so a single huge value cannot crowd out the report. Never cuts a character in two. */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = /[\uD800-\uDBFF]/.test(text[maxChars - 1] ?? '') ? maxChars - 1 : maxChars;
  return `${text.slice(0, end)}… (${text.length - end} more characters)`;
}
