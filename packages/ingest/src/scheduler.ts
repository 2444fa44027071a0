import { claimDueFeeds, type Feed } from '@newswatch/db';
import cron, { type ScheduledTask } from 'node-cron';
import type { HostLimiter } from './fetch/host-limiter';
import { NotModifiedBatch } from './pipeline/not-modified-batch';
import { StoreBatch } from './pipeline/store-batch';
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
 * `leaseSeconds` each) whenever its local queue falls below half of that. A lane never waits
 * on a host's politeness spacing while a feed of another host could go: it takes a queued
 * feed whose host is ready, else claims more (the queue may grow to twice `concurrency`,
 * few enough to start well within their leases), else sleeps until the soonest queued host
 * is ready. A lane that finds nothing due stops; the cycle ends when every lane has stopped.
 * A wake-up (the tick, a new or refreshed feed) while fetches are still in flight — one
 * server trickling its feed can hold a lane for the whole fetch timeout — brings the idle
 * lanes back to claim what became due, instead of waiting for the cycle to end.
 */
export class IngestWorker {
  readonly #ctx: IngestContext;
  readonly #options: Required<Omit<IngestWorkerOptions, 'onPolled'>> & Pick<IngestWorkerOptions, 'onPolled'>;
  #task: ScheduledTask | undefined;
  #running: Promise<CycleSummary> | undefined;
  #wakeAgain = false;
  #stopped = false;
  /** Brings the running cycle's idle lanes back; false once it is finishing. */
  #pokeCycle: (() => boolean) | undefined;

  constructor(ctx: IngestContext, options: IngestWorkerOptions = {}) {
    this.#ctx = ctx;
    this.#options = { ...INGEST_DEFAULTS, ...stripUndefined(options) };
  }

