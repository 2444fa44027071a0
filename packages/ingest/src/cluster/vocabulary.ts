/** FNV-1a's start and multiplier: term numbers are the same in every process and every release. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** 0 is the stored count of every story (term_counts): a term hashing to it is numbered 1. */
function asTermNumber(hash: number): number {
  return hash | 0 || 1;
}

/**
 * Terms as 32-bit numbers (FNV-1a of their text), so vectors are typed arrays (term-vector.ts)
 * and no table of every term ever seen grows in the heap: a first poll of 100,000 stories with
 * words of their own interned two million strings and ran out of memory. The number is the
 * same in every process, so stored profiles and lock keys use it. Two terms sharing a number
 * (a few hundred pairs among millions) merely count as one word.
 *
 * The text is kept for figures only (terms starting with a digit: figure-mismatch.ts reads
 * them, and stored profiles keep it beside the packed terms), a bounded table.
 */
export class Vocabulary {
  #figures = new Map<number, string>();

  /** The number of `term`. */
  idOf(term: string): number {
    let hash = FNV_OFFSET;
    for (let i = 0; i < term.length; i++) hash = Math.imul(hash ^ term.charCodeAt(i), FNV_PRIME);
    const id = asTermNumber(hash);
    if (startsWithDigit(term.charCodeAt(0)) && !this.#figures.has(id)) this.#keepFigure(id, term);
    return id;
  }

  /** The number of the term in `chars` up to `length` (the same as {@link idOf} of its text), without making its string. */
  idOfChars(chars: Uint16Array, length: number): number {
    const id = termNumberOfChars(chars, length);
    if (startsWithDigit(chars[0]!) && !this.#figures.has(id)) this.#keepFigure(id, UTF16.decode(chars.subarray(0, length)));
    return id;
  }

  #keepFigure(id: number, text: string): void {
    if (this.#figures.size >= FIGURES_KEPT) this.#figures = new Map();
    this.#figures.set(id, text);
  }

  /** The text of a figure's number, or undefined for a word (or a figure no longer kept). */
  figure(id: number): string | undefined {
    return this.#figures.get(id);
  }
}

/** {@link Vocabulary.idOf} of the text in `chars` up to `length`, figures aside. */
export function termNumberOfChars(chars: Uint16Array, length: number): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ chars[i]!, FNV_PRIME);
  return asTermNumber(hash);
}

function startsWithDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

/**
 * A figure's text from its code units (platform order: little-endian wherever Node runs). Not
 * `String.fromCharCode(...units)`: a feed's title of a million digits passed a million arguments
 * and threw.
 */
const UTF16 = new TextDecoder('utf-16le');

/** Figures whose text is kept; beyond, the table starts again (old clusters' figures read as numbers). */
const FIGURES_KEPT = 200_000;

/** The vocabulary of this process, shared by every clusterer and writer. */
export const sharedVocabulary = new Vocabulary();
