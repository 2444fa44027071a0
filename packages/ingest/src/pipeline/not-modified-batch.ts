import { releaseFeedLeases, type Database, type FeedUpdate, type Kysely } from '@newswatch/db';
import { healthyPollFields } from './healthy-poll';

interface Pending {
  id: number;
  update: FeedUpdate;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Most polls answer 304 and only need their lease ended. Writing those one statement per feed
 * made the statement overhead the cost of a steady cycle on embedded PGlite, which runs one
 * statement at a time; this collects them for a few milliseconds and writes them together.
 * Each caller's promise settles when its row is written, so a poll is still finished only
 * once its outcome is stored.
 */
export class NotModifiedBatch {
  readonly #db: Kysely<Database>;
  readonly #owner: string;
  readonly #maxRows: number;
  readonly #maxWaitMs: number;
  #pending: Pending[] = [];
  #timer: NodeJS.Timeout | undefined;

  constructor(db: Kysely<Database>, owner: string, options: { maxRows?: number; maxWaitMs?: number } = {}) {
    this.#db = db;
    this.#owner = owner;
    this.#maxRows = options.maxRows ?? 64;
    this.#maxWaitMs = options.maxWaitMs ?? 20;
  }

  /** Ends feed `id`'s lease as a successful 304, next due at `nextPollAt`. */
  release(id: number, nextPollAt: Date): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ id, update: { ...healthyPollFields(304), next_poll_at: nextPollAt }, resolve, reject });
      if (this.#pending.length >= this.#maxRows) void this.flush();
      else this.#timer ??= setTimeout(() => void this.flush(), this.#maxWaitMs);
    });
  }

  /** Writes whatever is waiting now. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const batch = this.#pending;
    this.#pending = [];
    if (batch.length === 0) return;
    try {
      await releaseFeedLeases(this.#db, this.#owner, batch);
      for (const entry of batch) entry.resolve();
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    }
  }
}
