import { enqueueDelivery, listInstantRulesForWatches, type Cluster, type Database, type Story, type Transaction } from '@newswatch/db';
import { buildAlertStory } from './build-alert';
import type { WatchHit } from './watch-matcher';

/**
 * Writes the outbox rows of the instant rules that cover these matches, in the caller's
 * transaction. The key is per (rule, cluster): a later copy of the same story, a re-match
 * or a retry of this transaction never enqueues a second alert.
 */
export async function enqueueInstantAlerts(
  trx: Transaction<Database>,
  story: Story,
  feedTitle: string | null,
  cluster: Cluster,
  hits: WatchHit[],
  watchName: (id: number) => string,
  publicUrl: string | null,
): Promise<number> {
  const rules = await listInstantRulesForWatches(trx, hits.map((h) => h.watchId));
  let enqueued = 0;
  for (const rule of rules) {
    if (cluster.sources_count < rule.min_sources) continue;
    const ruleHits = rule.watch_id === null ? hits : hits.filter((h) => h.watchId === rule.watch_id);
    const alert = buildAlertStory(story, feedTitle, cluster, ruleHits, watchName, publicUrl);
    const row = await enqueueDelivery(trx, {
      rule_id: rule.id,
      channel_id: rule.channel_id,
      cluster_id: cluster.id,
      window_start: null,
      window_end: null,
      payload: { type: 'story.matched', ruleId: rule.id, story: alert },
      idempotency_key: `rule-${rule.id}-cluster-${cluster.id}`,
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
