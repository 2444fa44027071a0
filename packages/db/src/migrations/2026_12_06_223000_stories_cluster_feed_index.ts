import { sql, type Kysely } from 'kysely';

/**
 * Stories indexed by cluster and feed (in place of by cluster alone, which the new index's
 * first column serves as well): a story joining a cluster asks "has this cluster a story of
 * this feed already?" — one index probe — where the clusters' counts were recounted from all
 * their stories on every growth (cluster-batches.ts, `addJoinersToClusterCounts`).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create index stories_cluster_feed_idx on stories (cluster_id, feed_id)`.execute(db);
  await sql`drop index stories_cluster_idx`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`create index stories_cluster_idx on stories (cluster_id)`.execute(db);
  await sql`drop index stories_cluster_feed_idx`.execute(db);
}
