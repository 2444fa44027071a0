import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { StoredSpan } from '../schema/stored-span';
import type { Cluster, Story, TriageState } from '../schema/story';
import { integerArray } from '../array-parameter';
import { anyInteger } from '../bind-limit';

type Db = Kysely<Database> | Transaction<Database>;

export async function findClusterById(db: Db, id: number): Promise<Cluster | undefined> {
  return db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The stories of these clusters that match a watch, with their feeds and matches, oldest first. */
export async function listMatchedClusterStories(
  db: Db,
  clusterIds: readonly number[],
): Promise<{ id: number; cluster_id: number; feed_title: string | null; watch_id: number; watch_name: string; spans: StoredSpan[] }[]> {
  if (clusterIds.length === 0) return [];
  // Per cluster an index range, whatever the planner knows (PGlite never analyzes).
  const rows = await sql<{ id: number; cluster_id: number; feed_title: string | null; watch_id: number; watch_name: string; spans: StoredSpan[] }>`
    select s.id, c.id as cluster_id, f.title as feed_title, m.watch_id, w.name as watch_name, m.spans
    from unnest(${integerArray([...new Set(clusterIds)])}) as c(id)
    cross join lateral (select id, feed_id, published_at from stories where stories.cluster_id = c.id) as s
    join matches m on m.story_id = s.id
    join watches w on w.id = m.watch_id
    join feeds f on f.id = s.feed_id
    order by s.published_at, s.id, m.watch_id`
    .execute(db)
    .then((r) => r.rows);
  return rows.map((r) => ({ ...r, id: Number(r.id), cluster_id: Number(r.cluster_id), watch_id: Number(r.watch_id) }));
}

/** Every story of a cluster with its feed, oldest first (the first outlet leads). */
export async function listClusterStories(
  db: Db,
  clusterId: number,
): Promise<(Pick<Story, 'id' | 'title' | 'url' | 'published_at' | 'feed_id'> & { feed_title: string | null })[]> {
  return db
    .selectFrom('stories')
    .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
    .select(['stories.id', 'stories.title', 'stories.url', 'stories.published_at', 'stories.feed_id', 'feeds.title as feed_title'])
    .where('stories.cluster_id', '=', clusterId)
    .orderBy('stories.published_at')
    .orderBy('stories.id')
    .execute();
}

/** An outlet carrying a cluster: its feed, and when it first published the event. */
export interface ClusterOutlet {
  feed_id: number;
  feed_title: string | null;
  first_published_at: Date;
}

/** What a card or the API shows of one event, counted from its stories as they are now. */
export interface ClusterSummary {
  id: number;
  first_seen_at: Date;
  last_seen_at: Date;
  /** Its earliest published story: the headline a card shows. */
  first_story_id: number;
  size: number;
  /** Distinct feeds among its stories. */
  outlets: number;
  first_published_at: Date;
  last_published_at: Date;
  /** Every outlet, earliest first. */
  sources: ClusterOutlet[];
  /** Every watch any of its stories matched. */
  watches: { watch_id: number; watch_name: string }[];
}

/**
 * Summaries of these clusters (absent ids are left out), in three statements whatever their
 * number. Counted from the stories rather than read from the cluster row, so a card and the
 * API agree with the member list however the row's counters are kept.
 */
export async function describeClusters(db: Db, clusterIds: readonly number[]): Promise<Map<number, ClusterSummary>> {
  const ids = [...new Set(clusterIds)];
  const found = new Map<number, ClusterSummary>();
  if (ids.length === 0) return found;
  const inIds = anyInteger(ids);
  const [heads, sources, watches] = await Promise.all([
    sql<Omit<ClusterSummary, 'sources' | 'watches'>>`
      select c.id, c.first_seen_at, c.last_seen_at, lead.id as first_story_id, agg.size, agg.outlets,
        agg.first_published_at, agg.last_published_at
      from clusters c
      cross join lateral (
        select count(*)::integer as size, count(distinct feed_id)::integer as outlets,
          min(published_at) as first_published_at, max(published_at) as last_published_at
        from stories where cluster_id = c.id
      ) agg
      cross join lateral (select id from stories where cluster_id = c.id order by published_at, id limit 1) lead
      where c.id = ${inIds}`.execute(db),
    sql<ClusterOutlet & { cluster_id: number }>`
      select stories.cluster_id, stories.feed_id, feeds.title as feed_title, min(stories.published_at) as first_published_at
      from stories join feeds on feeds.id = stories.feed_id
      where stories.cluster_id = ${inIds}
      group by stories.cluster_id, stories.feed_id, feeds.title
      order by stories.cluster_id, first_published_at, stories.feed_id`.execute(db),
    sql<{ cluster_id: number; watch_id: number; watch_name: string }>`
      select distinct stories.cluster_id, matches.watch_id, watches.name as watch_name
      from stories join matches on matches.story_id = stories.id join watches on watches.id = matches.watch_id
      where stories.cluster_id = ${inIds}
      order by stories.cluster_id, watches.name, matches.watch_id`.execute(db),
  ]);
  for (const head of heads.rows) found.set(head.id, { ...head, sources: [], watches: [] });
  for (const { cluster_id, ...outlet } of sources.rows) found.get(cluster_id)?.sources.push(outlet);
  for (const { cluster_id, ...watch } of watches.rows) found.get(cluster_id)?.watches.push(watch);
  return found;
}

/** Sets the triage state of every story of a cluster: triaging an event triages all its copies. */
export async function setClusterState(db: Db, clusterId: number, state: TriageState): Promise<void> {
  await sql`
    insert into story_states (story_id, state)
    select id, ${state} from stories where cluster_id = ${clusterId}
    on conflict (story_id) do update set state = excluded.state, updated_at = now()`.execute(db);
}
