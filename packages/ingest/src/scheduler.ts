import cron, { type ScheduledTask } from 'node-cron';
import type { IngestContext, RefreshOutcome } from './pipeline/refresh-feed';
import type { StoreResult } from './pipeline/store-items';
import { termStatsBufferOf } from './cluster/term-stats-buffer';
import { PollCycle, type CycleSummary } from './schedule/poll-cycle';

export interface IngestWorkerOptions {
  /** Feeds fetched at once by this process. */
  concurrency?: number;
  /** A claimed feed not finished within this many seconds goes back to the pool. */
  leaseSeconds?: number;
  /** node-cron expression of the wake-up tick (seconds field included). */
  tick?: string;
  /** Called after every poll (metrics, waking the dispatcher). */
  onPolled?: (outcome: RefreshOutcome) => void;
  /** Called after each placement of first polls' items: their matches and alerts come then. */
  onBacklogPlaced?: (placed: StoreResult) => void;
}

/** Defaults of {@link IngestWorkerOptions}. */
export const INGEST_DEFAULTS = { concurrency: 32, leaseSeconds: 120, tick: '* * * * * *' } as const;

const EMPTY_CYCLE: CycleSummary = { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };

/**
 * Polls due feeds. The cron tick only wakes the worker; which feeds are due and who polls them
 * is decided in the database by leases, so any number of workers on any number of machines
 * share the work and poll each due feed once. A wake-up runs a poll cycle (`PollCycle`), or,
 * while one runs, sends its idle lanes to claim what became due.
 */
export class IngestWorker {
  readonly #ctx: IngestContext;
  readonly #options: Required<Omit<IngestWorkerOptions, 'onPolled' | 'onBacklogPlaced'>> & Pick<IngestWorkerOptions, 'onPolled' | 'onBacklogPlaced'>;
  #task: ScheduledTask | undefined;
  #running: Promise<CycleSummary> | undefined;
  #wakeAgain = false;
  #stopped = false;
  /** The cycle a wake-up pokes. */
  #cycle: PollCycle | undefined;

  constructor(ctx: IngestContext, options: IngestWorkerOptions = {}) {
    this.#ctx = ctx;
    this.#options = { ...INGEST_DEFAULTS, ...stripUndefined(options) };
    termStatsBufferOf(ctx.db).reportFailuresTo(ctx.logger);
  }

  /** Polls everything due now, claiming more as fetches finish, until none is left. */
  async runOnce(): Promise<CycleSummary> {
    const cycle = new PollCycle(this.#ctx, this.#options);
    this.#cycle ??= cycle;
    try {
      return await cycle.run();
    } finally {
      if (this.#cycle === cycle) this.#cycle = undefined;
    }
  }

  /** Starts the tick. */
  start(): void {
    this.#stopped = false;
    this.#task = cron.schedule(this.#options.tick, () => this.wake(), { name: 'ingest-tick', noOverlap: true });
    this.wake();
  }

  /**
   * Runs a cycle now; while one runs, sends its idle lanes to claim what became due (or, as
   * it finishes, runs another right after it).
   */
  wake(): void {
    if (this.#stopped) return;
    if (this.#running) {
      if (!this.#cycle?.poke()) this.#wakeAgain = true;
      return;
    }
    this.#running = this.runOnce()
      .catch((error: unknown) => {
        this.#ctx.logger.error({ err: error }, 'Poll cycle crashed');
        return { ...EMPTY_CYCLE };
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Stops the tick and the cycle in progress: its fetches under way are aborted, the feeds it had not polled given back (`PollCycle.stop`). */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#task?.stop();
    this.#task = undefined;
    this.#wakeAgain = false;
    // A cycle can run for minutes (a first import, one slow host); a stop should not wait for it.
    this.#cycle?.stop();
    await this.#running;
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
