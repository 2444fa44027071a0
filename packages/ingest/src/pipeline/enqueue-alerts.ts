import {
  enqueueDelivery,
  findStoryById,
  listMatchedClusterStories,
  type AlertComposer,
  type Cluster,
  type Database,
  type GrownCluster,
  type RuleWithWatches,
  type Story,
  type Transaction,
} from '@newswatch/db';
import type { WatchHit } from './watch-matcher';

/**
 * Writes the outbox rows of the instant rules (`rules`: every one in force, as
 * `listInstantRules` reads them once per batch) that cover these matches, in the caller's
 * transaction. The key is per (rule, cluster): a later copy of the same story, a re-match
 * or a retry of this transaction never enqueues a second alert.
 */
export async function enqueueInstantAlerts(
  trx: Transaction<Database>,
  rules: readonly RuleWithWatches[],
  story: Story,
  feedTitle: string | null,
  cluster: Cluster,
  hits: WatchHit[],
  watchName: (id: number) => string,
  alerts: AlertComposer,
  /** Only rules whose minSources the cluster just passed: above `from` outlets, at most `to`. */
  minSourcesCrossed?: { from: number; to: number },
): Promise<number> {
  let enqueued = 0;
  for (const rule of rules) {
    const ruleHits = rule.watch_ids === null ? hits : hits.filter((h) => rule.watch_ids!.includes(h.watchId));
    if (ruleHits.length === 0) continue;
    if (cluster.sources_count < rule.min_sources) continue;
    if (minSourcesCrossed && !(rule.min_sources > minSourcesCrossed.from && rule.min_sources <= minSourcesCrossed.to)) continue;
    const row = await enqueueDelivery(trx, {
      rule_id: rule.id,
      channel_id: rule.channel_id,
      cluster_id: cluster.id,
      window_start: null,
      window_end: null,
      payload: alerts.storyMatched(rule.id, story, feedTitle, cluster, ruleHits, watchName),
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

/**
 * Stories joined clusters (`grown`, recounted with their outlets before): rules whose
 * `minSources` lies between a cluster's outlets before and after may now be satisfied by
 * matches of the cluster's stories — even when no new copy matches anything itself. Outlets
 * are distinct feeds: a feed carrying the event twice is one outlet, and several outlets
 * arriving in one batch pass every threshold between (1 → 3 passes 2 and 3). Rules whose
 * threshold was passed earlier are left alone, so a rule created later does not alert on an
 * old story because one more outlet picked it up. Each rule alerts about the earliest story
 * matching one of its watches; the outbox key keeps it to one alert per (rule, cluster).
 */
export async function enqueueForGrownClusters(
  trx: Transaction<Database>,
  rules: readonly RuleWithWatches[],
  grown: readonly GrownCluster[],
  alerts: AlertComposer,
): Promise<Map<number, number>> {
  const enqueued = new Map<number, number>();
  // Only clusters that passed some rule's threshold: most batches grow hundreds of clusters
  // and most deployments wait for one outlet, so this usually reads nothing.
  const thresholds = rules.map((r) => r.min_sources).filter((n) => n >= 2);
  const passed = grown.filter((c) => thresholds.some((n) => n > c.sources_before && n <= c.sources_count));
  const matched = await listMatchedClusterStories(
    trx,
    passed.map((c) => c.id),
  );
  // Each matched story's rows (one per watch), grouped by cluster and story.
  const rowsOf = new Map<number, Map<number, typeof matched>>();
  for (const row of matched) {
    const stories = rowsOf.get(row.cluster_id) ?? new Map<number, typeof matched>();
    stories.set(row.id, [...(stories.get(row.id) ?? []), row]);
    rowsOf.set(row.cluster_id, stories);
  }
  for (const cluster of passed) {
    const crossed = { from: cluster.sources_before, to: cluster.sources_count };
    let count = 0;
    for (const [storyId, own] of rowsOf.get(cluster.id) ?? []) {
      const story = await findStoryById(trx, storyId);
      if (!story) continue;
      const names = new Map(own.map((m) => [m.watch_id, m.watch_name]));
      const hits = own.map((m) => ({ watchId: m.watch_id, spans: m.spans }));
      count += await enqueueInstantAlerts(trx, rules, story, own[0]!.feed_title, cluster, hits, (id) => names.get(id) ?? `watch ${id}`, alerts, crossed);
    }
    enqueued.set(cluster.id, count);
  }
  return enqueued;
}
