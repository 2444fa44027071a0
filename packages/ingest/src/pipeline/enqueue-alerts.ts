import {
  enqueueDelivery,
  findStoryById,
  listClusterStories,
  listInstantRulesForWatches,
  listMatchesForStories,
  type AlertComposer,
  type Cluster,
  type Database,
  type Story,
  type Transaction,
} from '@newswatch/db';
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
  alerts: AlertComposer,
  /** Only rules whose minSources the cluster just passed: above `from` outlets, at most `to`. */
  minSourcesCrossed?: { from: number; to: number },
): Promise<number> {
  const rules = await listInstantRulesForWatches(
    trx,
    hits.map((h) => h.watchId),
  );
  let enqueued = 0;
  for (const rule of rules) {
    if (cluster.sources_count < rule.min_sources) continue;
    if (minSourcesCrossed && !(rule.min_sources > minSourcesCrossed.from && rule.min_sources <= minSourcesCrossed.to)) continue;
    const ruleHits = rule.watch_ids === null ? hits : hits.filter((h) => rule.watch_ids!.includes(h.watchId));
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
 * Stories joined a cluster (`arrived`: the ids stored just now): rules whose `minSources` lies
 * between the cluster's outlets before and after them may now be satisfied by matches of the
 * cluster's stories — even when no new copy matches anything itself. Outlets are distinct
 * feeds, counted from the stories: a feed carrying the event twice is one outlet, and several
 * outlets arriving in one batch pass every threshold between (1 → 3 passes 2 and 3). Rules
 * whose threshold was passed earlier are left alone, so a rule created later does not alert on
 * an old story because one more outlet picked it up. Each rule alerts about the earliest story
 * matching one of its watches; the outbox key keeps it to one alert per (rule, cluster).
 */
export async function enqueueForGrownCluster(
  trx: Transaction<Database>,
  cluster: Cluster,
  alerts: AlertComposer,
  arrived: ReadonlySet<number>,
): Promise<number> {
  const members = await listClusterStories(trx, cluster.id);
  const outlets = new Set(members.map((m) => m.feed_id)).size;
  const outletsBefore = new Set(members.filter((m) => !arrived.has(m.id)).map((m) => m.feed_id)).size;
  if (outlets < 2 || outlets === outletsBefore) return 0;
  const matches = await listMatchesForStories(
    trx,
    members.map((m) => m.id),
  );
  const counted = { ...cluster, sources_count: outlets };
  let enqueued = 0;
  for (const member of members) {
    const own = matches.filter((m) => m.story_id === member.id);
    if (own.length === 0) continue;
    const story = await findStoryById(trx, member.id);
    if (!story) continue;
    const names = new Map(own.map((m) => [m.watch_id, m.watch_name]));
    const hits = own.map((m) => ({ watchId: m.watch_id, spans: m.spans }));
    enqueued += await enqueueInstantAlerts(trx, story, member.feed_title, counted, hits, (id) => names.get(id) ?? `watch ${id}`, alerts, {
      from: outletsBefore,
      to: outlets,
    });
  }
  return enqueued;
}
