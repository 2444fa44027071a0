import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export type ChannelKind = 'webhook' | 'email';
export type WebhookFormat = 'json' | 'slack' | 'discord' | 'teams';
export interface ChannelConfig {
  url?: string;
  format?: WebhookFormat;
  to?: string[];
}
export interface ChannelTable {
  id: Generated<number>;
  kind: ChannelKind;
  name: string;
  config: ChannelConfig;
  secret: string | null;
  enabled: Generated<boolean>;
  /** More alerts than this in a minute are combined into one message; null = no limit. */
  rate_limit_per_minute: number | null;
  created_at: Generated<Date>;
}
export type Channel = Selectable<ChannelTable>;
export type NewChannel = Insertable<ChannelTable>;
export type ChannelUpdate = Updateable<ChannelTable>;

export type RuleMode = 'instant' | 'digest' | 'feed-health' | 'spike';
/** A spike rule compares a watch's matches in the last hour, or the last 24 hours, with its usual rate. */
export type SpikeWindow = 'hour' | 'day';
/** On unmute, alerts held while muted are sent, or dropped. */
export type MutePolicy = 'send' | 'drop';
export interface RuleTable {
  id: Generated<number>;
  channel_id: number;
  /** null: every watch. */
  watch_id: number | null;
  mode: RuleMode;
  schedule: string | null;
  timezone: string | null;
  muted_until: Date | null;
  mute_policy: Generated<MutePolicy>;
  /** feed-health rules: notify once a feed has failed for this many hours. */
  failing_hours: number | null;
  /** spike rules: the window counted, how many times the usual rate is a spike, and the fewest matches that are. */
  spike_window: SpikeWindow | null;
  spike_factor: number | null;
  spike_min_count: number | null;
  min_sources: Generated<number>;
  enabled: Generated<boolean>;
  created_at: Generated<Date>;
}
export type Rule = Selectable<RuleTable>;
export type NewRule = Insertable<RuleTable>;
export type RuleUpdate = Updateable<RuleTable>;

/** `combined`: carried by another delivery (`combined_into`), the one message of an alert storm. */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'dead' | 'combined';
export interface DeliveryTable {
  id: Generated<number>;
  rule_id: number | null;
  channel_id: number;
  cluster_id: number | null;
  window_start: Date | null;
  window_end: Date | null;
  payload: unknown;
  idempotency_key: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  lease_owner: string | null;
  lease_until: Date | null;
  last_error: string | null;
  last_status_code: number | null;
  sent_at: Date | null;
  /** The combined message (another delivery) that carried this alert during a storm. */
  combined_into: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type Delivery = Selectable<DeliveryTable>;
export type NewDelivery = Insertable<DeliveryTable>;

export interface DeliveryAttemptTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Generated<Date>;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
}
export type DeliveryAttempt = Selectable<DeliveryAttemptTable>;

/** A rule for several watches lists them here; a rule with watch_id null and no rows covers all. */
export interface RuleWatchTable {
  rule_id: number;
  watch_id: number;
}

/**
 * One spike of a watch as one spike rule sees it: opened (and alerted) when the watch's count
 * in the rule's window first exceeds the threshold, ended when it falls back under it.
 */
export interface WatchSpikeTable {
  id: Generated<number>;
  rule_id: number;
  watch_id: number;
  spike_window: SpikeWindow;
  started_at: Date;
  /** null while the spike lasts. */
  ended_at: Date | null;
  /** Matches in the window when the spike began, and the usual count per window before it. */
  count: number;
  baseline: number;
  /** The highest count seen during the spike. */
  peak_count: number;
}
export type WatchSpike = Selectable<WatchSpikeTable>;
export type NewWatchSpike = Insertable<WatchSpikeTable>;
