import { claimDueFeeds, type Feed } from '@newswatch/db';
import cron, { type ScheduledTask } from 'node-cron';
import type { HostLimiter } from './fetch/host-limiter';
import { recordFailure, refreshFeed, type FeedFailure, type IngestContext, type RefreshOutcome } from './pipeline/refresh-feed';

export interface IngestWorkerOptions {
  /** Feeds fetched at once by this process. */
  concurrency?: number;
  /** A claimed feed not finished within this many seconds goes back to the pool. */
  leaseSeconds?: number;
  /** node-cron expression of the wake-up tick (seconds field included). */
  tick?: string;
  /** Called after every poll (metrics, waking the dispatcher). */
  onPolled?: (outcome: RefreshOutcome) => void;
}

export interface CycleSummary {
  polled: number;
  failed: number;
  inserted: number;
  matched: number;
  deliveriesEnqueued: number;
  durationMs: number;
}

/** Defaults of {@link IngestWorkerOptions}. */
export const INGEST_DEFAULTS = { concurrency: 32, leaseSeconds: 120, tick: '* * * * * *' } as const;

/**
 * A network failure is judged once this many more fetches have come back, so the first
 * failures of an outage are judged with the ones that follow them (see `OutageDetector`)…
 */
const JUDGE_AFTER_FETCHES = 20;
/** …or after this long, or at the end of the cycle, whichever comes first. */
const JUDGE_AFTER_MS = 10_000;

interface HeldFailure {
  failure: FeedFailure;
  fetchesBefore: number;
  heldAt: number;
}

/**
 * Polls due feeds. The cron tick only wakes the worker; which feeds are due and who polls them
 * is decided in the database by leases, so any number of workers on any number of machines
 * share the work and poll each due feed once.
 *
 * A cycle keeps `concurrency` fetches in flight and claims more feeds (a lease of
 * `leaseSeconds` each) whenever its local queue falls below half of that — never more than it
 * can start soon, so a claimed feed does not sit in one worker's queue while others idle, and
 * its lease does not run out before it is polled. The cycle ends when nothing due is left.
 */
export class IngestWorker {
  readonly #ctx: IngestContext;
  readonly #options: Required<Omit<IngestWorkerOptions, 'onPolled'>> & Pick<IngestWorkerOptions, 'onPolled'>;
  #task: ScheduledTask | undefined;
  #running: Promise<CycleSummary> | undefined;
  #wakeAgain = false;

  constructor(ctx: IngestContext, options: IngestWorkerOptions = {}) {
    this.#ctx = ctx;
    this.#options = { ...INGEST_DEFAULTS, ...stripUndefined(options) };
  }

  /** Polls everything due now, claiming more as fetches finish, until none is left. */
  async runOnce(): Promise<CycleSummary> {
    const started = Date.now();
    const summary: CycleSummary = { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
    const { concurrency, leaseSeconds } = this.#options;
    const queue: Feed[] = [];
    const held: HeldFailure[] = [];
    // Refill at half: the queue never holds more than one round of fetches, so a claimed feed
    // starts well within its lease instead of waiting behind a long local backlog.
    const refillBelow = Math.ceil(concurrency / 2);
    let exhausted = false;
    let claiming: Promise<void> | undefined;

    const claimMore = (): Promise<void> => {
      claiming ??= claimDueFeeds(this.#ctx.db, this.#ctx.owner, Math.max(1, concurrency - queue.length), leaseSeconds)
        .then((feeds) => {
          if (feeds.length === 0) exhausted = true;
          queue.push(...feeds);
        })
        .finally(() => {
          claiming = undefined;
        });
      return claiming;
    };

    const judgeHeld = async (force: boolean) => {
      const now = Date.now();
      const fetches = this.#ctx.outage?.recorded ?? 0;
      const ready = held.filter((h) => force || fetches - h.fetchesBefore >= JUDGE_AFTER_FETCHES || now - h.heldAt >= JUDGE_AFTER_MS);
      if (ready.length === 0) return;
      for (const h of ready) held.splice(held.indexOf(h), 1);
      const verdict = this.#ctx.outage?.verdict() ?? null;
      for (const h of ready) summary.deliveriesEnqueued += await recordFailure(this.#ctx, h.failure, verdict);
    };

    const lane = async () => {
      for (;;) {
        if (queue.length === 0) {
          if (exhausted) return;
          await claimMore();
          continue;
        }
        const feed = takeNext(queue, this.#ctx.hostLimiter);
        if (queue.length < refillBelow && !exhausted) claimMore().catch(() => undefined);
        const outcome = await refreshFeed(this.#ctx, feed, { deferNetworkFailures: this.#ctx.outage !== undefined });
        if (outcome.pendingFailure) {
          held.push({ failure: outcome.pendingFailure, fetchesBefore: this.#ctx.outage?.recorded ?? 0, heldAt: Date.now() });
        }
        summary.polled++;
        if (outcome.status === 'error') summary.failed++;
        summary.inserted += outcome.inserted;
        summary.matched += outcome.matched;
        summary.deliveriesEnqueued += outcome.deliveriesEnqueued;
        this.#options.onPolled?.(outcome);
        if (held.length > 0) await judgeHeld(false);
      }
    };

    try {
      await Promise.all(Array.from({ length: concurrency }, lane));
    } finally {
      await claiming?.catch(() => undefined);
      await judgeHeld(true);
    }
    summary.durationMs = Date.now() - started;
    if (summary.polled > 0) this.#ctx.logger.info({ ...snake(summary) }, 'Poll cycle finished');
    return summary;
  }

  /** Starts the tick. */
  start(): void {
    this.#task = cron.schedule(this.#options.tick, () => this.wake(), { name: 'ingest-tick', noOverlap: true });
    this.wake();
  }

  /** Runs a cycle now, or right after the current one (a refresh was requested). */
  wake(): void {
    if (this.#running) {
      this.#wakeAgain = true;
      return;
    }
    this.#running = this.runOnce()
      .catch((error: unknown) => {
        this.#ctx.logger.error({ err: error }, 'Poll cycle crashed');
        return { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Stops the tick and waits for the cycle in progress. */
  async stop(): Promise<void> {
    await this.#task?.stop();
    this.#task = undefined;
    this.#wakeAgain = false;
    await this.#running;
  }
}

/**
 * The first queued feed whose host can be fetched right away; only when every queued host is
 * busy does a lane wait for one. Feeds of one site often sit next to each other in a claim
 * (they were added together); without this, every lane would queue behind that site's
 * politeness delay while feeds of idle hosts wait.
 */
function takeNext(queue: Feed[], limiter: HostLimiter | undefined): Feed {
  const now = Date.now();
  const ready = limiter ? queue.findIndex((feed) => limiter.isReady(hostOf(feed.url), now)) : 0;
  return queue.splice(Math.max(0, ready), 1)[0]!;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function snake(summary: CycleSummary) {
  return {
    polled: summary.polled,
    failed: summary.failed,
    inserted: summary.inserted,
    matched: summary.matched,
    deliveries_enqueued: summary.deliveriesEnqueued,
    duration_ms: summary.durationMs,
  };
}
