import type { Kysely } from 'kysely';

/**
 * An alert storm past a channel's rate limit goes out as one combined message. That message
 * is an outbox row of its own (one idempotency key, hence one webhook-id on every retry and
 * after a crash); the alerts it carries point at it and take the status `combined`.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('deliveries')
    .addColumn('combined_into', 'integer', (c) => c.references('deliveries.id').onDelete('set null'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('deliveries').dropColumn('combined_into').execute();
}
