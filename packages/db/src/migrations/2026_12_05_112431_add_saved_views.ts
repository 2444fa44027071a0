import { sql, type Kysely } from 'kysely';

/**
 * Saved dashboard views: a name and the dashboard's query string (its filters), listed in the
 * top bar. Each user keeps their own list, so one analyst's views do not crowd another's bar;
 * sharing a view is sharing its URL, which holds every filter. Saving a name again replaces it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saved_views')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('query', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('saved_views_user_name_key', ['user_id', 'name'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('saved_views').execute();
}
