import * as hitList from './hit-list';
import { HitList, LENGTH_UNIT } from './hit-list';
import type { MatchBudget } from './match-budget';
import { WindowSteps } from './window-steps';

// Module-local copies: the hot loops must not go through import bindings, which some module
// loaders (vite-node, CommonJS interop) turn into property reads or getter calls.
const { byFirst, byLast, encodeHit, hitFirst, hitLast, keyFirst, lowerBound, sortUnique } = hitList;

/**
 * NEAR and ONEAR over sorted hit lists (see hit-list.ts), in time proportional to the
 * lists, never to the number of pairs.
 *
 * The rule: a left hit `a` and a right hit `b` are a pair when they are in one field, do not
 * overlap (a word is not near itself), and at most `distance` words lie between them; ONEAR
 * also wants `a` before `b`. A pair stands for the stretch from the first word of the one to
 * the last word of the other (its hull), so NEARs nest.
 *
 * What a NEAR passes up to an enclosing NEAR is not every hull — all pairs can be the
 * square of the words in a story, and nested NEARs the square of that again — but, for each
 * word where some hull starts, the shortest hull starting there, and for each word where
 * some hull ends, the shortest ending there: at most two per word. That keeps every
 * minimal hull (one containing no other: the minimal-interval semantics of Lucene's
 * intervals queries) and, with the end-anchored ones, most of the longer stretches an outer
 * NEAR could measure from. Words, phrases and OR groups of them pass up every hit:
 * `x NEAR/1 ("New York" OR York)` still measures from "New" when "New York" is there.
 */

/** Whether some left hit and right hit form a pair. */
export function nearExists(left: HitList, right: HitList, distance: number, ordered: boolean, budget: MatchBudget): boolean {
  if (left.length === 0 || right.length === 0) return false;
  budget.spend(left.length + right.length);
  const lefts = left.byFirst;
  const rights = right.byFirst;
  const rightByLast = ordered ? null : right.byLast;
  for (let k = 0; k < lefts.length; k++) {
    const a = lefts[k]!;
    if (hasPartnerAfter(a, rights, distance) || (rightByLast !== null && hasPartnerBefore(a, rightByLast, distance))) return true;
  }
  return false;
}

/**
 * The hulls a NEAR passes up (see the top of this file): for each word where a pair's hull
 * starts, the shortest hull starting there, and for each word where one ends, the shortest
 * ending there. Seen from one hit, the pairs it makes have their other side in one range of
 * the other list (sorted by first or by last position), so the best of them is one range
 * query: O(log n) per hit, never a walk over pairs, and each result comes out in order.
 */
export function nearHulls(left: HitList, right: HitList, distance: number, ordered: boolean, budget: MatchBudget): HitList {
  if (left.length === 0 || right.length === 0) return new HitList(new Float64Array(0), new Float64Array(0));
  budget.spend(8 * (left.length + right.length));
  // Left before right: the shortest hull from each left hit's start, and to each right hit's end.
  let starts = shortestFrom(left.byFirst, right.byFirst, distance);
  let ends = shortestTo(right.byLast, left.byLast, distance);
  if (!ordered) {
    starts = shortestPerPosition(starts, shortestFrom(right.byFirst, left.byFirst, distance));
    ends = shortestPerPosition(ends, shortestTo(left.byLast, right.byLast, distance));
  }
  return new HitList(unionSorted(starts, byFirst(ends)), unionSorted(ends, byLast(starts)));
}

/**
 * For each x (by first position), the hull to the y that starts after it within `distance`
 * words and ends soonest; one per first position. Sorted, as hits.
 */
function shortestFrom(xs: Float64Array, ys: Float64Array, distance: number): Float64Array {
  // Ends of the ys, by how soon they end, over a window of first positions [p + 1, p + distance + 1].
  const soonest = new WindowSteps(ys, 1, 1, distance + 1, false);
  const out = new Float64Array(xs.length);
  let n = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    const last = soonest.at(hitLast(x));
    if (last === null) continue;
    const hull = encodeHit(hitFirst(x), last);
    // xs sharing a first position come together; keep the shortest hull.
    if (n > 0 && hitFirst(out[n - 1]!) === hitFirst(hull)) {
      if (hull < out[n - 1]!) out[n - 1] = hull;
    } else out[n++] = hull;
  }
  return out.subarray(0, n);
}

/**
 * For each x (by last position), the hull from the y that ends before it within `distance`
 * words and starts latest; one per last position. Sorted, as by-last keys.
 */
function shortestTo(xsByLast: Float64Array, ysByLast: Float64Array, distance: number): Float64Array {
  // Starts of the ys, latest first, over a window of last positions [p - distance - 1, p - 1].
  const latest = new WindowSteps(ysByLast, -1, -distance - 1, -1, true);
  const out = new Float64Array(xsByLast.length);
  let n = 0;
  for (let k = 0; k < xsByLast.length; k++) {
    const key = xsByLast[k]!;
    const first = latest.at(keyFirst(key));
    if (first === null) continue;
    const xLast = Math.floor(key / LENGTH_UNIT);
    const hullKey = xLast * LENGTH_UNIT + (xLast - first);
    if (n > 0 && Math.floor(out[n - 1]! / LENGTH_UNIT) === xLast) {
      if (hullKey < out[n - 1]!) out[n - 1] = hullKey;
    } else out[n++] = hullKey;
  }
  return out.subarray(0, n);
}

/**
 * Two sorted lists of shortest hulls, one per position (first positions for hits, last ones
 * for by-last keys), merged, keeping the shorter where both have one.
 */
