import { chooseCluster } from './assign-story';
import { joinProfile, startProfile, type ClusterProfile } from './cluster-profile';
import { clusterSimilarity } from './cluster-similarity';
import type { Placement } from './existing-clusters';
import { CANDIDATE_WINDOW_HOURS, clusterIndexTerms, rankCandidates } from './rare-terms';
import type { RecentClusters } from './recent-clusters';
import type { StoryAnalysis } from './story-analysis';

const HOUR_MS = 3_600_000;

/** A cluster during placement: stored (`stored`: its id) or started by the batch's item `leader`. */
export type ClusterRef = { stored: number } | { leader: number };

/** The profiles of every cluster the batch touched, after it joined them. */
export type TouchedProfiles = Map<string, { ref: ClusterRef; profile: ClusterProfile }>;

const keyOf = (ref: ClusterRef) => ('stored' in ref ? `s${ref.stored}` : `b${ref.leader}`);

/**
 * The event step of placement, after canonical URL and copy detection: each item not placed
 * yet joins the most similar recent cluster — stored, or started by an earlier item of the
 * batch — or leads a new one (see assign-story.ts). Candidates come from the rare-term index
 * of the recent clusters in memory (recent-clusters.ts), never a scan. Items are taken in the batch's order, each seeing the clusters the earlier
 * ones grew, so a batch clusters as the same items stored one by one would. Returns the
 * placements completed and every touched cluster's new profile.
 */
export function placeBySimilarity(
  recent: RecentClusters,
  batch: readonly { publishedAt: Date; analysis: StoryAnalysis }[],
  placements: Placement[],
): TouchedProfiles {
  const touched: TouchedProfiles = new Map();
  const profileOf = (ref: ClusterRef): ClusterProfile | undefined =>
    touched.get(keyOf(ref))?.profile ?? ('stored' in ref ? recent.profile(ref.stored) : undefined);
  // Per term, the batch's leaders indexed under it, in the order first indexed.
  const batchByTerm = new Map<number, { leaders: Set<number>; order: number[] }>();
  const refOf: ClusterRef[] = [];

  for (const [k, { publishedAt, analysis }] of batch.entries()) {
    const placement = placements[k]!;
    let ref: ClusterRef | null = placement === null ? null : 'clusterId' in placement ? { stored: placement.clusterId } : refOf[placement.sameAs]!;
    if (ref === null) {
      const since = publishedAt.getTime() - CANDIDATE_WINDOW_HOURS * HOUR_MS;
      // Clusters the batch started are the most recent under a term; then the stored ones.
      // Numbers stand for both while ranking: a stored cluster's id, or -(1 + k) for item k's.
      const candidates = rankCandidates(analysis.lookupTerms, (term, tally, room) => {
        const order = batchByTerm.get(term)?.order;
        let added = 0;
        if (order) for (let n = order.length - 1; n >= 0 && added < room; n--, added++) tally.add(-1 - order[n]!);
        return added + recent.tallyUnder(term, since, tally, room - added);
      }).map((n): ClusterRef => (n < 0 ? { leader: -1 - n } : { stored: n }));
      const scored = candidates.flatMap((candidate) => {
        const profile = profileOf(candidate);
        if (!profile || profile.lastPublishedAt.getTime() < since) return [];
        return [{ clusterId: candidate, score: clusterSimilarity(analysis.vectors, publishedAt, profile) }];
      });
      ref = chooseCluster(scored);
      if (ref !== null) placements[k] = 'stored' in ref ? { clusterId: ref.stored } : { sameAs: ref.leader };
    }
    ref ??= { leader: k };
    const before = profileOf(ref);
    const profile = before ? joinProfile(before, analysis.vectors, publishedAt) : startProfile(analysis.vectors, publishedAt);
    touched.set(keyOf(ref), { ref, profile });
    refOf[k] = ref;
    if ('leader' in ref) {
      for (const term of clusterIndexTerms(profile)) {
        let under = batchByTerm.get(term);
        if (!under) batchByTerm.set(term, (under = { leaders: new Set(), order: [] }));
        if (under.leaders.has(ref.leader)) continue;
        under.leaders.add(ref.leader);
        under.order.push(ref.leader);
      }
    }
  }
  return touched;
}
