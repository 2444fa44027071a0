import type { ClusterProfile } from './cluster-profile';
import type { StoryVectors } from './story-vectors';
import { topTerms } from './term-vector';

/** Terms a story looks candidates up by: its heaviest TF-IDF terms — its names, numbers, rare words. */
export const STORY_LOOKUP_TERMS = 20;
/** Terms a cluster is indexed under: its centroid's heaviest. */
export const CLUSTER_INDEX_TERMS = 50;
/** Clusters whose latest story is older than this are not candidates: the index covers recent news only. */
export const CANDIDATE_WINDOW_HOURS = 96;

/** The terms a story looks its candidate clusters up by. */
export function storyLookupTerms(vectors: StoryVectors): string[] {
  return topTerms(vectors.text, STORY_LOOKUP_TERMS);
}

/** The terms a cluster is found by. */
export function clusterIndexTerms(profile: ClusterProfile): string[] {
  return topTerms(profile.text, CLUSTER_INDEX_TERMS);
}
/** A story's rarest terms locked while it is placed (see cluster-lock-keys.ts). */
export const STORY_LOCK_TERMS = 4;
