/** An item as the scorer sees it: its id and its true event label. */
export interface LabelledItem {
  id: string;
  event: string;
}

/** A cluster key as an algorithm assigns it; only equality matters. */
export type ClusterKey = string | number;

/** Pairwise agreement of a clustering with the labels, counted over all unordered pairs of items. */
export interface PairwiseScores {
  /** correctPairs / predictedPairs; 1 when nothing was put together (no merge can be false). */
  precision: number;
  /** correctPairs / truePairs; 1 when no two items share a label (nothing to find). */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
  /** Pairs sharing a label. */
  truePairs: number;
  /** Pairs sharing a cluster. */
  predictedPairs: number;
  /** Pairs sharing both. */
  correctPairs: number;
}

/**
 * Pairwise precision, recall and F1 of `clusterOf` against the items' event labels. A pair is
 * positive when both items share a label (truth) or a cluster key (prediction). Counting goes
 * through label × cluster cells, so it is linear in the number of items. Throws when an item
 * has no cluster: scoring it as a singleton would hide a lost item.
 */
export function pairwiseScores(items: readonly LabelledItem[], clusterOf: ReadonlyMap<string, ClusterKey>): PairwiseScores {
  const byEvent = new Map<string, number>();
  const byCluster = new Map<ClusterKey, number>();
  const byCell = new Map<string, Map<ClusterKey, number>>();
  for (const item of items) {
    const cluster = clusterOfItem(item, clusterOf);
    byEvent.set(item.event, (byEvent.get(item.event) ?? 0) + 1);
    byCluster.set(cluster, (byCluster.get(cluster) ?? 0) + 1);
    const cells = byCell.get(item.event) ?? new Map<ClusterKey, number>();
    cells.set(cluster, (cells.get(cluster) ?? 0) + 1);
    byCell.set(item.event, cells);
  }
  const truePairs = sumPairs(byEvent.values());
  const predictedPairs = sumPairs(byCluster.values());
  let correctPairs = 0;
  for (const cells of byCell.values()) correctPairs += sumPairs(cells.values());
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { precision, recall, f1, truePairs, predictedPairs, correctPairs };
}

/** Items put in one cluster though their labels differ, summed per (cluster, label, label). */
export interface FalseMerge {
  cluster: ClusterKey;
  events: [string, string];
  /** Wrong pairs this merge accounts for. */
  pairs: number;
  /** The first title of each event in that cluster. */
  titles: [string, string];
}

/** Items of one label spread over two clusters, summed per (label, cluster, cluster). */
export interface FalseSplit {
  event: string;
  clusters: [ClusterKey, ClusterKey];
  /** Missed pairs this split accounts for. */
  pairs: number;
  /** The first title of the event in each cluster. */
  titles: [string, string];
}

/**
 * The worst false merges and false splits of a clustering, most pairs first, each with one
 * pair of titles to look at. Items should come in feed order so that "first" means earliest.
 */
export function listClusterErrors(
  items: readonly (LabelledItem & { title: string })[],
  clusterOf: ReadonlyMap<string, ClusterKey>,
  limit = 10,
): { falseMerges: FalseMerge[]; falseSplits: FalseSplit[] } {
  // cell = the items of one label inside one cluster; its first title stands for it.
  const cells = new Map<ClusterKey, Map<string, { count: number; title: string }>>();
  const clustersOfEvent = new Map<string, Map<ClusterKey, { count: number; title: string }>>();
  for (const item of items) {
    const cluster = clusterOfItem(item, clusterOf);
    const inCluster = cells.get(cluster) ?? new Map<string, { count: number; title: string }>();
    const cell = inCluster.get(item.event) ?? { count: 0, title: item.title };
    cell.count += 1;
    inCluster.set(item.event, cell);
    cells.set(cluster, inCluster);
    const ofEvent = clustersOfEvent.get(item.event) ?? new Map<ClusterKey, { count: number; title: string }>();
    ofEvent.set(cluster, cell);
    clustersOfEvent.set(item.event, ofEvent);
  }
  const falseMerges: FalseMerge[] = [];
  for (const [cluster, byEvent] of cells) {
    for (const [[eventA, a], [eventB, b]] of unorderedPairs([...byEvent])) {
      falseMerges.push({ cluster, events: [eventA, eventB], pairs: a.count * b.count, titles: [a.title, b.title] });
    }
  }
  const falseSplits: FalseSplit[] = [];
  for (const [event, byCluster] of clustersOfEvent) {
    for (const [[clusterA, a], [clusterB, b]] of unorderedPairs([...byCluster])) {
      falseSplits.push({ event, clusters: [clusterA, clusterB], pairs: a.count * b.count, titles: [a.title, b.title] });
    }
  }
  falseMerges.sort((x, y) => y.pairs - x.pairs);
  falseSplits.sort((x, y) => y.pairs - x.pairs);
  return { falseMerges: falseMerges.slice(0, limit), falseSplits: falseSplits.slice(0, limit) };
}

function clusterOfItem(item: LabelledItem, clusterOf: ReadonlyMap<string, ClusterKey>): ClusterKey {
  const cluster = clusterOf.get(item.id);
  if (cluster === undefined) throw new Error(`pairwiseScores: item ${item.id} has no cluster`);
  return cluster;
}

function sumPairs(counts: Iterable<number>): number {
  let total = 0;
  for (const n of counts) total += (n * (n - 1)) / 2;
  return total;
}

function unorderedPairs<T>(values: readonly T[]): [T, T][] {
  const pairs: [T, T][] = [];
  for (let i = 0; i < values.length; i += 1) {
    for (let j = i + 1; j < values.length; j += 1) pairs.push([values[i] as T, values[j] as T]);
  }
  return pairs;
}
