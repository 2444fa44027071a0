/**
 * What an alert says, built by the ingest pipeline when it writes the outbox row and stored in
 * `deliveries.payload`. Channels render it; nothing here depends on the channel.
 */
export interface AlertSpan {
  field: string;
  start: number;
  end: number;
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

export type AlertPayload =
  | { type: 'story.matched'; ruleId: number; story: AlertStory }
  | {
      type: 'digest';
      ruleId: number;
      windowStart: string;
      windowEnd: string;
      stories: AlertStory[];
    }
  | { type: 'test'; channelId: number; message: string };
