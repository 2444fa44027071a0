import { findClustersByCanonicalUrls, findClustersByNearDuplicate, type Database, type Transaction } from '@newswatch/db';
import type { NormalizedItem } from '../normalize/normalize-item';
import { NEAR_DUPLICATE_MAX_BITS, nearDuplicateBands, nearDuplicateDistance, nearDuplicateKeys } from './near-duplicate';

/** Copies of one article arrive within hours of each other; older stories are not searched. */
const NEAR_DUPLICATE_WINDOW_HOURS = 48;

export interface Fingerprint {
  bands: number[];
  keys: number[];
}

export interface ClusterPlacement {
  /** Per item: the cluster of the same article from another feed, or null (it leads its own). */
  clusterIds: (number | null)[];
  /** Per item: its near-duplicate fingerprint to store, or null when too short to have one. */
  fingerprints: (Fingerprint | null)[];
}

/**
 * Which existing cluster each new item of `feedId` joins: the same article from another
 * outlet, found by canonical URL, else by a near-identical title and lede (another URL for
 * the same wire copy).
 */
export async function findExistingClusters(trx: Transaction<Database>, feedId: number, items: readonly NormalizedItem[]): Promise<ClusterPlacement> {
  const fingerprints = items.map((item): Fingerprint | null => {
    const bands = nearDuplicateBands(item.title, item.summaryText || item.contentText);
    return bands && { bands, keys: nearDuplicateKeys(bands) };
  });
  const urls = [...new Set(items.map((i) => i.canonicalUrl).filter((u): u is string => u !== null))];
  const byUrl = await findClustersByCanonicalUrls(trx, urls, feedId);
  const clusterIds = items.map((item) => (item.canonicalUrl ? (byUrl.get(item.canonicalUrl) ?? null) : null));
  const unplaced = items.map((_, k) => k).filter((k) => clusterIds[k] === null && fingerprints[k] !== null);
  const similar = await findClustersByNearDuplicate(
    trx,
    unplaced.map((k) => fingerprints[k]!),
    feedId,
    { maxBits: NEAR_DUPLICATE_MAX_BITS, withinHours: NEAR_DUPLICATE_WINDOW_HOURS, distance: nearDuplicateDistance },
  );
  unplaced.forEach((k, i) => (clusterIds[k] = similar[i] ?? null));
  return { clusterIds, fingerprints };
}
