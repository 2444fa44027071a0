import type { Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface FeedTable {
  id: Generated<number>;
  url: string;
  title: string | null;
  site_url: string | null;
  enabled: Generated<boolean>;
  /** Fixed interval chosen by the user; null means adaptive. */
  poll_interval_s: number | null;
  next_poll_at: Generated<Date>;
  lease_owner: string | null;
  lease_until: Date | null;
  etag: string | null;
  last_modified: string | null;
  last_status: number | null;
  last_fetched_at: Date | null;
  last_success_at: Date | null;
  consecutive_failures: Generated<number>;
  failing_since: Date | null;
  last_error: string | null;
  websub_hub: string | null;
  websub_topic: string | null;
  websub_secret: string | null;
  websub_lease_until: Date | null;
  /** Subscription state: null (none), 'pending' (asked the hub), 'active', 'denied', 'failed'. */
  websub_state: string | null;
  websub_error: string | null;
  /** RSS `<ttl>` of the last full fetch, in seconds: the publisher's minimum interval. */
  ttl_s: number | null;
  /** Typical (median) gap between the feed's recent items, in seconds, from the last full fetch. */
  item_gap_s: number | null;
  /** Publication time of the newest item seen in the last full fetch. */
  newest_item_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export type Feed = Selectable<FeedTable>;
/** What storing a feed's items reads of the feed: stories name it, and watches match its title. */
export type FeedTitle = Pick<Feed, 'id' | 'title'>;
export type NewFeed = Insertable<FeedTable>;
export type FeedUpdate = Updateable<FeedTable>;
