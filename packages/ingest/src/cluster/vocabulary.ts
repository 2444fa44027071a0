/**
 * Terms interned as small integers, so vectors are typed arrays (term-vector.ts). Ids are this
 * process's own: nothing stores them, storage and lock keys use the terms' text.
 */
export class Vocabulary {
  readonly #ids = new Map<string, number>();
  readonly #terms: string[] = [];

  /** The id of `term`, given it now when it has none. */
  idOf(term: string): number {
    let id = this.#ids.get(term);
    if (id === undefined) {
      id = this.#terms.length;
      this.#terms.push(term);
      this.#ids.set(term, id);
    }
    return id;
  }

  /** The id of `term`, or undefined when it was never seen. */
  find(term: string): number | undefined {
    return this.#ids.get(term);
  }

  /** The text of a term id. */
  term(id: number): string {
    return this.#terms[id]!;
  }

  /** Terms interned. */
  get size(): number {
    return this.#terms.length;
  }
}

/**
 * The vocabulary of this process. Shared by every clusterer and writer, so story vectors and
 * the recent clusters' profiles use one numbering; it grows with the distinct terms seen (tens
 * of megabytes for a million terms).
 */
export const sharedVocabulary = new Vocabulary();
