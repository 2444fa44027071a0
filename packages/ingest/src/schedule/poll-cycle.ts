import { setMaxListeners } from 'node:events';
import { hasUnclaimedFirstPolls } from '@newswatch/db';
import { batchedFeedStore } from '../pipeline/feed-store';
import { isFirstPoll } from '../pipeline/first-poll';
import { refreshFeed, type IngestContext, type RefreshOutcome } from '../pipeline/refresh-feed';
import type { StoreResult } from '../pipeline/store-items';
import { ClaimQueue } from './claim-queue';
import { HeldFailures } from './held-failures';

/**
 * A first poll fetched for longer than this is not waited for before the backlog is placed: a
 * server trickling its answer must not hold the other new feeds' stories for its timeout.
 */
const FIRST_POLL_FETCH_WAIT_MS = 2_000;

/** What one poll cycle did. */
export interface CycleSummary {
  polled: number;
  failed: number;
  inserted: number;
  matched: number;
  deliveriesEnqueued: number;
  durationMs: number;
}

export interface PollCycleOptions {
  /** Feeds fetched at once. */
  concurrency: number;
  /** A claimed feed not finished within this many seconds goes back to the pool. */
  leaseSeconds: number;
  /** Called after every poll (metrics, waking the dispatcher). */
  onPolled?: (outcome: RefreshOutcome) => void;
  /** Called after each placement of first polls' items (metrics, waking the dispatcher). */
  onBacklogPlaced?: (placed: StoreResult) => void;
}

/**
 * Polls everything due now, claiming more as fetches finish, until none is left: `concurrency`
 * lanes, each running `refreshFeed` on the next feed of the claim queue whose host is ready.
 * A lane never waits on a host's politeness spacing while a feed of another host could go:
 * it takes a queued feed whose host is ready, else claims more (see `ClaimQueue`), else sleeps
 * until the soonest queued host is ready. A lane that finds nothing due stops; the cycle ends
 * when every lane has stopped. `poke` (a wake-up while fetches are still in flight — one server
 * trickling its feed can hold a lane for the whole fetch timeout) brings the idle lanes back to
 * claim what became due, instead of waiting for the cycle to end.
 *
 * The cycle gives `refreshFeed` its ports: a batched store (group commit of items, batched
 * 304 lease ends, first polls' items kept in the backlog) and held failures (network failures
 * judged against our own outage once later fetches came back); it settles both before it
 * ends, placing the backlog last (`placeBacklog`).
 */
export class PollCycle {
  readonly #ctx: IngestContext;
  readonly #options: PollCycleOptions;
  readonly #queue: ClaimQueue;
  readonly #store: ReturnType<typeof batchedFeedStore>;
  readonly #failures: HeldFailures;
  readonly #summary: CycleSummary = { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
  // Lanes are counted rather than awaited together: a poke may start new ones while the cycle
  // runs, and the cycle ends only when the last of them has.
  #lanes = 0;
  #laneError: { error: unknown } | undefined;
  /** First polls being fetched (or stored), by feed id: when each started. */
  readonly #firstPollsFetching = new Map<number, number>();
  #allStopped!: () => void;
  readonly #stopped = new Promise<void>((resolve) => (this.#allStopped = resolve));
  /** Aborted by `stop`: lanes take no more feeds, fetches under way end, the backlog's placement ends. */
  readonly #stop = new AbortController();

