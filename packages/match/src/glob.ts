/**
 * A wildcard pattern split at its stars, for matching in time linear in the token (no
 * pattern × token backtracking, which 4,000 characters of `*a*a*a…` patterns would turn
 * into seconds per story): `head*middle₁*…*tail`.
 */
export interface Glob {
  /** Must match at the start of the token. */
  head: string;
  /** Must occur in order between head and tail; the leftmost occurrence of each is best. */
  middle: string[];
  /** Must match at the end of the token; null when the pattern has no star (head is all of it). */
  tail: string | null;
}

/** Splits a folded pattern for globMatch. */
export function compileGlob(pattern: string): Glob {
  const parts = pattern.split('*');
  if (parts.length === 1) return { head: pattern, middle: [], tail: null };
  return { head: parts[0]!, middle: parts.slice(1, -1).filter((part) => part !== ''), tail: parts.at(-1)! };
}

/**
 * Wildcard matching of a compiled pattern against a folded token: `*` is any run of
 * characters (including none), `?` exactly one character (one code point). The head and
 * tail are anchored; each middle part is placed at its leftmost occurrence after the
 * previous one, which is optimal: an earlier end only leaves more room for what follows.
 */
export function globMatch(glob: Glob, text: string): boolean {
  const afterHead = matchAt(glob.head, text, 0);
  if (afterHead < 0) return false;
  if (glob.tail === null) return afterHead === text.length;
  const tailStart = startOfTail(glob.tail, text);
  if (tailStart < afterHead) return false;
  let at = afterHead;
  for (const part of glob.middle) {
    const end = findPart(part, text, at, tailStart);
    if (end < 0) return false;
    at = end;
  }
  return true;
}

/** Where `part` (with `?`s) ends when matched at `at`, or -1. */
function matchAt(part: string, text: string, at: number): number {
  for (let k = 0; k < part.length; k++) {
    if (at >= text.length) return -1;
    const pc = part.charCodeAt(k);
    if (pc === 0x3f) at += codePointWidth(text, at);
    else if (pc === text.charCodeAt(at)) at++;
    else return -1;
  }
  return at;
}

/** Where the tail must start for it to end the token, or -1. */
function startOfTail(tail: string, text: string): number {
  let at = text.length;
  for (let k = tail.length - 1; k >= 0; k--) {
    if (at <= 0) return -1;
    const pc = tail.charCodeAt(k);
    if (pc === 0x3f) at -= at >= 2 && isLowSurrogate(text.charCodeAt(at - 1)) && isHighSurrogate(text.charCodeAt(at - 2)) ? 2 : 1;
    else if (pc === text.charCodeAt(at - 1)) at--;
    else return -1;
  }
  return at;
}

/**
 * The end of the leftmost occurrence of `part` starting at a character boundary at or after
 * `from` and ending by `limit`, or -1. Parts without `?` use the engine's substring search.
 */
function findPart(part: string, text: string, from: number, limit: number): number {
  if (!part.includes('?') && !isLowSurrogate(part.charCodeAt(0))) {
    const found = text.indexOf(part, from);
    return found >= 0 && found + part.length <= limit ? found + part.length : -1;
  }
  for (let start = from; start < limit; start += codePointWidth(text, start)) {
    const end = matchAt(part, text, start);
    if (end >= 0 && end <= limit) return end;
  }
  return -1;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLowSurrogate(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
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
