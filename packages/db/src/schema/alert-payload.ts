import type { Rule } from './alert';
import type { Feed } from './feed';
import type { Cluster, Story } from './story';
import type { WatchHit } from './watch';

/**
 * What an alert says: the type of `deliveries.payload`, the JSON the outbox stores. Composed by
 * @newswatch/alerts (see `AlertComposer`), rendered by its channels; nothing here depends on
 * the channel.
 */
import type { StoredSpan } from './stored-span';

/** A stored span as alerts carry it: without the query term, with the matched text. */
export interface AlertSpan extends Pick<StoredSpan, 'field' | 'start' | 'end'> {
  /** The matched text itself, so receivers need not slice. */
  text: string;
}

export interface AlertStory {
  id: number;
  title: string;
  url: string | null;
  feedId: number;
  feedTitle: string | null;
  publishedAt: string;
  clusterId: number | null;
  sourcesCount: number;
  /** Plain-text lede, at most ~500 characters; spans with field "summary" index into it. */
  summary: string;
  /** Link to the story page in the dashboard, when PUBLIC_URL is known. */
  dashboardUrl: string | null;
  matches: { watchId: number; watchName: string; spans: AlertSpan[] }[];
}

/** A story named in a spike alert: the newest of the watch's matches in the spike's window. */
export interface SpikeStory {
  id: number;
  title: string;
  url: string | null;
  feedTitle: string | null;
  publishedAt: string;
  dashboardUrl: string | null;
}

export type AlertPayload =
  | { type: 'story.matched'; ruleId: number; story: AlertStory }
  | {
      type: 'digest';
      ruleId: number;
      /** schedule: a digest rule's window; rate-limit: alerts combined during a storm. */
      reason?: 'schedule' | 'rate-limit';
      windowStart: string;
      windowEnd: string;
      stories: AlertStory[];
    }
  | { type: 'test'; channelId: number; message: string }
  | {
      type: 'feed.failing';
      ruleId: number;
      feedId: number;
      feedTitle: string | null;
      feedUrl: string;
      failingSince: string;
      lastError: string | null;
      /** One sentence for people, e.g. 'Feed "Wire" has been failing for 6 h: HTTP 503'. */
      message: string;
    }
  | {
      type: 'watch.spike';
      ruleId: number;
      watchId: number;
      watchName: string;
      /** hour: matches in the last 60 minutes; day: in the last 24 hours. */
      window: 'hour' | 'day';
      /** Matches in the window when the spike was seen. */
      count: number;
      /** The watch's usual matches per window (average over the windows before). */
      baseline: number;
      /** The rule's threshold: a spike is more than `factor` times the baseline. */
      factor: number;
      startedAt: string;
      /** The watch's stories on the dashboard, when PUBLIC_URL is known. */
      dashboardUrl: string | null;
      /** One sentence for people, e.g. 'Watch "Kim Jong Un": 14 matches in the last hour, 7× the usual 2 an hour'. */
      message: string;
      /** The newest stories of the spike, at most five. */
      stories: SpikeStory[];
    };

/** An instant alert about one matched story. */
export type StoryMatchedPayload = Extract<AlertPayload, { type: 'story.matched' }>;

/** A feed-health alert: a feed failing past a rule's threshold. */
export type FeedFailingPayload = Extract<AlertPayload, { type: 'feed.failing' }>;

/**
 * Composes the alerts that outbox writers outside @newswatch/alerts enqueue. Ingest writes
 * instant alerts in the transaction that stores the story, and feed-health alerts after a
 * failed poll, but what an alert says is the alerts package's business, and ingest may not
 * import it: the process running both hands ingest `createAlertComposer` of @newswatch/alerts.
 */
export interface AlertComposer {
  /** `ruleId`'s instant alert about `story` and what it matched (`hits`, in `cluster`). */
  storyMatched(
    ruleId: number,
    story: Story,
    feedTitle: string | null,
    cluster: Cluster,
    hits: WatchHit[],
    watchName: (id: number) => string,
  ): StoryMatchedPayload;
  /** `rule`'s alert about a feed failing since `failingSince`; null while that is under the rule's threshold. */
  feedFailing(
    rule: Pick<Rule, 'id' | 'failing_hours'>,
    feed: Pick<Feed, 'id' | 'title' | 'url'>,
    failingSince: Date,
    lastError: string | null,
    now: Date,
  ): FeedFailingPayload | null;
}
