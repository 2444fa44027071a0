import { POSITION_BITS, POSITION_MASK, type DocHits } from './doc-hits';
import type { MatchNode } from './match-node';
import { phraseAt, phraseExists, phraseFields } from './phrase';
import { nearExists } from './proximity';

/** A stretch of tokens in one field: a word, a phrase, or a NEAR pair (`parts`). */
export interface Hit {
  field: number;
  /** First and last token position, inclusive. */
  first: number;
  last: number;
  label: string;
  parts: Hit[] | null;
}

const FIELD_UNIT = 1 << POSITION_BITS;

/**
 * Whether a compiled query matches the analyzed story. Boolean structure first and cheap
 * field-mask checks before any position is read: positions are needed only for phrases
 * and NEAR, and only once every word they need is known to be present.
 */
export function evaluate(node: MatchNode, hits: DocHits): boolean {
  switch (node.kind) {
    case 'term':
      return (hits.fieldsOf(node.leaf) & node.fields) !== 0;
    case 'meta':
      return hits.has(node.leaf);
    case 'phrase':
      return phraseExists(node, hits);
    case 'and':
      for (const child of node.children) if (!evaluate(child, hits)) return false;
      return true;
    case 'or':
      for (const child of node.children) if (evaluate(child, hits)) return true;
      return false;
    case 'not':
      return !evaluate(node.child, hits);
    case 'near':
      return evaluate(node.left, hits) && evaluate(node.right, hits) && nearExists(node, hits);
  }
}

/**
 * The positional hits of a term, phrase, OR of those, or NEAR, sorted by field then
 * position, as objects carrying what explain needs (labels, NEAR parts).
 */
export function collectHits(node: MatchNode, hits: DocHits): Hit[] {
  switch (node.kind) {
    case 'term': {
      const out: Hit[] = [];
      const list = hits.list;
      const first = hits.first(node.leaf);
      const end = first + hits.count(node.leaf);
      for (let k = first; k < end; k++) {
        const packed = list[k]!;
        const field = Math.floor(packed / FIELD_UNIT);
        if ((node.fields & (1 << field)) === 0) continue;
        const position = packed & POSITION_MASK;
        out.push({ field, first: position, last: position, label: node.label, parts: null });
      }
      return out;
    }
    case 'phrase':
      return phraseHits(node, hits);
    case 'or':
      return node.children.flatMap((child) => collectHits(child, hits)).sort(compareHits);
    case 'near':
      return nearHits(node, hits);
    default:
      return [];
  }
}

function compareHits(a: Hit, b: Hit): number {
  return a.field - b.field || a.first - b.first || a.last - b.last;
}

/** Each place the phrase occurs, as a hit spanning its words. */
function phraseHits(node: Extract<MatchNode, { kind: 'phrase' }>, hits: DocHits): Hit[] {
  const out: Hit[] = [];
  const fields = phraseFields(node, hits);
  if (fields === 0) return out;
  const slots = node.slots;
  const list = hits.list;
  const first = hits.first(slots[0]!);
  const end = first + hits.count(slots[0]!);
  for (let j = first; j < end; j++) {
    const packed = list[j]!;
    if (!phraseAt(slots, packed, fields, hits)) continue;
    const position = packed & POSITION_MASK;
    out.push({ field: Math.floor(packed / FIELD_UNIT), first: position, last: position + slots.length - 1, label: node.label, parts: null });
  }
  return out;
}

/**
 * Pairs of left and right hits in one field with at most `distance` words between them;
 * ONEAR also wants left before right. Hits that overlap are not a pair: a word is not near
 * itself. Each pair becomes one hit spanning both, so NEARs nest. (The same rule as
 * proximity.ts, which answers yes/no without building objects.)
 */
function nearHits(node: Extract<MatchNode, { kind: 'near' }>, hits: DocHits): Hit[] {
  const left = collectHits(node.left, hits);
  const right = collectHits(node.right, hits);
  const n = node.distance;
  const out: Hit[] = [];
  let fieldStart = 0;
  for (const a of left) {
    while (fieldStart < right.length && right[fieldStart]!.field < a.field) fieldStart++;
    for (let k = fieldStart; k < right.length; k++) {
      const b = right[k]!;
      if (b.field !== a.field || b.first > a.last + n + 1) break;
      const forward = a.last < b.first && b.first - a.last - 1 <= n;
      const backward = !node.ordered && b.last < a.first && a.first - b.last - 1 <= n;
      if (!forward && !backward) continue;
      out.push({ field: a.field, first: Math.min(a.first, b.first), last: Math.max(a.last, b.last), label: '', parts: [a, b] });
    }
  }
  return out.sort(compareHits);
}
