/** A report's text with its ISO 8601 times (`2026-12-07T01:55:06.123Z`) replaced by `<time>`, for comparing two runs. */
export function timeless(text: string): string {
  return text.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?/g, '<time>');
}
