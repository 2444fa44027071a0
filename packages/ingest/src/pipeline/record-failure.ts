import { releaseFeedLease, type Feed } from '@newswatch/db';
import { storableText } from '../normalize/storable-text';
import type { OutageVerdict } from '../schedule/outage-detector';
import { defaultPollPolicy, intervalAfterFailure, intervalDuringOutage } from '../schedule/poll-policy';
import { enqueueFeedHealthAlerts } from './feed-health-alerts';
import type { IngestContext } from './refresh-feed';

/** A failed poll, before it is written to the feed row. */
export interface FeedFailure {
  feed: Feed;
  message: string;
  status: number | null;
  retryAfterSeconds: number | null;
  /** No HTTP answer at all: possibly our own outage rather than the feed's fault. */
  network: boolean;
}

/**
 * Where `refreshFeed` hands a failed poll. Writing it at once is the default
 * (`recordFailuresAtOnce`); a poll cycle holds network failures until later fetches can tell
 * a dead feed from our own outage (`HeldFailures`).
 */
export interface FailureRecorder {
  /** Writes `failure` on its feed row, or holds it to write later; resolves with the outbox rows enqueued now. */
  record(failure: FeedFailure): Promise<number>;
}

/** Writes each failure as it comes, a network one judged on the outage detector's window as it stands. */
export function recordFailuresAtOnce(ctx: IngestContext): FailureRecorder {
  return { record: (failure) => recordFailure(ctx, failure, failure.network ? (ctx.outage?.verdict() ?? null) : null) };
}

const after = (seconds: number) => new Date(Date.now() + seconds * 1000);

/**
 * Writes a failed poll on the feed row and releases its lease. A failure blamed on our own
 * outage (`verdict.outage`) leaves the feed's counters and health alone and retries it soon;
 * any other failure counts: backoff, failing-since, and feed-health alerts once it has lasted.
 * Returns the outbox rows enqueued.
 */
export async function recordFailure(ctx: IngestContext, failure: FeedFailure, verdict: OutageVerdict | null): Promise<number> {
  const { feed } = failure;
  // Messages may quote the feed (JSON.parse does): a NUL in one would fail this very write.
  const message = storableText(failure.message);
  const policy = ctx.policy ?? defaultPollPolicy;
  if (verdict?.outage) {
    await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
      last_error: `${message} (not counted: ${verdict.failed} of the last ${verdict.total} fetches failed, on ${verdict.hosts} hosts — our own network looks down)`,
      last_status: failure.status,
      last_fetched_at: new Date(),
      next_poll_at: after(intervalDuringOutage(policy)),
    });
    ctx.logger.warn(
      { feed_id: feed.id, error: failure.message, failed: verdict.failed, total: verdict.total },
      'Feed poll failed during a suspected outage of our own',
    );
    return 0;
  }
  const failures = feed.consecutive_failures + 1;
  const failingSince = feed.failing_since ?? new Date();
  await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
    last_error: message,
    last_status: failure.status,
    last_fetched_at: new Date(),
    consecutive_failures: failures,
    failing_since: failingSince,
    next_poll_at: after(intervalAfterFailure(failures, failure.retryAfterSeconds, policy, Math.random, feed.poll_interval_s)),
  });
  ctx.logger.warn({ feed_id: feed.id, error: failure.message, failures }, 'Feed poll failed');
  return enqueueFeedHealthAlerts(ctx.db, ctx.alerts, feed, failingSince, message);
}
