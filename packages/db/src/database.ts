import type { ChannelTable, DeliveryAttemptTable, DeliveryTable, RuleTable, RuleWatchTable, WatchSpikeTable } from './schema/alert';
import type { FeedTable } from './schema/feed';
import type { BacklogItemTable, ClusterProfileTable, ClusterTable, StoryStateTable, StoryTable, TermCountTable } from './schema/story';
import type { ApiTokenTable, SavedViewTable, SessionTable, UserTable } from './schema/user';
import type { MatchTable, WatchMatchDayTable, WatchTable } from './schema/watch';

export interface SettingTable {
  key: string;
  value: unknown;
}

/** Every table newswatch stores, as Kysely sees it. */
export interface Database {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  feeds: FeedTable;
  stories: StoryTable;
  backlog_items: BacklogItemTable;
  clusters: ClusterTable;
  cluster_profiles: ClusterProfileTable;
  term_counts: TermCountTable;
  story_states: StoryStateTable;
  watches: WatchTable;
  matches: MatchTable;
  watch_match_days: WatchMatchDayTable;
  channels: ChannelTable;
  rules: RuleTable;
  rule_watches: RuleWatchTable;
  deliveries: DeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  settings: SettingTable;
  saved_views: SavedViewTable;
  watch_spikes: WatchSpikeTable;
}
