import { sql, type Kysely } from 'kysely';

/**
 * Cluster profiles' vectors packed as bytes (term numbers, then weights: 8 bytes a term)
 * instead of text (`#-12345 0.1234`, ~18 bytes a term): a busy first poll rewrote 100,000
 * profiles of ~4 KB, past PostgreSQL's 2 KB compression threshold, and built and escaped each
 * as a string. `figures` keeps the text of the text vector's number terms (figure-mismatch
 * reads them). Rows written before keep their text vectors and are read as before; a row has
 * one form or the other.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('cluster_profiles').addColumn('title_terms', 'bytea').addColumn('text_terms', 'bytea').addColumn('figures', 'text').execute();
  await sql`alter table cluster_profiles alter column title_vector drop not null, alter column text_vector drop not null`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`delete from cluster_profiles where title_vector is null`.execute(db);
  await sql`alter table cluster_profiles alter column title_vector set not null, alter column text_vector set not null`.execute(db);
  await db.schema.alterTable('cluster_profiles').dropColumn('title_terms').dropColumn('text_terms').dropColumn('figures').execute();
}
