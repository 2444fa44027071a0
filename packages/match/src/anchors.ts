import type { QueryNode, WordPattern } from './ast';

/**
 * A word that must occur in a story for a query to have any chance of matching. The index
 * looks anchors up in a story's vocabulary and evaluates only the queries whose anchor showed
 * up: most stories wake only a handful of watches out of thousands.
 */
export type Anchor = { kind: 'word'; norm: string } | { kind: 'prefix'; norm: string } | { kind: 'substring'; norm: string };

function wordAnchor(word: WordPattern): Anchor | null {
  switch (word.kind) {
    case 'word':
    case 'exact':
      return { kind: 'word', norm: word.norm };
    case 'prefix':
      return { kind: 'prefix', norm: word.norm };
    case 'glob':
      return word.literalPrefix.length >= 2 ? { kind: 'prefix', norm: word.literalPrefix } : null;
    case 'cjk':
      return { kind: 'substring', norm: word.norm };
  }
}

/** Higher is more selective: a whole word beats a prefix, a long one beats a short one. */
function selectivity(anchor: Anchor): number {
  return (anchor.kind === 'word' ? 100 : 0) + anchor.norm.length;
}

/**
 * A set of anchors at least one of which occurs in every document the query matches, or null
 * when no such set exists (the query must be evaluated on every document).
 * AND needs only its most selective child; OR needs all of its children; NOT gives nothing.
 */
export function queryAnchors(node: QueryNode): Anchor[] | null {
  switch (node.type) {
    case 'terms': {
      const candidates = node.words.map(wordAnchor).filter((a): a is Anchor => a !== null);
      if (candidates.length === 0) return null;
      return [candidates.reduce((best, a) => (selectivity(a) > selectivity(best) ? a : best))];
    }
    case 'attribute':
    case 'not':
      return null;
    case 'near':
      return pickAnd([queryAnchors(node.left), queryAnchors(node.right)]);
    case 'and':
      return pickAnd(node.children.map(queryAnchors));
    case 'or': {
      const all: Anchor[] = [];
      for (const child of node.children) {
        const anchors = queryAnchors(child);
        if (!anchors) return null;
        all.push(...anchors);
      }
      return all;
    }
  }
}

function pickAnd(options: (Anchor[] | null)[]): Anchor[] | null {
  let best: Anchor[] | null = null;
  for (const option of options) {
    if (!option) continue;
    if (!best || score(option) > score(best)) best = option;
  }
  return best;
}

/** A small set of selective anchors wakes the query least often. */
function score(anchors: Anchor[]): number {
  return Math.min(...anchors.map(selectivity)) - anchors.length * 5;
}

/**
 * Whole words every matching document contains (from phrases and AND branches; OR keeps only
 * what all its branches require; NOT requires nothing). A candidate missing one is skipped
 * with a set lookup instead of an evaluation.
 */
export function requiredWords(node: QueryNode): Set<string> {
  switch (node.type) {
    case 'terms':
      return new Set(node.words.filter((w) => w.kind === 'word' || w.kind === 'exact').map((w) => w.norm));
    case 'attribute':
    case 'not':
      return new Set();
    case 'near':
      return new Set([...requiredWords(node.left), ...requiredWords(node.right)]);
    case 'and':
      return new Set(node.children.flatMap((child) => [...requiredWords(child)]));
    case 'or': {
      const [first, ...rest] = node.children.map(requiredWords);
      return new Set([...first!].filter((word) => rest.every((set) => set.has(word))));
    }
  }
}
