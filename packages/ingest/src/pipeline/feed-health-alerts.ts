import { enqueueFeedHealthAlert, listRulesByMode, type AlertComposer, type Database, type Feed, type Kysely } from '@newswatch/db';

/**
 * After a failed poll: tells each feed-health rule whose threshold the feed's failure episode
 * has passed, once per (rule, feed, episode). The alert dispatcher also checks failing feeds
 * periodically, so a feed whose retries back off for hours is still reported on time.
 */
export async function enqueueFeedHealthAlerts(
  db: Kysely<Database>,
  alerts: AlertComposer,
  feed: Feed,
  failingSince: Date,
  lastError: string,
  now = new Date(),
): Promise<number> {
  let enqueued = 0;
  for (const rule of await listRulesByMode(db, 'feed-health')) {
    const alert = alerts.feedFailing(rule, feed, failingSince, lastError, now);
    if (alert && (await enqueueFeedHealthAlert(db, rule, alert))) enqueued++;
  }
  return enqueued;
}
