import type { DeliveryOutcome } from './channels/channel-sender';

/**
 * When a failed delivery is tried again.
 *
 * The first attempt happens as soon as the dispatcher claims the row. After the n-th failed
 * attempt the next one waits RETRY_SCHEDULE_MS[n-1], modelled on the Standard Webhooks example
 * schedule (immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h, 24 h) with more, shorter
 * early steps, because an alert is most useful within minutes and most failures (a receiver
 * restarting, a 502 during a deploy) heal within seconds:
 *
 *   attempt   1    2     3      4       5       6      7    8    9     10    11    12    13
 *   waits     0   5 s  30 s  2 min  10 min  30 min   1 h  2 h  5 h  10 h  14 h  20 h  24 h
 *   elapsed   0   5 s  35 s  ~3 min ~13 min ~43 min ~1.7 h ~3.7 h ~8.7 h ~19 h ~33 h ~53 h ~77 h
 *
 * Thirteen attempts over about three days, then the delivery is `dead` (still listed in the
 * delivery log, and it can be retried by hand). Each wait gets ±20 % jitter so deliveries
 * that failed together (a receiver outage) do not return together. A peer's `Retry-After`
 * can lengthen a wait, up to a day, but never shorten it.
 */
export const RETRY_SCHEDULE_MS: readonly number[] = [
  5_000,
  30_000,
  2 * 60_000,
  10 * 60_000,
  30 * 60_000,
  60 * 60_000,
  2 * 3_600_000,
  5 * 3_600_000,
  10 * 3_600_000,
  14 * 3_600_000,
  20 * 3_600_000,
  24 * 3_600_000,
];

/** Attempts a delivery gets before it goes `dead`: the first plus one per scheduled wait. */
export const MAX_DELIVERY_ATTEMPTS = RETRY_SCHEDULE_MS.length + 1;

/** The longest `Retry-After` honoured: a receiver asking for a week must not park an alert that long. */
export const MAX_RETRY_AFTER_MS = 24 * 3_600_000;

const JITTER = 0.2;

/**
 * Milliseconds to wait before the next attempt, given how many attempts have been made so far
 * (0 → 0: the first attempt is immediate), or null when the delivery should go `dead`.
 * `random` returns [0, 1) and is injectable for tests.
 */
export function nextAttemptDelay(attempts: number, random: () => number = Math.random): number | null {
  if (attempts <= 0) return 0;
  const base = RETRY_SCHEDULE_MS[attempts - 1];
  if (base === undefined) return null;
  return Math.round(base * (1 - JITTER + 2 * JITTER * random()));
}

/**
 * The wait after a failed attempt, taking its outcome into account: null (go `dead`) when the
 * failure is permanent or the schedule is exhausted, otherwise the scheduled wait, lengthened
 * to the peer's `Retry-After` (capped at a day) when that is longer.
 */
export function retryDelayAfter(
  attempts: number,
  outcome: Pick<DeliveryOutcome, 'permanent' | 'retryAfterSeconds'>,
  random: () => number = Math.random,
): number | null {
  if (outcome.permanent) return null;
  const scheduled = nextAttemptDelay(attempts, random);
  if (scheduled === null) return null;
  if (outcome.retryAfterSeconds === null || outcome.retryAfterSeconds <= 0) return scheduled;
  return Math.max(scheduled, Math.min(outcome.retryAfterSeconds * 1000, MAX_RETRY_AFTER_MS));
}
