import {
  findStoryKeys,
  insertMatches,
  insertStory,
  updateStory,
  upsertMatches,
  type Database,
  type Feed,
  type Kysely,
} from '@newswatch/db';
import { assignCluster } from '../cluster/assign-cluster';
import type { NormalizedItem } from '../normalize/normalize-item';
import { enqueueForGrownCluster, enqueueInstantAlerts } from './enqueue-alerts';
import type { WatchMatcher } from './watch-matcher';

export interface StoreResult {
  inserted: number;
  updated: number;
  matched: number;
  deliveriesEnqueued: number;
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
 */
export async function storeItems(
  db: Kysely<Database>,
  feed: Feed,
  items: NormalizedItem[],
  matcher: WatchMatcher,
  publicUrl: string | null,
): Promise<StoreResult> {
  const result: StoreResult = { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };
  if (items.length === 0) return result;
  // One item per key: feeds do repeat guids.
  const unique = [...new Map(items.map((i) => [i.dedupeKey, i])).values()];
  await db.transaction().execute(async (trx) => {
    const known = await findStoryKeys(trx, feed.id, unique.map((i) => i.dedupeKey));
    for (const item of unique) {
      const existing = known.get(item.dedupeKey);
      if (existing) {
        if (existing.contentHash === item.contentHash) continue;
        await updateStory(trx, existing.id, {
          title: item.title,
          summary_text: item.summaryText,
          content_html: item.contentHtml,
          content_text: item.contentText,
          author: item.author,
          content_hash: item.contentHash,
        });
        await upsertMatches(trx, matcher.match(matchDoc(item, feed)).map((h) => ({ story_id: existing.id, watch_id: h.watchId, spans: h.spans })));
        result.updated++;
        continue;
      }
      const story = await insertStory(trx, {
        feed_id: feed.id,
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
      });
      if (!story) continue;
      result.inserted++;
      const hits = matcher.match(matchDoc(item, feed));
      const cluster = await assignCluster(trx, story);
      if (hits.length > 0) {
        result.matched++;
        await insertMatches(trx, hits.map((h) => ({ story_id: story.id, watch_id: h.watchId, spans: h.spans })));
        result.deliveriesEnqueued += await enqueueInstantAlerts(trx, { ...story, cluster_id: cluster.id }, feed.title, cluster, hits, (id) => matcher.watchName(id), publicUrl);
      }
      if (cluster.sources_count > 1) result.deliveriesEnqueued += await enqueueForGrownCluster(trx, cluster, publicUrl);
    }
  });
  return result;
}
