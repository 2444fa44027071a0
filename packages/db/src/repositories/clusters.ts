import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Cluster, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/** The cluster of another story already stored under this canonical URL, if any. */
export async function findClusterByCanonicalUrl(db: Db, canonicalUrl: string, excludeFeedId: number): Promise<number | null> {
  const row = await db
    .selectFrom('stories')
    .select('cluster_id')
    .where('canonical_url', '=', canonicalUrl)
    .where('feed_id', '!=', excludeFeedId)
    .where('cluster_id', 'is not', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.cluster_id ?? null;
}

export async function createCluster(db: Db, representativeStoryId: number, seenAt: Date): Promise<Cluster> {
  return db
    .insertInto('clusters')
    .values({ representative_story_id: representativeStoryId, first_seen_at: seenAt, last_seen_at: seenAt })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Recounts a cluster after a story joined it; sources = distinct feeds carrying it. */
export async function refreshClusterCounts(db: Db, clusterId: number): Promise<Cluster> {
  return db
    .updateTable('clusters')
    .set({
      size: sql`(select count(*) from stories where cluster_id = ${clusterId})`,
      sources_count: sql`(select count(distinct feed_id) from stories where cluster_id = ${clusterId})`,
      last_seen_at: sql`now()`,
    })
    .where('id', '=', clusterId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findClusterById(db: Db, id: number): Promise<Cluster | undefined> {
  return db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every story of a cluster with its feed, oldest first (the first outlet leads). */
export async function listClusterStories(db: Db, clusterId: number): Promise<(Pick<Story, 'id' | 'title' | 'url' | 'published_at' | 'feed_id'> & { feed_title: string | null })[]> {
  return db
    .selectFrom('stories')
    .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
    .select(['stories.id', 'stories.title', 'stories.url', 'stories.published_at', 'stories.feed_id', 'feeds.title as feed_title'])
    .where('stories.cluster_id', '=', clusterId)
    .orderBy('stories.published_at')
    .orderBy('stories.id')
    .execute();
}
