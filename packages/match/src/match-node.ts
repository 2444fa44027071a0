/**
 * A compiled query: the parse tree with every word folded and replaced by leaf ids of a
 * term dictionary. `fields` is a bit mask of text field ids; `label` is the term as the
 * user wrote it, reported on spans.
 */
export type MatchNode =
  | { kind: 'term'; leaf: number; fields: number; label: string }
  /** Consecutive tokens, one leaf per slot, all in one field. */
  | { kind: 'phrase'; slots: number[]; fields: number; label: string }
  /** `site:` and `lang:`: matched on the story's url host and language tag. */
  | { kind: 'meta'; leaf: number; label: string }
  | { kind: 'and'; children: MatchNode[] }
  | { kind: 'or'; children: MatchNode[] }
  | { kind: 'not'; child: MatchNode }
  | { kind: 'near'; left: MatchNode; right: MatchNode; distance: number; ordered: boolean };

const NO_NUMBERS: number[] = [];
const NO_NODES: MatchNode[] = [];

/**
 * Builds a node with every property of every kind present, in one order, so that all nodes
 * share one hidden class: the evaluator, which reads `kind` and children millions of times,
 * then hits monomorphic property accesses instead of megamorphic ones.
 */
export function createNode<T extends MatchNode>(node: T): T {
  const uniform = {
    kind: node.kind,
    leaf: -1,
    fields: 0,
    label: '',
    slots: NO_NUMBERS,
    children: NO_NODES,
    child: null as MatchNode | null,
    left: null as MatchNode | null,
    right: null as MatchNode | null,
    distance: 0,
    ordered: false,
  };
  return Object.assign(uniform, node) as unknown as T;
}

/** The union of the text fields any part of the node reads. */
export function nodeFieldMask(node: MatchNode): number {
  switch (node.kind) {
    case 'term':
    case 'phrase':
      return node.fields;
    case 'meta':
      return 0;
    case 'and':
    case 'or':
      return node.children.reduce((mask, child) => mask | nodeFieldMask(child), 0);
    case 'not':
      return nodeFieldMask(node.child);
    case 'near':
      return nodeFieldMask(node.left) | nodeFieldMask(node.right);
  }
}

/** Whether the node matches a story with no text at all (a query that only excludes). */
export function matchesEmptyStory(node: MatchNode): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every(matchesEmptyStory);
    case 'or':
      return node.children.some(matchesEmptyStory);
    case 'not':
      return !matchesEmptyStory(node.child);
    default:
      return false;
  }
}
