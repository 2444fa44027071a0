import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { NewStory, Story } from '../schema/story';

type Db = Kysely<Database> | Transaction<Database>;

/*
 * The ingest pipeline's story inserts, set at a time: a batch's new items cost one statement
 * whatever their number (one by one, 10k rows took ~1.2 s on PostgreSQL). Their clusters are
 * looked up and written by `cluster-batches.ts`.
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
 * Inserts stories in one statement; keys the feed already has are skipped. Returns the new
 * rows (input order). Only the id and time come back: the caller has the rest, and sending
 * every story's text back cost as much again in result parsing.
 *
 * The rows travel as one JSON parameter (`json_to_recordset`): bound as 17 parameters a row,
 * a thousand stories cost this process ~35 ms of query building and parameter encoding —
 * inside the cluster locks, where the next writer waits — against a few ms of
 * `JSON.stringify`. Stored text is already free of what JSON or PostgreSQL cannot carry
 * (ingest's storable-text.ts).
 */
export async function insertStories(db: Db, stories: NewStory[]): Promise<Story[]> {
  if (stories.length === 0) return [];
  const { rows } = await sql<{ id: number; feed_id: number; dedupe_key: string; fetched_at: Date }>`
    insert into stories (id, feed_id, dedupe_key, guid, url, canonical_url, title, summary_text, content_html, content_text,
      author, language, published_at, content_hash, cluster_id, near_duplicate_bands, near_duplicate_keys)
    select coalesce(r.id, nextval(pg_get_serial_sequence('stories', 'id'))::integer), r.feed_id, r.dedupe_key, r.guid, r.url,
      r.canonical_url, coalesce(r.title, ''), coalesce(r.summary_text, ''), coalesce(r.content_html, ''), coalesce(r.content_text, ''),
      r.author, r.language, r.published_at, r.content_hash, r.cluster_id, r.near_duplicate_bands, r.near_duplicate_keys
    from json_to_recordset(${JSON.stringify(stories)}::json) as r(id integer, feed_id integer, dedupe_key text, guid text, url text,
      canonical_url text, title text, summary_text text, content_html text, content_text text, author text, language text,
      published_at timestamptz, content_hash text, cluster_id integer, near_duplicate_bands integer[], near_duplicate_keys integer[])
    on conflict (feed_id, dedupe_key) do nothing
    returning id, feed_id, dedupe_key, fetched_at`.execute(db);
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
