import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger, inChunks } from '../bind-limit';
import type { Database } from '../database';
import type { Feed, FeedTitle, FeedUpdate, NewFeed } from '../schema/feed';
import { recountClusters } from './cluster-batches';
import { retireEmptiedClusterProfiles } from './cluster-profiles';

type Db = Kysely<Database> | Transaction<Database>;

/** Adds a feed, due at once. Returns null when the URL is already subscribed. */
export async function createFeed(db: Db, feed: NewFeed): Promise<Feed | null> {
  const row = await db
    .insertInto('feeds')
    .values(feed)
    .onConflict((oc) => oc.column('url').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function findFeedById(db: Db, id: number): Promise<Feed | undefined> {
  return db.selectFrom('feeds').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * The id and title of the feeds of these ids (those that still exist): all that storing their
 * items needs. Placing a first poll's backlog asks for a thousand feeds a chunk, and whole rows
 * were a hundred thousand rows of six timestamps each per 5,000-feed first cycle, parsed and
 * collected by this process (~290 MB of its allocations).
 */
export async function findFeedTitles(db: Db, ids: readonly number[]): Promise<FeedTitle[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('feeds')
    .select(['id', 'title'])
    .where('id', '=', anyInteger([...new Set(ids)]))
    .execute();
}

export async function findFeedByUrl(db: Db, url: string): Promise<Feed | undefined> {
  return db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
}

export async function listFeeds(db: Db): Promise<Feed[]> {
  return db.selectFrom('feeds').selectAll().orderBy('id').execute();
}

/** Every feed's id and name (its title, else its URL), by name: the dashboard's feed filter. */
export async function listFeedNames(db: Db): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('feeds')
    .select(['id', sql<string>`coalesce(nullif(title, ''), url)`.as('name')])
    .orderBy(sql`lower(coalesce(nullif(title, ''), url))`)
    .orderBy('id')
    .execute();
}

export async function updateFeed(db: Db, id: number, update: FeedUpdate): Promise<Feed | undefined> {
  return db
    .updateTable('feeds')
    .set({ ...update, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Deletes a feed and its stories, and recounts the clusters its stories were in: their rows'
 * counts (what `minSources` and the story list read) are kept by adding, never by re-reading
 * on growth (cluster-batches.ts). Clusters left without a story are retired from placement.
 */
export async function deleteFeed(db: Kysely<Database>, id: number): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const clusters = await trx.selectFrom('stories').select('cluster_id').distinct().where('feed_id', '=', id).where('cluster_id', 'is not', null).execute();
    const result = await trx.deleteFrom('feeds').where('id', '=', id).executeTakeFirst();
    const clusterIds = clusters.map((c) => c.cluster_id!);
    await recountClusters(trx, clusterIds);
    await retireEmptiedClusterProfiles(trx, clusterIds);
    return Number(result.numDeletedRows) > 0;
  });
}

/** Makes a feed due now (refresh button, new feed): the next worker tick picks it up. */
export async function markFeedDueNow(db: Db, id: number): Promise<boolean> {
  const result = await db.updateTable('feeds').set({ next_poll_at: sql`now()` }).where('id', '=', id).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Whether a feed never polled with success is due and not claimed by any worker: a first poll
 * still to come (ingest places first polls together once none is left to come).
 */
export async function hasUnclaimedFirstPolls(db: Db): Promise<boolean> {
  const row = await dueFeeds(db).select('id').where('last_success_at', 'is', null).limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Feeds due and claimable: enabled, next poll reached, and no live lease. */
function dueFeeds(db: Db) {
  return db
    .selectFrom('feeds')
    .where('enabled', '=', true)
    .where('next_poll_at', '<=', sql<Date>`now()`)
    .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', sql<Date>`now()`)]));
}

/** A feed's host as `host[:port]`, lower-case: what per-host politeness counts by. */
const feedHost = sql<string>`lower(substring(url from '^[^:]+://([^/?#]*)'))`;

/**
 * Claims up to `limit` due feeds for `owner` for `leaseSeconds`. Due = enabled, next poll
 * reached, and no live lease. SKIP LOCKED lets any number of workers claim concurrently
 * without waiting on each other or claiming the same feed; a crashed worker's leases expire.
 *
 * `avoidHosts` (lower-case `host[:port]` as in the URL) are left out: hosts this worker may
 * not fetch right now (politeness spacing, a pause) or already has feeds of in its queue.
 * Claiming a feed of such a host would only make it wait locally while idle hosts' feeds
 * wait in the table. `onePerHost` claims at most one feed of each host, for the same reason:
 * a host's second feed could only start a politeness spacing after its first, and a worker's
 * queue filled with such second feeds left its lanes waiting while a thousand other hosts'
 * feeds stayed in the table (a 5,000-feed first cycle spent a third of its lane time so).
 */
export async function claimDueFeeds(
  db: Kysely<Database>,
  owner: string,
  limit: number,
  leaseSeconds: number,
  options: { avoidHosts?: readonly string[]; onePerHost?: boolean } = {},
): Promise<Feed[]> {
  const avoid = options.avoidHosts ?? [];
  const notAvoided = sql<boolean>`not (${feedHost} = any(${avoid as string[]}::text[]))`;
  return db.transaction().execute(async (trx) => {
    let query = dueFeeds(trx).select('id');
    if (options.onePerHost) {
      // The due conditions stay on the locking query too: a row another worker leased since
      // this statement's snapshot is re-checked when locked, and left. The hosts to avoid are
      // left out once, in the choice of each host's first feed (each is a regex per row).
      const firstOfEachHost = dueFeeds(trx)
        .select(['id', sql<number>`row_number() over (partition by ${feedHost} order by next_poll_at, md5(id::text))`.as('turn')])
        .$if(avoid.length > 0, (qb) => qb.where(notAvoided));
      query = query.where('id', 'in', trx.selectFrom(firstOfEachHost.as('due')).select('due.id').where('due.turn', '=', 1));
    } else query = query.$if(avoid.length > 0, (qb) => qb.where(notAvoided));
    const due = await query
      .orderBy('next_poll_at')
      // Ties (feeds added together, often of one site) in a scattered order: a claim then
      // spans many hosts, so the per-host politeness delay does not stall the whole batch.
      .orderBy(sql`md5(id::text)`)
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('feeds')
      .set({ lease_owner: owner, lease_until: sql`now() + make_interval(secs => ${leaseSeconds})` })
      .where('id', '=', anyInteger(due.map((f) => f.id)))
      .returningAll()
      .execute();
  });
}

/**
 * Gives back `owner`'s leases of feeds it claimed and did not poll (a stopping worker): they
 * stay due, for the next worker to claim at once instead of when the leases run out. Returns
 * how many it gave back.
 */
export async function returnFeedLeases(db: Db, owner: string, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('feeds')
    .set({ lease_owner: null, lease_until: null })
    .where('id', '=', anyInteger(ids))
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Ends a lease with the outcome of a poll. Only the lease holder may write it. */
export async function releaseFeedLease(db: Db, id: number, owner: string, update: FeedUpdate): Promise<boolean> {
  const result = await db
    .updateTable('feeds')
    .set({ ...update, lease_owner: null, lease_until: null, updated_at: sql`now()` })
    .where('id', '=', id)
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Seconds until the earliest enabled feed is due (null when none): lets a worker sleep. */
export async function secondsUntilNextDueFeed(db: Db): Promise<number | null> {
  const row = await db
    .selectFrom('feeds')
    .select(sql<number>`extract(epoch from (min(next_poll_at) - now()))`.as('seconds'))
    .where('enabled', '=', true)
    .executeTakeFirst();
  return row?.seconds == null ? null : Number(row.seconds);
}

/**
 * Adds many feeds in one statement, due at once; URLs already subscribed are left alone.
 * Returns the rows it created. Callers with thousands of feeds send batches, so no single
 * transaction holds locks for the whole import.
 */
export async function createFeeds(db: Db, feeds: NewFeed[]): Promise<Pick<Feed, 'id' | 'url'>[]> {
  if (feeds.length === 0) return [];
  return inChunks(feeds, (chunk) =>
    db
      .insertInto('feeds')
      .values(chunk)
      .onConflict((oc) => oc.column('url').doNothing())
      .returning(['id', 'url'])
      .execute(),
  );
}

/** Stored stories of one feed. */
export async function countStoriesOfFeed(db: Db, feedId: number): Promise<number> {
  const row = await db
    .selectFrom('stories')
    .select((eb) => eb.fn.countAll<string | number>().as('count'))
    .where('feed_id', '=', feedId)
    .executeTakeFirst();
  return Number(row?.count ?? 0);
}

/**
 * Follows a permanent redirect: the feed's stored URL becomes `url`. Returns false (and
 * changes nothing) when another feed already has that URL.
 */
export async function moveFeedUrl(db: Db, id: number, url: string): Promise<boolean> {
  const taken = await db.selectFrom('feeds').select('id').where('url', '=', url).where('id', '!=', id).executeTakeFirst();
  if (taken) return false;
  try {
    const result = await db.updateTable('feeds').set({ url, updated_at: sql`now()` }).where('id', '=', id).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  } catch (error) {
    if ((error as { code?: string }).code === '23505') return false;
    throw error;
  }
}

/**
 * Ends several leases, each feed with its own outcome: one statement per set of columns
 * written (a batch of polls stored together writes the same ones). Only rows still leased to
 * `owner` are written; returns how many were.
 */
export async function releaseFeedLeases(db: Db, owner: string, releases: readonly { id: number; update: FeedUpdate }[]): Promise<number> {
  const byColumns = new Map<string, { columns: string[]; rows: Record<string, unknown>[] }>();
  for (const { id, update } of releases) {
    const columns = Object.keys(update).filter((c) => update[c as keyof FeedUpdate] !== undefined);
    const group = byColumns.get(columns.join()) ?? { columns, rows: [] };
    group.rows.push({ ...update, id });
    byColumns.set(columns.join(), group);
  }
  let released = 0;
  for (const { columns, rows } of byColumns.values()) {
    // The feeds row type converts each JSON value to its column's type (dates arrive as ISO text).
    const assignments = sql.join(columns.map((c) => sql`${sql.ref(c)} = v.${sql.ref(c)}`));
    const result = await sql`
      update feeds set ${assignments}, lease_owner = null, lease_until = null, updated_at = now()
      from jsonb_populate_recordset(null::feeds, ${JSON.stringify(rows)}::jsonb) as v
      where feeds.id = v.id and feeds.lease_owner = ${owner}`.execute(db);
    released += Number(result.numAffectedRows ?? 0);
  }
  return released;
}

/** Feeds that push through a WebSub hub: the callback route finds the one a hub calls about. */
export async function findFeedForWebSub(db: Db, id: number): Promise<Feed | undefined> {
  return db.selectFrom('feeds').selectAll().where('id', '=', id).where('websub_secret', 'is not', null).executeTakeFirst();
}
