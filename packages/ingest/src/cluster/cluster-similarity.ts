import type { ClusterProfile } from './cluster-profile';
import { textsReportDifferentFigures } from './figure-mismatch';
import type { StoryVectors } from './story-vectors';
import { cosineSimilarity, hasTermId, indexOfId, type TermVector } from './term-vector';

const HOUR_MS = 3_600_000;

/**
 * Terms a story must have in common with a cluster to be compared at all: one shared word
 * ("resume" in "Zephyrine talks resume" and "Ostravine shipments to resume") is a
 * coincidence, and while the archive is small its weight cannot say the word is common. The
 * words of one of the story's multi-word names count once: "Kim Jong Un" in two headlines
 * is one word in common, not two.
 */
export const MIN_COMMON_TERMS = 2;

/**
 * How the score weighs its parts; the defaults were chosen on the dev set in
 * tests/clustering (docs/clustering.md says how).
 */
export interface SimilarityWeights {
  /** Weight of the whole text's cosine with the centroid. */
  text: number;
  /** Weight of the headline's cosine with the headlines' centroid. */
  title: number;
  /** Hours after the cluster's latest story at which the score has halved. */
  halfLifeHours: number;
  /** Factor on the content similarity when the story's figures disagree with the cluster's (figure-mismatch.ts). */
  figureMismatch: number;
}

export const DEFAULT_SIMILARITY_WEIGHTS: SimilarityWeights = { text: 1, title: 0.5, halfLifeHours: 30, figureMismatch: 0.5 };

/**
 * How likely a story belongs to a cluster: per-field cosine similarities with the cluster's
 * centroid, summed with weights, times a decay in the hours between the story and the
 * cluster's latest story — the same words two days apart are more often another event (the
 * next day's market close, a second launch) than the same one.
 */
export function clusterSimilarity(
  story: StoryVectors,
  publishedAt: Date,
  profile: ClusterProfile,
  weights: SimilarityWeights = DEFAULT_SIMILARITY_WEIGHTS,
): number {
  if (!shareTerms(story, profile.text, MIN_COMMON_TERMS)) return 0;
  let content = weights.text * cosineSimilarity(story.text, profile.text) + weights.title * cosineSimilarity(story.title, profile.title);
  if (textsReportDifferentFigures(story.text, profile.text)) content *= weights.figureMismatch;
  // A story older than the cluster's first (a late feed) is as far as the gap to that first story.
  const gap =
    publishedAt < profile.firstPublishedAt
      ? profile.firstPublishedAt.getTime() - publishedAt.getTime()
      : Math.max(0, publishedAt.getTime() - profile.lastPublishedAt.getTime());
  return content * 0.5 ** (gap / HOUR_MS / weights.halfLifeHours);
}

/** Whether the story's text has at least `count` terms in common with `cluster`, each name's terms counting once. */
function shareTerms(story: StoryVectors, cluster: TermVector, count: number): boolean {
  const [small, large] = story.text.size <= cluster.size ? [story.text, cluster] : [cluster, story.text];
  let shared = 0;
  const namesCounted: number[] = [];
  for (const id of small.ids) {
    if (!hasTermId(large, id)) continue;
    const at = indexOfId(story.nameTermIds, id);
    if (at >= 0) {
      const name = story.nameOfTerm[at]!;
      if (namesCounted.includes(name)) continue;
      namesCounted.push(name);
    }
    if (++shared >= count) return true;
  }
  return false;
}
