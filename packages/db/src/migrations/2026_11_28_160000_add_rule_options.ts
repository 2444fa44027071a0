import type { Kysely } from 'kysely';

/**
 * Rules for several watches (rule_watches), what happens to alerts held while a rule is muted
 * (mute_policy), feed-health rules (failing_hours), and a per-channel rate limit that turns an
 * alert storm into one combined message (rate_limit_per_minute).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rules')
    .addColumn('mute_policy', 'text', (c) => c.notNull().defaultTo('send'))
    .addColumn('failing_hours', 'integer')
    .execute();
  await db.schema
    .createTable('rule_watches')
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('rules.id').onDelete('cascade'))
    .addColumn('watch_id', 'integer', (c) => c.notNull().references('watches.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('rule_watches_pk', ['rule_id', 'watch_id'])
    .execute();
  await db.schema.createIndex('rule_watches_watch_idx').on('rule_watches').column('watch_id').execute();
  await db.schema.alterTable('channels').addColumn('rate_limit_per_minute', 'integer').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('channels').dropColumn('rate_limit_per_minute').execute();
  await db.schema.dropTable('rule_watches').execute();
  await db.schema.alterTable('rules').dropColumn('failing_hours').dropColumn('mute_policy').execute();
}
