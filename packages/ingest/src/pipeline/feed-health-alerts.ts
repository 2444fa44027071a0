import { enqueueDelivery, listRulesByMode, type Database, type Feed, type Kysely } from '@newswatch/db';

/**
 * After a failed poll: tells each feed-health rule whose threshold the feed's failure episode
 * has passed. One alert per (rule, feed, episode) — the key holds the episode's start — so a
 * feed failing for days is reported once, and again only after it recovered and broke anew.
 */
export async function enqueueFeedHealthAlerts(db: Kysely<Database>, feed: Feed, failingSince: Date, lastError: string, now = new Date()): Promise<number> {
  const rules = await listRulesByMode(db, 'feed-health');
  let enqueued = 0;
  for (const rule of rules) {
    const hours = rule.failing_hours ?? 24;
    const failingMs = now.getTime() - failingSince.getTime();
    if (failingMs < hours * 3_600_000) continue;
    const name = feed.title ?? feed.url;
    const row = await enqueueDelivery(db, {
      rule_id: rule.id,
      channel_id: rule.channel_id,
      cluster_id: null,
      window_start: failingSince,
      window_end: null,
      payload: {
        type: 'feed.failing',
        ruleId: rule.id,
        feedId: feed.id,
        feedTitle: feed.title,
        feedUrl: feed.url,
        failingSince: failingSince.toISOString(),
        lastError,
        message: `Feed "${name}" has been failing for ${formatHours(failingMs)}: ${lastError}`,
      },
      idempotency_key: `feed-health-rule-${rule.id}-feed-${feed.id}-${failingSince.getTime()}`,
      lease_owner: null,
      lease_until: null,
      last_error: null,
      last_status_code: null,
      sent_at: null,
    });
    if (row) enqueued++;
  }
  return enqueued;
}

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.floor(hours)} h` : `${Math.floor(hours / 24)} days`;
}
