import { createRequire } from 'node:module';

type Levenshtein = typeof import('fastest-levenshtein');
let levenshtein: Levenshtein | undefined;

/** Loaded on the first suggestion only: valid specs never need it. */
function distance(a: string, b: string): number {
  levenshtein ??= createRequire(import.meta.url)('fastest-levenshtein') as Levenshtein;
  return levenshtein.distance(a, b);
}

/** The candidate closest to `word` when it is close enough to be a plausible typo, as ESLint and git suggest. */
export function closestMatch(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const tolerance = Math.max(2, Math.floor(Math.max(word.length, best.length) / 3));
  const isPrefix = word.length >= 3 && best.startsWith(word);
  return bestDistance <= tolerance || isPrefix ? best : undefined;
}

/** `; did you mean "units"?` or the empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === undefined ? '' : `; did you mean "${match}"?`;
}
