import type { Kysely } from 'kysely';

/**
 * Why a watch was last skipped — its query no longer compiles, or matching it against a
 * story failed or ran over its work budget — and when, shown on the Watches page. Written
 * without touching updated_at, which matchers watch to know when to recompile.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('watches').addColumn('last_error', 'text').addColumn('last_error_at', 'timestamptz').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('watches').dropColumn('last_error').dropColumn('last_error_at').execute();
}
