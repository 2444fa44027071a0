import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger } from '../bind-limit';
import type { Database } from '../database';
import type { Cluster } from '../schema/story';
import { integerArray } from '../array-parameter';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * The ingest pipeline's cluster lookups and writes, set at a time: a feed's new items cost a
 * handful of statements whatever their number, instead of several per item (PostgreSQL: 10k
 * rows in ~85 ms as multi-row INSERTs, ~1.2 s one by one; PGlite serializes every statement).
 * The stories themselves are inserted by `story-inserts.ts`.
 */

/** A stored story another item may be a copy of: the cluster to join, and whose story it is. */
export interface ClusterCandidate {
  feedId: number;
  clusterId: number;
}

/**
 * Per canonical URL, the feeds that already stored a story under it, each with the cluster of
 * its earliest such story, earliest first. Callers skip the item's own feed: the same article
 * from another outlet joins that cluster.
 */
export async function findClustersByCanonicalUrls(db: Db, canonicalUrls: string[]): Promise<Map<string, ClusterCandidate[]>> {
  const found = new Map<string, ClusterCandidate[]>();
  if (canonicalUrls.length === 0) return found;
  // One index probe per URL, whatever the planner knows: an IN list of hundreds of URLs on a
  // table not yet analyzed (a first cycle, or PGlite, which never analyzes) read every story.
  const rows = await sql<{ id: number; canonical_url: string; feed_id: number; cluster_id: number }>`
    select s.id, u.url as canonical_url, s.feed_id, s.cluster_id
    from unnest(${canonicalUrls}::text[]) as u(url)
    cross join lateral (
      select distinct on (feed_id) id, feed_id, cluster_id from stories
      where canonical_url = u.url and cluster_id is not null
      order by feed_id, id
    ) as s`
    .execute(db)
    .then((result) => result.rows);
  rows.sort((a, b) => a.id - b.id);
  for (const row of rows) {
    const list = found.get(row.canonical_url) ?? [];
    list.push({ feedId: row.feed_id, clusterId: row.cluster_id });
    found.set(row.canonical_url, list);
  }
  return found;
}

/** Rows read per near-duplicate lookup of one feed's items at most (a batch of feeds reads that much per 20 fingerprints). */
const NEAR_DUPLICATE_CANDIDATES = 300;

/** A new item's fingerprint, and its feed: a story of the same feed is not another outlet's copy. */
export interface NearDuplicateProbe {
  feedId: number;
  bands: readonly number[];
  keys: readonly number[];
}

/**
 * Plans the rest of the transaction without sequential scans where an index serves: without
 * statistics (PGlite never runs autovacuum) the planner guesses that half the stories match a
 * key lookup and reads them all. The storing stage sets it before it takes the cluster locks:
 * two statements around each lookup were two more round trips another writer waited for.
 */
export async function preferIndexScans(db: Transaction<Database>): Promise<void> {
  if (indexScansPreferred.has(db)) return;
  await sql`set local enable_seqscan = off`.execute(db);
  indexScansPreferred.add(db);
}

const indexScansPreferred = new WeakSet<Transaction<Database>>();

/**
 * A story this process placed in a transaction not committed yet, which a later placement of
 * the same chain (ingest's placement-turns.ts) must find as if stored.
 */
export interface UncommittedStory {
  id: number;
  feedId: number;
  clusterId: number;
  canonicalUrl: string | null;
  nearDuplicateBands: readonly number[] | null;
  nearDuplicateKeys: readonly number[] | null;
}

/**
 * For each fingerprint, the cluster of an earlier story from another feed within `maxBits`
 * of it (the closest; the earliest on a tie), fetched in the last `withinHours`: the same
 * article under another URL. Candidates share a lookup key; distances are checked here.
 * `uncommitted` stories count as stored. Sequential scans stay off for the rest of the
 * transaction ({@link preferIndexScans}).
 */
export async function findClustersByNearDuplicate(
  db: Transaction<Database>,
  probes: readonly NearDuplicateProbe[],
  options: { maxBits: number; withinHours: number; distance: (a: readonly number[], b: readonly number[]) => number },
  uncommitted: readonly UncommittedStory[] = [],
): Promise<(number | null)[]> {
  const allKeys = [...new Set(probes.flatMap((f) => f.keys))];
  if (allKeys.length === 0) return probes.map(() => null);
  // The keys are looked up in their own b-tree (story_near_duplicate_keys, kept by triggers;
  // a GIN index on the array took 4–6× as long), and the stories found are materialized
  // before ORDER BY id … LIMIT (else the primary key is walked backwards). Newest first, and
  // a bound: copies arrive within hours, and a burst of look-alike stories must not make
  // every lookup read thousands of rows.
  const limit = NEAR_DUPLICATE_CANDIDATES * Math.ceil(probes.length / 20);
  await preferIndexScans(db);
  const stored = await sql<{ id: number; feed_id: number; cluster_id: number; near_duplicate_bands: number[] | null }>`
    with hits as materialized (
      select id, feed_id, cluster_id, fetched_at, near_duplicate_bands from stories
      where id in (select story_id from story_near_duplicate_keys where key = any(${integerArray(allKeys)}))
    )
    select id, feed_id, cluster_id, near_duplicate_bands from hits
    where cluster_id is not null and fetched_at > now() - make_interval(hours => ${options.withinHours})
    order by id desc
    limit ${limit}`
    .execute(db)
    .then((result) => result.rows);
  const candidates = withUncommitted(stored, uncommitted, new Set(allKeys), limit);
  return probes.map((probe) => {
    let best: { clusterId: number; bits: number } | null = null;
    for (const candidate of candidates) {
      if (candidate.feed_id === probe.feedId) continue;
      const bits = options.distance(probe.bands, candidate.near_duplicate_bands ?? []);
      if (bits <= options.maxBits && (best === null || bits <= best.bits)) best = { clusterId: candidate.cluster_id, bits };
    }
    return best?.clusterId ?? null;
  });
}

