import type { Kysely } from 'kysely';

/**
 * What the adaptive scheduler remembers between polls (so an unchanged feed is rescheduled
 * without re-reading its stories) and the state of a feed's WebSub subscription.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('feeds')
    .addColumn('ttl_s', 'integer')
    .addColumn('item_gap_s', 'integer')
    .addColumn('newest_item_at', 'timestamptz')
    .addColumn('websub_state', 'text')
    .addColumn('websub_error', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('feeds')
    .dropColumn('websub_error')
    .dropColumn('websub_state')
    .dropColumn('newest_item_at')
    .dropColumn('item_gap_s')
    .dropColumn('ttl_s')
    .execute();
}
