import {
  createClustersFor,
  deleteClusters,
  findStoryKeys,
  insertMatches,
  insertStories,
  refreshClustersCounts,
  releaseFeedLease,
  reserveStoryIds,
  updateStory,
  upsertMatches,
  type Cluster,
  type Database,
  type Feed,
  type FeedUpdate,
  type Kysely,
  type NewStory,
  type Transaction,
} from '@newswatch/db';
import { findExistingClusters } from '../cluster/existing-clusters';
import type { NormalizedItem } from '../normalize/normalize-item';
import { enqueueForGrownCluster, enqueueInstantAlerts } from './enqueue-alerts';
import type { WatchHit, WatchMatcher } from './watch-matcher';

export interface StoreResult {
  inserted: number;
  updated: number;
  matched: number;
  deliveriesEnqueued: number;
}

export interface StoreOptions {
  /** Ends the poll's lease with this outcome in the same transaction (one commit per feed). */
  release?: { owner: string; update: FeedUpdate };
}

function matchDoc(item: NormalizedItem, feed: Feed) {
  return {
    title: item.title,
    summary: item.summaryText,
    content: item.contentText,
    author: item.author ?? undefined,
    source: feed.title ?? undefined,
    url: item.url ?? undefined,
    lang: item.language ?? undefined,
  };
}

/**
 * Stores a feed's items: new ones are inserted, clustered, matched and given their outbox
 * rows; changed ones are refreshed and re-matched (no second alert: the outbox key is per
 * rule and cluster). All in one transaction, so a crash leaves either everything or nothing.
 *
 * Set-at-a-time: whatever the number of new items, a feed costs about six statements (keys,
 * stories, clusters found, clusters created, cluster links, matches) — per-item round trips
 * were what made a 5,000-feed cycle slow, and PGlite runs one statement at a time.
 * Polling and WebSub pushes both come through here; the unique (feed, key) constraint makes a
 * poll and a push racing on the same item store it once.
 */
export async function storeItems(
  db: Kysely<Database>,
  feed: Feed,
  items: NormalizedItem[],
  matcher: WatchMatcher,
  publicUrl: string | null,
  options: StoreOptions = {},
): Promise<StoreResult> {
  const result: StoreResult = { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };
  // One item per key: feeds do repeat guids.
  const unique = [...new Map(items.map((i) => [i.dedupeKey, i])).values()];
  const known = await findStoryKeys(db, feed.id, unique.map((i) => i.dedupeKey));
  const fresh = unique.filter((i) => !known.has(i.dedupeKey));
  const changed = unique.filter((i) => {
    const existing = known.get(i.dedupeKey);
    return existing !== undefined && existing.contentHash !== i.contentHash;
  });
  const release = options.release;
  if (fresh.length === 0 && changed.length === 0) {
    if (release) await releaseFeedLease(db, feed.id, release.owner, release.update);
    return result;
  }

  await matcher.refresh();
  await db.transaction().execute(async (trx) => {
    for (const item of changed) {
      const id = known.get(item.dedupeKey)!.id;
      await updateStory(trx, id, {
        title: item.title,
        summary_text: item.summaryText,
        content_html: item.contentHtml,
        content_text: item.contentText,
        author: item.author,
        content_hash: item.contentHash,
      });
      await upsertMatches(trx, matcher.match(matchDoc(item, feed)).map((h) => ({ story_id: id, watch_id: h.watchId, spans: h.spans })));
      result.updated++;
    }
    if (fresh.length > 0) Object.assign(result, await insertFresh(trx, feed, fresh, matcher, publicUrl, result.updated));
    if (release) await releaseFeedLease(trx, feed.id, release.owner, release.update);
  });
  return result;
}

async function insertFresh(
  trx: Transaction<Database>,
  feed: Feed,
  fresh: NormalizedItem[],
  matcher: WatchMatcher,
  publicUrl: string | null,
  updated: number,
): Promise<StoreResult> {
  const result: StoreResult = { inserted: 0, updated, matched: 0, deliveriesEnqueued: 0 };
  const byKey = new Map(fresh.map((i) => [i.dedupeKey, i]));

  // Clusters first, so each story is inserted once, already in its cluster: one found for
  // the same article from another outlet, else a new one the story leads.
  const ids = await reserveStoryIds(trx, fresh.length);
  const { clusterIds: existing, fingerprints } = await findExistingClusters(trx, feed.id, fresh);
  const leadIds = ids.filter((_, k) => existing[k] === null);
  const created = await createClustersFor(trx, leadIds);
  const createdFor = new Map(created.map((c) => [c.representative_story_id!, c]));
  const planned = fresh.map((item, k) => ({
    ...newStory(feed.id, item),
    id: ids[k]!,
    cluster_id: createdFor.get(ids[k]!)?.id ?? existing[k]!,
    near_duplicate_bands: fingerprints[k]?.bands ?? null,
    near_duplicate_keys: fingerprints[k]?.keys ?? null,
  }));

  const stories = await insertStories(trx, planned);
  result.inserted = stories.length;
  const storedIds = new Set(stories.map((story) => story.id));
  // A racing poll or push stored some of these first: their clusters lead nothing.
  await deleteClusters(trx, created.filter((c) => !storedIds.has(c.representative_story_id!)).map((c) => c.id));
  if (stories.length === 0) return result;
  const grown = await refreshClustersCounts(trx, [...new Set(stories.filter((s) => !createdFor.has(s.id)).map((s) => s.cluster_id!))]);
  const clusters = new Map<number, Cluster>([...created, ...grown].map((c) => [c.id, c]));

  const hitsByStory = new Map<number, WatchHit[]>();
  for (const story of stories) {
    const hits = matcher.match(matchDoc(byKey.get(story.dedupe_key)!, feed));
    if (hits.length > 0) hitsByStory.set(story.id, hits);
  }
  await insertMatches(
    trx,
    [...hitsByStory].flatMap(([storyId, hits]) => hits.map((h) => ({ story_id: storyId, watch_id: h.watchId, spans: h.spans }))),
  );
  for (const story of stories) {
    const hits = hitsByStory.get(story.id);
    if (!hits) continue;
    result.matched++;
    const cluster = clusters.get(story.cluster_id!)!;
    result.deliveriesEnqueued += await enqueueInstantAlerts(
      trx,
      { ...story, cluster_id: cluster.id },
      feed.title,
      cluster,
      hits,
      (id) => matcher.watchName(id),
      publicUrl,
    );
  }
  // A copy from another outlet may satisfy rules waiting for `minSources`, even unmatched itself.
  for (const cluster of grown) {
    if (cluster.sources_count > 1) result.deliveriesEnqueued += await enqueueForGrownCluster(trx, cluster, publicUrl);
  }
  return result;
}

function newStory(feedId: number, item: NormalizedItem): NewStory {
  return {
    feed_id: feedId,
    dedupe_key: item.dedupeKey,
    guid: item.guid,
    url: item.url,
    canonical_url: item.canonicalUrl,
    title: item.title,
    summary_text: item.summaryText,
    content_html: item.contentHtml,
    content_text: item.contentText,
    author: item.author,
    language: item.language,
    published_at: item.publishedAt,
    content_hash: item.contentHash,
    cluster_id: null,
  };
}
