import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { NewStory, Story, StoryUpdate, TriageState } from '../schema/story';
import { integerArray } from '../array-parameter';

type Db = Kysely<Database> | Transaction<Database>;

const storyColumns = [
  'stories.id',
  'stories.feed_id',
  'stories.dedupe_key',
  'stories.guid',
  'stories.url',
  'stories.canonical_url',
  'stories.title',
  'stories.summary_text',
  'stories.content_html',
  'stories.content_text',
  'stories.author',
  'stories.language',
  'stories.published_at',
  'stories.fetched_at',
  'stories.content_hash',
  'stories.cluster_id',
] as const;

/** Identity and change marker of a feed's stored stories, to tell new items from updates. */
export interface KnownStory {
  id: number;
  contentHash: string;
  clusterId: number | null;
}

/**
 * The stories already stored under these keys, for several feeds in one statement: per feed
 * id, its known keys. Feeds are asked together so a batch of polls costs one round trip.
 */
export async function findStoryKeys(db: Db, keys: readonly { feedId: number; dedupeKey: string }[]): Promise<Map<number, Map<string, KnownStory>>> {
  const known = new Map<number, Map<string, KnownStory>>();
  if (keys.length === 0) return known;
  // Joined on the unique (feed, key) index: one probe per key, and one statement text whatever the count.
  const rows = await sql<{ id: number; feed_id: number; dedupe_key: string; content_hash: string; cluster_id: number | null }>`
    select s.id, s.feed_id, s.dedupe_key, s.content_hash, s.cluster_id
    from unnest(${integerArray(keys.map((k) => k.feedId))}, ${keys.map((k) => k.dedupeKey)}::text[]) as k(feed_id, dedupe_key)
    join stories s on s.feed_id = k.feed_id and s.dedupe_key = k.dedupe_key`
    .execute(db)
    .then((result) => result.rows);
  for (const row of rows) {
    let ofFeed = known.get(row.feed_id);
    if (!ofFeed) known.set(row.feed_id, (ofFeed = new Map()));
    ofFeed.set(row.dedupe_key, { id: row.id, contentHash: row.content_hash, clusterId: row.cluster_id });
  }
  return known;
}

/** Inserts a story unless the feed already has its key; returns null on that conflict. */
export async function insertStory(db: Db, story: NewStory): Promise<Story | null> {
  const row = await db
    .insertInto('stories')
    .values(story)
    .onConflict((oc) => oc.columns(['feed_id', 'dedupe_key']).doNothing())
    .returning(storyColumns)
    .executeTakeFirst();
  return row ?? null;
}

export async function updateStory(db: Db, id: number, update: StoryUpdate): Promise<void> {
  await db.updateTable('stories').set(update).where('id', '=', id).execute();
}

export async function findStoryById(db: Db, id: number): Promise<Story | undefined> {
  return db.selectFrom('stories').select(storyColumns).where('id', '=', id).executeTakeFirst();
}

/** Recent stories for previewing a query, newest first; a page at a time after `before`. */
export async function listRecentStories(
  db: Db,
  since: Date,
  limit: number,
  before?: { publishedAt: Date; id: number },
): Promise<(Story & { feed_title: string | null })[]> {
  let query = db
    .selectFrom('stories')
    .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
    .select(storyColumns)
    .select('feeds.title as feed_title')
    .where('stories.published_at', '>=', since);
  if (before) {
    // A row comparison, which the (published_at, id) index answers; an OR of the two is no index condition.
    query = query.where(sql<boolean>`(stories.published_at, stories.id) < (${before.publishedAt}, ${before.id})`);
  }
  return query.orderBy('stories.published_at', 'desc').orderBy('stories.id', 'desc').limit(limit).execute();
}

export async function setStoryState(db: Db, storyId: number, state: TriageState): Promise<void> {
  await db
    .insertInto('story_states')
    .values({ story_id: storyId, state })
    .onConflict((oc) => oc.column('story_id').doUpdateSet({ state, updated_at: sql`now()` }))
    .execute();
}

export async function getStoryState(db: Db, storyId: number): Promise<TriageState> {
  const row = await db.selectFrom('story_states').select('state').where('story_id', '=', storyId).executeTakeFirst();
  return row?.state ?? 'new';
}

export async function countStories(db: Db): Promise<number> {
  const row = await db.selectFrom('stories').select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stories published since `since` with id above `afterId`, oldest id first: a re-match page. */
export async function listStoriesPage(db: Db, since: Date, afterId: number, limit: number): Promise<(Story & { feed_title: string | null })[]> {
  return db
    .selectFrom('stories')
    .innerJoin('feeds', 'feeds.id', 'stories.feed_id')
    .select(storyColumns)
    .select('feeds.title as feed_title')
    .where('stories.published_at', '>=', since)
    .where('stories.id', '>', afterId)
    .orderBy('stories.id')
    .limit(limit)
    .execute();
}

/** The highest story id stored so far (0 when none): where a live stream starts. */
export async function latestStoryId(db: Db): Promise<number> {
  const row = await db.selectFrom('stories').select(sql<number | null>`max(id)`.as('id')).executeTakeFirstOrThrow();
  return Number(row.id ?? 0);
}
