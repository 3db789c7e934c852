/**
 * The known name nearest to a misspelt one, for "did you mean ...?" hints: `drRegoin` is `drRegion`, `cidr` is
 * `vpcCidr`. Pure.
 */

/**
 * The optimal string alignment distance of two strings: insertions, deletions, substitutions and swaps of two
 * neighbours, each costing one (a swap is what a typo most often is: `drRegoin`).
 */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
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
 * The candidate closest to `word`, ignoring case, or `undefined` when none is close: within a third of the word's
 * length (at least 2 edits), or one that holds the word or is held by it (`cidr` in `vpcCidr`). Ties go to the
 * earlier candidate.
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { name: string; score: number } | undefined;
  for (const name of candidates) {
    const other = name.toLowerCase();
    if (other === lower && name === word) continue;
    const contained = lower.length >= 3 && other.length >= 3 && (other.includes(lower) || lower.includes(other));
    const distance = editDistance(lower, other);
    const score = contained ? Math.min(distance, Math.abs(other.length - lower.length)) : distance;
    if (!contained && distance > Math.max(2, Math.floor(lower.length / 3))) continue;
    if (best === undefined || score < best.score) best = { name, score };
  }
  return best?.name;
}

/** ` (did you mean x?)`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const found = nearest(word, candidates);
  return found !== undefined ? ` (did you mean ${found}?)` : "";
}
