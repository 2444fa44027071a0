import type { DocHits } from './doc-hits';
import { collectHits, evaluate, type Hit } from './evaluate';
import { FIELD_NAMES } from './fields';
import type { MatchNode } from './match-node';
import { mergeSpans, type Span } from './span';

/**
 * The spans that made a matching query match: every occurrence of each term that counts
 * (all of them, so a highlighted story shows each mention), whole phrases as one span, and
 * for NEAR only the words that are actually near each other. Parts under NOT and OR
 * branches that did not match contribute nothing; `site:` and `lang:` are filters, not
 * words, and are not highlighted. Merged (see mergeSpans), so they can be wrapped in
 * `<mark>` as they are. Empty when the query does not match (`knownToMatch` skips that check).
 */
export function explainMatch(node: MatchNode, hits: DocHits, knownToMatch = false): Span[] {
  if (!knownToMatch && !evaluate(node, hits)) return [];
  const out: Span[] = [];
  collectSpans(node, hits, out);
  return mergeSpans(out);
}

function collectSpans(node: MatchNode, hits: DocHits, out: Span[]): void {
  switch (node.kind) {
    case 'and':
      for (const child of node.children) collectSpans(child, hits, out);
      return;
    case 'or':
      for (const child of node.children) if (evaluate(child, hits)) collectSpans(child, hits, out);
      return;
    case 'not':
    case 'meta':
      return;
    default:
      for (const hit of collectHits(node, hits)) pushHit(hit, hits, out);
  }
}

function pushHit(hit: Hit, hits: DocHits, out: Span[]): void {
  if (hit.parts) {
    for (const part of hit.parts) pushHit(part, hits, out);
    return;
  }
  out.push({
    field: FIELD_NAMES[hit.field]!,
    start: hits.starts[hit.field]![hit.first]!,
    end: hits.ends[hit.field]![hit.last]!,
    term: hit.label,
  });
}
