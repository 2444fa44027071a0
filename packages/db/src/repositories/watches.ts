import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { NewWatch, Watch, WatchUpdate } from '../schema/watch';

type Db = Kysely<Database> | Transaction<Database>;

export async function createWatch(db: Db, watch: NewWatch): Promise<Watch> {
  return db.insertInto('watches').values(watch).returningAll().executeTakeFirstOrThrow();
}

export async function findWatchById(db: Db, id: number): Promise<Watch | undefined> {
  return db.selectFrom('watches').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listWatches(db: Db): Promise<Watch[]> {
  return db.selectFrom('watches').selectAll().orderBy('id').execute();
}

export async function listEnabledWatches(db: Db): Promise<Watch[]> {
  return db.selectFrom('watches').selectAll().where('enabled', '=', true).orderBy('id').execute();
}

/** Applies an edit; a new query starts with a clean slate (its predecessor's error is cleared). */
export async function updateWatch(db: Db, id: number, update: WatchUpdate): Promise<Watch | undefined> {
  const clearError = update.query !== undefined ? { last_error: null, last_error_at: null } : {};
  return db
    .updateTable('watches')
    .set({ ...update, ...clearError, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Watches owed a re-match (`rematch_due_at`): an edit whose re-match a crash or a stop cut short. */
export async function listWatchesDueForRematch(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('watches').select('id').where('rematch_due_at', 'is not', null).orderBy('rematch_due_at').execute();
  return rows.map((row) => row.id);
}

/** A re-match of the watch as it was at `due` has finished: cleared unless an edit since owes another. */
export async function clearWatchRematchDue(db: Db, id: number, due: Date): Promise<void> {
  await db.updateTable('watches').set({ rematch_due_at: null }).where('id', '=', id).where('rematch_due_at', '=', due).execute();
}

/**
 * Records why watches were skipped, as of now. updated_at is left alone: it is what
 * matchers compare to decide to recompile, and an error is no reason to.
 */
export async function recordWatchErrors(db: Db, errors: readonly { id: number; error: string }[]): Promise<void> {
  for (const { id, error } of errors) {
    await db.updateTable('watches').set({ last_error: error, last_error_at: sql`now()` }).where('id', '=', id).execute();
  }
}

export async function deleteWatch(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('watches').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Latest change to any watch: matchers cache their compiled index until this moves. */
export async function watchesVersion(db: Db): Promise<string> {
  const row = await db
    .selectFrom('watches')
    .select([sql<number>`count(*)`.as('n'), sql<Date | null>`max(updated_at)`.as('latest')])
    .executeTakeFirstOrThrow();
  return `${row.n}:${row.latest ? new Date(row.latest).toISOString() : ''}`;
}
