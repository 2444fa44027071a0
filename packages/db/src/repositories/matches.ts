import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger, inChunks } from '../bind-limit';
import type { Database } from '../database';
import type { StoredSpan } from '../schema/stored-span';

type Db = Kysely<Database> | Transaction<Database>;

/** The UTC date of an instant, as PostgreSQL reads a date. */
const utcDay = (at: Date) => at.toISOString().slice(0, 10);

export interface MatchWithWatch {
  story_id: number;
  watch_id: number;
  watch_name: string;
  spans: StoredSpan[];
}

/** Records matches; a (story, watch) pair already stored is left alone. Returns the new ones. */
export async function insertMatches(
  db: Db,
  rows: { story_id: number; watch_id: number; spans: StoredSpan[] }[],
): Promise<{ story_id: number; watch_id: number }[]> {
  if (rows.length === 0) return [];
  return inChunks(rows, (chunk) =>
    db
      .insertInto('matches')
      .values(chunk.map((r) => ({ ...r, spans: JSON.stringify(r.spans) as unknown as StoredSpan[] })))
      .onConflict((oc) => oc.columns(['story_id', 'watch_id']).doNothing())
      .returning(['story_id', 'watch_id'])
      .execute(),
  );
}

/** Replaces the spans of existing matches (a story's text changed). */
export async function upsertMatches(db: Db, rows: { story_id: number; watch_id: number; spans: StoredSpan[] }[]): Promise<void> {
  for (const r of rows) {
    const spans = JSON.stringify(r.spans) as unknown as StoredSpan[];
    await db
      .insertInto('matches')
      .values({ ...r, spans })
      .onConflict((oc) => oc.columns(['story_id', 'watch_id']).doUpdateSet({ spans }))
      .execute();
  }
}

export async function listMatchesForStories(db: Db, storyIds: number[]): Promise<MatchWithWatch[]> {
  if (storyIds.length === 0) return [];
  return db
    .selectFrom('matches')
    .innerJoin('watches', 'watches.id', 'matches.watch_id')
    .select(['matches.story_id', 'matches.watch_id', 'watches.name as watch_name', 'matches.spans'])
    .where('matches.story_id', '=', anyInteger(storyIds))
    .orderBy('matches.watch_id')
    .execute();
}

export async function deleteMatchesForWatch(db: Db, watchId: number, storyIds: number[]): Promise<void> {
  if (storyIds.length === 0) return;
  await db.deleteFrom('matches').where('watch_id', '=', watchId).where('story_id', '=', anyInteger(storyIds)).execute();
}

/**
 * Matches per watch among stories published since `since` (watches without any are absent):
 * whole UTC days after it from the day counts, the rest of its own day from the matches index.
 */
export async function countMatchesByWatch(db: Db, since: Date): Promise<Map<number, number>> {
  const nextDay = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate() + 1));
  const rows = await sql<{ watch_id: number; n: number }>`
    select watch_id, sum(n)::integer as n from (
      select watch_id, count as n from watch_match_days where day >= ${utcDay(nextDay)}::date
      union all
      select watches.id, (select count(*) from matches
                          where matches.watch_id = watches.id and matches.published_at >= ${since} and matches.published_at < ${nextDay})
      from watches
    ) parts
    group by watch_id
    having sum(n) > 0`
    .execute(db)
    .then((result) => result.rows);
  return new Map(rows.map((r) => [r.watch_id, Number(r.n)]));
}

/** Which of these stories a watch already matches. */
export async function listMatchedStoryIds(db: Db, watchId: number, storyIds: number[]): Promise<Set<number>> {
  if (storyIds.length === 0) return new Set();
  const rows = await db.selectFrom('matches').select('story_id').where('watch_id', '=', watchId).where('story_id', '=', anyInteger(storyIds)).execute();
  return new Set(rows.map((r) => r.story_id));
}

/** Matches per watch per UTC day (YYYY-MM-DD) of publication, from the day of `since` on. */
export async function countMatchesByWatchAndDay(db: Db, since: Date): Promise<{ watch_id: number; day: string; n: number }[]> {
  const rows = await db
    .selectFrom('watch_match_days')
    .select(['watch_id', sql<string>`to_char(day, 'YYYY-MM-DD')`.as('day'), 'count'])
    .where('day', '>=', sql<Date>`${utcDay(since)}::date`)
    .execute();
  return rows.map((r) => ({ watch_id: r.watch_id, day: r.day, n: Number(r.count) }));
}
