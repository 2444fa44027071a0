import { enqueueFeedHealthAlert, feedHealthAlerted, listFeedsFailingSince, listRulesByMode, type Database, type Kysely } from '@newswatch/db';
import { composeFeedFailingAlert } from './compose/feed-failing-alert';

/** How often the dispatcher looks for feeds failing past a feed-health rule's threshold. */
export const FEED_HEALTH_CHECK_MS = 30_000;

/**
 * Reports feeds that have been failing longer than a feed-health rule allows, on time: the
 * ingester only looks after a failed poll, and a broken feed's retries back off to hours
 * apart, so a 6-hour threshold could otherwise be reported hours late. Runs at most every
 * FEED_HEALTH_CHECK_MS; one alert per (rule, feed, failure episode), shared with the
 * ingester's check through the outbox key.
 */
export class FeedHealthScheduler {
  #lastRun = 0;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly intervalMs = FEED_HEALTH_CHECK_MS,
  ) {}

  async enqueueDue(now = new Date()): Promise<number> {
    if (now.getTime() - this.#lastRun < this.intervalMs) return 0;
    this.#lastRun = now.getTime();
    const rules = await listRulesByMode(this.db, 'feed-health');
    if (rules.length === 0) return 0;
    const shortest = Math.min(...rules.map((r) => r.failing_hours ?? 24));
    const feeds = await listFeedsFailingSince(this.db, new Date(now.getTime() - shortest * 3_600_000));
    let enqueued = 0;
    for (const feed of feeds) {
      const since = new Date(feed.failing_since!);
      for (const rule of rules) {
        if (await feedHealthAlerted(this.db, rule.id, feed.id, since)) continue;
        const alert = composeFeedFailingAlert(rule, feed, since, feed.last_error, now);
        if (alert && (await enqueueFeedHealthAlert(this.db, rule, alert))) enqueued++;
      }
    }
    return enqueued;
  }
}
