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
