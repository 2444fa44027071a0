import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Story, TriageState } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

export interface StoryFilter {
  watchId?: number;
  matched?: boolean;
  /** Full-text search (websearch syntax) over title, summary and content. */
  q?: string;
  feedId?: number;
  since?: Date;
  until?: Date;
  state?: TriageState;
  limit: number;
  /** Keyset cursor: stories strictly older than this (published_at, id). */
  before?: { publishedAt: Date; id: number };
  /** Only stories stored after this id (the live stream's high-water mark). */
  afterId?: number;
  /** See {@link SEARCH_CANDIDATES}; tests lower it to reach every plan with a few stories. */
  searchCandidates?: number;
}

/** A story as lists show it: without its HTML body, which only the story page needs. */
export interface StoryListRow extends Omit<Story, 'content_html'> {
  feed_title: string | null;
  cluster_size: number | null;
  sources_count: number | null;
  state: TriageState;
}

/**
 * Most stories a search reads through the full-text index before ordering them by date. Above
 * that many estimated hits of the query's words, it walks the stories newest first instead,
 * checking each (a frequent word fills a page within a few hundred stories there, where reading
 * all its hits costs a heap page each — ~100,000 for a word in 10 % of a million stories).
 * Below it, the walk is what costs: a word in 400 stories of a million is ~2,500 stories apart.
 * Crossover measured with bench/dashboard; the bound is kept four times over before a search
 * falls back to the walk, for an estimate that was far off.
 */
export const SEARCH_CANDIDATES = 8_000;

const listColumns = sql`
  stories.id, stories.feed_id, stories.dedupe_key, stories.guid, stories.url, stories.canonical_url, stories.title,
  stories.summary_text, stories.content_text, stories.author, stories.language, stories.published_at, stories.fetched_at,
  stories.content_hash, stories.cluster_id, feeds.title as feed_title, clusters.size as cluster_size,
  clusters.sources_count as sources_count, coalesce(story_states.state, 'new') as state`;

const listJoins = sql`
  join feeds on feeds.id = stories.feed_id
  left join clusters on clusters.id = stories.cluster_id
  left join story_states on story_states.story_id = stories.id`;

/**
 * Stories newest first, filtered; keyset-paginated on (published_at, id). Each filter is an
 * index condition where one exists: the cursor a row comparison on (published_at, id) (an OR of
 * two comparisons is none, and page 201 read 200,000 rows to discard them), a watch the range
 * of its matches in (watch_id, published_at, story_id), a search either the full-text index
 * or the date order, whichever reads fewer stories (see {@link SEARCH_CANDIDATES}).
 */
export async function listStories(db: Db, filter: StoryFilter): Promise<StoryListRow[]> {
  if (filter.q) {
    const found = await searchByIndex(db, filter, filter.q);
    if (found) return found;
  }
  return walkNewestFirst(db, filter);
}

/** Walks stories newest first (a watch's: its matches) and keeps those passing the filter. */
async function walkNewestFirst(db: Db, filter: StoryFilter): Promise<StoryListRow[]> {
  const byWatch = filter.watchId !== undefined;
  const from = byWatch ? sql`matches join stories on stories.id = matches.story_id` : sql`stories`;
  const order = byWatch ? { at: sql`matches.published_at`, id: sql`matches.story_id` } : { at: sql`stories.published_at`, id: sql`stories.id` };
  const { rows } = await sql<StoryListRow>`
    select ${listColumns} from ${from} ${listJoins}
    where ${whereAll(conditions(filter, byWatch ? 'matches' : 'stories'))}
    order by ${order.at} desc, ${order.id} desc
    limit ${filter.limit}`.execute(db);
  return rows;
}

/**
 * The page from every story the full-text index finds, ordered here — or null when there are
 * too many for that to beat the walk: estimated by the planner from the words alone (a rare
 * word reads a few hundred stories; a frequent one would read most of the table), or found to
 * be so while reading them.
 */
async function searchByIndex(db: Db, filter: StoryFilter, q: string): Promise<StoryListRow[] | null> {
  const bound = filter.searchCandidates ?? SEARCH_CANDIDATES;
  if ((await estimateSearchHits(db, q)) > bound) return null;
  const cap = bound * 4;
  const { rows } = await sql<StoryListRow & { hit_count: number }>`
    with hits as materialized (
      select stories.id, stories.published_at from stories where ${whereAll(conditions(filter, 'stories'))} limit ${cap + 1}
    )
    select (select count(*) from hits) as hit_count, ${listColumns}
    from (select id, published_at from hits order by published_at desc, id desc limit ${filter.limit}) page
    join stories on stories.id = page.id ${listJoins}
    order by stories.published_at desc, stories.id desc`.execute(db);
  if (rows.length > 0 && Number(rows[0]!.hit_count) > cap) return null;
  return rows.map(({ hit_count: _, ...row }) => row);
}

/** The planner's estimate of the stories holding the words of `q` (from the column's statistics). */
async function estimateSearchHits(db: Db, q: string): Promise<number> {
  const { rows } = await sql<{ 'QUERY PLAN': unknown }>`
    explain (format json) select 1 from stories where stories.search @@ websearch_to_tsquery('simple', ${q})`.execute(db);
  const raw = rows[0]?.['QUERY PLAN'];
  const plan = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan: { 'Plan Rows': number } }[];
  return plan[0]?.Plan['Plan Rows'] ?? Number.POSITIVE_INFINITY;
}

/** The filter as conditions on `stories`, or on `matches` joined to it when a watch's matches drive. */
function conditions(filter: StoryFilter, driver: 'stories' | 'matches'): RawBuilder<unknown>[] {
  const at = driver === 'matches' ? sql`matches.published_at` : sql`stories.published_at`;
  const id = driver === 'matches' ? sql`matches.story_id` : sql`stories.id`;
  const list: RawBuilder<unknown>[] = [];
  if (filter.watchId !== undefined) {
    list.push(
      driver === 'matches'
        ? sql`matches.watch_id = ${filter.watchId}`
        : sql`exists (select 1 from matches where matches.story_id = stories.id and matches.watch_id = ${filter.watchId})`,
    );
  }
  if (filter.matched === false) list.push(sql`not exists (select 1 from matches m where m.story_id = stories.id)`);
  if (filter.matched === true && driver === 'stories') list.push(sql`exists (select 1 from matches m where m.story_id = stories.id)`);
  if (filter.q) list.push(sql`stories.search @@ websearch_to_tsquery('simple', ${filter.q})`);
  if (filter.feedId !== undefined) list.push(sql`stories.feed_id = ${filter.feedId}`);
  if (filter.since) list.push(sql`${at} >= ${filter.since}`);
  if (filter.until) list.push(sql`${at} < ${filter.until}`);
  if (filter.state === 'new') list.push(sql`not exists (select 1 from story_states s where s.story_id = stories.id and s.state <> 'new')`);
  else if (filter.state) list.push(sql`exists (select 1 from story_states s where s.story_id = stories.id and s.state = ${filter.state})`);
  if (filter.afterId !== undefined) list.push(sql`stories.id > ${filter.afterId}`);
  if (filter.before) list.push(sql`(${at}, ${id}) < (${filter.before.publishedAt}, ${filter.before.id})`);
  return list;
}

const whereAll = (list: RawBuilder<unknown>[]) => (list.length ? sql.join(list, sql` and `) : sql`true`);
