import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database';
import type { Cluster, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

export async function findClusterById(db: Db, id: number): Promise<Cluster | undefined> {
  return db.selectFrom('clusters').selectAll().where('id', '=', id).executeTakeFirst();
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
