import { MessageCategory } from './categories.js';

const KNOWN: readonly string[] = Object.values(MessageCategory);

/** True for a category this library lists (`MessageCategory`). */
export function isKnownCategory(category: string): boolean {
  return KNOWN.includes(category);
}

/** The listed category closest to `typo` by edit distance, for "did you mean" messages. */
export function nearestCategory(typo: string): string {
  let best = KNOWN[0];
  let bestDistance = Infinity;
  for (const known of KNOWN) {
    const d = editDistance(typo.toUpperCase(), known);
    if (d < bestDistance) [best, bestDistance] = [known, d];
  }
  return best;
}

// Levenshtein distance over two short strings (category names are under 32 characters).
function editDistance(a: string, b: string): number {
  const s = a.slice(0, 64);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (s[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length];
}
