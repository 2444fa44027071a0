import { createChannel, createRule, type Database, type Kysely, type Rule } from '@newswatch/db';

/**
 * An instant rule on `watchId`'s matches, alerting a webhook channel of its own named `name`,
 * once `minSources` outlets carry the event. The hook's port has nothing listening: tests read
 * the outbox rows the rule enqueues, not what a dispatcher sends.
 */
export async function createInstantWebhookRule(db: Kysely<Database>, watchId: number, name: string, minSources = 1): Promise<Rule> {
  const channel = await createChannel(db, {
    kind: 'webhook',
    name,
    config: { url: 'http://127.0.0.1:9/hook' },
    secret: null,
    rate_limit_per_minute: null,
  });
  return createRule(db, {
    channel_id: channel.id,
    watch_id: watchId,
    mode: 'instant',
    schedule: null,
    timezone: null,
    muted_until: null,
    failing_hours: null,
    spike_window: null,
    spike_factor: null,
    spike_min_count: null,
    min_sources: minSources,
  });
}
