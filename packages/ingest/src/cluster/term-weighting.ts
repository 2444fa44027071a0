/**
 * How many stored stories contain each term: the IDF of a term says how much sharing it tells
 * about two stories ("Vladivostok" much, "government" little). Kept incrementally as stories
 * are stored (the `term_stats` table; an in-memory copy in the dev-set replay).
 */
export interface DocumentFrequencies {
  /** Stories counted. */
  readonly total: number;
  /** Stories containing `term` (0 when unknown). */
  count(term: string): number;
}

/**
 * Smoothed IDF: never negative, and a term no stored story has yet weighs like the rarest
 * (a new name is the most telling word of a breaking story).
 */
export function inverseDocumentFrequency(frequencies: DocumentFrequencies, term: string): number {
  return Math.log((frequencies.total + 1) / (frequencies.count(term) + 1)) + 1;
}

/** Document frequencies held in memory, counted as stories are added. */
export class InMemoryDocumentFrequencies implements DocumentFrequencies {
  #total = 0;
  readonly #counts = new Map<string, number>();

  get total(): number {
    return this.#total;
  }

  count(term: string): number {
    return this.#counts.get(term) ?? 0;
  }

  /** Counts one more story holding these distinct terms. */
  addDocument(terms: Iterable<string>): void {
    this.#total++;
    for (const term of terms) this.#counts.set(term, (this.#counts.get(term) ?? 0) + 1);
  }
}