function shortestPerPosition(a: Float64Array, b: Float64Array): Float64Array {
  const merged = unionSorted(a, b);
  const out = new Float64Array(merged.length);
  let n = 0;
  for (let k = 0; k < merged.length; k++) {
    // The same position with a greater length sorts right after the shorter one: skip it.
    if (n > 0 && Math.floor(out[n - 1]! / LENGTH_UNIT) === Math.floor(merged[k]! / LENGTH_UNIT)) continue;
    out[n++] = merged[k]!;
  }
  return out.subarray(0, n);
}

/** The union of two sorted lists, sorted and without repeats. */
function unionSorted(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length);
  let n = 0;
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const v = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (n === 0 || out[n - 1] !== v) out[n++] = v;
  }
  return out.subarray(0, n);
}

/**
 * Which left and right hits take part in a pair. With `used` (hulls this NEAR passed up
 * that an enclosing NEAR relied on), only pairs whose hull is one of those count; without
 * it, every pair does. This is what explain highlights: the words that were actually near.
 */
export function nearParticipants(
  left: HitList,
  right: HitList,
  distance: number,
  ordered: boolean,
  used: Float64Array | null,
  budget: MatchBudget,
): { left: Float64Array; right: Float64Array } {
  budget.spend(2 * (left.length + right.length));
  const lefts = left.byFirst;
  const rights = right.byFirst;
  const leftByLast = left.byLast;
  const rightByLast = right.byLast;
  if (used === null) {
    const usedLeft = new Float64Array(lefts.length);
    let n = 0;
    for (let k = 0; k < lefts.length; k++) {
      const a = lefts[k]!;
      if (hasPartnerAfter(a, rights, distance) || (!ordered && hasPartnerBefore(a, rightByLast, distance))) usedLeft[n++] = a;
    }
    const usedRight = new Float64Array(rights.length);
    let m = 0;
    for (let k = 0; k < rights.length; k++) {
      const b = rights[k]!;
      if (hasPartnerBefore(b, leftByLast, distance) || (!ordered && hasPartnerAfter(b, lefts, distance))) usedRight[m++] = b;
    }
    return { left: usedLeft.subarray(0, n), right: usedRight.subarray(0, m) };
  }
  // Each used hull is [x's first word, y's last word] of its pairs: find both sides. Hulls
  // come by first position, so the x side is a forward walk; the y side is a binary search.
  const forward = new PairMarks();
  const backward = new PairMarks();
  for (let k = 0; k < used.length; k++) {
    const hull = used[k]!;
    forward.mark(lefts, rightByLast, hitFirst(hull), hitLast(hull), distance, budget);
    if (!ordered) backward.mark(rights, leftByLast, hitFirst(hull), hitLast(hull), distance, budget);
  }
  return { left: unionSorted(forward.xs(), backward.ys()), right: unionSorted(forward.ys(), backward.xs()) };
}

/** The x and y sides of the pairs found, x before y, for one direction of a NEAR. */
class PairMarks {
  readonly #xs: number[] = [];
  readonly #ys: number[] = [];
  #cursor = 0;

  /**
   * Records the pairs whose hull is exactly [first, last]: x starts at `first`, y ends at
   * `last`, and at most `distance` words lie between. Call with `first` ascending.
   */
  mark(xs: Float64Array, ysByLast: Float64Array, first: number, last: number, distance: number, budget: MatchBudget): void {
    while (this.#cursor < xs.length && hitFirst(xs[this.#cursor]!) < first) this.#cursor++;
    const yStart = lowerBound(ysByLast, last * LENGTH_UNIT);
    const yEnd = lowerBound(ysByLast, (last + 1) * LENGTH_UNIT, yStart);
    for (let i = this.#cursor; i < xs.length && hitFirst(xs[i]!) === first; i++) {
      const x = xs[i]!;
      const xLast = hitLast(x);
      budget.spend(yEnd - yStart + 1);
      for (let j = yStart; j < yEnd; j++) {
        const yFirst = keyFirst(ysByLast[j]!);
        if (yFirst <= xLast || yFirst - xLast - 1 > distance) continue;
        if (this.#xs.at(-1) !== x) this.#xs.push(x);
        this.#ys.push(encodeHit(yFirst, last));
      }
    }
  }

  /** The x sides, sorted and without repeats (found in order, but revisited by hulls that share a start). */
  xs(): Float64Array {
    return sortUnique(Float64Array.from(this.#xs));
  }

  /** The y sides, sorted and without repeats (found in the order of their hulls, nearly sorted). */
  ys(): Float64Array {
    return sortUnique(Float64Array.from(this.#ys));
  }
}

/** Whether some hit of `others` (sorted by first) starts after `a` with at most `distance` words between. */
function hasPartnerAfter(a: number, others: Float64Array, distance: number): boolean {
  const aLast = hitLast(a);
  const k = lowerBound(others, (aLast + 1) * LENGTH_UNIT);
  return k < others.length && hitFirst(others[k]!) <= aLast + distance + 1;
}

/** Whether some hit of `othersByLast` ends before `a` with at most `distance` words between. */
function hasPartnerBefore(a: number, othersByLast: Float64Array, distance: number): boolean {
  const aFirst = hitFirst(a);
  const k = lowerBound(othersByLast, (aFirst - distance - 1) * LENGTH_UNIT);
  return k < othersByLast.length && Math.floor(othersByLast[k]! / LENGTH_UNIT) < aFirst;
}
