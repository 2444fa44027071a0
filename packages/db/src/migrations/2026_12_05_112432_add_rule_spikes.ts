import { sql, type Kysely } from 'kysely';

/**
 * Spike rules: alert when a watch's matches in the last hour (or day) exceed its usual rate by
 * `spike_factor`, at least `spike_min_count` of them. `watch_spikes` holds the episodes: one row
 * per (rule, watch) spike, open (`ended_at` null) while the rate stays above the threshold. The
 * partial unique index lets only one episode of a (rule, watch) be open, so two dispatchers
 * checking at once open it, and alert it, once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('rules')
    .addColumn('spike_window', 'text')
    .addColumn('spike_factor', 'double precision')
    .addColumn('spike_min_count', 'integer')
    .execute();
  await db.schema
    .createTable('watch_spikes')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('rule_id', 'integer', (c) => c.notNull().references('rules.id').onDelete('cascade'))
    .addColumn('watch_id', 'integer', (c) => c.notNull().references('watches.id').onDelete('cascade'))
    .addColumn('spike_window', 'text', (c) => c.notNull())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('baseline', 'double precision', (c) => c.notNull())
    .addColumn('peak_count', 'integer', (c) => c.notNull())
    .execute();
  await sql`create unique index watch_spikes_open_key on watch_spikes (rule_id, watch_id) where ended_at is null`.execute(db);
  await db.schema.createIndex('watch_spikes_watch_idx').on('watch_spikes').columns(['watch_id', 'started_at']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('watch_spikes').execute();
  await db.schema.alterTable('rules').dropColumn('spike_window').dropColumn('spike_factor').dropColumn('spike_min_count').execute();
}