  /** Polls everything due now, claiming more as fetches finish, until none is left. */
  async runOnce(): Promise<CycleSummary> {
    const started = Date.now();
    const summary: CycleSummary = { polled: 0, failed: 0, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
    const { concurrency, leaseSeconds } = this.#options;
    const queue: QueuedFeed[] = [];
    const held: HeldFailure[] = [];
    // Refill at half, and hold at most two rounds of fetches: a claimed feed starts well
    // within its lease instead of waiting behind a long local backlog.
    const refillBelow = Math.ceil(concurrency / 2);
    const maxQueued = concurrency * 2;
    const notModified = new NotModifiedBatch(this.#ctx.db, this.#ctx.owner);
    const store = new StoreBatch(this.#ctx.db, this.#ctx.matcher, this.#ctx.publicUrl);
    let exhausted = false;
    /** Wake-ups so far: a claim that began before one may have missed what it made due. */
    let wakeups = 0;
    let claiming: Promise<void> | undefined;
    // Lanes with nothing ready wait on one shared timer, set for the soonest queued host, rather
    // than each polling the queue on its own.
    let hostWait: Promise<void> | undefined;
    const waitForHost = (limiter: HostLimiter): Promise<void> =>
      (hostWait ??= sleep(soonestReadyMs(queue, limiter)).finally(() => {
        hostWait = undefined;
      }));

    // Prefer feeds of hosts that can be fetched now and are not queued here already; only
    // when no such feed is due, claim the rest (they wait here for their host's turn).
    const claim = async (): Promise<Feed[]> => {
      const limit = Math.max(1, Math.min(concurrency, maxQueued - queue.length));
      const limiter = this.#ctx.hostLimiter;
      if (!limiter) return claimDueFeeds(this.#ctx.db, this.#ctx.owner, limit, leaseSeconds);
      const avoidHosts = [...new Set([...limiter.unavailableHosts(), ...queue.map((queued) => queued.host)])];
      const preferred = await claimDueFeeds(this.#ctx.db, this.#ctx.owner, limit, leaseSeconds, { avoidHosts });
      if (preferred.length > 0 || avoidHosts.length === 0) return preferred;
      return claimDueFeeds(this.#ctx.db, this.#ctx.owner, limit, leaseSeconds);
    };
    const claimMore = (): Promise<void> => {
      const wakeupsBefore = wakeups;
      claiming ??= claim()
        .then((feeds) => {
          if (feeds.length === 0 && wakeups === wakeupsBefore) exhausted = true;
          for (const feed of feeds) queue.push({ feed, host: hostOf(feed.url).toLowerCase() });
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
          if (exhausted) {
            // Failures held for judgement must not wait for a poll that may not come soon.
            if (held.length > 0) await judgeHeld(false);
            return;
          }
          await claimMore();
          continue;
        }
        const next = takeReady(queue, this.#ctx.hostLimiter);
        if (next === undefined) {
          // Every queued feed's host is in its politeness spacing: other hosts may be due.
          // A claim costs a sort of every due feed: claim in batches of at least half a round.
          if (!exhausted && maxQueued - queue.length >= refillBelow) await claimMore();
          else await waitForHost(this.#ctx.hostLimiter!);
          continue;
        }
        const feed = next.feed;
        if (queue.length < refillBelow && !exhausted) claimMore().catch(() => undefined);
        const outcome = await refreshFeed(this.#ctx, feed, { deferNetworkFailures: this.#ctx.outage !== undefined, notModified, store });
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

    // Lanes are counted rather than awaited together: a wake-up may start new ones while the
    // cycle runs, and the cycle ends only when the last of them has.
    let lanes = 0;
    let laneError: { error: unknown } | undefined;
    let allStopped!: () => void;
    const stopped = new Promise<void>((resolve) => (allStopped = resolve));
    const startLanes = () => {
      while (lanes < concurrency) {
        lanes++;
        lane()
          .catch((error: unknown) => void (laneError ??= { error }))
          .finally(() => {
            if (--lanes === 0) allStopped();
          });
      }
    };
    const poke = (): boolean => {
      if (lanes === 0) return false;
      wakeups++;
      exhausted = false;
      startLanes();
      return true;
    };
    this.#pokeCycle ??= poke;
    try {
      startLanes();
      await stopped;
      if (laneError) throw laneError.error;
    } finally {
      if (this.#pokeCycle === poke) this.#pokeCycle = undefined;
      await claiming?.catch(() => undefined);
      await notModified.flush();
      await judgeHeld(true);
    }
    summary.durationMs = Date.now() - started;
    if (summary.polled > 0) this.#ctx.logger.info({ ...snake(summary) }, 'Poll cycle finished');
    return summary;
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
      if (!this.#pokeCycle?.()) this.#wakeAgain = true;
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
    this.#stopped = true;
    await this.#task?.stop();
    this.#task = undefined;
    this.#wakeAgain = false;
    await this.#running;
  }
}

interface QueuedFeed {
  feed: Feed;
  host: string;
}

/**
 * Removes and returns the first queued feed whose host can be fetched right away, or
 * undefined when every queued host is busy. Feeds of one site often sit next to each other
 * in a claim (they were added together); taking them in order would make lanes queue
 * behind that site's politeness delay while feeds of idle hosts wait.
 */
function takeReady(queue: QueuedFeed[], limiter: HostLimiter | undefined): QueuedFeed | undefined {
  if (queue.length === 0) return undefined;
  if (!limiter) return queue.shift();
  const now = Date.now();
  const ready = queue.findIndex((queued) => limiter.isReady(queued.host, now));
  return ready < 0 ? undefined : queue.splice(ready, 1)[0];
}

/** How long until some queued feed's host is ready (at least 5 ms, at most 1 s). */
function soonestReadyMs(queue: QueuedFeed[], limiter: HostLimiter): number {
  const now = Date.now();
  let soonest = 1_000;
  for (const queued of queue) soonest = Math.min(soonest, limiter.readyInMs(queued.host, now));
  return Math.max(5, soonest);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

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
