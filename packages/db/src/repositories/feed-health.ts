import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { FeedFailingPayload } from '../schema/alert-payload';
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

/**
 * Enqueues a feed-health alert (composed by @newswatch/alerts, which also decides that the
 * failure has lasted long enough for the rule). One alert per (rule, feed, failure episode) —
 * the key holds the episode's start — so a feed failing for days is reported once, and again
 * only after it recovered and broke anew. Both the ingester (right after a failed poll) and
 * the dispatcher's periodic check call this; the key makes whichever comes second a no-op.
 * Returns whether a delivery was enqueued.
 */
export async function enqueueFeedHealthAlert(db: Db, rule: Pick<Rule, 'id' | 'channel_id'>, payload: FeedFailingPayload): Promise<boolean> {
  const failingSince = new Date(payload.failingSince);
  const row = await enqueueDelivery(db, {
    rule_id: rule.id,
    channel_id: rule.channel_id,
    cluster_id: null,
    window_start: failingSince,
    window_end: null,
    payload,
    idempotency_key: `feed-health-rule-${rule.id}-feed-${payload.feedId}-${failingSince.getTime()}`,
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
