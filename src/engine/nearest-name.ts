/** Edit distance (insert, delete, replace, swap of neighbours), for names of a few dozen characters. */
function distance(a: string, b: string): number {
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

/**
 * The candidate `name` was most likely meant to be: the same name in another case first (facts are
 * matched exactly, so `isGPU` is a typo of `isGpu`), else the closest within a third of its length.
 */
export function nearestName(name: string, candidates: Iterable<string>): string | undefined {
  const list = [...candidates];
  const lower = name.toLowerCase();
  const sameLetters = list.find((candidate) => candidate.toLowerCase() === lower);
  if (sameLetters !== undefined) return sameLetters;
  // A name that begins like a candidate (`maxNodes` for `maxNodeCount`) is nearer than its edit distance says.
  const sharedStart = (candidate: string) => {
    let n = 0;
    while (n < lower.length && n < candidate.length && lower[n] === candidate[n].toLowerCase()) n++;
    return n;
  };
  const longest = list.reduce<{ candidate?: string; length: number }>((best, candidate) => {
    const length = sharedStart(candidate);
    return length > best.length ? { candidate, length } : best;
  }, { length: Math.max(2, Math.ceil((lower.length * 2) / 3) - 1) });
  if (longest.candidate !== undefined) return longest.candidate;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of list) {
    if (Math.abs(candidate.length - name.length) >= bestDistance) continue;
    const d = distance(lower, candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}
