/**
 * The hash of a folded token (32-bit FNV-1a over UTF-16 units). The scanner computes it
 * incrementally while it reads a plain token, so a dictionary lookup needs no string.
 */
export const HASH_SEED = 0x811c9dc5 | 0;

/** One more unit into the hash. */
export function hashStep(hash: number, unit: number): number {
  return Math.imul(hash ^ unit, 0x01000193);
}

/** The hash of a whole folded string; equals the scanner's hash of a token that folds to it. */
export function hashString(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}
