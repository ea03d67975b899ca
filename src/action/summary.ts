import { byteLength, fitMarkdown, GITHUB_SUMMARY_LIMIT_BYTES } from '../report/markdown-fit.js';
import { codeSpan } from '../report/markdown-text.js';

/** Below this there is no room for a useful summary: the report is not added, a warning says why. */
export const MIN_SUMMARY_BYTES = 4096;

/**
 * The Markdown for a step summary: aiscan.md fits GitHub's 1 MiB already, but the step's summary
 * may hold something before it, and a file edited or written by another version may not fit. Cut
 * at a line when it would pass `budgetBytes`, ending with where the full report is. Undefined when
 * the budget leaves no room.
 */
export function summaryMarkdown(markdown: string, budgetBytes: number, fullReport: string): string | undefined {
  if (budgetBytes < MIN_SUMMARY_BYTES) return undefined;
  const text = markdown.endsWith('\n') ? markdown : `${markdown}\n`;
  if (byteLength(text) <= budgetBytes) return text;
  const note = `**The job summary was cut to fit GitHub's 1 MiB step-summary limit.** The full report is ${codeSpan(fullReport)}, beside aiscan.json and aiscan.sarif.`;
  const fitted = fitMarkdown(text, budgetBytes, note);
  // fitMarkdown keeps a few bytes for a fence it closes; an unusually long fence could pass them.
  return byteLength(fitted) <= budgetBytes ? fitted : undefined;
}

/** What a step summary may still take, given what it holds. */
export function summaryBudget(existingBytes: number): number {
  return GITHUB_SUMMARY_LIMIT_BYTES - existingBytes;
}
