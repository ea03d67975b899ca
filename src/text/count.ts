/** `1 rule`, `2 rules`: a number with its noun, for the summaries people read. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
