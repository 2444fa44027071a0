import { findFeedsByIds, takeOldestBacklogItems, type BacklogItem, type Database, type Transaction } from '@newswatch/db';
import type { NormalizedItem } from '../normalize/normalize-item';
import type { FeedStoreContext } from './feed-store';
import { inPlacingTransaction, type FreshItem, type LockTurn, type StoreJob, type StoreResult } from './store-items';

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
 * Two transactions run at once, and take the cluster locks in the order they took their items
 * (`LockTurns`): the later chunk is read and weighed while the earlier one is placed, and
 * placed after it.
 */
export async function placeBacklog(ctx: FeedStoreContext): Promise<StoreResult> {
  const total: StoreResult = { inserted: 0, updated: 0, matched: 0, deliveriesEnqueued: 0 };
  const turns = new LockTurns();
  const placer = async () => {
    for (;;) {
      let taken = 0;
      await inPlacingTransaction(ctx.db, ctx.matcher, ctx.alerts, async (trx, place) => {
        const { waiting, turn } = await turns.take(trx);
        try {
          taken = waiting.length;
          if (taken > 0) add(total, await placeItems(trx, waiting, place, turn));
        } finally {
          turn.locked();
        }
      });
      if (taken < ITEMS_PER_TRANSACTION) return;
    }
  };
  await Promise.all(Array.from({ length: PLACERS }, placer));
  return total;
}

/** Stores `waiting` as the stories of their feeds, in the order given. */
async function placeItems(
  trx: Transaction<Database>,
  waiting: readonly BacklogItem[],
  place: (jobs: readonly StoreJob[], fresh: FreshItem[], results: StoreResult[], turn: LockTurn) => Promise<void>,
  turn: LockTurn,
): Promise<StoreResult[]> {
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
  if (fresh.length > 0) await place(jobs, fresh, results, turn);
  return results;
}

/**
 * This process's placers take their items one after another — each taking the oldest not yet
 * taken — and the cluster locks in that same order: each turn is ready once the previous
 * taker holds its locks (or gave up).
 */
class LockTurns {
  #taking: Promise<void> = Promise.resolve();
  #lastLocked: Promise<void> = Promise.resolve();

  async take(trx: Transaction<Database>): Promise<{ waiting: BacklogItem[]; turn: LockTurn }> {
    const before = this.#taking;
    let taken!: () => void;
    this.#taking = new Promise((resolve) => (taken = resolve));
    await before;
    try {
      const waiting = await takeOldestBacklogItems(trx, ITEMS_PER_TRANSACTION);
      const ready = this.#lastLocked;
      let locked!: () => void;
      this.#lastLocked = new Promise((resolve) => (locked = resolve));
      return { waiting, turn: { ready, locked } };
    } finally {
      taken();
    }
  }
}

function add(total: StoreResult, results: readonly StoreResult[]): void {
  for (const result of results) {
    total.inserted += result.inserted;
    total.matched += result.matched;
    total.deliveriesEnqueued += result.deliveriesEnqueued;
  }
}

/** The item as it was read, from its JSON (dates come back as text). */
function itemOf(waiting: BacklogItem): NormalizedItem {
  const item = waiting.item as Omit<NormalizedItem, 'publishedAt'>;
  return { ...item, publishedAt: waiting.published_at };
}
