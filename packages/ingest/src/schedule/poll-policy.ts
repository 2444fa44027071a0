/**
 * When a feed is polled next.
 *
 * Success: the user's fixed interval if set; otherwise adaptive — half the feed's typical gap
 * between items, so a wire that publishes every few minutes is read every few minutes and a
 * weekly blog is not hammered — bounded by [minIntervalS, maxIntervalS] and never sooner than
 * the server's `Cache-Control: max-age` or RSS `<ttl>` ask (capped by maxIntervalS).
 *
 * Failure: exponential backoff from `minIntervalS` doubling per consecutive failure, with ±20%
 * jitter so feeds that failed together do not retry together, capped at a day: a broken feed
 * is never given up on, only retried daily. `Retry-After` wins when longer.
 */
export interface PollPolicy {
  minIntervalS: number;
  maxIntervalS: number;
  defaultIntervalS: number;
  maxBackoffS: number;
}

export const defaultPollPolicy: PollPolicy = {
  minIntervalS: 60,
  maxIntervalS: 3600,
  defaultIntervalS: 300,
  maxBackoffS: 86_400,
};

export interface SuccessSignals {
  fixedIntervalS: number | null;
  /** Publication times of the feed's recent items. */
  recentPublishedAt: Date[];
  maxAgeSeconds: number | null;
  ttlMinutes: number | null;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Seconds until the next poll after a successful (200 or 304) fetch. */
export function intervalAfterSuccess(signals: SuccessSignals, policy: PollPolicy = defaultPollPolicy): number {
  if (signals.fixedIntervalS) return signals.fixedIntervalS;
  let interval = policy.defaultIntervalS;
  const times = signals.recentPublishedAt.map((d) => d.getTime()).sort((a, b) => b - a).slice(0, 20);
  if (times.length >= 3) {
    const gaps = times.slice(1).map((t, i) => (times[i]! - t) / 1000).sort((a, b) => a - b);
    const medianGap = gaps[Math.floor(gaps.length / 2)]!;
    interval = medianGap / 2;
  }
  interval = clamp(interval, policy.minIntervalS, policy.maxIntervalS);
  const serverFloor = Math.max(signals.maxAgeSeconds ?? 0, (signals.ttlMinutes ?? 0) * 60);
  return Math.round(Math.max(interval, Math.min(serverFloor, policy.maxIntervalS)));
}

/** Seconds until the retry after the `consecutiveFailures`-th failure in a row (1-based). */
export function intervalAfterFailure(
  consecutiveFailures: number,
  retryAfterSeconds: number | null,
  policy: PollPolicy = defaultPollPolicy,
  random: () => number = Math.random,
): number {
  const base = Math.min(policy.minIntervalS * 2 ** Math.max(0, consecutiveFailures - 1), policy.maxBackoffS);
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(Math.max(jittered, retryAfterSeconds ?? 0), policy.maxBackoffS));
}
