import { sql, type Kysely } from 'kysely';

/**
 * Retires the profiles of clusters left without a story by feeds deleted before deletion
 * retired them itself (repositories/cluster-profiles.ts, `retireEmptiedClusterProfiles`): size
 * 0, no terms, so placement never puts a new story in them.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    update cluster_profiles set size = 0, title_vector = null, text_vector = null, title_terms = null, text_terms = null,
      figures = null, written_by = 0, written_xid = pg_current_xact_id()
    where size > 0 and not exists (select 1 from stories where stories.cluster_id = cluster_profiles.cluster_id)`.execute(db);
}

/** Nothing to undo: a retired profile's terms are gone, and its cluster has no story to rebuild them from. */
export async function down(): Promise<void> {}
