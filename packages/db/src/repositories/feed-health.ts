import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Rule } from '../schema/alert';
import type { Feed } from '../schema/feed';
import { enqueueDelivery } from './deliveries';

type Db = Kysely<Database> | Transaction<Database>;

/** Enabled feeds whose current failure episode began at or before `cutoff`. */
export async function listFeedsFailingSince(db: Db, cutoff: Date): Promise<Feed[]> {
  return db
    .selectFrom('feeds')
    .selectAll()
    .where('enabled', '=', true)
    .where('failing_since', 'is not', null)
    .where('failing_since', '<=', cutoff)
    .orderBy('id')
    .execute();
}

function formatHours(ms: number): string {
  const hours = ms / 3_600_000;
  return hours < 48 ? `${Math.floor(hours)} h` : `${Math.floor(hours / 24)} days`;
}

/**
 * Tells a feed-health rule about a feed failing past its threshold (default 24 h). One alert
 * per (rule, feed, failure episode) — the key holds the episode's start — so a feed failing
 * for days is reported once, and again only after it recovered and broke anew. Both the
 * ingester (right after a failed poll) and the dispatcher's periodic check call this; the key
 * makes whichever comes second a no-op. Returns whether a delivery was enqueued.
 */
export async function enqueueFeedHealthAlert(
  db: Db,
  rule: Pick<Rule, 'id' | 'channel_id' | 'failing_hours'>,
  feed: Pick<Feed, 'id' | 'title' | 'url'>,
  failingSince: Date,
  lastError: string | null,
  now = new Date(),
): Promise<boolean> {
  const failingMs = now.getTime() - failingSince.getTime();
  if (failingMs < (rule.failing_hours ?? 24) * 3_600_000) return false;
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
      message: `Feed "${name}" has been failing for ${formatHours(failingMs)}${lastError ? `: ${lastError}` : ''}`,
    },
    idempotency_key: `feed-health-rule-${rule.id}-feed-${feed.id}-${failingSince.getTime()}`,
    lease_owner: null,
    lease_until: null,
    last_error: null,
    last_status_code: null,
    sent_at: null,
  });
  return row !== null;
}

/** Whether this failure episode of the feed was already reported to the rule. */
export async function feedHealthAlerted(db: Db, ruleId: number, feedId: number, failingSince: Date): Promise<boolean> {
  const row = await db
    .selectFrom('deliveries')
    .select(sql<number>`1`.as('one'))
    .where('idempotency_key', '=', `feed-health-rule-${ruleId}-feed-${feedId}-${failingSince.getTime()}`)
    .executeTakeFirst();
  return row !== undefined;
}
