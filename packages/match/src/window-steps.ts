import { LENGTH_UNIT } from './hit-list';

// Scratch space shared by every build: matching is synchronous, and a step function is
// built, read and dropped before the next one is built (see proximity.ts). Allocating typed
// arrays for each of the thousands of NEAR windows of a long chain cost more than the work.
let scratch = new Int32Array(1024);

/**
 * The best (smallest or largest) value over a sliding window, as a step function of the
 * window's position. The entries are hits (`position × 2^26 + length`, see hit-list.ts),
 * sorted by position; an entry's value is the other end of the hit, `position + length`
 * (`direction` 1: hits keyed by first position) or `position − length` (−1: by-last keys).
 * `best(p)` is the extreme value over the entries whose position lies in [p + lo, p + hi].
 * Built in one pass, with one step per window change (at most twice as many steps as
 * entries), and read by binary search. Valid until the next one is built (they share scratch
 * space).
 */
export class WindowSteps {
  /** Where each step starts, ascending; the step lasts until the next one. */
  readonly #points: Int32Array;
  readonly #best: Int32Array;
  readonly #count: number;
  readonly #none: number;

  constructor(entries: Float64Array, direction: 1 | -1, lo: number, hi: number, largest: boolean) {
    const n = entries.length;
    const none = largest ? -1 : 0x7fffffff;
    if (scratch.length < 7 * n + 2) scratch = new Int32Array(Math.max(7 * n + 2, scratch.length * 2));
    const queue = scratch.subarray(0, n);
    const positions = scratch.subarray(n, 2 * n);
    const values = scratch.subarray(2 * n, 3 * n);
    const points = scratch.subarray(3 * n, 5 * n + 1);
    const best = scratch.subarray(5 * n + 1, 7 * n + 2);
    for (let k = 0; k < n; k++) {
      const entry = entries[k]!;
      const position = Math.floor(entry / LENGTH_UNIT);
      positions[k] = position;
      values[k] = position + direction * (entry - position * LENGTH_UNIT);
    }
    // Indexes of window candidates whose values improve from newest to oldest (a monotone queue).
    let head = 0;
    let tail = 0;
    let entered = 0;
    let left = 0;
    let count = 0;
    // The window at p holds positions in [p + lo, p + hi]: entry k enters at p = position − hi
    // and leaves at p = position − lo + 1. Both sequences ascend; walk their merge.
    while (entered < n || left < entered) {
      let p = left < entered ? positions[left]! - lo + 1 : 0x7fffffff;
      if (entered < n && positions[entered]! - hi < p) p = positions[entered]! - hi;
      while (entered < n && positions[entered]! - hi <= p) {
        const v = values[entered]!;
        while (tail > head && (largest ? values[queue[tail - 1]!]! <= v : values[queue[tail - 1]!]! >= v)) tail--;
        queue[tail++] = entered++;
      }
      while (left < entered && positions[left]! - lo + 1 <= p) {
        if (head < tail && queue[head] === left) head++;
        left++;
      }
      const value = head < tail ? values[queue[head]!]! : none;
      if (count > 0 && best[count - 1] === value) continue;
      points[count] = p;
      best[count++] = value;
    }
    this.#points = points;
    this.#best = best;
    this.#count = count;
    this.#none = none;
  }

  /** The best value in the window at `p`, or null when the window is empty there. */
  at(p: number): number | null {
    let lo = 0;
    let hi = this.#count;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#points[mid]! <= p) lo = mid + 1;
      else hi = mid;
    }
    if (lo === 0) return null;
    const value = this.#best[lo - 1]!;
    return value === this.#none ? null : value;
  }
}
