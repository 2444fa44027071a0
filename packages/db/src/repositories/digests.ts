import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { StoredSpan } from '../schema/stored-span';
import type { Cluster, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

export interface DigestEntry {
  story: Story & { feed_title: string | null };
  cluster: Cluster | null;
  matches: { watch_id: number; watch_name: string; spans: StoredSpan[] }[];
}

/** How far back a cluster's first match may lie and still enter a digest by reaching `minSources` late. */
const LATE_SOURCES_LOOKBACK_MS = 7 * 86_400_000;

/**
 * The clusters that became alertable for a digest in (`start`, `end`]: a cluster enters the
 * digest of the window holding the moment it first satisfied the rule — its first match by
 * these watches (null = any) and, with `minSources` > 1, the arrival of its N-th outlet —
 * so each cluster is in exactly one digest of a rule, including one that matched on Monday and
 * reached three outlets on Tuesday (Tuesday's digest). Each entry is the cluster's earliest
 * matching story with its matches; stories without a cluster count alone. Oldest first.
 */
export async function listDigestEntries(db: Db, watchIds: number[] | null, start: Date, end: Date, limit = 200, minSources = 1): Promise<DigestEntry[]> {
  if (watchIds !== null && watchIds.length === 0) return [];
  const matchRows = (clusterIds: number[] | null, storyIds: number[] | null, from: Date | null) => {
    let query = db
      .selectFrom('matches')
      .innerJoin('watches', 'watches.id', 'matches.watch_id')
      .innerJoin('stories', 'stories.id', 'matches.story_id')
      .select(['matches.story_id', 'matches.watch_id', 'watches.name as watch_name', 'matches.spans', 'matches.matched_at', 'stories.cluster_id'])
      .where('matches.matched_at', '<=', end);
    if (from) query = query.where('matches.matched_at', '>', from);
    if (watchIds) query = query.where('matches.watch_id', '=', anyInteger(watchIds));
    if (clusterIds) query = query.where('stories.cluster_id', '=', anyInteger(clusterIds));
    if (storyIds) query = query.where('stories.id', '=', anyInteger(storyIds));
    return query.orderBy('matches.matched_at').orderBy('matches.story_id').execute();
  };

  // Candidates: anything matched inside the window, and clusters that gained outlets in it.
  const inWindow = await matchRows(null, null, start);
  const clusterIds = new Set(inWindow.map((r) => r.cluster_id).filter((id): id is number => id !== null));
  if (minSources > 1) {
    const grown = db
      .selectFrom('clusters')
      .select('clusters.id')
      .where('clusters.last_seen_at', '>', start)
      .where('clusters.sources_count', '>=', minSources)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('matches')
            .innerJoin('stories', 'stories.id', 'matches.story_id')
            .select(sql`1`.as('one'))
            .whereRef('stories.cluster_id', '=', 'clusters.id')
            .where('matches.matched_at', '<=', end)
            .where('matches.matched_at', '>', new Date(start.getTime() - LATE_SOURCES_LOOKBACK_MS))
            .$if(watchIds !== null, (q) => q.where('matches.watch_id', '=', anyInteger(watchIds!))),
        ),
      );
    for (const row of await grown.execute()) clusterIds.add(row.id);
  }

  // Every match of the candidate clusters up to the window's end: their first match and lead story.
  const clustered = await matchRows([...clusterIds], null, null);
  const firstMatch = new Map<number, { at: Date; storyId: number }>();
  for (const row of clustered) if (!firstMatch.has(row.cluster_id!)) firstMatch.set(row.cluster_id!, { at: new Date(row.matched_at), storyId: row.story_id });
  const nthSource = minSources > 1 ? await nthSourceTimes(db, [...clusterIds], end, minSources) : new Map<number, Date>();

  const chosen: { storyId: number; at: Date }[] = [];
  for (const [clusterId, first] of firstMatch) {
    const sourcesAt = minSources > 1 ? nthSource.get(clusterId) : first.at;
    if (!sourcesAt) continue;
    // biome-ignore lint/complexity/useMathMinMax: Dates, and the later Date is wanted, not a number
    const eligibleAt = sourcesAt > first.at ? sourcesAt : first.at;
    if (eligibleAt > start && eligibleAt <= end) chosen.push({ storyId: first.storyId, at: eligibleAt });
  }
  if (minSources <= 1) {
    const alone = new Map<number, Date>();
    for (const row of inWindow) if (row.cluster_id === null && !alone.has(row.story_id)) alone.set(row.story_id, new Date(row.matched_at));
    for (const [storyId, at] of alone) chosen.push({ storyId, at });
  }
  chosen.sort((a, b) => a.at.getTime() - b.at.getTime() || a.storyId - b.storyId);
  const storyIds = chosen.slice(0, limit).map((c) => c.storyId);
  if (storyIds.length === 0) return [];

  const [stories, storyMatches] = await Promise.all([
    db
      .selectFrom('stories')
      .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
      .selectAll('stories')
      .select('feeds.title as feed_title')
      .where('stories.id', '=', anyInteger(storyIds))
      .execute(),
    matchRows(null, storyIds, null),
  ]);
  const ids = [...new Set(stories.map((s) => s.cluster_id).filter((id): id is number => id !== null))];
  const clusters = ids.length ? await db.selectFrom('clusters').selectAll().where('id', '=', anyInteger(ids)).execute() : [];
  return storyIds.map((id) => {
    const { search: _search, ...story } = stories.find((s) => s.id === id)!;
    return {
      story,
      cluster: clusters.find((c) => c.id === story.cluster_id) ?? null,
      matches: storyMatches.filter((r) => r.story_id === id).map((r) => ({ watch_id: r.watch_id, watch_name: r.watch_name, spans: r.spans })),
    };
  });
}

/** When each cluster's `n`-th distinct outlet first carried it (up to `end`); absent below `n`. */
async function nthSourceTimes(db: Db, clusterIds: number[], end: Date, n: number): Promise<Map<number, Date>> {
  if (clusterIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stories')
    .select(['cluster_id', 'feed_id', sql<Date>`min(fetched_at)`.as('first_at')])
    .where('cluster_id', '=', anyInteger(clusterIds))
    .where('fetched_at', '<=', end)
    .groupBy(['cluster_id', 'feed_id'])
    .execute();
  const perCluster = new Map<number, number[]>();
  for (const row of rows) perCluster.set(row.cluster_id!, [...(perCluster.get(row.cluster_id!) ?? []), new Date(row.first_at).getTime()]);
  const result = new Map<number, Date>();
  for (const [clusterId, times] of perCluster) {
    if (times.length < n) continue;
    result.set(clusterId, new Date(times.sort((a, b) => a - b)[n - 1]!));
  }
  return result;
}

/** True when an outbox row with this key exists (a digest window already handled). */
export async function deliveryKeyExists(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('deliveries').select(sql<number>`1`.as('one')).where('idempotency_key', '=', key).executeTakeFirst();
  return row !== undefined;
}
