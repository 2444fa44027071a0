const SYLLABLES = ['ka', 'lo', 'mi', 're', 'tu', 'sa', 'ne', 'vo', 'di', 'pa', 'shi', 'ran', 'tel', 'gor', 'bu', 'xen'];

/** A pronounceable made-up word for index `n`: distinct for distinct n. */
export function wordOf(n: number): string {
  let word = '';
  let rest = n;
  do {
    word += SYLLABLES[rest % SYLLABLES.length];
    rest = Math.floor(rest / SYLLABLES.length);
  } while (rest > 0);
  return word.length < 4 ? `${word}ra` : word;
}

/** Size of the common vocabulary. */
export const VOCABULARY_SIZE = 20_000;

/**
 * The bench's common vocabulary, most frequent first: `w<n>`, so that SQL filling the archive
 * can make the same words without a lookup.
 */
export const VOCABULARY: string[] = Array.from({ length: VOCABULARY_SIZE }, (_, n) => `w${n}`);