/**
 * The stored candidates and the uncommitted stories sharing a key, newest first and as many as
 * a lookup reads: what the lookup would have read had those stories been committed.
 */
function withUncommitted(
  stored: { id: number; feed_id: number; cluster_id: number; near_duplicate_bands: number[] | null }[],
  uncommitted: readonly UncommittedStory[],
  keys: ReadonlySet<number>,
  limit: number,
): { feed_id: number; cluster_id: number; near_duplicate_bands: readonly number[] | null }[] {
  const storedIds = new Set(stored.map((row) => row.id));
  const sharing = uncommitted
    .filter((story) => !storedIds.has(story.id) && story.nearDuplicateKeys?.some((key) => keys.has(key)))
    .map((story) => ({ id: story.id, feed_id: story.feedId, cluster_id: story.clusterId, near_duplicate_bands: story.nearDuplicateBands }));
  if (sharing.length === 0) return stored;
  return [...stored, ...sharing].sort((a, b) => b.id - a.id).slice(0, limit);
}

/**
 * Starts one cluster per story, each led by it; returned in the order given. The ids travel as
 * one array parameter: a multi-row VALUES list bound hundreds of parameters (a first poll's
 * chunk starts ~600 clusters), built and encoded inside the cluster locks.
 */
export async function createClustersFor(db: Db, representativeStoryIds: number[]): Promise<Cluster[]> {
  if (representativeStoryIds.length === 0) return [];
  const { rows } = await sql<Cluster>`
    insert into clusters (representative_story_id)
    select unnest(${integerArray(representativeStoryIds)})
    returning *`.execute(db);
  const byLead = new Map(rows.map((r) => [r.representative_story_id, r]));
  return representativeStoryIds.map((id) => byLead.get(id)!);
}

/** Removes clusters created for stories that were not inserted after all (a racing poll or push stored them first). */
export async function deleteClusters(db: Db, clusterIds: number[]): Promise<void> {
  if (clusterIds.length === 0) return;
  await db.deleteFrom('clusters').where('id', '=', anyInteger(clusterIds)).execute();
}

/** Makes each story the one its cluster shows (`[clusterId, storyId]` pairs), in one statement. */
export async function setClusterRepresentatives(db: Db, pairs: readonly (readonly [number, number])[]): Promise<void> {
  if (pairs.length === 0) return;
  await sql`
    update clusters set representative_story_id = v.story_id
    from unnest(${integerArray(pairs.map(([cluster]) => cluster))}, ${integerArray(pairs.map(([, story]) => story))}) as v(cluster_id, story_id)
    where clusters.id = v.cluster_id`.execute(db);
}

/** A cluster that stories joined, with its distinct outlets before they did. */
export type GrownCluster = Cluster & { sources_before: number };

/** A story stored into a cluster it did not start. */
export interface ClusterJoiner {
  clusterId: number;
  feedId: number;
  storyId: number;
}

/**
 * Adds stories that joined existing clusters to their clusters' counts (size, distinct
 * outlets, last seen), in one statement, and returns each cluster with its outlets before:
 * the alerts waiting for `minSources` compare the two. A joiner brings a new outlet when its
 * cluster has no other story of its feed — one probe of `stories_cluster_feed_idx` — where
 * recounting every story of every grown cluster cost the most of any statement on PGlite.
 * Two writers adding to one cluster add in turn (the row's lock), so neither count is lost.
 * The caller writes the cluster's profile first (ingest's store-items): that row's lock makes
 * a second writer joining the same cluster wait for the first's commit before it counts, so
 * stories of one feed stored by both (a poll and a push) count the feed once.
 * `recountClusters` counts from scratch.
 */
export async function addJoinersToClusterCounts(db: Db, joiners: readonly ClusterJoiner[]): Promise<GrownCluster[]> {
  if (joiners.length === 0) return [];
  const storyIds = integerArray(joiners.map((j) => j.storyId));
  // RETURNING sees the row as updated: what it had before is the new count less what was added.
  const { rows } = await sql<GrownCluster>`
    with joined as (
        select cluster_id, feed_id, not exists (
            select 1 from stories s
            where s.cluster_id = j.cluster_id and s.feed_id = j.feed_id and s.id <> all(${storyIds})) as new_outlet
        from unnest(${integerArray(joiners.map((j) => j.clusterId))}, ${integerArray(joiners.map((j) => j.feedId))}) as j(cluster_id, feed_id)),
      added as (
        select cluster_id, count(*)::integer as stories, count(distinct feed_id) filter (where new_outlet)::integer as outlets
        from joined group by cluster_id)
    update clusters set size = clusters.size + added.stories, sources_count = clusters.sources_count + added.outlets, last_seen_at = now()
    from added
    where clusters.id = added.cluster_id
    returning clusters.*, clusters.sources_count - added.outlets as sources_before`.execute(db);
  return rows;
}

/** Counts these clusters' stories and outlets from scratch (after stories left them). */
export async function recountClusters(db: Db, clusterIds: readonly number[]): Promise<void> {
  if (clusterIds.length === 0) return;
  const ids = [...new Set(clusterIds)];
  await sql`
    update clusters set size = coalesce(counted.size, 0), sources_count = coalesce(counted.sources, 0)
    from unnest(${integerArray(ids)}) as c(id)
    left join (
      select cluster_id, count(*)::integer as size, count(distinct feed_id)::integer as sources
      from stories where cluster_id = ${anyInteger(ids)} group by cluster_id) counted on counted.cluster_id = c.id
    where clusters.id = c.id`.execute(db);
}
