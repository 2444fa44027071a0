import { findClusterProfiles, findClustersByTerms, type Database, type Transaction } from '@newswatch/db';
import { chooseCluster } from './assign-story';
import { joinProfile, profileFromStored, startProfile, type ClusterProfile } from './cluster-profile';
import { clusterSimilarity } from './cluster-similarity';
import type { Placement } from './existing-clusters';
import { CANDIDATE_WINDOW_HOURS, clusterIndexTerms } from './rare-terms';
import type { StoryAnalysis } from './story-analysis';

/** Clusters read per lookup term at most, the most recent first: a common term must not read hundreds. */
const CLUSTERS_PER_TERM = 40;
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
  const joined = placements.flatMap((p) => (p !== null && 'clusterId' in p ? [p.clusterId] : []));
  const stored = await findClusterProfiles(trx, [...found.map((f) => f.clusterId), ...joined]);

  const touched: TouchedProfiles = new Map();
  const profileOf = (ref: ClusterRef): ClusterProfile | undefined => {
    const own = touched.get(keyOf(ref));
    if (own) return own.profile;
    const row = 'stored' in ref ? stored.get(ref.stored) : undefined;
    return row && profileFromStored(row);
  };
  const batchByTerm = new Map<string, Set<number>>();
  const refOf: ClusterRef[] = [];

  for (const [k, { publishedAt, analysis }] of batch.entries()) {
    const placement = placements[k]!;
    let ref: ClusterRef | null = placement === null ? null : 'clusterId' in placement ? { stored: placement.clusterId } : refOf[placement.sameAs]!;
    if (ref === null) {
      const since = publishedAt.getTime() - CANDIDATE_WINDOW_HOURS * HOUR_MS;
      const candidates = new Map<string, ClusterRef>();
      for (const term of analysis.lookupTerms) {
        for (const id of storedByTerm.get(term) ?? []) candidates.set(keyOf({ stored: id }), { stored: id });
        for (const leader of batchByTerm.get(term) ?? []) candidates.set(keyOf({ leader }), { leader });
      }
      const scored = [...candidates.values()].flatMap((candidate) => {
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
