import { sql, type Kysely, type Transaction } from 'kysely';
import { anyInteger, inChunks } from '../bind-limit';
import type { Database } from '../database';
import type { StoredSpan } from '../schema/watch';

type Db = Kysely<Database> | Transaction<Database>;

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

/** Matches per watch among stories published since `since`. */
export async function countMatchesByWatch(db: Db, since: Date): Promise<Map<number, number>> {
  const rows = await db
    .selectFrom('matches')
    .innerJoin('stories', 'stories.id', 'matches.story_id')
    .select(['matches.watch_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('stories.published_at', '>=', since)
    .groupBy('matches.watch_id')
    .execute();
  return new Map(rows.map((r) => [r.watch_id, Number(r.n)]));
}

/** Which of these stories a watch already matches. */
export async function listMatchedStoryIds(db: Db, watchId: number, storyIds: number[]): Promise<Set<number>> {
  if (storyIds.length === 0) return new Set();
  const rows = await db.selectFrom('matches').select('story_id').where('watch_id', '=', watchId).where('story_id', '=', anyInteger(storyIds)).execute();
  return new Set(rows.map((r) => r.story_id));
}

/** Matches per watch per UTC day (YYYY-MM-DD) for stories published since `since`. */
export async function countMatchesByWatchAndDay(db: Db, since: Date): Promise<{ watch_id: number; day: string; n: number }[]> {
  const rows = await db
    .selectFrom('matches')
    .innerJoin('stories', 'stories.id', 'matches.story_id')
    .select([
      'matches.watch_id',
      sql<string>`to_char(stories.published_at at time zone 'UTC', 'YYYY-MM-DD')`.as('day'),
      (eb) => eb.fn.countAll<number>().as('n'),
    ])
    .where('stories.published_at', '>=', since)
    .groupBy(['matches.watch_id', sql`2`])
    .execute();
  return rows.map((r) => ({ watch_id: r.watch_id, day: r.day, n: Number(r.n) }));
}
