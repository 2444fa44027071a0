import { sql, type Kysely } from 'kysely';

/**
 * Event clustering (issue 10): the document frequency of each term over stored stories (for
 * IDF; the row with the empty term holds the number of stories), each cluster's profile
 * (centroid vectors, first and latest publication, size, and which process and transaction
 * wrote it). The rare-term index over recent clusters lives in each ingest process's memory.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('term_stats')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cluster_profiles')
    .addColumn('cluster_id', 'integer', (c) => c.primaryKey().references('clusters.id').onDelete('cascade'))
    .addColumn('title_vector', 'text', (c) => c.notNull())
    .addColumn('text_vector', 'text', (c) => c.notNull())
    .addColumn('first_published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('written_by', 'integer', (c) => c.notNull())
    .addColumn('written_xid', sql`xid8`, (c) => c.notNull().defaultTo(sql`pg_current_xact_id()`))
    .execute();
  // Each ingest process holds the recent profiles in memory and reads what others wrote since
  // it last looked (by transaction id), or loads a time range (by latest publication).
  await sql`create index cluster_profiles_written_idx on cluster_profiles (written_xid)`.execute(db);
  await sql`create index cluster_profiles_recent_idx on cluster_profiles (last_published_at)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cluster_profiles').execute();
  await db.schema.dropTable('term_stats').execute();
}
