import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Cluster, NewStory, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * Set-at-a-time writes for the ingest pipeline: a feed's new items cost a handful of
 * statements whatever their number, instead of several per item (PostgreSQL: 10k rows in
 * ~85 ms as multi-row INSERTs, ~1.2 s one by one; PGlite serializes every statement).
 */

const storyColumns = [
  'id', 'feed_id', 'dedupe_key', 'guid', 'url', 'canonical_url', 'title', 'summary_text', 'content_html',
  'content_text', 'author', 'language', 'published_at', 'fetched_at', 'content_hash', 'cluster_id',
] as const;

/** Inserts stories in one statement; keys the feed already has are skipped. Returns the new rows. */
export async function insertStories(db: Db, stories: NewStory[]): Promise<Story[]> {
  if (stories.length === 0) return [];
  return db
    .insertInto('stories')
    .values(stories)
    .onConflict((oc) => oc.columns(['feed_id', 'dedupe_key']).doNothing())
    .returning(storyColumns)
    .execute();
}

/**
 * For each canonical URL, the cluster of the earliest story another feed stored under it:
 * the same article from another outlet joins that story's cluster.
 */
export async function findClustersByCanonicalUrls(db: Db, canonicalUrls: string[], excludeFeedId: number): Promise<Map<string, number>> {
  if (canonicalUrls.length === 0) return new Map();
  const rows = await db
    .selectFrom('stories')
    .select(['canonical_url', 'cluster_id'])
    .distinctOn('canonical_url')
    .where('canonical_url', 'in', canonicalUrls)
    .where('feed_id', '!=', excludeFeedId)
    .where('cluster_id', 'is not', null)
    .orderBy('canonical_url')
    .orderBy('id')
    .execute();
  return new Map(rows.map((r) => [r.canonical_url!, r.cluster_id!]));
}

/** Rows read per near-duplicate lookup at most. */
const NEAR_DUPLICATE_CANDIDATES = 300;

/**
 * For each fingerprint, the cluster of an earlier story from another feed within `maxBits`
 * of it (the closest; the earliest on a tie), fetched in the last `withinHours`: the same
 * article under another URL. Candidates share a lookup key; distances are checked here.
 */
export async function findClustersByNearDuplicate(
  db: Transaction<Database>,
  fingerprints: readonly { bands: readonly number[]; keys: readonly number[] }[],
  excludeFeedId: number,
  options: { maxBits: number; withinHours: number; distance: (a: readonly number[], b: readonly number[]) => number },
): Promise<(number | null)[]> {
  const allKeys = [...new Set(fingerprints.flatMap((f) => f.keys))];
  if (allKeys.length === 0) return fingerprints.map(() => null);
  // The GIN index must be used: without statistics (PGlite never runs autovacuum) the planner
  // guesses that half the table overlaps and reads every story. Hence no sequential scan for
  // this one statement, and the key lookup materialized before ORDER BY id … LIMIT (else the
  // primary key is walked backwards). Newest first, and a bound: copies arrive within hours,
  // and a burst of look-alike stories must not make every lookup read thousands of rows.
  await sql`set local enable_seqscan = off`.execute(db);
  const candidates = await sql<{ cluster_id: number; near_duplicate_bands: number[] | null }>`
    with hits as materialized (
      select id, feed_id, cluster_id, fetched_at, near_duplicate_bands from stories
      where near_duplicate_keys && ${allKeys}::integer[]
    )
    select cluster_id, near_duplicate_bands from hits
    where feed_id <> ${excludeFeedId} and cluster_id is not null
      and fetched_at > now() - make_interval(hours => ${options.withinHours})
    order by id desc
    limit ${NEAR_DUPLICATE_CANDIDATES}`
    .execute(db)
    .then((result) => result.rows);
  await sql`set local enable_seqscan = on`.execute(db);
  return fingerprints.map((fingerprint) => {
    let best: { clusterId: number; bits: number } | null = null;
    for (const candidate of candidates) {
      const bits = options.distance(fingerprint.bands, candidate.near_duplicate_bands ?? []);
      if (bits <= options.maxBits && (best === null || bits <= best.bits)) best = { clusterId: candidate.cluster_id, bits };
    }
    return best?.clusterId ?? null;
  });
}

/** Starts one cluster per story, each led by it; returned in the order given. */
export async function createClustersFor(db: Db, representativeStoryIds: number[]): Promise<Cluster[]> {
  if (representativeStoryIds.length === 0) return [];
  const rows = await db
    .insertInto('clusters')
    .values(representativeStoryIds.map((id) => ({ representative_story_id: id })))
    .returningAll()
    .execute();
  const byLead = new Map(rows.map((r) => [r.representative_story_id, r]));
  return representativeStoryIds.map((id) => byLead.get(id)!);
}

/**
 * Takes `count` story ids from the stories' sequence, so clusters can name their lead story
 * and stories can be inserted already pointing at their cluster: updating the rows after the
 * insert would write every story twice (a new row version, its full-text vector recomputed,
 * every index entry again).
 */
export async function reserveStoryIds(db: Db, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('stories', 'id'))::integer as id from generate_series(1, ${count}::integer)`.execute(db);
  return rows.rows.map((r) => r.id);
}

/** Removes clusters created for stories that were not inserted after all (a racing poll or push stored them first). */
export async function deleteClusters(db: Db, clusterIds: number[]): Promise<void> {
  if (clusterIds.length === 0) return;
  await db.deleteFrom('clusters').where('id', 'in', clusterIds).execute();
}

/** Recounts clusters that gained stories (size, distinct sources, last seen), in one statement. */
export async function refreshClustersCounts(db: Db, clusterIds: number[]): Promise<Cluster[]> {
  if (clusterIds.length === 0) return [];
  return db
    .updateTable('clusters')
    .set({
      size: sql`(select count(*) from stories where stories.cluster_id = clusters.id)`,
      sources_count: sql`(select count(distinct feed_id) from stories where stories.cluster_id = clusters.id)`,
      last_seen_at: sql`now()`,
    })
    .where('id', 'in', clusterIds)
    .returningAll()
    .execute();
}
