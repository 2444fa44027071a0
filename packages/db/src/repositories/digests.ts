import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { StoredSpan } from '../schema/watch';
import type { Cluster, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

export interface DigestEntry {
  story: Story & { feed_title: string | null };
  cluster: Cluster | null;
  matches: { watch_id: number; watch_name: string; spans: StoredSpan[] }[];
}

/**
 * Stories matched by these watches (null = any) between `start` (exclusive) and `end`
 * (inclusive), one per cluster — its earliest matching story — oldest first.
 */
export async function listDigestEntries(db: Db, watchIds: number[] | null, start: Date, end: Date, limit = 200): Promise<DigestEntry[]> {
  let query = db
    .selectFrom('matches')
    .innerJoin('watches', 'watches.id', 'matches.watch_id')
    .innerJoin('stories', 'stories.id', 'matches.story_id')
    .select(['matches.story_id', 'matches.watch_id', 'watches.name as watch_name', 'matches.spans', 'stories.cluster_id', 'stories.published_at'])
    .where('matches.matched_at', '>', start)
    .where('matches.matched_at', '<=', end);
  if (watchIds) query = query.where('matches.watch_id', 'in', watchIds);
  const rows = await query.orderBy('stories.published_at').orderBy('matches.story_id').execute();
  const chosen = new Map<string, number>();
  for (const row of rows) {
    const key = row.cluster_id ? `c${row.cluster_id}` : `s${row.story_id}`;
    if (!chosen.has(key)) chosen.set(key, row.story_id);
  }
  const storyIds = [...chosen.values()].slice(0, limit);
  if (storyIds.length === 0) return [];
  const stories = await db
    .selectFrom('stories')
    .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
    .selectAll('stories')
    .select('feeds.title as feed_title')
    .where('stories.id', 'in', storyIds)
    .execute();
  const clusterIds = [...new Set(stories.map((s) => s.cluster_id).filter((id): id is number => id !== null))];
  const clusters = clusterIds.length ? await db.selectFrom('clusters').selectAll().where('id', 'in', clusterIds).execute() : [];
  return storyIds.map((id) => {
    const { search: _search, ...story } = stories.find((s) => s.id === id)!;
    return {
      story,
      cluster: clusters.find((c) => c.id === story.cluster_id) ?? null,
      matches: rows.filter((r) => r.story_id === id).map((r) => ({ watch_id: r.watch_id, watch_name: r.watch_name, spans: r.spans })),
    };
  });
}

/** True when an outbox row with this key exists (a digest window already handled). */
export async function deliveryKeyExists(db: Db, key: string): Promise<boolean> {
  const row = await db.selectFrom('deliveries').select(sql<number>`1`.as('one')).where('idempotency_key', '=', key).executeTakeFirst();
  return row !== undefined;
}
