import { POSITION_BITS, type DocHits } from './doc-hits';
import * as hitList from './hit-list';
import { HitList } from './hit-list';
import { MatchBudget } from './match-budget';
import type { MatchNode } from './match-node';
import { phraseAt, phraseFields } from './phrase';
import { nearHulls } from './proximity';

// Module-local copies: hot loops must not go through import bindings (see proximity.ts).
const { encodeHit, mergeUnique } = hitList;

const FIELD_UNIT = 1 << POSITION_BITS;
const EMPTY = new Float64Array(0);
const NO_HITS = new HitList(EMPTY);

/**
 * The positional hits of one query's nodes in one story: each term, phrase, OR group and
 * NEAR computed once (explain revisits nested NEARs level by level) and charged to one
 * budget, so a query's cost on a story is bounded whatever its shape.
 */
export class PositionalHits {
  #cache: Map<MatchNode, HitList> | null = null;

  constructor(
    readonly hits: DocHits,
    readonly budget: MatchBudget = new MatchBudget(),
  ) {}

  /**
   * The hits of a term, phrase, OR of those, or NEAR (the hulls it passes up, see
   * proximity.ts), sorted and without repeats; empty for other kinds.
   */
  of(node: MatchNode): HitList {
    this.#cache ??= new Map();
    let list = this.#cache.get(node);
    if (list === undefined) {
      const computed = this.#compute(node);
      list = computed.length === 0 ? NO_HITS : computed;
      this.#cache.set(node, list);
    }
    return list;
  }

  #compute(node: MatchNode): HitList {
    if (node.kind === 'near') {
      const left = this.of(node.left);
      return left.length === 0 ? NO_HITS : nearHulls(left, this.of(node.right), node.distance, node.ordered, this.budget);
    }
    return new HitList(this.#words(node));
  }

  #words(node: MatchNode): Float64Array {
    const hits = this.hits;
    switch (node.kind) {
      case 'term': {
        const count = hits.count(node.leaf);
        if (count === 0) return EMPTY;
        this.budget.spend(count);
        const out = new Float64Array(count);
        const list = hits.list;
        const first = hits.first(node.leaf);
        let n = 0;
        for (let k = first; k < first + count; k++) {
          const packed = list[k]!;
          if ((node.fields & (1 << Math.floor(packed / FIELD_UNIT))) !== 0) out[n++] = encodeHit(packed, packed);
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
        this.budget.spend((end - first) * node.slots.length);
        for (let j = first; j < end; j++) {
          const packed = list[j]!;
          if (phraseAt(node.slots, packed, fields, hits)) found.push(encodeHit(packed, packed + node.slots.length - 1));
        }
        return Float64Array.from(found);
      }
      case 'or': {
        const parts = node.children.map((child) => this.of(child).byFirst);
        this.budget.spend(parts.reduce((n, part) => n + part.length, 0));
        return mergeUnique(parts);
      }
      default:
        return EMPTY;
    }
  }
}
