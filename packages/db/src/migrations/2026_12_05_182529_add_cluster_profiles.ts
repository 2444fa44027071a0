import { sql, type Kysely } from 'kysely';

/**
 * Event clustering (issue 10): the document frequency of each term over stored stories (for
 * IDF; the row with the empty term holds the number of stories), each cluster's profile
 * (centroid vectors, first and latest publication, size), and the index of rare terms over
 * clusters that candidates are looked up in — by term, recent clusters only.
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
    .addColumn('vectors', 'jsonb', (c) => c.notNull())
    .addColumn('first_published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_published_at', 'timestamptz', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cluster_terms')
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('cluster_id', 'integer', (c) => c.notNull().references('clusters.id').onDelete('cascade'))
    .addColumn('last_published_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // A lookup reads one term's recent clusters only, however long the archive.
  await sql`create index cluster_terms_term_recent_idx on cluster_terms (term, last_published_at)`.execute(db);
  await sql`create index cluster_terms_cluster_idx on cluster_terms (cluster_id)`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('cluster_terms').execute();
  await db.schema.dropTable('cluster_profiles').execute();
  await db.schema.dropTable('term_stats').execute();
}
