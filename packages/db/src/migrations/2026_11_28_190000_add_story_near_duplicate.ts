import { sql, type Kysely } from 'kysely';

/**
 * Near-duplicate clustering: a story's SimHash fingerprint of title and lede as four 16-bit
 * bands (see ingest's near-duplicate.ts). A GIN index answers "which recent stories share a
 * band with these" — the candidates for being the same article under another URL.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('stories').addColumn('near_duplicate_bands', sql`integer[]`).execute();
  await db.schema.createIndex('stories_near_duplicate_idx').on('stories').using('gin').column('near_duplicate_bands').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('stories_near_duplicate_idx').execute();
  await db.schema.alterTable('stories').dropColumn('near_duplicate_bands').execute();
}
