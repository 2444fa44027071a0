/**
 * When a feed is polled next — the scheduling policy, in one place.
 *
 * After a success (200 or 304):
 * 1. A fixed interval the user set on the feed wins over the adaptive guess.
 * 2. Otherwise adaptive: half the feed's typical (median) gap between its recent items, so a
 *    wire publishing every four minutes is read every two and a weekly blog is not hammered.
 *    With fewer than three dated items there is no rate to read: `defaultIntervalS`.
 * 3. A feed that has gone quiet slows down: never sooner than a quarter of the time since its
 *    newest item (a feed silent for a day is read hourly; its next item brings the pace back).
 * 4. Bounded by the settings: at least `minIntervalS`, at most `maxIntervalS` — a quiet feed is
 *    still read every `maxIntervalS`, so nothing is missed for long.
 * 5. The publisher's own asks are a floor on all of the above: `Cache-Control: max-age` and RSS
 *    `<ttl>` ("don't come back before"). They are capped at `maxIntervalS`: a `<ttl>` of a week
 *    does not blind us for a week.
 * 6. A feed with a live WebSub subscription gets its news pushed: polling is only a safety net
 *    at `maxIntervalS`.
 * 7. ±10% jitter, so feeds added together (an OPML import) drift apart instead of polling in
 *    lockstep forever.
 *
 * After a failure: exponential backoff from `minIntervalS`, doubling per consecutive failure
 * (1, 2, 4, 8 … minutes) with ±20% jitter so feeds that failed together do not retry together,
 * capped at `maxBackoffS` (a day): a broken feed is never disabled, only retried daily, and it
 * recovers on its own the day it works again. `Retry-After` (429/503) wins when longer, within
 * the same cap; a fixed interval is never undercut by a retry.
 *
 * Our own outage (see `OutageDetector`): a failure seen while nearly every fetch fails is not
 * the feed's fault. Its counters stay as they were and it is retried within `outageRetryS`.
 */
export interface PollPolicy {
  minIntervalS: number;
  maxIntervalS: number;
  defaultIntervalS: number;
  maxBackoffS: number;
  outageRetryS: number;
}

export const defaultPollPolicy: PollPolicy = {
  minIntervalS: 60,
  maxIntervalS: 3600,
  defaultIntervalS: 600,
  maxBackoffS: 86_400,
  outageRetryS: 300,
};

/** What a feed's recent history says about its pace; stored on the feed row between polls. */
export interface PublishingStats {
  /** Median gap between recent items, in seconds; null with fewer than three dated items. */
  itemGapS: number | null;
  /** The newest item's publication time; null when no item is dated. */
  newestItemAt: Date | null;
}

export interface SuccessSignals extends PublishingStats {
  fixedIntervalS: number | null;
  /** `Cache-Control: max-age` of the answer, in seconds. */
  maxAgeSeconds: number | null;
  /** RSS `<ttl>`, in seconds. */
  ttlSeconds: number | null;
  /** A WebSub subscription is active: pushes bring the news. */
  pushed?: boolean;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/**
 * Median gap and newest time of the dated items (the parser's dates, not the fetch-time
 * fallback of undated ones: those would read as a feed publishing every 0 seconds).
 */
export function publishingStats(dates: (Date | null)[]): PublishingStats {
  const times = [...new Set(dates.filter((d): d is Date => d !== null && !Number.isNaN(d.getTime())).map((d) => d.getTime()))]
    .sort((a, b) => b - a)
    .slice(0, 25);
  const newestItemAt = times.length ? new Date(times[0]!) : null;
  if (times.length < 3) return { itemGapS: null, newestItemAt };
  const gaps = times
    .slice(1)
    .map((t, i) => (times[i]! - t) / 1000)
    .sort((a, b) => a - b);
  return { itemGapS: Math.round(gaps[Math.floor(gaps.length / 2)]!), newestItemAt };
}

/** Seconds until the next poll after a successful (200 or 304) fetch. */
export function intervalAfterSuccess(
  signals: SuccessSignals,
  policy: PollPolicy = defaultPollPolicy,
  now: Date = new Date(),
  random: () => number = Math.random,
): number {
  const serverFloor = Math.min(Math.max(signals.maxAgeSeconds ?? 0, signals.ttlSeconds ?? 0), policy.maxIntervalS);
  let interval: number;
  if (signals.fixedIntervalS) {
    interval = signals.fixedIntervalS;
  } else if (signals.pushed) {
    interval = policy.maxIntervalS;
  } else {
    interval = signals.itemGapS !== null ? signals.itemGapS / 2 : policy.defaultIntervalS;
    if (signals.newestItemAt) {
      const quietS = (now.getTime() - signals.newestItemAt.getTime()) / 1000;
      interval = Math.max(interval, quietS / 4);
    }
    interval = clamp(interval, policy.minIntervalS, policy.maxIntervalS);
  }
  interval = Math.max(interval, serverFloor);
  return Math.round(interval * (0.9 + 0.2 * random()));
}

/** Seconds until the retry after the `consecutiveFailures`-th failure in a row (1-based). */
export function intervalAfterFailure(
  consecutiveFailures: number,
  retryAfterSeconds: number | null,
  policy: PollPolicy = defaultPollPolicy,
  random: () => number = Math.random,
  fixedIntervalS: number | null = null,
): number {
  const base = Math.min(policy.minIntervalS * 2 ** Math.max(0, Math.min(consecutiveFailures - 1, 30)), policy.maxBackoffS);
  const jittered = base * (0.8 + 0.4 * random());
  const wanted = Math.max(jittered, retryAfterSeconds ?? 0, fixedIntervalS ?? 0);
  return Math.round(Math.min(wanted, policy.maxBackoffS));
}

/** Seconds until the retry of a feed whose failure was blamed on our own outage. */
export function intervalDuringOutage(policy: PollPolicy = defaultPollPolicy, random: () => number = Math.random): number {
  return Math.round(policy.outageRetryS * (0.5 + 0.5 * random()));
}
