import { POSITION_BITS, type DocHits } from './doc-hits';
import type { MatchNode } from './match-node';
import { phraseAt, phraseFields } from './phrase';

type NearNode = Extract<MatchNode, { kind: 'near' }>;

/**
 * NEAR's yes/no test, run for every candidate watch, so it allocates no objects: a hit is one
 * number, `packedFirst × 2^20 + (last − first)`, where packedFirst carries the field in its
 * high bits. Lists of such numbers sort natively by field, then position.
 */
const LENGTH_UNIT = 2 ** 20;
const MAX_LENGTH = LENGTH_UNIT - 1;
const FIELD_UNIT = 1 << POSITION_BITS;
const EMPTY = new Float64Array(0);

/** Whether some left hit and right hit are in one field with at most `distance` words between. */
export function nearExists(node: NearNode, hits: DocHits): boolean {
  const left = encodedHits(node.left, hits);
  if (left.length === 0) return false;
  const right = encodedHits(node.right, hits);
  return nearPairs(left, right, node.distance, node.ordered, null) > 0;
}

/**
 * Pairs of hits that are near each other, in left order. With `out`, each pair is appended
 * as one encoded hit spanning both (for nested NEARs); returns how many pairs there are,
 * stopping at the first one when `out` is null. Overlapping hits are not a pair: a word is
 * not near itself.
 */
function nearPairs(left: Float64Array, right: Float64Array, distance: number, ordered: boolean, out: number[] | null): number {
  let pairs = 0;
  let fieldStart = 0;
  for (const a of left) {
    const aFirst = Math.floor(a / LENGTH_UNIT);
    const aLast = aFirst + (a - aFirst * LENGTH_UNIT);
    const aField = Math.floor(aFirst / FIELD_UNIT);
    while (fieldStart < right.length && Math.floor(right[fieldStart]! / LENGTH_UNIT / FIELD_UNIT) < aField) fieldStart++;
    for (let k = fieldStart; k < right.length; k++) {
      const b = right[k]!;
      const bFirst = Math.floor(b / LENGTH_UNIT);
      if (Math.floor(bFirst / FIELD_UNIT) !== aField || bFirst > aLast + distance + 1) break;
      const bLast = bFirst + (b - bFirst * LENGTH_UNIT);
      const forward = aLast < bFirst && bFirst - aLast - 1 <= distance;
      const backward = !ordered && bLast < aFirst && aFirst - bLast - 1 <= distance;
      if (!forward && !backward) continue;
      pairs++;
      if (out === null) return pairs;
      const first = Math.min(aFirst, bFirst);
      out.push(encode(first, Math.max(aLast, bLast)));
    }
  }
  return pairs;
}

function encode(packedFirst: number, packedLast: number): number {
  return packedFirst * LENGTH_UNIT + Math.min(packedLast - packedFirst, MAX_LENGTH);
}

/** The hits of a positional node (term, phrase, OR of those, NEAR), encoded and sorted. */
function encodedHits(node: MatchNode, hits: DocHits): Float64Array {
  switch (node.kind) {
    case 'term': {
      const count = hits.count(node.leaf);
      if (count === 0) return EMPTY;
      const out = new Float64Array(count);
      const list = hits.list;
      const first = hits.first(node.leaf);
      let n = 0;
      for (let k = first; k < first + count; k++) {
        const packed = list[k]!;
        if ((node.fields & (1 << Math.floor(packed / FIELD_UNIT))) !== 0) out[n++] = packed * LENGTH_UNIT;
      }
      return n === count ? out : out.subarray(0, n);
    }
    case 'phrase': {
      const fields = phraseFields(node, hits);
      if (fields === 0) return EMPTY;
      const found: number[] = [];
      const list = hits.list;
      const first = hits.first(node.slots[0]!);
      const end = first + hits.count(node.slots[0]!);
      for (let j = first; j < end; j++) {
        const packed = list[j]!;
        if (phraseAt(node.slots, packed, fields, hits)) found.push(encode(packed, packed + node.slots.length - 1));
      }
      return Float64Array.from(found);
    }
    case 'or': {
      const parts = node.children.map((child) => encodedHits(child, hits));
      const total = parts.reduce((n, part) => n + part.length, 0);
      const out = new Float64Array(total);
      let at = 0;
      for (const part of parts) {
        out.set(part, at);
        at += part.length;
      }
      return out.sort();
    }
    case 'near': {
      const left = encodedHits(node.left, hits);
      if (left.length === 0) return EMPTY;
      const found: number[] = [];
      nearPairs(left, encodedHits(node.right, hits), node.distance, node.ordered, found);
      return Float64Array.from(found).sort();
    }
    default:
      return EMPTY;
  }
}
