import { findFeedsByIds, takeOldestBacklogItems, type BacklogItem } from '@newswatch/db';
import type { NormalizedItem } from '../normalize/normalize-item';
import type { FeedStoreContext } from './feed-store';
import { inPlacingTransaction, type FreshItem, type StoreJob, type StoreResult } from './store-items';

/** Backlog items placed per transaction: as many as one stored batch of polled feeds at most. */
const ITEMS_PER_TRANSACTION = 1000;

/**
 * Places every first-poll item waiting in the backlog, oldest first, in transactions of a
 * thousand: each is inserted as a story into its cluster, matched and alerted, as a polled
 * item is (`storeItemsOfFeeds`). A poll cycle calls it once it has read all its feeds.
 *
 * Why not at once, as polled: a first poll brings days of a feed's items together, feed after
 * feed, in whatever order the feeds answer. Placed in that order, a story recalling an earlier
 * event (the Kremlin announcing a summit "after the launch") can join that event's cluster
 * before its own event has one, and the summit's later stories follow it there: two events in
 * one card and one alert. Placed in publication order, the backlog clusters as news placed as
 * it happens does (docs/clustering.md, "Arrival order: a first poll").
 */
export async function placeBacklog(ctx: FeedStoreContext): Promise<StoreResult> {
  const total: StoreResult = { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };
  for (;;) {
    let taken = 0;
    await inPlacingTransaction(ctx.db, ctx.matcher, ctx.alerts, async (trx, place) => {
      const waiting = await takeOldestBacklogItems(trx, ITEMS_PER_TRANSACTION);
      taken = waiting.length;
      if (taken === 0) return;
      // Items of a feed deleted since are gone with it (the foreign key cascades).
      const feeds = await findFeedsByIds(
        trx,
        waiting.map((w) => w.feed_id),
      );
      const jobs: StoreJob[] = feeds.map((feed) => ({ feed, items: [] }));
      const jobOfFeed = new Map(feeds.map((feed, n) => [feed.id, n]));
      const fresh = waiting.flatMap((w): FreshItem[] => {
        const job = jobOfFeed.get(w.feed_id);
        return job === undefined ? [] : [{ job, item: itemOf(w) }];
      });
      const results = jobs.map((): StoreResult => ({ inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 }));
      await place(jobs, fresh, results);
      for (const result of results) {
        total.inserted += result.inserted;
        total.matched += result.matched;
        total.deliveriesEnqueued += result.deliveriesEnqueued;
      }
    });
    if (taken < ITEMS_PER_TRANSACTION) return total;
  }
}

/** The item as it was read, from its JSON (dates come back as text). */
function itemOf(waiting: BacklogItem): NormalizedItem {
  const item = waiting.item as Omit<NormalizedItem, 'publishedAt'>;
  return { ...item, publishedAt: waiting.published_at };
}
