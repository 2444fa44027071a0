import { CandidateTally } from './candidate-tally';
import type { ClusterProfile } from './cluster-profile';
import type { StoryVectors } from './story-vectors';
import { topTermIds } from './term-vector';

/** Terms a story looks candidates up by: its heaviest TF-IDF terms — its names, numbers, rare words. */
export const STORY_LOOKUP_TERMS = 12;
/** Terms a cluster is indexed under: its centroid's heaviest. */
export const CLUSTER_INDEX_TERMS = 15;
/** Clusters whose latest story is older than this are not candidates: the index covers recent news only. */
export const CANDIDATE_WINDOW_HOURS = 96;

/** The terms a story looks its candidate clusters up by. */
export function storyLookupTerms(vectors: StoryVectors): number[] {
  return topTermIds(vectors.text, STORY_LOOKUP_TERMS);
}

/** The terms a cluster is found by. */
export function clusterIndexTerms(profile: ClusterProfile): number[] {
  return topTermIds(profile.text, CLUSTER_INDEX_TERMS);
}
/** A story's rarest terms locked while it is placed (see cluster-lock-keys.ts). */
export const STORY_LOCK_TERMS = 4;
/** Clusters read per lookup term, the most recent first: a term more clusters share is not rare. */
export const CLUSTERS_PER_TERM = 10;
/** Lookup terms a candidate shares with the story at least (two lost recall on the dev set). */
export const MIN_SHARED_TERMS = 1;
/** Candidates scored per story: those sharing the most lookup terms with it. */
export const MAX_CANDIDATES = 5;

const tally = new CandidateTally();

/**
 * The candidates a story is compared with: clusters found under its lookup terms (each term's
 * clusters most recent first, at most {@link CLUSTERS_PER_TERM} read), those sharing the most
 * terms first, at most {@link MAX_CANDIDATES}. `tallyUnder` counts at most `room` of a term's
 * clusters into the tally and returns how many.
 */
export function rankCandidates(lookupTerms: readonly number[], tallyUnder: (term: number, tally: CandidateTally, room: number) => number): number[] {
  tally.reset();
  for (const term of lookupTerms) tallyUnder(term, tally, CLUSTERS_PER_TERM);
  return tally.top(MIN_SHARED_TERMS, MAX_CANDIDATES);
}
