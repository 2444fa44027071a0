import { claimDueFeeds } from '@newswatch/db';
import cron, { type ScheduledTask } from 'node-cron';
import { refreshFeed, type IngestContext, type RefreshOutcome } from './pipeline/refresh-feed';

export interface IngestWorkerOptions {
  /** Feeds fetched at once by this process. */
  concurrency?: number;
  /** Feeds claimed per lease query. */
  batchSize?: number;
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

/**
 * Polls due feeds. The cron tick only wakes the worker; which feeds are due and who polls them
 * is decided in the database by leases, so any number of workers on any number of machines
 * share the work and poll each due feed once.
 */
export class IngestWorker {
  readonly #ctx: IngestContext;
  readonly #options: Required<Omit<IngestWorkerOptions, 'onPolled'>> & Pick<IngestWorkerOptions, 'onPolled'>;
  #task: ScheduledTask | undefined;
  #running: Promise<CycleSummary> | undefined;
  #wakeAgain = false;

  constructor(ctx: IngestContext, options: IngestWorkerOptions = {}) {
    this.#ctx = ctx;
    this.#options = { concurrency: 16, batchSize: 50, leaseSeconds: 120, tick: '* * * * * *', ...options };
  }

  /** Polls everything due now, claiming batches until none is left. */
  async runOnce(): Promise<CycleSummary> {
    const started = Date.now();
    const summary: CycleSummary = { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
    for (;;) {
      const feeds = await claimDueFeeds(this.#ctx.db, this.#ctx.owner, this.#options.batchSize, this.#options.leaseSeconds);
      if (feeds.length === 0) break;
      await runPool(feeds, this.#options.concurrency, async (feed) => {
        const outcome = await refreshFeed(this.#ctx, feed);
        summary.polled++;
        if (outcome.status === 'error') summary.failed++;
        summary.inserted += outcome.inserted;
        summary.matched += outcome.matched;
        summary.deliveriesEnqueued += outcome.deliveriesEnqueued;
        this.#options.onPolled?.(outcome);
      });
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

async function runPool<T>(items: T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
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
