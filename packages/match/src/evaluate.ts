import type { DocHits } from './doc-hits';
import type { MatchNode } from './match-node';
import { phraseExists, phraseFields } from './phrase';
import type { PositionalHits } from './positional-hits';
import { nearExists } from './proximity';

/**
 * Whether a compiled query matches the analyzed story. Boolean structure first and cheap
 * field-mask checks before any position is read: positions are needed only for phrases
 * and NEAR, and only once every word they need is known to be present. `positions` holds
 * the NEAR hit lists and the work budget of this one query on this one story (explain
 * reuses them).
 */
export function evaluate(node: MatchNode, positions: PositionalHits): boolean {
  return new Evaluation(positions).run(node);
}

class Evaluation {
  private readonly hits: DocHits;

  constructor(private readonly positions: PositionalHits) {
    this.hits = positions.hits;
  }

  run(node: MatchNode): boolean {
    const hits = this.hits;
    switch (node.kind) {
      case 'term':
        return (hits.fieldsOf(node.leaf) & node.fields) !== 0;
      case 'meta':
        return hits.has(node.leaf);
      case 'phrase':
        return phraseExists(node, hits);
      case 'and':
        for (const child of node.children) if (!this.run(child)) return false;
        return true;
      case 'or':
        for (const child of node.children) if (this.run(child)) return true;
        return false;
      case 'not':
        return !this.run(node.child);
      case 'near': {
        if (!mayOccur(node.left, hits) || !mayOccur(node.right, hits)) return false;
        const positions = this.positions;
        return nearExists(positions.of(node.left), positions.of(node.right), node.distance, node.ordered, positions.budget);
      }
    }
  }
}

/**
 * Whether every word a positional node needs occurs in a field it may match in: a test on
 * field masks alone that turns most stories away before any position list is built.
 */
function mayOccur(node: MatchNode, hits: DocHits): boolean {
  switch (node.kind) {
    case 'term':
      return (hits.fieldsOf(node.leaf) & node.fields) !== 0;
    case 'phrase':
      return phraseFields(node, hits) !== 0;
    case 'or':
      return node.children.some((child) => mayOccur(child, hits));
    case 'near':
      return mayOccur(node.left, hits) && mayOccur(node.right, hits);
    default:
      return false;
  }
}
