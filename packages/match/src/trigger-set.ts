import { literalPrefix } from './glob';
import type { MatchNode } from './match-node';
import type { Leaf } from './term-dictionary';

/** How often a leaf is expected in a story; lower is a better trigger. */
export type LeafCost = (leaf: number) => number;

/**
 * The prefilter of the watch index: a small set of leaves such that a story can match the
 * query only if it contains at least one of them. OR needs one leaf of each branch; AND and
 * NEAR need only the cheapest child's set (any child is a necessary condition); a phrase
 * needs its most selective word; NOT contributes nothing. A story then wakes up only the
 * watches one of its words triggers, instead of every watch being evaluated.
 *
 * Any such set gives the same answers; the costs only decide how often a watch is woken
 * for nothing. Returns null when no set exists (the query must always be evaluated).
 */
export function triggerSet(node: MatchNode, cost: LeafCost): number[] | null {
  const best = trigger(node, cost);
  return best === null ? null : [...new Set(best.leaves)];
}

interface Trigger {
  leaves: number[];
  cost: number;
}

function trigger(node: MatchNode, cost: LeafCost): Trigger | null {
  switch (node.kind) {
    case 'term':
    case 'meta':
      return { leaves: [node.leaf], cost: cost(node.leaf) };
    case 'phrase': {
      let best = node.slots[0]!;
      for (const slot of node.slots) if (cost(slot) < cost(best)) best = slot;
      return { leaves: [best], cost: cost(best) };
    }
    case 'or': {
      const all: Trigger = { leaves: [], cost: 0 };
      for (const child of node.children) {
        const t = trigger(child, cost);
        if (t === null) return null;
        all.leaves.push(...t.leaves);
        all.cost += t.cost;
      }
      return all;
    }
    case 'and':
      return cheapest(node.children.map((child) => trigger(child, cost)));
    case 'near':
      return cheapest([trigger(node.left, cost), trigger(node.right, cost)]);
    case 'not':
      return null;
  }
}

function cheapest(options: (Trigger | null)[]): Trigger | null {
  let best: Trigger | null = null;
  for (const option of options) if (option !== null && (best === null || option.cost < best.cost)) best = option;
  return best;
}

/**
 * The guess before any story has been seen: short words and short wildcard prefixes are
 * common, so a longer word makes a better trigger; a language tag matches most stories.
 */
export function staticLeafCost(leaf: Leaf): number {
  switch (leaf.kind) {
    case 'word':
      return leaf.key.length <= 2 ? 4 : leaf.key.length <= 4 ? 2 : 1;
    case 'pattern': {
      const prefix = literalPrefix(leaf.key).length;
      return prefix >= 5 ? 2 : prefix >= 3 ? 4 : 16;
    }
    case 'site':
      return 2;
    case 'lang':
      return 64;
  }
}
