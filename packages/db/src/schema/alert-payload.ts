/**
 * What an alert says: the type of `deliveries.payload`. Written by the ingest pipeline with the
 * outbox row, rendered by alert channels; nothing here depends on the channel.
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
