/** A candidate cluster and the story's similarity to it. */
export interface ScoredCandidate<Id> {
  clusterId: Id;
  score: number;
}

export interface AssignmentThresholds {
  /** The least similarity to join a cluster. */
  join: number;
  /**
   * When a second cluster scores within this of the best, the story sits between two known
   * events — a new one recalling both (a launch "days after the summit") — and starts its own.
   */
  ambiguityMargin: number;
}

export const DEFAULT_ASSIGNMENT_THRESHOLDS: AssignmentThresholds = { join: 0.3, ambiguityMargin: 0.1 };

/**
 * The cluster a story joins: the most similar candidate above the threshold, unless another
 * scores nearly as high; null starts a new cluster. Precision first: merging two events hides
 * one of them, while a split only costs a second alert.
 */
export function chooseCluster<Id>(candidates: readonly ScoredCandidate<Id>[], thresholds: AssignmentThresholds = DEFAULT_ASSIGNMENT_THRESHOLDS): Id | null {
  let best: ScoredCandidate<Id> | null = null;
  let second = Number.NEGATIVE_INFINITY;
  for (const candidate of candidates) {
    if (best === null || candidate.score > best.score) {
      if (best) second = best.score;
      best = candidate;
    } else if (candidate.score > second) second = candidate.score;
  }
  if (best === null || best.score < thresholds.join) return null;
  if (second >= thresholds.join && best.score - second < thresholds.ambiguityMargin) return null;
  return best.clusterId;
}
