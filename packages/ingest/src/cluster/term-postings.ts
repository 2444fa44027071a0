/**
 * An inverted index from term numbers to small integers (cluster slots), newest first, in
 * typed arrays: an open-addressing table of terms, each heading a chain of postings. Stories
 * with words of their own index a million and a half distinct terms in one poll cycle; as a
 * Map of arrays that was 150 MB of heap, here it is tens of megabytes the collector never
 * walks. Postings are never removed one by one: readers skip the stale ones, and `rebuild`
 * keeps only those a caller still wants.
 */
export class TermPostings {
  #terms = new Int32Array(1 << 16);
  /** Per table position: 1 + the newest posting of its term, 0 for an empty position. */
  #heads = new Int32Array(1 << 16);
  #termCount = 0;
  /**
   * Per posting, side by side (a reader following a chain meets one cache line per posting, not
   * three): its slot; the version of its slot it was added for (a reader skips outdated ones);
   * 1 + the next older posting of its term, 0 at the end.
   */
  #postings = new Int32Array(POSTING * (1 << 16));
  #postingCount = 0;

  /** Postings held, stale ones included. */
  get size(): number {
    return this.#postingCount;
  }

  /** Adds `slot` (in its `version`) as the newest under `term`. */
  add(term: number, slot: number, version: number): void {
    if ((this.#postingCount + 1) * POSTING > this.#postings.length) this.#postings = grown(this.#postings);
    if ((this.#termCount + 1) * 2 > this.#terms.length) this.#growTable();
    const at = this.#position(term);
    const head = this.#heads[at]!;
    // A cluster re-put as it grows, still the newest under the term: its posting is brought up
    // to date instead of another one added (a name's list would be its one cluster, fifty times).
    if (head !== 0 && this.slotAt(head) === slot) {
      this.#postings[(head - 1) * POSTING + VERSION] = version;
      return;
    }
    if (head === 0) {
      this.#terms[at] = term;
      this.#termCount++;
    }
    const posting = this.#postingCount++;
    this.#postings[posting * POSTING + SLOT] = slot;
    this.#postings[posting * POSTING + VERSION] = version;
    this.#postings[posting * POSTING + NEXT] = head;
    this.#heads[at] = posting + 1;
  }

  /** The newest posting under `term` (a cursor for `slotAt`, `versionAt`, `nextOf`), 0 when none. */
  first(term: number): number {
    return this.#heads[this.#position(term)]!;
  }

  /** The slot of posting cursor `p`. */
  slotAt(p: number): number {
    return this.#postings[(p - 1) * POSTING + SLOT]!;
  }

  /** The version of posting cursor `p`. */
  versionAt(p: number): number {
    return this.#postings[(p - 1) * POSTING + VERSION]!;
  }

  /** The next older posting under the same term, 0 at the end. */
  nextOf(p: number): number {
    return this.#postings[(p - 1) * POSTING + NEXT]!;
  }

  /**
   * Keeps, per term, at most `max` postings that `keep(slot, version)` accepts, in their order;
   * drops the rest and terms left with none.
   */
  rebuild(max: number, keep: (slot: number, version: number) => boolean): void {
    const kept: { term: number; slots: number[]; versions: number[] }[] = [];
    for (let at = 0; at < this.#terms.length; at++) {
      if (this.#heads[at] === 0) continue;
      const term = this.#terms[at]!;
      const slots: number[] = [];
      const versions: number[] = [];
      for (let p = this.#heads[at]!; p !== 0 && slots.length < max; p = this.nextOf(p)) {
        if (!keep(this.slotAt(p), this.versionAt(p))) continue;
        slots.push(this.slotAt(p));
        versions.push(this.versionAt(p));
      }
      if (slots.length > 0) kept.push({ term, slots, versions });
    }
    let capacity = 1 << 16;
    while (capacity < kept.length * 4) capacity *= 2;
    this.#terms = new Int32Array(capacity);
    this.#heads = new Int32Array(capacity);
    this.#termCount = 0;
    const postings = kept.reduce((sum, k) => sum + k.slots.length, 0);
    this.#postings = new Int32Array(POSTING * Math.max(1 << 16, Math.ceil(postings * 1.5)));
    this.#postingCount = 0;
    for (const { term, slots, versions } of kept) for (let n = slots.length - 1; n >= 0; n--) this.add(term, slots[n]!, versions[n]!);
  }

  /** Forgets everything. */
  clear(): void {
    this.rebuild(0, () => false);
  }

  #position(term: number): number {
    const mask = this.#terms.length - 1;
    let at = Math.imul(term, 0x9e3779b1) >>> 0;
    for (;;) {
      at &= mask;
      if (this.#heads[at] === 0 || this.#terms[at] === term) return at;
      at++;
    }
  }

  #growTable(): void {
    const terms = this.#terms;
    const heads = this.#heads;
    this.#terms = new Int32Array(terms.length * 2);
    this.#heads = new Int32Array(terms.length * 2);
    for (let at = 0; at < terms.length; at++) {
      if (heads[at] === 0) continue;
      const to = this.#position(terms[at]!);
      this.#terms[to] = terms[at]!;
      this.#heads[to] = heads[at]!;
    }
  }
}

/** A posting's three numbers, and where each lies in it. */
const POSTING = 3;
const SLOT = 0;
const VERSION = 1;
const NEXT = 2;

/** Half as large again (old and new arrays are held together while copying). */
function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(POSTING * Math.ceil((array.length / POSTING) * 1.5));
  bigger.set(array);
  return bigger;
}
