/**
 * Matches a folded word against a pattern with `*` (any run) and `?` (one character). Greedy
 * with a single backtrack point: O(n·m) at worst, never exponential, whatever the pattern.
 */
export function globMatch(pattern: string, word: string): boolean {
  let p = 0;
  let w = 0;
  let starP = -1;
  let starW = 0;
  while (w < word.length) {
    const pc = pattern[p];
    if (pc === '?' || (pc !== undefined && pc !== '*' && pc === word[w])) {
      p++;
      w++;
    } else if (pc === '*') {
      starP = p++;
      starW = w;
    } else if (starP !== -1) {
      p = starP + 1;
      w = ++starW;
    } else {
      return false;
    }
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}
