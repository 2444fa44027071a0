/**
 * A positional hit — a word, a phrase, or a NEAR hull — as one number:
 * `first × 2^26 + (last − first)`, where `first` and `last` are packed positions (field in
 * the high bits, see doc-hits.ts). A hit never leaves its field, so its length is below
 * 2^24, and `first` is below 7 × 2^24 < 2^27: the number stays under 2^53, exact in a
 * double. A Float64Array of hits sorts natively by field, then first position, then length.
 *
 * The same layout keyed by the last position (`last × 2^26 + length`) orders hits by where
 * they end, which the NEAR algorithms need for the "before" side.
 */
export const LENGTH_UNIT = 2 ** 26;

/** Encodes a hit from its first and last packed positions. */
export function encodeHit(first: number, last: number): number {
  return first * LENGTH_UNIT + (last - first);
}

/** The first packed position of a hit (or the key of a by-last entry). */
export function hitFirst(hit: number): number {
  return Math.floor(hit / LENGTH_UNIT);
}

/** The last packed position of a hit. */
export function hitLast(hit: number): number {
  const first = Math.floor(hit / LENGTH_UNIT);
  return first + (hit - first * LENGTH_UNIT);
}

/**
 * One node's hits in a story, sorted by first position, with the by-last view made on
 * first need and kept (matching and explaining both walk it).
 */
export class HitList {
  #byLast: Float64Array | null;

  constructor(
    readonly byFirst: Float64Array,
    byLastKeys: Float64Array | null = null,
  ) {
    this.#byLast = byLastKeys;
  }

  get length(): number {
    return this.byFirst.length;
  }

  /** The same hits keyed and sorted by their last position (see byLast). */
  get byLast(): Float64Array {
    return (this.#byLast ??= byLast(this.byFirst));
  }
}

/**
 * The same hits keyed by their last position (`last × 2^26 + length`), sorted. Hits of one
 * length (a word's, a phrase's) and minimal NEAR hulls are already in that order.
 */
export function byLast(hits: Float64Array): Float64Array {
  const out = new Float64Array(hits.length);
  for (let k = 0; k < hits.length; k++) {
    const hit = hits[k]!;
    const first = Math.floor(hit / LENGTH_UNIT);
    const length = hit - first * LENGTH_UNIT;
    out[k] = (first + length) * LENGTH_UNIT + length;
  }
  return sortIfNeeded(out);
}

/** The inverse of byLast: by-last keys back to hits (`first × 2^26 + length`), sorted. */
export function byFirst(keys: Float64Array): Float64Array {
  const out = new Float64Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k]!;
    const last = Math.floor(key / LENGTH_UNIT);
    const length = key - last * LENGTH_UNIT;
    out[k] = (last - length) * LENGTH_UNIT + length;
  }
  return sortIfNeeded(out);
}

/** The first position of a by-last key. */
export function keyFirst(key: number): number {
  const last = Math.floor(key / LENGTH_UNIT);
  return last - (key - last * LENGTH_UNIT);
}

/** Index of the first entry ≥ `value` in a sorted list (binary search). */
export function lowerBound(list: Float64Array, value: number, from = 0): number {
  let lo = from;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorts a list in place. Most lists here arrive in order or in a few ascending runs (hits of
 * a handful of lengths), which a natural merge sorts in linear time; the engine's sort (about
 * 100 ns an element) is left for lists in no particular order.
 */
export function sortIfNeeded(list: Float64Array): Float64Array {
  const n = list.length;
  let runs = 1;
  for (let k = 1; k < n; k++) if (list[k]! < list[k - 1]!) runs++;
  if (runs === 1) return list;
  if (runs > n >>> 4) return list.sort();
  let from: Float64Array = list;
  let to: Float64Array = new Float64Array(n);
  while (runs > 1) {
    runs = 0;
    let start = 0;
    while (start < n) {
      let mid = start + 1;
      while (mid < n && from[mid]! >= from[mid - 1]!) mid++;
      let end = mid;
      if (mid < n) {
        end = mid + 1;
        while (end < n && from[end]! >= from[end - 1]!) end++;
      }
      let i = start;
      let j = mid;
      let k = start;
      while (i < mid && j < end) to[k++] = from[i]! <= from[j]! ? from[i++]! : from[j++]!;
      while (i < mid) to[k++] = from[i++]!;
      while (j < end) to[k++] = from[j++]!;
      runs++;
      start = end;
    }
    [from, to] = [to, from];
  }
  if (from !== list) list.set(from);
  return list;
}

/** Sorts a list in place and drops repeated values; returns the deduplicated prefix. */
export function sortUnique(list: Float64Array): Float64Array {
  sortIfNeeded(list);
  let w = 0;
  for (let r = 0; r < list.length; r++) if (w === 0 || list[r] !== list[w - 1]) list[w++] = list[r]!;
  return w === list.length ? list : list.subarray(0, w);
}

/** The union of sorted, duplicate-free lists, sorted and without repeats (pairwise merges). */
export function mergeUnique(lists: Float64Array[]): Float64Array {
  let round = lists.filter((list) => list.length > 0);
  if (round.length === 0) return new Float64Array(0);
  while (round.length > 1) {
    const next: Float64Array[] = [];
    for (let k = 0; k + 1 < round.length; k += 2) next.push(mergeTwo(round[k]!, round[k + 1]!));
    if (round.length % 2 === 1) next.push(round.at(-1)!);
    round = next;
  }
  return round[0]!;
}

function mergeTwo(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x <= y) {
      out[n++] = x;
      i++;
      if (x === y) j++;
    } else {
      out[n++] = y;
      j++;
    }
  }
  while (i < a.length) out[n++] = a[i++]!;
  while (j < b.length) out[n++] = b[j++]!;
  return n === out.length ? out : out.subarray(0, n);
}

/** The values present in both sorted, duplicate-free lists. */
export function intersectSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(Math.min(a.length, b.length));
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out[n++] = x;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out.subarray(0, n);
}
