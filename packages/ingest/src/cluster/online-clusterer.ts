import { chooseCluster, DEFAULT_ASSIGNMENT_THRESHOLDS, type AssignmentThresholds } from './assign-story';
import { joinProfile, startProfile } from './cluster-profile';
import { clusterSimilarity, DEFAULT_SIMILARITY_WEIGHTS, type SimilarityWeights } from './cluster-similarity';
import { NEAR_DUPLICATE_MAX_BITS, nearDuplicateBands, nearDuplicateDistance } from './near-duplicate';
import { CANDIDATE_WINDOW_HOURS, storyLookupTerms } from './rare-terms';
import { RecentClusters } from './recent-clusters';
import { storyTerms } from './story-terms';
import { storyVectors } from './story-vectors';
import { InMemoryDocumentFrequencies } from './term-weighting';

/** A story as the clusterer sees it: what a feed gives. */
export interface ClusterableStory {
  /**
   * The feed's title: a canonical URL or a near-copy within one feed is not another outlet's
   * copy, and the outlet's name in its stories is not a word of their events.
   */
  source: string;
  canonicalUrl: string | null;
  title: string;
  /** The summary (lede). */
  summary: string;
  /** The body text; empty for briefs. */
  content: string;
  publishedAt: Date;
}

export interface OnlineClustererOptions {
  weights?: SimilarityWeights;
  thresholds?: AssignmentThresholds;
}

/** Why a story went where it went. */
export type PlacementReason = 'canonical-url' | 'near-duplicate' | 'similar' | 'new';

const HOUR_MS = 3_600_000;

/**
 * The clustering algorithm in memory, one story at a time in feed order, with the same steps
 * and the same decisions as the storing stage takes against the database: canonical URL,
 * near-copy fingerprint, then TF-IDF similarity to recent clusters found through their rare
 * terms. Used to measure and tune the algorithm on the dev set, and by the bench.
 */
export class OnlineClusterer {
  readonly #frequencies = new InMemoryDocumentFrequencies();
  readonly #clusters = new RecentClusters();
  #count = 0;
  readonly #byUrl = new Map<string, { source: string; clusterId: number }[]>();
  readonly #fingerprints: { source: string; bands: number[]; clusterId: number; publishedAt: Date }[] = [];
  readonly #weights: SimilarityWeights;
  readonly #thresholds: AssignmentThresholds;

  constructor(options: OnlineClustererOptions = {}) {
    this.#weights = options.weights ?? DEFAULT_SIMILARITY_WEIGHTS;
    this.#thresholds = options.thresholds ?? DEFAULT_ASSIGNMENT_THRESHOLDS;
  }

  /** Places one story; returns its cluster (numbered from 0) and why. */
  add(story: ClusterableStory): { clusterId: number; reason: PlacementReason } {
    const terms = storyTerms(story.title, story.summary, story.content, story.source);
    this.#frequencies.addStory(terms);
    const vectors = storyVectors(terms, this.#frequencies);
    const bands = nearDuplicateBands(story.title, story.summary || story.content);

    const sameUrl = story.canonicalUrl === null ? undefined : this.#byUrl.get(story.canonicalUrl);
    let clusterId: number | null = sameUrl?.find((u) => u.source !== story.source)?.clusterId ?? null;
    let reason: PlacementReason = 'canonical-url';
    if (clusterId === null && bands) {
      reason = 'near-duplicate';
      const since = story.publishedAt.getTime() - 48 * HOUR_MS;
      clusterId =
        this.#fingerprints.find(
          (f) => f.source !== story.source && f.publishedAt.getTime() >= since && nearDuplicateDistance(bands, f.bands) <= NEAR_DUPLICATE_MAX_BITS,
        )?.clusterId ?? null;
    }
    if (clusterId === null) {
      reason = 'similar';
      const since = story.publishedAt.getTime() - CANDIDATE_WINDOW_HOURS * HOUR_MS;
      const candidates = this.#clusters.candidates(storyLookupTerms(vectors), since);
      const scored = candidates.map((id) => ({
        clusterId: id,
        score: clusterSimilarity(vectors, story.publishedAt, this.#clusters.profile(id)!, this.#weights),
      }));
      clusterId = chooseCluster(scored, this.#thresholds);
    }
    if (clusterId === null) {
      reason = 'new';
      clusterId = this.#count++;
      this.#clusters.put(clusterId, startProfile(vectors, story.publishedAt));
    } else {
      this.#clusters.put(clusterId, joinProfile(this.#clusters.profile(clusterId)!, vectors, story.publishedAt));
    }
    if (story.canonicalUrl !== null) this.#byUrl.set(story.canonicalUrl, [...(sameUrl ?? []), { source: story.source, clusterId }]);
    if (bands) this.#fingerprints.push({ source: story.source, bands, clusterId, publishedAt: story.publishedAt });
    return { clusterId, reason };
  }
}
