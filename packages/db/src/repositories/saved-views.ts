import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../database';
import type { SavedView } from '../schema/user';

type Db = Kysely<Database> | Transaction<Database>;

/** A user's saved views, by name. */
export async function listSavedViews(db: Db, userId: number): Promise<SavedView[]> {
  return db.selectFrom('saved_views').selectAll().where('user_id', '=', userId).orderBy(sql`lower(name)`).orderBy('id').execute();
}

/** Saves a view under `name`; a view of that name already saved by the user gets the new query. */
export async function saveView(db: Db, userId: number, name: string, query: string): Promise<SavedView> {
  return db
    .insertInto('saved_views')
    .values({ user_id: userId, name, query })
    .onConflict((oc) => oc.columns(['user_id', 'name']).doUpdateSet({ query }))
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Deletes one of the user's views; false when the user has no view with that id. */
export async function deleteSavedView(db: Db, userId: number, id: number): Promise<boolean> {
  const result = await db.deleteFrom('saved_views').where('id', '=', id).where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
