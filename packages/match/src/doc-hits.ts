import { exactForms } from './fold';
import type { LeafVisitor, TermDictionary } from './term-dictionary';

/** A token occurrence packed in one small integer: field in the high bits, position below. */
export const POSITION_BITS = 24;
export const POSITION_MASK = (1 << POSITION_BITS) - 1;
const FIELD_UNIT = 1 << POSITION_BITS;

/**
 * Where each leaf occurs in one story: its occurrences (packed field and position, sorted),
 * the set of fields it occurs in, and the token offsets to turn positions back into spans.
 *
 * Reused from story to story without allocating: per-leaf state is stamped with a story
 * generation instead of cleared, occurrences are appended to one flat buffer while the
 * story is read, and `finish()` groups them by leaf (a counting sort) so each leaf's list
 * is one contiguous, ordered range of `list`.
 */
export class DocHits implements LeafVisitor {
  /** Leaves that occur in the current story, in first-seen order. */
  readonly touched: number[] = [];
  /** Field texts of the current story, by field id. */
  readonly texts: string[] = ['', '', '', '', '', '', ''];
  /** Token start and end offsets per text field, indexed by position. */
  readonly starts: Int32Array[] = [];
  readonly ends: Int32Array[] = [];
  /** Occurrences grouped by leaf, valid after `finish()`: see `first` and `count`. */
  list = new Int32Array(1024);

  #gen = 0;
  #stamp = new Uint32Array(0);
  #mask = new Uint8Array(0);
  #count = new Int32Array(0);
  #first = new Int32Array(0);
  #last = new Int32Array(0);
  #unsorted = new Uint8Array(0);
  #pairLeaf = new Int32Array(1024);
  #pairPacked = new Int32Array(1024);
  #pairs = 0;

  #field = 0;
  #packed = 0;
  #exact: string[] | null = null;

  constructor(private readonly dict: TermDictionary) {}

  /** Starts a new story. */
  reset(): void {
    const size = this.dict.size;
    if (this.#stamp.length < size) {
      const grow = Math.max(size, this.#stamp.length * 2, 16);
      this.#stamp = new Uint32Array(grow);
      this.#mask = new Uint8Array(grow);
      this.#count = new Int32Array(grow);
      this.#first = new Int32Array(grow);
      this.#last = new Int32Array(grow);
      this.#unsorted = new Uint8Array(grow);
      this.#gen = 0;
    }
    if (++this.#gen === 0xffffffff) {
      this.#stamp.fill(0);
      this.#gen = 1;
    }
    this.touched.length = 0;
    this.#pairs = 0;
  }

  /** Sets the token that the next `leaf()` calls are about (texts and offsets must be set). */
  setToken(field: number, position: number): void {
    this.#field = field;
    this.#packed = field * FIELD_UNIT + position;
    this.#exact = null;
  }

  /** Records that the current token matches `id` (exact leaves are verified first). */
  leaf(id: number): void {
    const exact = this.dict.exactOf[id]!;
    if (exact !== null && !this.#exactMatches(exact)) return;
    const packed = this.#packed;
    // One token can reach a leaf twice (two spellings, or a word and a pattern): count it once.
    if (this.#touch(id) && this.#last[id] === packed) return;
    this.#append(id, packed);
    this.#last[id] = packed;
  }

  /**
   * Records many occurrences of one leaf at once (a prepared story resolves each distinct
   * spelling once); an exact leaf is still checked against each occurrence's token.
   */
  addOccurrences(id: number, packed: readonly number[]): void {
    const exact = this.dict.exactOf[id]!;
    if (this.#touch(id) && this.#count[id]! > 0) this.#unsorted[id] = 1;
    for (const p of packed) {
      if (exact !== null) {
        this.setToken(Math.floor(p / FIELD_UNIT), p & POSITION_MASK);
        if (!this.#exactMatches(exact)) continue;
      }
      this.#append(id, p);
    }
  }

  /** Records a site or lang hit: present or not, it has no position. */
  addMeta(id: number): void {
    this.#touch(id);
  }

  /** Groups the story's occurrences by leaf; call once after the story has been read. */
  finish(): void {
    const touched = this.touched;
    const count = this.#count;
    const first = this.#first;
    let offset = 0;
    for (const id of touched) {
      first[id] = offset;
      offset += count[id]!;
    }
    if (this.list.length < offset) this.list = new Int32Array(Math.max(offset, this.list.length * 2));
    const list = this.list;
    // Scatter in reading order (so each range stays sorted), using `count` as the cursor.
    for (const id of touched) count[id] = 0;
    const leaves = this.#pairLeaf;
    const packed = this.#pairPacked;
    for (let k = 0; k < this.#pairs; k++) {
      const id = leaves[k]!;
      list[first[id]! + count[id]!++] = packed[k]!;
    }
    for (const id of touched) if (this.#unsorted[id] === 1) this.#sortRange(id);
  }

  /** Whether the leaf occurs anywhere in the story. */
  has(id: number): boolean {
    return this.#stamp[id] === this.#gen;
  }

  /** Bit mask of the text fields the leaf occurs in. */
  fieldsOf(id: number): number {
    return this.#stamp[id] === this.#gen ? this.#mask[id]! : 0;
  }

  /** Index in `list` of the leaf's first occurrence. */
  first(id: number): number {
    return this.#first[id]!;
  }

  /** How many occurrences the leaf has. */
  count(id: number): number {
    return this.#stamp[id] === this.#gen ? this.#count[id]! : 0;
  }

  /** Whether the leaf occurs at exactly this packed position (binary search). */
  occursAt(id: number, packed: number): boolean {
    if (this.#stamp[id] !== this.#gen) return false;
    const list = this.list;
    let lo = this.#first[id]!;
    let hi = lo + this.#count[id]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = list[mid]!;
      if (v === packed) return true;
      if (v < packed) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }

  /** Marks the leaf as present in this story; returns whether it already was. */
  #touch(id: number): boolean {
    if (this.#stamp[id] === this.#gen) return true;
    this.#stamp[id] = this.#gen;
    this.#mask[id] = 0;
    this.#count[id] = 0;
    this.#unsorted[id] = 0;
    this.touched.push(id);
    return false;
  }

  #append(id: number, packed: number): void {
    const k = this.#pairs;
    if (k === this.#pairLeaf.length) {
      const leaves = new Int32Array(k * 2);
      leaves.set(this.#pairLeaf);
      this.#pairLeaf = leaves;
      const positions = new Int32Array(k * 2);
      positions.set(this.#pairPacked);
      this.#pairPacked = positions;
    }
    this.#pairLeaf[k] = id;
    this.#pairPacked[k] = packed;
    this.#pairs = k + 1;
    this.#count[id]!++;
    this.#mask[id]! |= 1 << Math.floor(packed / FIELD_UNIT);
  }

  /** Sorts and dedupes one leaf's range (occurrences gathered from several spellings). */
  #sortRange(id: number): void {
    const start = this.#first[id]!;
    const range = this.list.subarray(start, start + this.#count[id]!).sort();
    let w = 0;
    for (let r = 0; r < range.length; r++) if (r === 0 || range[r] !== range[w - 1]) range[w++] = range[r]!;
    this.#count[id] = w;
  }

  #exactMatches(exact: string): boolean {
    const position = this.#packed & POSITION_MASK;
    const field = this.#field;
    this.#exact ??= exactForms(this.texts[field]!, this.starts[field]![position]!, this.ends[field]![position]!);
    return this.#exact.includes(exact);
  }
}
