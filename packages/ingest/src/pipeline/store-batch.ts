import type { AlertComposer, Database, Kysely } from '@newswatch/db';
import { storeItemsOfFeeds, type StoreJob, type StoreResult } from './store-items';
import type { WatchMatcher } from './watch-matcher';

interface Pending {
  job: StoreJob;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

export interface StoreBatchOptions {
  /** Feeds stored in one transaction at most. */
  maxFeeds?: number;
  /** Items stored in one transaction at most (a feed is never split). */
  maxItems?: number;
  /** Transactions writing at once. */
  parallel?: number;
  /** How long a free writer waits for more feeds before writing fewer than `maxFeeds`. */
  lingerMs?: number;
}

/**
 * Group commit for polled feeds: feeds whose items are ready within a few milliseconds of
 * each other, or while every writer is busy, are stored together in one transaction (see
 * `storeItemsOfFeeds`). A busy cycle — thousands of new feeds — pays a statement's overhead
 * once per batch instead of once per feed. The short linger matters on PGlite: it runs on
 * this thread, so while it writes no fetch completes, and without a pause for the network
 * every batch would hold the one feed that was ready.
 * If a batch fails, its feeds are stored again one by one, so one bad feed fails alone.
 */
export class StoreBatch {
  readonly #db: Kysely<Database>;
  readonly #matcher: WatchMatcher;
  readonly #alerts: AlertComposer;
  readonly #maxFeeds: number;
  readonly #maxItems: number;
  readonly #parallel: number;
  readonly #lingerMs: number;
  #queue: Pending[] = [];
  #writing = 0;
  #linger: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, matcher: WatchMatcher, alerts: AlertComposer, options: StoreBatchOptions = {}) {
    this.#db = db;
    this.#matcher = matcher;
    this.#alerts = alerts;
    this.#maxFeeds = options.maxFeeds ?? 32;
    this.#maxItems = options.maxItems ?? 1000;
    this.#parallel = options.parallel ?? 2;
    this.#lingerMs = options.lingerMs ?? 20;
  }

  /** Stores one feed's items; settles once they (and its lease's end) are committed. */
  store(job: StoreJob): Promise<StoreResult> {
    return new Promise<StoreResult>((resolve, reject) => {
      this.#queue.push({ job, resolve, reject });
      this.#pump();
    });
  }

  #pump(lingered = false): void {
    while (this.#writing < this.#parallel && this.#queue.length > 0) {
      if (!lingered && this.#queue.length < this.#maxFeeds && this.#lingerMs > 0) {
        this.#linger ??= setTimeout(() => {
          this.#linger = undefined;
          this.#pump(true);
        }, this.#lingerMs);
        return;
      }
      lingered = false;
      const batch = this.#take();
      this.#writing++;
      void this.#write(batch).finally(() => {
        this.#writing--;
        this.#pump();
      });
    }
  }

  #take(): Pending[] {
    let items = 0;
    let count = 0;
    for (const pending of this.#queue) {
      if (count === this.#maxFeeds || (count > 0 && items + pending.job.items.length > this.#maxItems)) break;
      items += pending.job.items.length;
      count++;
    }
    return this.#queue.splice(0, count);
  }

  async #write(batch: Pending[]): Promise<void> {
    try {
      const results = await storeItemsOfFeeds(
        this.#db,
        batch.map((p) => p.job),
        this.#matcher,
        this.#alerts,
      );
      for (const [k, pending] of batch.entries()) pending.resolve(results[k]!);
    } catch (error) {
      if (batch.length === 1) {
        batch[0]!.reject(error);
        return;
      }
      for (const pending of batch) {
        try {
          const [result] = await storeItemsOfFeeds(this.#db, [pending.job], this.#matcher, this.#alerts);
          pending.resolve(result!);
        } catch (alone) {
          pending.reject(alone);
        }
      }
    }
  }
}
