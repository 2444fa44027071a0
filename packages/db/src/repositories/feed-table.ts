import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Feed } from '../schema/feed';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * The feeds table of the dashboard, a page at a time: thousands of subscriptions are counted
 * and ordered in SQL, and only the rows a page shows are read (all 2,000 rows made 2.7 MB of
 * HTML and 1.3 s a page).
 */

/** Which feeds the table lists: all, failing (enabled and failing its polls), or disabled. */
export type FeedStatusFilter = 'all' | 'failing' | 'disabled';

/** A status and a search (part of the title or URL; empty: every feed). */
export interface FeedTableFilter {
  status: FeedStatusFilter;
  search: string;
}

const failing = sql<boolean>`(feeds.enabled and feeds.consecutive_failures > 0)`;

/** The table's order: failing feeds first (they need attention), then by name, then id. */
const sortColumns = sql`not ${failing}, lower(coalesce(feeds.title, feeds.url)), feeds.id`;

function conditions(filter: FeedTableFilter): RawBuilder<unknown> {
  const list: RawBuilder<unknown>[] = [];
  if (filter.status === 'failing') list.push(failing);
  if (filter.status === 'disabled') list.push(sql`not feeds.enabled`);
  if (filter.search) {
    const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    list.push(sql`(feeds.title ilike ${pattern} or feeds.url ilike ${pattern} or feeds.site_url ilike ${pattern})`);
  }
  return list.length ? sql.join(list, sql` and `) : sql`true`;
}

/** How many feeds match the search in all, failing and disabled. */
export async function countFeedsByStatus(db: Db, search = ''): Promise<Record<FeedStatusFilter, number>> {
  const { rows } = await sql<Record<FeedStatusFilter, number>>`
    select count(*) as "all", count(*) filter (where ${failing}) as failing, count(*) filter (where not feeds.enabled) as disabled
    from feeds where ${conditions({ status: 'all', search })}`.execute(db);
  const row = rows[0]!;
  return { all: Number(row.all), failing: Number(row.failing), disabled: Number(row.disabled) };
}

/** One page of the feeds table: `limit` feeds from `offset`, in the table's order. */
export async function listFeedTablePage(db: Db, filter: FeedTableFilter, limit: number, offset: number): Promise<Feed[]> {
  const { rows } = await sql<Feed>`
    select * from feeds where ${conditions(filter)}
    order by ${sortColumns} limit ${limit} offset ${offset}`.execute(db);
  return rows;
}

/** Where a feed stands in the table (0 = first), or null when the filter leaves it out. */
export async function findFeedTablePosition(db: Db, filter: FeedTableFilter, feedId: number): Promise<number | null> {
  const { rows } = await sql<{ position: number | null }>`
    select (select count(*) from feeds where ${conditions(filter)} and (${sortColumns}) < (select ${sortColumns} from feeds where feeds.id = ${feedId})) as position
    where exists (select 1 from feeds where feeds.id = ${feedId} and ${conditions(filter)})`.execute(db);
  return rows[0] ? Number(rows[0].position) : null;
}

/** Stored stories of each of these feeds (feeds without stories are absent). */
export async function countStoriesOfFeeds(db: Db, feedIds: readonly number[]): Promise<Map<number, number>> {
  if (feedIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('stories')
    .select(['feed_id', (eb) => eb.fn.countAll<string | number>().as('count')])
    .where('feed_id', 'in', [...feedIds])
    .groupBy('feed_id')
    .execute();
  return new Map(rows.map((r) => [r.feed_id, Number(r.count)]));
}
