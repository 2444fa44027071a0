import { sql, type Kysely, type Transaction } from 'kysely';
import { integerArray } from '../array-parameter';
import { inChunks } from '../bind-limit';
import type { Database } from '../database';
import type { NewStory, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * The ingest pipeline's story inserts, set at a time: a feed's new items cost one statement
 * whatever their number (PostgreSQL: 10k rows in ~85 ms as a multi-row INSERT, ~1.2 s one by
 * one). Their clusters are looked up and written by `cluster-batches.ts`.
 */

/**
 * Takes `count` story ids from the stories' sequence, so clusters can name their lead story
 * and stories can be inserted already pointing at their cluster: updating the rows after the
 * insert would write every story twice (a new row version, its full-text vector recomputed,
 * every index entry again).
 */
export async function reserveStoryIds(db: Db, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await sql<{
    id: number;
  }>`select nextval(pg_get_serial_sequence('stories', 'id'))::integer as id from generate_series(1, ${count}::integer)`.execute(db);
  return rows.rows.map((r) => r.id);
}

/**
 * Inserts stories in one statement (a few thousand at most each: see `inChunks`); keys the feed already has are skipped. Returns the new
 * rows (input order). Only the id and time come back: the caller has the rest, and sending
 * every story's text back cost as much again in result parsing.
 */
export async function insertStories(db: Db, stories: NewStory[]): Promise<Story[]> {
  if (stories.length === 0) return [];
  // Chunked over the rows as sent: their columns are what each row binds.
  const rows = await inChunks(stories.map(withArrayParameters), (chunk) =>
    db
      .insertInto('stories')
      .values(chunk)
      .onConflict((oc) => oc.columns(['feed_id', 'dedupe_key']).doNothing())
      .returning(['id', 'feed_id', 'dedupe_key', 'fetched_at'])
      .execute(),
  );
  const inserted = new Map(rows.map((row) => [`${row.feed_id}\n${row.dedupe_key}`, row]));
  return stories.flatMap((story): Story[] => {
    const row = inserted.get(`${story.feed_id}\n${story.dedupe_key}`);
    if (!row) return [];
    inserted.delete(`${story.feed_id}\n${story.dedupe_key}`);
    return [
      {
        id: row.id,
        feed_id: story.feed_id,
        dedupe_key: story.dedupe_key,
        guid: story.guid ?? null,
        url: story.url ?? null,
        canonical_url: story.canonical_url ?? null,
        title: story.title ?? '',
        summary_text: story.summary_text ?? '',
        content_html: story.content_html ?? '',
        content_text: story.content_text ?? '',
        author: story.author ?? null,
        language: story.language ?? null,
        published_at: new Date(story.published_at),
        fetched_at: row.fetched_at,
        content_hash: story.content_hash,
        cluster_id: story.cluster_id ?? null,
      },
    ];
  });
}

/** A story with its fingerprint columns, where it has them, as one array parameter each (array-parameter.ts). */
function withArrayParameters(story: NewStory) {
  const { near_duplicate_bands: bands, near_duplicate_keys: keys, ...rest } = story;
  return {
    ...rest,
    ...(bands != null && { near_duplicate_bands: integerArray(bands) }),
    ...(keys != null && { near_duplicate_keys: integerArray(keys) }),
  };
}