  constructor(ctx: IngestContext, options: PollCycleOptions) {
    this.#ctx = ctx;
    this.#options = options;
    this.#queue = new ClaimQueue(ctx, options.concurrency, options.leaseSeconds);
    // Each lane's fetch listens for the stop, and the backlog's placer: none of them a leak.
    setMaxListeners(options.concurrency + 1, this.#stop.signal);
    this.#store = batchedFeedStore(ctx, { firstPollsToCome: () => this.#firstPollsToCome(), onPlaced: options.onBacklogPlaced, stopping: this.#stop.signal });
    this.#failures = new HeldFailures(ctx);
  }

  /** Runs the cycle to its end (once). */
  async run(): Promise<CycleSummary> {
    const started = Date.now();
    const summary = this.#summary;
    try {
      this.#startLanes();
      await this.#stopped;
      if (this.#laneError) throw this.#laneError.error;
    } finally {
      await this.#queue.settled();
      if (this.#stop.signal.aborted) {
        const returned = await this.#queue.returnUnstarted();
        this.#ctx.logger.info({ feeds_returned: returned }, 'Poll cycle stopped; the feeds it had not polled are due for the next worker');
      }
      // The first polls' items were kept for this: placed together, oldest first (unless the
      // cycle was stopped: they wait in the database for the next cycle).
      const placing = Date.now();
      const backlog = await this.#store.flush();
      if (backlog.inserted > 0)
        this.#ctx.logger.info({ placed: backlog.inserted, matched: backlog.matched, duration_ms: Date.now() - placing }, 'First polls placed');
      summary.matched += backlog.matched;
      summary.deliveriesEnqueued += backlog.deliveriesEnqueued;
      summary.deliveriesEnqueued += await this.#failures.judge(true);
    }
    summary.durationMs = Date.now() - started;
    if (summary.polled > 0) this.#ctx.logger.info(snakeCase(summary), 'Poll cycle finished');
    return summary;
  }

  /**
   * Ends the cycle early (the process is stopping): fetches under way are aborted (a server
   * trickling its answer would hold the stop for the fetch timeout) and lanes take no more
   * feeds; the feeds claimed and not polled are given back (due for the next worker),
   * and a first polls' placement stops between its transactions — the rest of the backlog
   * waits in the database for the next cycle of any process.
   */
  stop(): void {
    this.#stop.abort();
  }

  /** Sends idle lanes to claim what became due; false once the cycle is finishing. */
  poke(): boolean {
    if (this.#lanes === 0 || this.#stop.signal.aborted) return false;
    this.#queue.reopen();
    this.#startLanes();
    return true;
  }

  #startLanes(): void {
    while (this.#lanes < this.#options.concurrency) {
      this.#lanes++;
      this.#lane()
        .catch((error: unknown) => void (this.#laneError ??= { error }))
        .finally(() => {
          if (--this.#lanes === 0) this.#allStopped();
        });
    }
  }

  async #lane(): Promise<void> {
    const queue = this.#queue;
    for (;;) {
      if (this.#stop.signal.aborted) return;
      if (queue.size === 0) {
        if (queue.exhausted) {
          // Failures held for judgement must not wait for a poll that may not come soon.
          await this.#judgeHeld();
          return;
        }
        await queue.claimMore();
        continue;
      }
      const feed = queue.takeReady();
      if (feed === undefined) {
        // Every queued feed's host is in its politeness spacing: other hosts may be due.
        await (queue.worthClaiming ? queue.claimMore() : queue.waitForHost());
        continue;
      }
      queue.refillIfLow();
      const firstPoll = isFirstPoll(feed);
      if (firstPoll) this.#firstPollsFetching.set(feed.id, Date.now());
      try {
        this.#count(await refreshFeed(this.#ctx, feed, { store: this.#store, failures: this.#failures, stopping: this.#stop.signal }));
      } finally {
        if (firstPoll) this.#firstPollsFetching.delete(feed.id);
      }
      await this.#judgeHeld();
    }
  }

  #count(outcome: RefreshOutcome): void {
    const summary = this.#summary;
    summary.polled++;
    if (outcome.status === 'error') summary.failed++;
    summary.inserted += outcome.inserted;
    summary.matched += outcome.matched;
    summary.deliveriesEnqueued += outcome.deliveriesEnqueued;
    this.#options.onPolled?.(outcome);
  }

  /**
   * Whether another first poll is on its way, for the store to place the backlog together:
   * one queued here for its host's turn, one being fetched for less than
   * `FIRST_POLL_FETCH_WAIT_MS`, or one due that no worker has claimed yet.
   */
  async #firstPollsToCome(): Promise<boolean> {
    const now = Date.now();
    for (const started of this.#firstPollsFetching.values()) if (now - started < FIRST_POLL_FETCH_WAIT_MS) return true;
    return this.#queue.holdsFirstPolls || (await hasUnclaimedFirstPolls(this.#ctx.db));
  }

  async #judgeHeld(): Promise<void> {
    if (this.#failures.holding) this.#summary.deliveriesEnqueued += await this.#failures.judge();
  }
}

function snakeCase(summary: CycleSummary) {
  return {
    polled: summary.polled,
    failed: summary.failed,
    inserted: summary.inserted,
    matched: summary.matched,
    deliveries_enqueued: summary.deliveriesEnqueued,
    duration_ms: summary.durationMs,
  };
}
