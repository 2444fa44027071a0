import { exactForms } from './fold';
import type { LeafVisitor, TermDictionary } from './term-dictionary';

/** A token occurrence packed in one small integer: field in the high bits, position below. */
export const POSITION_BITS = 24;
export const POSITION_MASK = (1 << POSITION_BITS) - 1;

const EMPTY: readonly number[] = [];

/**
 * Where each leaf occurs in one story: sorted packed occurrences per leaf, the set of
 * fields it occurs in, and the token offsets to turn positions back into spans. Reused
 * from story to story (a generation stamp instead of clearing), so matching a stream of
 * stories allocates almost nothing.
 */
export class DocHits implements LeafVisitor {
  /** Leaves that occur in the current story, in first-seen order. */
  readonly touched: number[] = [];
  /** Field texts of the current story, by field id. */
  texts: string[] = ['', '', '', '', '', '', ''];
  /** Token start and end offsets per text field, indexed by position. */
  starts: Int32Array[] = [];
  ends: Int32Array[] = [];

  #gen = 0;
  #stamp = new Uint32Array(0);
  #mask = new Uint8Array(0);
  #unsorted = new Uint8Array(0);
  #occ: number[][] = [];

  #field = 0;
  #packed = 0;
  #text = '';
  #start = 0;
  #end = 0;
  #exact: string[] | null = null;

  constructor(private readonly dict: TermDictionary) {}

  /** Starts a new story. */
  reset(): void {
    const size = this.dict.size;
    if (this.#stamp.length < size) {
      const grow = Math.max(size, this.#stamp.length * 2, 16);
      const stamp = new Uint32Array(grow);
      stamp.set(this.#stamp);
      this.#stamp = stamp;
      this.#mask = new Uint8Array(grow);
      this.#unsorted = new Uint8Array(grow);
      while (this.#occ.length < grow) this.#occ.push([]);
    }
    if (++this.#gen === 0xffffffff) {
      this.#stamp.fill(0);
      this.#gen = 1;
    }
    this.touched.length = 0;
  }

  /** Sets the token that the next `leaf()` calls are about. */
  setToken(field: number, position: number, text: string, start: number, end: number): void {
    this.#field = field;
    this.#packed = field * (1 << POSITION_BITS) + position;
    this.#text = text;
    this.#start = start;
    this.#end = end;
    this.#exact = null;
  }

  /** Records that the current token matches `id` (exact leaves are verified first). */
  leaf(id: number): void {
    const exact = this.dict.exactOf[id]!;
    if (exact !== null && !this.#exactMatches(exact)) return;
    const list = this.#touch(id);
    if (list[list.length - 1] !== this.#packed) list.push(this.#packed);
    this.#mask[id]! |= 1 << this.#field;
  }

  /**
   * Records many occurrences of one leaf at once (a prepared story resolves each distinct
   * spelling once); an exact leaf is still checked against each occurrence's token.
   */
  addOccurrences(id: number, packed: readonly number[]): void {
    const exact = this.dict.exactOf[id]!;
    const list = this.#touch(id);
    const before = list.length;
    for (const p of packed) {
      const field = Math.floor(p / (1 << POSITION_BITS));
      if (exact !== null) {
        const position = p & POSITION_MASK;
        this.setToken(field, position, this.texts[field]!, this.starts[field]![position]!, this.ends[field]![position]!);
        if (!this.#exactMatches(exact)) continue;
      }
      list.push(p);
      this.#mask[id]! |= 1 << field;
    }
    if (before > 0 && list.length > before) this.#unsorted[id] = 1;
  }

  /** Sorts and dedupes the lists that `addOccurrences` filled from several spellings. */
  finish(): void {
    for (const id of this.touched) {
      if (this.#unsorted[id] === 0) continue;
      this.#unsorted[id] = 0;
      const list = this.#occ[id]!;
      list.sort((a, b) => a - b);
      let w = 0;
      for (let r = 0; r < list.length; r++) if (r === 0 || list[r] !== list[w - 1]) list[w++] = list[r]!;
      list.length = w;
    }
  }

  /** Records a site or lang hit: present or not, it has no position. */
  addMeta(id: number): void {
    this.#touch(id);
  }

  /** Whether the leaf occurs anywhere in the story. */
  has(id: number): boolean {
    return this.#stamp[id] === this.#gen;
  }

  /** Bit mask of the text fields the leaf occurs in. */
  fieldsOf(id: number): number {
    return this.#stamp[id] === this.#gen ? this.#mask[id]! : 0;
  }

  /** Sorted packed occurrences of the leaf. */
  occurrences(id: number): readonly number[] {
    return this.#stamp[id] === this.#gen ? this.#occ[id]! : EMPTY;
  }

  /** Whether the leaf occurs at exactly this packed position (binary search). */
  occursAt(id: number, packed: number): boolean {
    if (this.#stamp[id] !== this.#gen) return false;
    const list = this.#occ[id]!;
    let lo = 0;
    let hi = list.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid]!;
      if (v === packed) return true;
      if (v < packed) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  #touch(id: number): number[] {
    const list = this.#occ[id]!;
    if (this.#stamp[id] !== this.#gen) {
      this.#stamp[id] = this.#gen;
      this.#mask[id] = 0;
      this.#unsorted[id] = 0;
      list.length = 0;
      this.touched.push(id);
    }
    return list;
  }

  #exactMatches(exact: string): boolean {
    this.#exact ??= exactForms(this.#text, this.#start, this.#end);
    return this.#exact.includes(exact);
  }
}
