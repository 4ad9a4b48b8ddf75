/**
 * "Did you mean" suggestions for misspelt keywords.
 *
 * @module
 */
import { KEYWORDS } from './keywords.js';

function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] as number) + 1, (cur[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length] as number;
}

/**
 * The keyword of `context` closest to `word` (edit distance ≤ 2, or ≤ 1 for short words),
 * or `undefined` when none is close.
 */
export function suggestKeyword(context: string, word: string): string | undefined {
  const limit = word.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestD = limit + 1;
  for (const k of KEYWORDS) {
    if (!k.contexts.includes(context)) continue;
    const d = distance(word, k.name, limit);
    if (d < bestD) {
      bestD = d;
      best = k.name;
    }
  }
  return best;
}
