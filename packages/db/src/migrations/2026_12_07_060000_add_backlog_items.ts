import { sql, type Kysely } from 'kysely';

/**
 * Items of a feed's first poll, read but not yet stored as stories: a first poll brings days of
 * items at once, and a poll cycle places its feeds' backlogs together, in publication order,
 * once it has read them all (ingest's place-backlog.ts). Kept in the database so a crash
 * between the read and the placement loses nothing.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backlog_items')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('feed_id', 'integer', (c) => c.notNull().references('feeds.id').onDelete('cascade'))
    .addColumn('dedupe_key', 'text', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('item', 'json', (c) => c.notNull())
    .addUniqueConstraint('backlog_items_feed_key_unique', ['feed_id', 'dedupe_key'])
    .execute();
  await sql`create index backlog_items_published_idx on backlog_items (published_at, id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('backlog_items').execute();
}
