/** Clusters a tally holds at most: lookup terms × clusters read per term, with room to spare. */
const CAPACITY = 256;
const TABLE_SIZE = 1024;

/**
 * Counts, for one story, under how many of its lookup terms each candidate cluster was found,
 * without allocating: every story placed in a poll cycle ranks its candidates, and a `Map` and
 * arrays per story were a gigabyte of garbage per 100,000 stories. One tally is reused for
 * story after story (placement is synchronous); ids are any integers (a batch's own clusters
 * are negative).
 */
export class CandidateTally {
  readonly #ids = new Int32Array(CAPACITY);
  readonly #counts = new Int32Array(CAPACITY);
  #size = 0;
  /** Open addressing from id to its index + 1, valid where `#stamps` holds the current round. */
  readonly #table = new Int32Array(TABLE_SIZE);
  readonly #stamps = new Int32Array(TABLE_SIZE);
  #round = 1;

  /** Starts a new story's count. */
  reset(): void {
    this.#size = 0;
    this.#round++;
  }

  /** Counts `id` once more (ids beyond the capacity are left out). */
  add(id: number): void {
    let at = (Math.imul(id, 0x9e3779b1) >>> 0) & (TABLE_SIZE - 1);
    while (this.#stamps[at] === this.#round) {
      const k = this.#table[at]! - 1;
      if (this.#ids[k] === id) {
        this.#counts[k]!++;
        return;
      }
      at = (at + 1) & (TABLE_SIZE - 1);
    }
    if (this.#size === CAPACITY) return;
    this.#stamps[at] = this.#round;
    this.#table[at] = this.#size + 1;
    this.#ids[this.#size] = id;
    this.#counts[this.#size++] = 1;
  }

  /** Up to `max` ids counted at least `least` times: the most counted first, then the first found. */
  top(least: number, max: number): number[] {
    // One pass, keeping the best so far in order: a later id passes only those counted less.
    const best: number[] = [];
    for (let k = 0; k < this.#size; k++) {
      const count = this.#counts[k]!;
      if (count < least) continue;
      let at = best.length;
      while (at > 0 && this.#counts[best[at - 1]!]! < count) at--;
      if (at >= max) continue;
      best.splice(at, 0, k);
      if (best.length > max) best.pop();
    }
    return best.map((k) => this.#ids[k]!);
  }
}
