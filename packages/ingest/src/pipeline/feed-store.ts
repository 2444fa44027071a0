import { releaseFeedLease, type AlertComposer, type Database, type Feed, type Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import { healthyPollFields } from './healthy-poll';
import { NotModifiedBatch } from './not-modified-batch';
import { BacklogPlacer } from './backlog-placer';
import { isFirstPoll } from './first-poll';
import { StoreBatch } from './store-batch';
import { storeItemsOfFeeds, type StoreJob, type StoreResult } from './store-items';
import type { WatchMatcher } from './watch-matcher';

/** A poll's items to store, with the polled feed's whole row: whether it is a first poll decides where they go. */
export type PolledJob = StoreJob & { feed: Feed };

/**
 * Where `refreshFeed` writes a poll that got an answer: the items of a 200 (clustered, matched,
 * their outbox rows, and the lease's end, in one commit) and the lease's end of a 304. A poll
 * is finished only once its promise settles, whichever store it went to.
 */
export interface FeedStore {
  /** Stores one feed's items and ends its lease with `job.release`. */
  store(job: PolledJob): Promise<StoreResult>;
  /** Ends feed `feedId`'s lease as a healthy 304, next due at `nextPollAt`. */
  releaseNotModified(feedId: number, nextPollAt: Date): Promise<void>;
}

/** What a feed store writes with: the database, the lease owner, the watches, the alerts' wording. */
export interface FeedStoreContext {
  db: Kysely<Database>;
  owner: string;
  matcher: WatchMatcher;
  alerts: AlertComposer;
  /** Where a first poll whose items could not be stored is reported (place-backlog.ts). */
  logger?: Logger;
}

/** Each poll written on its own: a transaction per stored feed, a statement per 304. */
export function directFeedStore(ctx: FeedStoreContext): FeedStore {
  return {
    store: async (job) => (await storeItemsOfFeeds(ctx.db, [job], ctx.matcher, ctx.alerts))[0]!,
    releaseNotModified: async (feedId, nextPollAt) => {
      await releaseFeedLease(ctx.db, feedId, ctx.owner, { ...healthyPollFields(304), next_poll_at: nextPollAt });
    },
  };
}

/**
 * Polls written together with the others that finish at about the same time: items by group
 * commit (`StoreBatch`), 304s in batched lease ends (`NotModifiedBatch`). A poll cycle's store:
 * its many polls would otherwise pay a statement's overhead each. A feed's first poll keeps
 * its items in the backlog (`backlog`), placed together once first polls stop coming
 * (`BacklogPlacer`: `firstPollsToCome` says whether more are on their way, `onPlaced` hears
 * of each placement). `flush` writes what waits, places the rest of the backlog and returns
 * what placing it did; once `stopping` is aborted, placement ends at its next transaction and
 * `flush` leaves the backlog waiting in the database.
 */
export function batchedFeedStore(
  ctx: FeedStoreContext,
  backlogOptions: { firstPollsToCome: () => Promise<boolean>; onPlaced?: (placed: StoreResult) => void; stopping?: AbortSignal },
): FeedStore & { flush(): Promise<StoreResult> } {
  const items = new StoreBatch(ctx.db, ctx.matcher, ctx.alerts);
  const notModified = new NotModifiedBatch(ctx.db, ctx.owner);
  const backlog = new BacklogPlacer(ctx, backlogOptions.firstPollsToCome, backlogOptions.onPlaced, backlogOptions.stopping);
  return {
    store: async (job) => {
      const firstPoll = isFirstPoll(job.feed);
      const result = await items.store({ ...job, backlog: firstPoll });
      if (firstPoll && result.inserted > 0) backlog.kept();
      return result;
    },
    releaseNotModified: (feedId, nextPollAt) => notModified.release(feedId, nextPollAt),
    flush: async () => {
      await notModified.flush();
      return backlog.finish();
    },
  };
}
