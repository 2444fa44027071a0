import { claimDueFeeds, returnFeedLeases, type Database, type Feed, type Kysely } from '@newswatch/db';
import { limiterHost, type HostLimiter } from '../fetch/host-limiter';
import { isFirstPoll } from '../pipeline/first-poll';

interface QueuedFeed {
  feed: Feed;
  host: string;
}

/** Where a claim queue claims from, and whose politeness it follows. */
export interface ClaimQueueContext {
  db: Kysely<Database>;
  owner: string;
  hostLimiter?: HostLimiter;
}

/**
 * The feeds a poll cycle has leased and not started yet. It claims `concurrency` due feeds at
 * a time (a lease of `leaseSeconds` each), refills once it falls below half of that, and holds
 * at most twice that many: a claimed feed starts well within its lease instead of waiting
 * behind a long local backlog. Claims prefer hosts that can be fetched now and are not queued
 * here already, one feed of each; only when that claim finds none does it claim the rest,
 * which wait here for their host's turn.
 */
export class ClaimQueue {
  readonly #ctx: ClaimQueueContext;
  readonly #concurrency: number;
  readonly #leaseSeconds: number;
  readonly #refillBelow: number;
  readonly #maxQueued: number;
  readonly #queued: QueuedFeed[] = [];
  #exhausted = false;
  /** Reopenings so far: a claim that began before one may have missed what it made due. */
  #reopenings = 0;
  #claiming: Promise<void> | undefined;
  #hostWait: Promise<void> | undefined;

  constructor(ctx: ClaimQueueContext, concurrency: number, leaseSeconds: number) {
    this.#ctx = ctx;
    this.#concurrency = concurrency;
    this.#leaseSeconds = leaseSeconds;
    this.#refillBelow = Math.ceil(concurrency / 2);
    this.#maxQueued = concurrency * 2;
  }

  /** Feeds waiting here. */
  get size(): number {
    return this.#queued.length;
  }

  /** Whether a feed waiting here has never been polled with success (a first poll to come). */
  get holdsFirstPolls(): boolean {
    return this.#queued.some((queued) => isFirstPoll(queued.feed));
  }

  /** The last claim found nothing due (and nothing reopened the queue since it began). */
  get exhausted(): boolean {
    return this.#exhausted;
  }

  /** Something may have become due (a wake-up): claim again even after an empty claim. */
  reopen(): void {
    this.#reopenings++;
    this.#exhausted = false;
  }

  /** Claims more due feeds; one claim at a time, callers meanwhile share it. */
  claimMore(): Promise<void> {
    const reopeningsBefore = this.#reopenings;
    this.#claiming ??= this.#claim()
      .then((feeds) => {
        if (feeds.length === 0 && this.#reopenings === reopeningsBefore) this.#exhausted = true;
        for (const feed of feeds) this.#queued.push({ feed, host: limiterHost(feed.url) });
      })
      .finally(() => {
        this.#claiming = undefined;
      });
    return this.#claiming;
  }

  /** Starts a claim in the background once the queue runs low. */
  refillIfLow(): void {
    if (this.#queued.length < this.#refillBelow && !this.#exhausted) this.claimMore().catch(() => undefined);
  }

  /**
   * Whether a feed of another host should be claimed rather than waiting for a queued host:
   * a claim costs a sort of every due feed, so only with room for at least half a round.
   */
  get worthClaiming(): boolean {
    return !this.#exhausted && this.#maxQueued - this.#queued.length >= this.#refillBelow;
  }

  /**
   * Removes and returns the first queued feed whose host can be fetched right away, or
   * undefined when every queued host is busy. Feeds of one site often sit next to each other
   * in a claim (they were added together); taking them in order would make lanes queue
   * behind that site's politeness delay while feeds of idle hosts wait.
   */
  takeReady(): Feed | undefined {
    const limiter = this.#ctx.hostLimiter;
    if (!limiter) return this.#queued.shift()?.feed;
    const now = Date.now();
    const ready = this.#queued.findIndex((queued) => limiter.isReady(queued.host, now));
    return ready < 0 ? undefined : this.#queued.splice(ready, 1)[0]!.feed;
  }

  /**
   * Waits until some queued feed's host may be ready (at least 5 ms, at most 1 s). Callers
   * share one timer rather than each polling the queue on its own.
   */
  waitForHost(): Promise<void> {
    this.#hostWait ??= sleep(this.#soonestReadyMs()).finally(() => {
      this.#hostWait = undefined;
    });
    return this.#hostWait;
  }

  /**
   * Empties the queue and gives back the leases of the feeds it held, unpolled (a stopping
   * cycle): they are due again for the next worker at once. Returns how many.
   */
  async returnUnstarted(): Promise<number> {
    const ids = this.#queued.splice(0).map((queued) => queued.feed.id);
    return returnFeedLeases(this.#ctx.db, this.#ctx.owner, ids);
  }

  /** Settles once no claim is running (a failed claim included). */
  async settled(): Promise<void> {
    await this.#claiming?.catch(() => undefined);
  }

  async #claim(): Promise<Feed[]> {
    const { db, owner, hostLimiter } = this.#ctx;
    const limit = Math.max(1, Math.min(this.#concurrency, this.#maxQueued - this.#queued.length));
    if (!hostLimiter) return claimDueFeeds(db, owner, limit, this.#leaseSeconds);
    const avoidHosts = [...new Set([...hostLimiter.unavailableHosts(), ...this.#queued.map((queued) => queued.host)])];
    const preferred = await claimDueFeeds(db, owner, limit, this.#leaseSeconds, { avoidHosts, onePerHost: true });
    if (preferred.length > 0) return preferred;
    // Empty with feeds due all the same: their hosts are avoided, or another worker's claim
    // (workers wake on the same tick) holds each host's first feed, which this claim skips
    // rather than taking the host's next. Reporting nothing due would idle this worker until
    // the next tick while the others fetch.
    return claimDueFeeds(db, owner, limit, this.#leaseSeconds);
  }

  #soonestReadyMs(): number {
    const limiter = this.#ctx.hostLimiter;
    const now = Date.now();
    let soonest = 1_000;
    if (limiter) for (const queued of this.#queued) soonest = Math.min(soonest, limiter.readyInMs(queued.host, now));
    return Math.max(5, soonest);
  }
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
