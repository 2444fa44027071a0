import { findClusterProfiles, findClustersByTerms, type Database, type Transaction } from '@newswatch/db';
import { chooseCluster } from './assign-story';
import { joinProfile, profileFromStored, startProfile, type ClusterProfile } from './cluster-profile';
import { clusterSimilarity } from './cluster-similarity';
import type { Placement } from './existing-clusters';
import { CANDIDATE_WINDOW_HOURS, CLUSTERS_PER_TERM, clusterIndexTerms, rankCandidates } from './rare-terms';
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
 * batch — or leads a new one (see assign-story.ts). Candidates come from the rare-term index,
 * never a scan. Items are taken in the batch's order, each seeing the clusters the earlier
 * ones grew, so a batch clusters as the same items stored one by one would. Returns the
 * placements completed and every touched cluster's new profile.
 */
export async function placeBySimilarity(
  trx: Transaction<Database>,
  batch: readonly { publishedAt: Date; analysis: StoryAnalysis }[],
  placements: Placement[],
): Promise<TouchedProfiles> {
  const unplaced = batch.map((_, k) => k).filter((k) => placements[k] === null);
  const earliest = Math.min(...batch.map((b) => b.publishedAt.getTime()));
  const found = await findClustersByTerms(
    trx,
    [...new Set(unplaced.flatMap((k) => batch[k]!.analysis.lookupTerms))],
    new Date(earliest - CANDIDATE_WINDOW_HOURS * HOUR_MS),
    CLUSTERS_PER_TERM,
  );
  const storedByTerm = new Map<string, number[]>();
  for (const { clusterId, term } of found) storedByTerm.set(term, [...(storedByTerm.get(term) ?? []), clusterId]);
  // Profiles are read for the stored clusters some item may be compared with, not for all found.
  const likely = unplaced.flatMap((k) => rankCandidates(batch[k]!.analysis.lookupTerms, (term) => storedByTerm.get(term) ?? [], String));
  const joined = placements.flatMap((p) => (p !== null && 'clusterId' in p ? [p.clusterId] : []));
  const stored = await findClusterProfiles(trx, [...likely, ...joined]);

  const touched: TouchedProfiles = new Map();
  const parsed = new Map<number, ClusterProfile>();
  const profileOf = (ref: ClusterRef): ClusterProfile | undefined => {
    const own = touched.get(keyOf(ref));
    if (own) return own.profile;
    if (!('stored' in ref)) return undefined;
    let profile = parsed.get(ref.stored);
    const row = stored.get(ref.stored);
    if (!profile && row) parsed.set(ref.stored, (profile = profileFromStored(row)));
    return profile;
  };
  const batchByTerm = new Map<string, Set<number>>();
  const refOf: ClusterRef[] = [];

  for (const [k, { publishedAt, analysis }] of batch.entries()) {
    const placement = placements[k]!;
    let ref: ClusterRef | null = placement === null ? null : 'clusterId' in placement ? { stored: placement.clusterId } : refOf[placement.sameAs]!;
    if (ref === null) {
      const since = publishedAt.getTime() - CANDIDATE_WINDOW_HOURS * HOUR_MS;
      // Clusters the batch started are the most recent under a term; then the stored ones.
      const candidates = rankCandidates<ClusterRef>(
        analysis.lookupTerms,
        (term) => [
          ...[...(batchByTerm.get(term) ?? [])].reverse().map((leader) => ({ leader })),
          ...(storedByTerm.get(term) ?? []).map((id) => ({ stored: id })),
        ],
        keyOf,
      );
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
    if ('leader' in ref) for (const term of clusterIndexTerms(profile)) batchByTerm.set(term, (batchByTerm.get(term) ?? new Set()).add(ref.leader));
  }
  return touched;
}
