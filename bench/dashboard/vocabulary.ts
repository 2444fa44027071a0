/**
 * The bench's made-up language: word number `rank` (1 = most frequent) is built from two-letter
 * syllables, one syllable for the 70 most frequent words, two for the next 4,900, three after
 * that, so every rank has its own word and frequent words are short, as in real text. Stories
 * draw ranks from a Zipf distribution (frequency ∝ 1 / rank), in SQL (see fill.ts).
 */
const CONSONANTS = 'bdfgklmnprstvz';
const VOWELS = 'aeiou';
/** The 70 two-letter syllables words are made of, in the order their index counts. */
export const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v));

/** Words in the vocabulary: ranks above this never occur. */
export const VOCABULARY_SIZE = 50_000;

/** The word of a rank (1-based). */
export function wordAt(rank: number): string {
  let k = rank - 1;
  let length = 1;
  let span = SYLLABLES.length;
  while (k >= span) {
    k -= span;
    length++;
    span *= SYLLABLES.length;
  }
  let word = '';
  for (let i = 0; i < length; i++) {
    word += SYLLABLES[k % SYLLABLES.length];
    k = Math.floor(k / SYLLABLES.length);
  }
  return word;
}

/** Every word, by rank: index 0 is rank 1 (SQL arrays are 1-based, so `words[rank]` there). */
export function vocabulary(): string[] {
  return Array.from({ length: VOCABULARY_SIZE }, (_, i) => wordAt(i + 1));
}

/**
 * Share of stories holding a word of this rank at least once, for a story of `words` words:
 * 1 - (1 - p)^words with p = 1 / (rank · H), H ≈ ln(VOCABULARY_SIZE) for the sampler used.
 */
export function expectedShare(rank: number, words: number): number {
  const p = 1 / (rank * Math.log(VOCABULARY_SIZE));
  return 1 - (1 - p) ** words;
}
