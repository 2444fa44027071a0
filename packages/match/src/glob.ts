/**
 * Wildcard matching of a folded pattern against a folded token: `*` is any run of characters
 * (including none), `?` exactly one character (one code point). Greedy with a single
 * backtrack point, so the cost is at most pattern × token length: no regular expression, no
 * exponential backtracking on patterns like `a*a*a*a*b`.
 */
export function globMatch(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  const pn = pattern.length;
  const tn = text.length;
  while (t < tn) {
    if (p < pn) {
      const pc = pattern.charCodeAt(p);
      if (pc === 0x2a) {
        starP = p++;
        starT = t;
        continue;
      }
      if (pc === 0x3f) {
        p++;
        t += codePointWidth(text, t);
        continue;
      }
      if (pc === text.charCodeAt(t)) {
        p++;
        t++;
        continue;
      }
    }
    if (starP < 0) return false;
    p = starP + 1;
    starT += codePointWidth(text, starT);
    t = starT;
  }
  while (p < pn && pattern.charCodeAt(p) === 0x2a) p++;
  return p === pn;
}

function codePointWidth(text: string, i: number): number {
  const unit = text.charCodeAt(i);
  if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
    const low = text.charCodeAt(i + 1);
    if (low >= 0xdc00 && low <= 0xdfff) return 2;
  }
  return 1;
}

/** The literal characters before the first wildcard. */
export function literalPrefix(pattern: string): string {
  const at = pattern.search(/[*?]/);
  return at < 0 ? pattern : pattern.slice(0, at);
}

/** Whether the pattern is `prefix*` with no other wildcard: checked with `startsWith`. */
export function isPurePrefix(pattern: string): boolean {
  const at = pattern.search(/[*?]/);
  return at === pattern.length - 1 && pattern.endsWith('*');
}

/** Whether a string contains a wildcard character. */
export function hasWildcard(s: string): boolean {
  return s.includes('*') || s.includes('?');
}
