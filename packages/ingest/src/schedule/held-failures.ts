import { recordFailure, type FailureRecorder, type FeedFailure } from '../pipeline/record-failure';
import type { IngestContext } from '../pipeline/refresh-feed';

/**
 * A network failure is judged once this many more fetches have come back, so the first
 * failures of an outage are judged with the ones that follow them (see `OutageDetector`)…
 */
const JUDGE_AFTER_FETCHES = 20;
/** …or after this long, or at the end of the cycle, whichever comes first. */
const JUDGE_AFTER_MS = 10_000;

interface Held {
  failure: FeedFailure;
  fetchesBefore: number;
  heldAt: number;
}

/**
 * The failure recorder of a poll cycle. A failure with an HTTP answer (or any failure, without
 * an outage detector) is written at once. A network failure is held, its lease with it: when
 * our own network goes down, its first failures come before the evidence that would excuse
 * them, so each is judged only once later fetches have come back (or time has passed), with
 * the detector's verdict of that moment. The cycle calls `judge` as its fetches finish and
 * `judge(true)` as it ends, so no failure outlives it unwritten.
 */
export class HeldFailures implements FailureRecorder {
  readonly #ctx: IngestContext;
  readonly #held: Held[] = [];

  constructor(ctx: IngestContext) {
    this.#ctx = ctx;
  }

  async record(failure: FeedFailure): Promise<number> {
    const outage = this.#ctx.outage;
    if (!failure.network || !outage) return recordFailure(this.#ctx, failure, null);
    this.#held.push({ failure, fetchesBefore: outage.recorded, heldAt: Date.now() });
    return 0;
  }

  /** Whether failures wait for judgement. */
  get holding(): boolean {
    return this.#held.length > 0;
  }

  /**
   * Writes the held failures that have waited long enough (every one with `all`), all under
   * one verdict. Returns the outbox rows enqueued.
   */
  async judge(all = false): Promise<number> {
    const now = Date.now();
    const fetches = this.#ctx.outage?.recorded ?? 0;
    const ready = this.#held.filter((h) => all || fetches - h.fetchesBefore >= JUDGE_AFTER_FETCHES || now - h.heldAt >= JUDGE_AFTER_MS);
    if (ready.length === 0) return 0;
    for (const h of ready) this.#held.splice(this.#held.indexOf(h), 1);
    const verdict = this.#ctx.outage?.verdict() ?? null;
    let enqueued = 0;
    for (const h of ready) enqueued += await recordFailure(this.#ctx, h.failure, verdict);
    return enqueued;
  }
}
