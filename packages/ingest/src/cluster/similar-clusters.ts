import { chooseCluster } from './assign-story';
import type { CandidateTally } from './candidate-tally';
import { joinProfile, startProfile, type ClusterProfile } from './cluster-profile';
import { clusterSimilarity } from './cluster-similarity';
import type { Placement } from './existing-clusters';
import { CANDIDATE_WINDOW_HOURS, clusterIndexTerms, rankCandidates } from './rare-terms';
import type { RecentClusters } from './recent-clusters';
import type { StoryAnalysis } from './story-analysis';

const HOUR_MS = 3_600_000;

/**
 * The profiles of every cluster the batch touched, after it joined them, by cluster number: a
 * stored cluster's id (ids are positive), or -(1 + k) for the one the batch's item k started
 * (one number per cluster while placing: no object or string key per candidate looked at).
 */
export type TouchedProfiles = Map<number, ClusterProfile>;

/**
 * The event step of placement, after canonical URL and copy detection: each item not placed
 * yet joins the most similar recent cluster — stored, or started by an earlier item of the
 * batch — or leads a new one (see assign-story.ts). Candidates come from the rare-term index
 * of the recent clusters in memory (recent-clusters.ts), never a scan. Items are taken in the
 * batch's order, each seeing the clusters the earlier ones grew, so a batch clusters as the
 * same items stored one by one would. Returns the placements completed and every touched
 * cluster's new profile.
 */
export function placeBySimilarity(
  recent: RecentClusters,
  batch: readonly { publishedAt: Date; analysis: StoryAnalysis }[],
  placements: Placement[],
): TouchedProfiles {
  const touched: TouchedProfiles = new Map();
  const profileOf = (n: number): ClusterProfile | undefined => touched.get(n) ?? (n >= 0 ? recent.profile(n) : undefined);
  // Per term, the batch's leaders indexed under it, in the order first indexed (a few each).
  const batchByTerm = new Map<number, number[]>();
  const numberOf: number[] = [];
  let since = 0;
  // Clusters the batch started are the most recent under a term; then the stored ones.
  const tallyUnder = (term: number, tally: CandidateTally, room: number) => {
    const leaders = batchByTerm.get(term);
    let added = 0;
    if (leaders) for (let i = leaders.length - 1; i >= 0 && added < room; i--, added++) tally.add(-1 - leaders[i]!);
    return added + recent.tallyUnder(term, since, tally, room - added);
  };

  for (const [k, { publishedAt, analysis }] of batch.entries()) {
    const placement = placements[k]!;
    let n: number | null = placement === null ? null : 'clusterId' in placement ? placement.clusterId : numberOf[placement.sameAs]!;
    if (n === null) {
      since = publishedAt.getTime() - CANDIDATE_WINDOW_HOURS * HOUR_MS;
      const candidates = rankCandidates(analysis.lookupTerms, tallyUnder);
      const scored: { clusterId: number; score: number }[] = [];
      for (const candidate of candidates) {
        const profile = profileOf(candidate);
        if (profile && profile.lastPublishedAt.getTime() >= since)
          scored.push({ clusterId: candidate, score: clusterSimilarity(analysis.vectors, publishedAt, profile) });
      }
      n = chooseCluster(scored);
      if (n !== null) placements[k] = n >= 0 ? { clusterId: n } : { sameAs: -1 - n };
    }
    n ??= -1 - k;
    const before = profileOf(n);
    const profile = before ? joinProfile(before, analysis.vectors, publishedAt) : startProfile(analysis.vectors, publishedAt);
    touched.set(n, profile);
    numberOf[k] = n;
    if (n < 0) {
      const leader = -1 - n;
      for (const term of clusterIndexTerms(profile)) {
        const leaders = batchByTerm.get(term);
        if (!leaders) batchByTerm.set(term, [leader]);
        else if (!leaders.includes(leader)) leaders.push(leader);
      }
    }
  }
  return touched;
}
