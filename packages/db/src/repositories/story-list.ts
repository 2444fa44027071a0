import { sql, type Kysely, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { Story, TriageState } from '../schema/story';
import { anyInteger } from '../bind-limit';

type Db = Kysely<Database> | Transaction<Database>;

/** Which stories a list shows, newest first, and where its page starts. */
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
  /** Only stories stored up to this id (what the live stream has already shown). */
  throughId?: number;
  /** Only stories of these clusters. */
  clusterIds?: number[];
  /**
   * One row per cluster: each cluster's newest story passing the filter stands for it, so a
   * list shows one card per event, placed by its latest coverage, on exactly one page.
   */
  perCluster?: boolean;
  /** See {@link SEARCH_CANDIDATES}; tests lower it to reach every plan with a few stories. */
  searchCandidates?: number;
  /** See {@link SEARCH_READ}; tests lower it. */
  searchRead?: number;
}

/** A page of a list and, when a search stopped reading early, where the next page starts. */
export interface StoryPage {
  stories: StoryListRow[];
  /**
   * Set when a search walking the date order read {@link SEARCH_READ} stories without finding
   * the page full: the stories it holds are all there are up to this position, and the next
   * page starts after it. Fewer stories than asked is then not the end of the list.
   */
  readUpTo?: { publishedAt: Date; id: number };
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

/**
 * Most stories a search walking the date order reads for one page. A phrase of frequent words
 * (`"of the"`) has many candidates and few hits: 125,000 stories of a million read for one page
 * (0.5 s alone, seconds under load; each story's text vector is read from TOAST). Past this many
 * the page ends with what was found, and its cursor goes on from the last story read: ~35 ms of
 * reading on an idle 2-core machine, ~100 ms when busy. A frequent word fills a page within a
 * few hundred stories; the dashboard's matched stories (5 %) with a word of 10 % of stories
 * within ~10,000.
 */
export const SEARCH_READ = 10_000;

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
export async function listStoryPage(db: Db, filter: StoryFilter): Promise<StoryPage> {
  if (filter.q) {
    const found = await searchByIndex(db, filter, filter.q);
    if (found) return { stories: found };
    return readNewestFirst(db, filter, filter.searchRead ?? SEARCH_READ);
  }
  return { stories: await walkNewestFirst(db, filter) };
}

/** The stories of {@link listStoryPage}, for callers that read to the end (a search may return fewer than asked before it). */
export async function listStories(db: Db, filter: StoryFilter): Promise<StoryListRow[]> {
  return (await listStoryPage(db, filter)).stories;
}

/** One story as lists show it (a card re-rendered after its triage state changed). */
export async function findStoryListRow(db: Db, id: number): Promise<StoryListRow | undefined> {
  const { rows } = await sql<StoryListRow>`select ${listColumns} from stories ${listJoins} where stories.id = ${id}`.execute(db);
  return rows[0];
}

/** Stories as lists show them, by id (the lead stories of a page's cluster cards); absent ids are left out. */
export async function findStoryListRows(db: Db, ids: readonly number[]): Promise<StoryListRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<StoryListRow>`select ${listColumns} from stories ${listJoins} where stories.id = ${anyInteger(ids)}`.execute(db);
  return rows;
}

/** Every story of a cluster as lists show them, earliest published first. */
export async function listClusterStoryRows(db: Db, clusterId: number): Promise<StoryListRow[]> {
  const { rows } = await sql<StoryListRow>`
    select ${listColumns} from stories ${listJoins}
    where stories.cluster_id = ${clusterId}
    order by stories.published_at, stories.id`.execute(db);
  return rows;
}

/** What drives a walk: stories by (published_at, id), or one watch's matches by the same key. */
function driverOf(filter: StoryFilter) {
  return filter.watchId !== undefined
    ? { name: 'matches' as const, from: sql`matches`, at: sql`matches.published_at`, id: sql`matches.story_id` }
    : { name: 'stories' as const, from: sql`stories`, at: sql`stories.published_at`, id: sql`stories.id` };
}

/** Walks stories newest first (a watch's: its matches) and keeps those passing the filter. */
async function walkNewestFirst(db: Db, filter: StoryFilter): Promise<StoryListRow[]> {
  const driver = driverOf(filter);
  const join = driver.name === 'matches' ? sql`join stories on stories.id = matches.story_id` : sql``;
  const { position, check } = conditions(filter, driver.name);
  const { rows } = await sql<StoryListRow>`
    select ${listColumns} from ${driver.from} ${join} ${listJoins}
    where ${whereAll([...position, ...check])}
    order by ${driver.at} desc, ${driver.id} desc
    limit ${filter.limit}`.execute(db);
  return rows;
}

/**
 * The walk of {@link walkNewestFirst}, reading at most `most` stories (or matches) in order:
 * the page holds the hits among them, and when it is not full and there was more to read,
 * `readUpTo` says where the reading stopped.
 */
