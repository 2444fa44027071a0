import { byLast, encodeHit, hitFirst, hitLast, lowerBound, LENGTH_UNIT, sortUnique, type HitList } from './hit-list';
import type { MatchBudget } from './match-budget';

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
 * The hulls a NEAR passes up (see the top of this file), sorted: for each word where a pair's
 * hull starts, the shortest hull starting there, and for each word where one ends, the
 * shortest ending there. Each is found per hit with a sliding window, never per pair.
 */
export function nearHulls(left: HitList, right: HitList, distance: number, ordered: boolean, budget: MatchBudget): Float64Array {
  if (left.length === 0 || right.length === 0) return new Float64Array(0);
  budget.spend(4 * (left.length + right.length));
  const hulls: number[] = [];
  // Left before right, seen from each left hit and from each right hit.
  soonestAfter(left.byLast, right.byFirst, distance, hulls);
  latestBefore(right.byFirst, left.byLast, distance, hulls);
  if (!ordered) {
    soonestAfter(right.byLast, left.byFirst, distance, hulls);
    latestBefore(left.byFirst, right.byLast, distance, hulls);
  }
  return shortestAtEachEnd(Float64Array.from(hulls));
}

/**
 * For each x (visited by last position), the hull to the y that starts after it within
 * `distance` words and ends soonest. A window over `ys` (sorted by first position) slides
 * forward as x's end does; a queue keeps the candidates in order of their ends.
 */
function soonestAfter(xsByLast: Float64Array, ys: Float64Array, distance: number, out: number[]): void {
  const queue = new Int32Array(ys.length);
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let k = 0; k < xsByLast.length; k++) {
    const key = xsByLast[k]!;
    const xLast = Math.floor(key / LENGTH_UNIT);
    while (next < ys.length && hitFirst(ys[next]!) <= xLast + distance + 1) {
      const last = hitLast(ys[next]!);
      while (tail > head && hitLast(ys[queue[tail - 1]!]!) >= last) tail--;
      queue[tail++] = next++;
    }
    while (head < tail && hitFirst(ys[queue[head]!]!) <= xLast) head++;
    if (head < tail) out.push(encodeHit(byLastFirst(key), hitLast(ys[queue[head]!]!)));
  }
}

/**
 * For each x (visited by first position), the hull from the y that ends before it within
 * `distance` words and starts latest: the mirror image of soonestAfter.
 */
function latestBefore(xs: Float64Array, ysByLast: Float64Array, distance: number, out: number[]): void {
  const queue = new Int32Array(ysByLast.length);
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    const xFirst = hitFirst(x);
    while (next < ysByLast.length && Math.floor(ysByLast[next]! / LENGTH_UNIT) < xFirst) {
      const first = byLastFirst(ysByLast[next]!);
      while (tail > head && byLastFirst(ysByLast[queue[tail - 1]!]!) <= first) tail--;
      queue[tail++] = next++;
    }
    while (head < tail && Math.floor(ysByLast[queue[head]!]! / LENGTH_UNIT) < xFirst - distance - 1) head++;
    if (head < tail) out.push(encodeHit(byLastFirst(ysByLast[queue[head]!]!), hitLast(x)));
  }
}

/**
 * Which left and right hits take part in a pair. With `used` (minimal hulls of this NEAR
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
    return {
      left: lefts.filter((a) => hasPartnerAfter(a, rights, distance) || (!ordered && hasPartnerBefore(a, rightByLast, distance))),
      right: rights.filter((b) => hasPartnerBefore(b, leftByLast, distance) || (!ordered && hasPartnerAfter(b, lefts, distance))),
    };
  }
  const usedLeft: number[] = [];
  const usedRight: number[] = [];
  for (let k = 0; k < used.length; k++) {
    const hull = used[k]!;
    const first = hitFirst(hull);
    const last = hitLast(hull);
    markPairs(lefts, rightByLast, first, last, distance, budget, usedLeft, usedRight);
    if (!ordered) markPairs(rights, leftByLast, first, last, distance, budget, usedRight, usedLeft);
  }
  return { left: sortUnique(Float64Array.from(usedLeft)), right: sortUnique(Float64Array.from(usedRight)) };
}

/**
 * The pairs with `x` before `y` whose hull is exactly [first, last]: `x` starts at `first`,
 * `y` ends at `last`. Records both sides of each.
 */
function markPairs(
  xs: Float64Array,
  ysByLast: Float64Array,
  first: number,
  last: number,
  distance: number,
  budget: MatchBudget,
  usedX: number[],
  usedY: number[],
): void {
  const xEnd = lowerBound(xs, (first + 1) * LENGTH_UNIT);
  const yEnd = lowerBound(ysByLast, (last + 1) * LENGTH_UNIT);
  const yStart = lowerBound(ysByLast, last * LENGTH_UNIT);
  for (let i = lowerBound(xs, first * LENGTH_UNIT); i < xEnd; i++) {
    const x = xs[i]!;
    const xLast = hitLast(x);
    budget.spend(yEnd - yStart + 1);
    for (let j = yStart; j < yEnd; j++) {
      const yFirst = byLastFirst(ysByLast[j]!);
      if (yFirst <= xLast || yFirst - xLast - 1 > distance) continue;
      usedX.push(x);
      usedY.push(encodeHit(yFirst, last));
    }
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

/** The first position of a by-last entry. */
function byLastFirst(key: number): number {
  const last = Math.floor(key / LENGTH_UNIT);
  return last - (key - last * LENGTH_UNIT);
}

/**
 * Of the candidate hulls, the shortest starting at each position and the shortest ending at
 * each position: at most two per word, whatever the number of pairs.
 */
function shortestAtEachEnd(candidates: Float64Array): Float64Array {
  const starts = sortUnique(candidates);
  const ends = byLast(starts);
  const out = new Float64Array(2 * starts.length);
  let n = 0;
  for (let k = 0; k < starts.length; k++) if (k === 0 || hitFirst(starts[k - 1]!) !== hitFirst(starts[k]!)) out[n++] = starts[k]!;
  for (let k = 0; k < ends.length; k++) {
    const last = Math.floor(ends[k]! / LENGTH_UNIT);
    if (k === 0 || Math.floor(ends[k - 1]! / LENGTH_UNIT) !== last) out[n++] = encodeHit(byLastFirst(ends[k]!), last);
  }
  return sortUnique(out.subarray(0, n));
}
