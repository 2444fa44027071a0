import {
  findClustersByCanonicalUrls,
  findClustersByNearDuplicate,
  type ClusterCandidate,
  type Database,
  type Transaction,
  type UncommittedStory,
} from '@newswatch/db';
import type { NormalizedItem } from '../normalize/normalize-item';
import { NEAR_DUPLICATE_MAX_BITS, nearDuplicateBands, nearDuplicateDistance, nearDuplicateKeys } from './near-duplicate';

/** Copies of one article arrive within hours of each other; older stories are not searched. */
const NEAR_DUPLICATE_WINDOW_HOURS = 48;

export interface Fingerprint {
  bands: number[];
  keys: number[];
}

/** A new item to place, the feed it came from, and its near-duplicate fingerprint ({@link fingerprintOf}). */
export interface PlacementItem {
  feedId: number;
  item: NormalizedItem;
  fingerprint: Fingerprint | null;
}

/** An item's near-duplicate fingerprint, or null when its text is too short to have one. */
export function fingerprintOf(item: NormalizedItem): Fingerprint | null {
  const bands = nearDuplicateBands(item.title, item.summaryText || item.contentText);
  return bands && { bands, keys: nearDuplicateKeys(bands) };
}

/**
 * Where a new item goes: a stored cluster (`clusterId`), the cluster of an earlier item of the
 * same batch (`sameAs`, its index), or null: it leads a cluster of its own.
 */
export type Placement = { clusterId: number } | { sameAs: number } | null;

/**
 * Which cluster each new item joins: the same article from another outlet, found by canonical
 * URL, else by a near-identical title and lede (another URL for the same wire copy). Stored
 * stories are searched first, then the batch's earlier items — feeds stored together must
 * group their copies exactly as feeds stored one after the other would. `uncommitted` stories
 * (placed by this process in transactions that have not committed yet) count as stored.
 */
export async function placeInClusters(
  trx: Transaction<Database>,
  batch: readonly PlacementItem[],
  uncommitted: readonly UncommittedStory[] = [],
): Promise<Placement[]> {
  const fingerprints = batch.map((b) => b.fingerprint);
  const placements: Placement[] = batch.map(() => null);

  const urls = [...new Set(batch.map(({ item }) => item.canonicalUrl).filter((u): u is string => u !== null))];
  const storedByUrl = withUncommittedUrls(await findClustersByCanonicalUrls(trx, urls), new Set(urls), uncommitted);
  const earlierByUrl = new Map<string, number[]>();
  batch.forEach(({ feedId, item }, k) => {
    const url = item.canonicalUrl;
    if (url === null) return;
    const stored = storedByUrl.get(url)?.find((c) => c.feedId !== feedId);
    const earlier = earlierByUrl.get(url)?.find((j) => batch[j]!.feedId !== feedId);
    if (stored) placements[k] = { clusterId: stored.clusterId };
    else if (earlier !== undefined) placements[k] = { sameAs: earlier };
    append(earlierByUrl, url, k);
  });

  const unplaced = batch.map((_, k) => k).filter((k) => placements[k] === null && fingerprints[k] !== null);
  const similar = await findClustersByNearDuplicate(
    trx,
    unplaced.map((k) => ({ feedId: batch[k]!.feedId, ...fingerprints[k]! })),
    { maxBits: NEAR_DUPLICATE_MAX_BITS, withinHours: NEAR_DUPLICATE_WINDOW_HOURS, distance: nearDuplicateDistance },
    uncommitted,
  );
  const storedSimilar = new Map(unplaced.map((k, i) => [k, similar[i] ?? null]));
  const earlierByKey = new Map<number, number[]>();
  for (const k of batch.keys()) {
    const stored = storedSimilar.get(k);
    if (stored != null) placements[k] = { clusterId: stored };
    else if (stored === null) {
      const earlier = closestEarlier(k, batch, fingerprints, earlierByKey);
      if (earlier !== null) placements[k] = { sameAs: earlier };
    }
    for (const key of fingerprints[k]?.keys ?? []) append(earlierByKey, key, k);
  }
  return placements;
}

/**
 * The stored stories' clusters by URL, with the uncommitted stories' after them (placed
 * later): each feed's earliest only, as the lookup gives them.
 */
function withUncommittedUrls(
  stored: Map<string, ClusterCandidate[]>,
  urls: ReadonlySet<string>,
  uncommitted: readonly UncommittedStory[],
): Map<string, ClusterCandidate[]> {
  for (const story of [...uncommitted].sort((a, b) => a.id - b.id)) {
    if (story.canonicalUrl === null || !urls.has(story.canonicalUrl)) continue;
    const list = stored.get(story.canonicalUrl) ?? [];
    if (!list.some((c) => c.feedId === story.feedId)) list.push({ feedId: story.feedId, clusterId: story.clusterId });
    stored.set(story.canonicalUrl, list);
  }
  return stored;
}

function append<K>(lists: Map<K, number[]>, key: K, index: number): void {
  const list = lists.get(key);
  if (list) list.push(index);
  else lists.set(key, [index]);
}

/** The batch's earlier item from another feed nearest to item `k` (sharing a lookup key, within the bound). */
function closestEarlier(
  k: number,
  batch: readonly PlacementItem[],
  fingerprints: readonly (Fingerprint | null)[],
  earlierByKey: Map<number, number[]>,
): number | null {
  const own = fingerprints[k]!;
  let best: { index: number; bits: number } | null = null;
  for (const key of own.keys) {
    for (const j of earlierByKey.get(key) ?? []) {
      if (batch[j]!.feedId === batch[k]!.feedId) continue;
      const bits = nearDuplicateDistance(own.bands, fingerprints[j]!.bands);
      if (bits <= NEAR_DUPLICATE_MAX_BITS && (best === null || bits < best.bits || (bits === best.bits && j < best.index))) best = { index: j, bits };
    }
  }
  return best?.index ?? null;
}
