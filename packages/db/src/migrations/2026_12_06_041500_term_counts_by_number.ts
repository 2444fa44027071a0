import type { Kysely } from 'kysely';

/**
 * Document frequencies keyed by the term's number (ingest's vocabulary.ts: FNV-1a of its text,
 * the same in every process) instead of its text; the row of term 0 holds the number of
 * stories. A first poll of 100,000 stories upserted millions of text keys, and the writers
 * kept maps of them. The old counts are not carried over: SQL cannot number terms as the
 * ingest code does, and they are weights, not facts — a first batch after the upgrade weighs
 * terms by itself and the counts fill again as stories arrive (docs/clustering.md).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('term_counts')
    .addColumn('term_id', 'integer', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.dropTable('term_stats').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('term_stats')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('doc_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.dropTable('term_counts').execute();
}
