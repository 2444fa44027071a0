import type { Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import * as createSchema from './migrations/2026_11_28_000001_create_schema';
import * as addRuleOptions from './migrations/2026_11_28_160000_add_rule_options';
import * as addFeedScheduleWebsub from './migrations/2026_11_28_160917_add_feed_schedule_websub';
import * as addRuleWatchCleanup from './migrations/2026_11_28_162411_add_rule_watch_cleanup';
import * as addDeliveryCombinedInto from './migrations/2026_11_28_163012_add_delivery_combined_into';
import * as addStoryNearDuplicate from './migrations/2026_11_28_190000_add_story_near_duplicate';
import * as addWatchLastError from './migrations/2026_12_05_083231_add_watch_last_error';
import * as addMatchPublishedAt from './migrations/2026_12_05_101147_add_match_published_at';
import * as addSavedViews from './migrations/2026_12_05_112431_add_saved_views';
import * as addRuleSpikes from './migrations/2026_12_05_112432_add_rule_spikes';
import * as addClusterProfiles from './migrations/2026_12_05_182529_add_cluster_profiles';
import * as termCountsByNumber from './migrations/2026_12_06_041500_term_counts_by_number';
import * as packedClusterProfiles from './migrations/2026_12_06_043000_packed_cluster_profiles';
import * as storiesClusterFeedIndex from './migrations/2026_12_06_223000_stories_cluster_feed_index';
import * as addBacklogItems from './migrations/2026_12_07_060000_add_backlog_items';
import * as retireEmptiedClusterProfiles from './migrations/2026_12_07_120000_retire_emptied_cluster_profiles';
import * as nearDuplicateKeyTable from './migrations/2026_12_07_180000_near_duplicate_key_table';
import * as watchRematchDue from './migrations/2026_12_08_040000_watch_rematch_due';

/** Every migration, in order. Append only: a landed migration is never edited. */
const migrations: Record<string, Migration> = {
  '2026_11_28_000001_create_schema': createSchema,
  '2026_11_28_160000_add_rule_options': addRuleOptions,
  '2026_11_28_160917_add_feed_schedule_websub': addFeedScheduleWebsub,
  '2026_11_28_162411_add_rule_watch_cleanup': addRuleWatchCleanup,
  '2026_11_28_163012_add_delivery_combined_into': addDeliveryCombinedInto,
  '2026_11_28_190000_add_story_near_duplicate': addStoryNearDuplicate,
  '2026_12_05_083231_add_watch_last_error': addWatchLastError,
  '2026_12_05_101147_add_match_published_at': addMatchPublishedAt,
  '2026_12_05_112431_add_saved_views': addSavedViews,
  '2026_12_05_112432_add_rule_spikes': addRuleSpikes,
  '2026_12_05_182529_add_cluster_profiles': addClusterProfiles,
  '2026_12_06_041500_term_counts_by_number': termCountsByNumber,
  '2026_12_06_043000_packed_cluster_profiles': packedClusterProfiles,
  '2026_12_06_223000_stories_cluster_feed_index': storiesClusterFeedIndex,
  '2026_12_07_060000_add_backlog_items': addBacklogItems,
  '2026_12_07_120000_retire_emptied_cluster_profiles': retireEmptiedClusterProfiles,
  '2026_12_07_180000_near_duplicate_key_table': nearDuplicateKeyTable,
  '2026_12_08_040000_watch_rematch_due': watchRematchDue,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

/** Brings the schema up to date; returns the names of the migrations it applied. */
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({ db, provider, migrationTableName: 'newswatch_migrations', migrationLockTableName: 'newswatch_migrations_lock' });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new Error(`Migration ${failed?.migrationName ?? '(unknown)'} failed: ${(error as Error).message}`, { cause: error });
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
