import {
  createCluster,
  findClusterByCanonicalUrl,
  refreshClusterCounts,
  type Cluster,
  type Transaction,
  type Database,
} from '@newswatch/db';

/**
 * Puts a newly stored story into the cluster of the same real-world story from another
 * outlet (same canonical URL), or starts a new cluster led by it.
 */
export async function assignCluster(
  trx: Transaction<Database>,
  story: { id: number; feed_id: number; canonical_url: string | null; fetched_at: Date },
): Promise<Cluster> {
  const existing = story.canonical_url ? await findClusterByCanonicalUrl(trx, story.canonical_url, story.feed_id) : null;
  const clusterId = existing ?? (await createCluster(trx, story.id, story.fetched_at)).id;
  await trx.updateTable('stories').set({ cluster_id: clusterId }).where('id', '=', story.id).execute();
  return refreshClusterCounts(trx, clusterId);
}