async function readNewestFirst(db: Db, filter: StoryFilter, most: number): Promise<StoryPage> {
  const driver = driverOf(filter);
  const { position, check } = conditions(filter, driver.name);
  // The page is read lazily, newest first, stopping when full; where the reading would stop is
  // looked up only for a short page (the `most`-th story in order, if there are that many).
  const walked = sql`select ${driver.at} as at, ${driver.id} as id from ${driver.from} where ${whereAll(position)} order by ${driver.at} desc, ${driver.id} desc`;
  const { rows } = await sql<StoryListRow & { read_end_at: Date | null; read_end_id: number | null }>`
    with page as materialized (
      select ${listColumns} from (${walked} limit ${most}) walked join stories on stories.id = walked.id ${listJoins}
      where ${whereAll(check)}
      order by walked.at desc, walked.id desc
      limit ${filter.limit}
    ), stopped as (
      select (select count(*) from page) < ${filter.limit} as short
    )
    select stop.at as read_end_at, stop.id as read_end_id, page.*
    from stopped
    left join lateral (select * from (${walked} offset ${most - 1} limit 1) last where stopped.short) stop on true
    left join page on true
    order by page.published_at desc, page.id desc`.execute(db);
  const first = rows[0];
  const stories = rows.filter((row) => row.id !== null).map(({ read_end_at: _at, read_end_id: _id, ...story }) => story);
  const stoppedEarly = first?.read_end_at != null;
  return stoppedEarly ? { stories, readUpTo: { publishedAt: new Date(first.read_end_at!), id: Number(first.read_end_id) } } : { stories };
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
      select stories.id, stories.published_at from stories
      where ${whereAll(Object.values(conditions(filter, 'stories', true)).flat())} limit ${cap + 1}
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

/**
 * The filter as conditions: `position` on the driving table's rows alone (its index walks them),
 * `check` on each story they lead to. `probe`: the conditions on matches and triage states are
 * looked up per story (OFFSET 0 keeps the planner from turning them into joins): for a few
 * hundred search hits it otherwise hashed all 66,000 matches of the archive.
 */
function conditions(filter: StoryFilter, driver: 'stories' | 'matches', probe = false): { position: RawBuilder<unknown>[]; check: RawBuilder<unknown>[] } {
  const perStory = probe ? sql` offset 0` : sql``;
  const byMatches = driver === 'matches';
  const at = byMatches ? sql`matches.published_at` : sql`stories.published_at`;
  const id = byMatches ? sql`matches.story_id` : sql`stories.id`;
  const position: RawBuilder<unknown>[] = [];
  const check: RawBuilder<unknown>[] = [];
  const onStories = byMatches ? check : position;
  if (filter.watchId !== undefined) {
    if (byMatches) position.push(sql`matches.watch_id = ${filter.watchId}`);
    else check.push(sql`exists (select 1 from matches where matches.story_id = stories.id and matches.watch_id = ${filter.watchId}${perStory})`);
  }
  if (filter.matched === false) check.push(sql`not exists (select 1 from matches m where m.story_id = stories.id${perStory})`);
  if (filter.matched === true && !byMatches) check.push(sql`exists (select 1 from matches m where m.story_id = stories.id${perStory})`);
  if (filter.q) check.push(sql`stories.search @@ websearch_to_tsquery('simple', ${filter.q})`);
  if (filter.feedId !== undefined) onStories.push(sql`stories.feed_id = ${filter.feedId}`);
  if (filter.since) position.push(sql`${at} >= ${filter.since}`);
  if (filter.until) position.push(sql`${at} < ${filter.until}`);
  if (filter.state === 'new') check.push(sql`not exists (select 1 from story_states s where s.story_id = stories.id and s.state <> 'new'${perStory})`);
  else if (filter.state) check.push(sql`exists (select 1 from story_states s where s.story_id = stories.id and s.state = ${filter.state}${perStory})`);
  if (filter.afterId !== undefined) onStories.push(sql`stories.id > ${filter.afterId}`);
  if (filter.throughId !== undefined) onStories.push(sql`stories.id <= ${filter.throughId}`);
  if (filter.clusterIds !== undefined) onStories.push(sql`stories.cluster_id = ${anyInteger(filter.clusterIds)}`);
  if (filter.before) position.push(sql`(${at}, ${id}) < (${filter.before.publishedAt}, ${filter.before.id})`);
  if (filter.perCluster) check.push(newestOfItsCluster(filter, perStory));
  return { position, check };
}

/**
 * The row is its cluster's newest story passing the filter: no later member of the cluster
 * passes it too. The cursor is no part of it, so a cluster whose newest passing story was on
 * an earlier page does not come back on a later one. One probe of the cluster index per row;
 * a story without a cluster stands alone.
 */
function newestOfItsCluster(filter: StoryFilter, perStory: RawBuilder<unknown>): RawBuilder<unknown> {
  const passes: RawBuilder<unknown>[] = [];
  if (filter.watchId !== undefined)
    passes.push(sql`exists (select 1 from matches where matches.story_id = newer.id and matches.watch_id = ${filter.watchId}${perStory})`);
  if (filter.matched === false) passes.push(sql`not exists (select 1 from matches m where m.story_id = newer.id${perStory})`);
  if (filter.matched === true) passes.push(sql`exists (select 1 from matches m where m.story_id = newer.id${perStory})`);
  if (filter.q) passes.push(sql`newer.search @@ websearch_to_tsquery('simple', ${filter.q})`);
  if (filter.feedId !== undefined) passes.push(sql`newer.feed_id = ${filter.feedId}`);
  if (filter.until) passes.push(sql`newer.published_at < ${filter.until}`);
  if (filter.state === 'new') passes.push(sql`not exists (select 1 from story_states s where s.story_id = newer.id and s.state <> 'new'${perStory})`);
  else if (filter.state) passes.push(sql`exists (select 1 from story_states s where s.story_id = newer.id and s.state = ${filter.state}${perStory})`);
  if (filter.throughId !== undefined) passes.push(sql`newer.id <= ${filter.throughId}`);
  return sql`not exists (
    select 1 from stories newer
    where newer.cluster_id = stories.cluster_id and (newer.published_at, newer.id) > (stories.published_at, stories.id) and ${whereAll(passes)})`;
}

const whereAll = (list: RawBuilder<unknown>[]) => (list.length ? sql.join(list, sql` and `) : sql`true`);
