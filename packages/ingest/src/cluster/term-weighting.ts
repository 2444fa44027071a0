import { forEachDistinctTerm, type StoryTerms } from './story-terms';

/**
 * How many stored stories contain each term: the IDF of a term says how much sharing it tells
 * about two stories ("Vladivostok" much, "government" little). Kept incrementally as stories
 * are stored (the `term_counts` table; an in-memory copy in the dev-set replay).
 */
export interface DocumentFrequencies {
  /** Stories counted. */
  readonly total: number;
  /** Stories containing the term numbered `term` (0 when unknown). */
  count(term: number): number;
}

/**
 * Smoothed IDF: never negative, and a term no stored story has yet weighs like the rarest
 * (a new name is the most telling word of a breaking story).
 */
export function inverseDocumentFrequency(frequencies: DocumentFrequencies, term: number): number {
  return Math.log((frequencies.total + 1) / (frequencies.count(term) + 1)) + 1;
}

/** Document frequencies held in memory, counted as stories are added. */
export class InMemoryDocumentFrequencies implements DocumentFrequencies {
  #total = 0;
  readonly #counts = new Map<number, number>();

  get total(): number {
    return this.#total;
  }

  count(term: number): number {
    return this.#counts.get(term) ?? 0;
  }

  /** Counts one more story, and each of its terms once. */
  addStory(terms: StoryTerms): void {
    this.#total++;
    forEachDistinctTerm(terms, (term) => this.#counts.set(term, (this.#counts.get(term) ?? 0) + 1));
  }
}
