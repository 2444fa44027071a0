import {
  dropBacklogItemsOfFeed,
  findFeedTitles,
  hasBacklogItems,
  hasOneConnection,
  unlockAllForSession,
  takeBacklogItemsOfFeed,
  takeOldestBacklogItems,
  updateFeed,
  type BacklogItem,
  type Database,
  type Kysely,
  type Transaction,
} from '@newswatch/db';
import type { NormalizedItem } from '../normalize/normalize-item';
import type { FeedStoreContext } from './feed-store';
import { PlacementTurns, type LockTurn } from './placement-turns';
import { addStoreResult, emptyStoreResult, inPlacingTransaction, type FreshItem, type PlaceFresh, type StoreJob, type StoreResult } from './store-items';

/** Backlog items placed per transaction: as many as one stored batch of polled feeds at most. */
const ITEMS_PER_TRANSACTION = 1000;
/** Transactions placing at once: one analyzes its items while the other holds the locks. */
const PLACERS = 2;

/**
 * Places every first-poll item waiting in the backlog, oldest first, in transactions of a
 * thousand: each is inserted as a story into its cluster, matched and alerted, as a polled
 * item is (`storeItemsOfFeeds`). A poll cycle calls it once first polls stop coming.
 *
 * Why not at once, as polled: a first poll brings days of a feed's items together, feed after
 * feed, in whatever order the feeds answer. Placed in that order, a story recalling an earlier
 * event (the Kremlin announcing a summit "after the launch") can join that event's cluster
 * before its own event has one, and the summit's later stories follow it there: two events in
 * one card and one alert. Placed in publication order, the backlog clusters as news placed as
 * it happens does (docs/clustering.md, "Arrival order: a first poll").
 *
 * Two transactions run at once, and take their turns at the cluster locks in the order they
 * took their items (`PlacementTurns`): the later chunk is read and weighed while the earlier
 * one is placed, decided while the earlier one writes its stories, and written after it.
 */
export async function placeBacklog(ctx: FeedStoreContext, stopping?: AbortSignal): Promise<StoreResult> {
  const total = emptyStoreResult();
  if (!(await hasBacklogItems(ctx.db))) return total;
  for (;;) {
    const refused = await placeInChunks(ctx, total, stopping);
    if (refused.size === 0 || stopping?.aborted) return total;
    // A chunk the database refused went back to the backlog whole: its feeds are placed one by
    // one, so an item that cannot be stored costs its own feed's first poll, not everyone's.
    for (const feedId of refused) await placeFeedAlone(ctx, feedId, total);
  }
}

/**
 * Places the backlog a thousand items a transaction until it is empty or a transaction fails;
 * returns the feeds of the items of failed transactions (back in the backlog). On PostgreSQL
 * the chain's cluster locks are held by a connection of its own (`PlacementTurns`). Takes no
 * more once `stopping` is aborted (the process is stopping: what waits stays for the next cycle).
 */
async function placeInChunks(ctx: FeedStoreContext, total: StoreResult, stopping: AbortSignal | undefined): Promise<Set<number>> {
  if (hasOneConnection(ctx.db)) return placeInTurns(ctx, new PlacementTurns(null), total, stopping);
  return ctx.db.connection().execute(async (session: Kysely<Database>) => {
    try {
      return await placeInTurns(ctx, new PlacementTurns(session), total, stopping);
    } finally {
      await unlockAllForSession(session);
    }
  });
}

/** `placeInChunks` with the turns given: two placers taking a thousand items a transaction. */
async function placeInTurns(ctx: FeedStoreContext, turns: PlacementTurns, total: StoreResult, stopping: AbortSignal | undefined): Promise<Set<number>> {
  const refused = new Set<number>();
  const placer = async () => {
    for (;;) {
      if (stopping?.aborted) return;
      let taken: BacklogItem[] = [];
      let results: StoreResult[] = [];
      let turn: LockTurn | undefined;
      let committed = false;
      try {
        await inPlacingTransaction(ctx.db, ctx.matcher, ctx.alerts, async (trx, place) => {
          ({ taken, turn } = await turns.take(() => takeOldestBacklogItems(trx, ITEMS_PER_TRANSACTION)));
          if (taken.length > 0) results = await placeItems(trx, taken, place, turn);
        });
        committed = true;
      } catch (error) {
        if (taken.length === 0) throw error;
        for (const item of taken) refused.add(item.feed_id);
        // Taking again would take the same items again.
        return;
      } finally {
        if (turn) await turns.finish(turn, committed);
      }
      add(total, results);
      if (taken.length < ITEMS_PER_TRANSACTION) return;
    }
  };
  await Promise.all(Array.from({ length: PLACERS }, placer));
  return refused;
}

/**
 * Places one feed's waiting items on their own; when the database refuses them twice, drops
 * them and forgets the feed's validators, so its next poll reads them again (a 200, not a
 * 304) and stores them as any poll's items, a failure there recorded on the feed's row.
 */
async function placeFeedAlone(ctx: FeedStoreContext, feedId: number, total: StoreResult): Promise<void> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    let results: StoreResult[] = [];
    try {
      await inPlacingTransaction(ctx.db, ctx.matcher, ctx.alerts, async (trx, place) => {
        const waiting = await takeBacklogItemsOfFeed(trx, feedId);
        if (waiting.length > 0) results = await placeItems(trx, waiting, place);
      });
      add(total, results);
      return;
    } catch (error) {
      lastError = error;
    }
  }
  const dropped = await dropBacklogItemsOfFeed(ctx.db, feedId);
  await updateFeed(ctx.db, feedId, { etag: null, last_modified: null });
  ctx.logger?.error({ feed_id: feedId, items: dropped, err: lastError }, "A first poll's items could not be stored; the feed's next poll reads them again");
}

/** Stores `waiting` as the stories of their feeds, in the order given. */
async function placeItems(trx: Transaction<Database>, waiting: readonly BacklogItem[], place: PlaceFresh, turn?: LockTurn): Promise<StoreResult[]> {
  // Items of a feed deleted since are gone with it (the foreign key cascades).
  const feeds = await findFeedTitles(
    trx,
    waiting.map((w) => w.feed_id),
  );
  const jobs: StoreJob[] = feeds.map((feed) => ({ feed, items: [] }));
  const jobOfFeed = new Map(feeds.map((feed, n) => [feed.id, n]));
  const fresh = waiting.flatMap((w): FreshItem[] => {
    const job = jobOfFeed.get(w.feed_id);
    return job === undefined ? [] : [{ job, item: itemOf(w) }];
  });
  const results = jobs.map(emptyStoreResult);
  if (fresh.length > 0) await place(jobs, fresh, results, turn);
  return results;
}

function add(total: StoreResult, results: readonly StoreResult[]): void {
  for (const result of results) addStoreResult(total, result);
}

/** The item as it was read, from its JSON (dates come back as text). */
function itemOf(waiting: BacklogItem): NormalizedItem {
  const item = waiting.item as Omit<NormalizedItem, 'publishedAt'>;
  return { ...item, publishedAt: waiting.published_at };
}
