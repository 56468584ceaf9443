// " (did you mean "x"?)" suggestions for misspelt keys, by edit distance.

/**
 * Edits between two words: insertions, deletions, substitutions and swaps of two neighbours (the optimal string
 * alignment distance). A swap counted as two edits, so `--step firts` found no "first" within reach.
 */
function editDistance(a: string, b: string): number {
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The candidate closest to word, when it is within reach (a third of the word's length, at least 1), else undefined. */
export function closestName(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const reach = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestD <= reach ? best : undefined;
}

/** Returns ` (did you mean "x"?)` for the closest candidate within reach, else "". */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = closestName(word, candidates);
  return best !== undefined ? ` (did you mean "${best}"?)` : "";
}
