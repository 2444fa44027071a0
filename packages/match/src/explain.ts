import { POSITION_BITS, POSITION_MASK } from './doc-hits';
import { evaluate } from './evaluate';
import { FIELD_NAMES } from './fields';
import * as hitList from './hit-list';
import { MAX_SPANS_PER_FIELD } from './limits';
import type { MatchNode } from './match-node';
import type { PositionalHits } from './positional-hits';
import { nearParticipants } from './proximity';
import type { Span } from './span';

// Module-local copies: hot loops must not go through import bindings (see proximity.ts).
const { hitFirst, hitLast, intersectSorted } = hitList;

const FIELD_UNIT = 1 << POSITION_BITS;
/** A raw span is `(first × 2^10 + length) × 2^16 + label`: a word or phrase (under 2^10 words) with its label's index. */
const LENGTH_SLOTS = 1024;
const LABEL_SLOTS = 65536;

/**
 * The spans that made a matching query match: every occurrence of each term that counts
 * (all of them, so a highlighted story shows each mention), whole phrases as one span, and
 * for NEAR only the words that are actually near each other (in a nested NEAR, near within
 * the minimal stretches the enclosing NEAR relied on, see proximity.ts). Parts under NOT and
 * OR branches that did not match contribute nothing; `site:` and `lang:` are filters, not
 * words, and are not highlighted. Merged — overlapping or touching spans of one field become
 * one, keeping `term` only when every part had the same — so they can be wrapped in `<mark>`
 * as they are, and at most MAX_SPANS_PER_FIELD per field (the first ones). Empty when the
 * query does not match (`knownToMatch` skips that check).
 */
export function explainMatch(node: MatchNode, positions: PositionalHits, knownToMatch = false): Span[] {
  if (!knownToMatch && !evaluate(node, positions)) return [];
  const collector = new SpanCollector(positions);
  collector.collect(node);
  return collector.spans();
}

/**
 * Raw spans, encoded (see LENGTH_SLOTS): sorting them orders by field, start, end. One
 * buffer for every call, grown as needed: explaining is synchronous and not reentrant, and a
 * typed array per call was a measurable share of matching 10,000 watches.
 */
let scratch = new Float64Array(1024);

class SpanCollector {
  #count = 0;
  readonly #labels: string[] = [];
  #labelIds: Map<string, number> | null = null;

  constructor(private readonly positions: PositionalHits) {}

  /** Gathers the spans of a node that is known to match. */
  collect(node: MatchNode): void {
    switch (node.kind) {
      case 'and':
        for (const child of node.children) this.collect(child);
        return;
      case 'or':
        for (const child of node.children) if (evaluate(child, this.positions)) this.collect(child);
        return;
      case 'not':
      case 'meta':
        return;
      case 'near':
        this.#near(node, null);
        return;
      case 'term':
        this.#term(node);
        return;
      case 'phrase':
        this.#words(node, this.positions.of(node).byFirst);
    }
  }

  /** Every occurrence of a word, read straight from the story's hit lists. */
  #term(node: Extract<MatchNode, { kind: 'term' }>): void {
    const hits = this.positions.hits;
    const count = hits.count(node.leaf);
    this.positions.budget.spend(count);
    this.#reserve(count);
    const label = this.#label(node.label);
    const list = hits.list;
    const first = hits.first(node.leaf);
    for (let k = first; k < first + count; k++) {
      const packed = list[k]!;
      if ((node.fields & (1 << Math.floor(packed / FIELD_UNIT))) !== 0) scratch[this.#count++] = packed * LENGTH_SLOTS * LABEL_SLOTS + label;
    }
  }

  /** The participating words of both sides of a NEAR (all pairs, or those making up `used`). */
  #near(node: Extract<MatchNode, { kind: 'near' }>, used: Float64Array | null): void {
    const left = this.positions.of(node.left);
    const right = this.positions.of(node.right);
    const taking = nearParticipants(left, right, node.distance, node.ordered, used, this.positions.budget);
    this.#part(node.left, taking.left);
    this.#part(node.right, taking.right);
  }

  /** The words behind `used`, a subset of hits of a NEAR operand (or of one of its OR branches). */
  #part(node: MatchNode, used: Float64Array): void {
    if (used.length === 0) return;
    switch (node.kind) {
      case 'term':
      case 'phrase':
        this.#words(node, intersectSorted(used, this.positions.of(node).byFirst));
        return;
      case 'or':
        for (const child of node.children) this.#part(child, intersectSorted(used, this.positions.of(child).byFirst));
        return;
      case 'near':
        this.#near(node, intersectSorted(used, this.positions.of(node).byFirst));
        return;
      default:
        return;
    }
  }

  #words(node: Extract<MatchNode, { kind: 'term' | 'phrase' }>, list: Float64Array): void {
    if (list.length === 0) return;
    this.positions.budget.spend(list.length);
    this.#reserve(list.length);
    const label = this.#label(node.label);
    for (let k = 0; k < list.length; k++) {
      const hit = list[k]!;
      const first = hitFirst(hit);
      scratch[this.#count++] = (first * LENGTH_SLOTS + (hitLast(hit) - first)) * LABEL_SLOTS + label;
    }
  }

  #reserve(more: number): void {
    if (this.#count + more <= scratch.length) return;
    const grown = new Float64Array(Math.max(scratch.length * 2, this.#count + more));
    grown.set(scratch.subarray(0, this.#count));
    scratch = grown;
  }

  /** A small number for a term's label, as raw spans carry it. */
  #label(text: string): number {
    const labels = this.#labels;
    // Most queries have a handful of terms: a scan beats a map until there are many.
    if (this.#labelIds === null) {
      const known = labels.indexOf(text);
      if (known >= 0) return known;
      labels.push(text);
      if (labels.length > 16) this.#labelIds = new Map(labels.map((label, id) => [label, id]));
      return labels.length - 1;
    }
    let id = this.#labelIds.get(text);
    if (id === undefined) {
      id = labels.length;
      labels.push(text);
      this.#labelIds.set(text, id);
    }
    return id;
  }

  /**
   * The spans in text order (token order is text order), merged as explainMatch says while
   * they are decoded, and cut at MAX_SPANS_PER_FIELD per field.
   */
  spans(): Span[] {
    const raw = scratch.subarray(0, this.#count).sort();
    const { starts, ends } = this.positions.hits;
    const out: Span[] = [];
    const perField = [0, 0, 0, 0, 0, 0, 0];
    let last: Span | undefined;
    for (let k = 0; k < raw.length; k++) {
      const entry = raw[k]!;
      const label = entry % LABEL_SLOTS;
      const rest = (entry - label) / LABEL_SLOTS;
      const length = rest % LENGTH_SLOTS;
      const first = (rest - length) / LENGTH_SLOTS;
      const field = Math.floor(first / FIELD_UNIT);
      const position = first & POSITION_MASK;
      const name = FIELD_NAMES[field]!;
      const start = starts[field]![position]!;
      const end = ends[field]![position + length]!;
      const term = this.#labels[label]!;
      if (last !== undefined && last.field === name && start <= last.end) {
        if (end > last.end) last.end = end;
        if (last.term !== term) delete last.term;
        continue;
      }
      if (perField[field]! >= MAX_SPANS_PER_FIELD) continue;
      perField[field]!++;
      last = { field: name, start, end, term };
      out.push(last);
    }
    return out;
  }
}
