/*
 * The ports of the HTTP app: what it needs from the process that hosts it and cannot build
 * itself, because the api package may not import ingest or the dispatcher (DESIGN §1). The
 * host (`newswatch serve`/`start`) plugs an implementation into each; `AppDeps` lists them.
 */

/** A feed became due now (added, refresh requested): wake an ingest worker. */
export type FeedWaker = (feedId: number) => void;

/** A watch was created or its query changed: re-match recent stories in the background. */
export type WatchRematcher = (watchId: number) => void;

/** What a feed would bring if subscribed: its title and newest items, or why it cannot be read. */
export type FeedPreviewResult =
  | {
      ok: true;
      /** Final URL after redirects. */
      url: string;
      title: string | null;
      siteUrl: string | null;
      /** Items in the document (only the newest few are listed). */
      itemCount: number;
      items: { title: string; url: string | null; publishedAt: Date }[];
    }
  | { ok: false; error: string };

/** Fetches and parses a feed without storing anything, for the "add feed" preview. */
export type FeedPreviewer = (url: string) => Promise<FeedPreviewResult>;

/** Outcome of importing an OPML document: counts, and each outline that could not be subscribed. */
export interface OpmlImportResult {
  total: number;
  added: number;
  skipped: number;
  invalid: { url: string; reason: string }[];
  addedIds: number[];
}

/** OPML import and export of the subscriptions. */
export interface OpmlService {
  /** Parses and imports an OPML document; `ok: false` when it is not OPML (or hostile). */
  importDocument(body: Uint8Array, contentType: string | null): Promise<{ ok: true; result: OpmlImportResult } | { ok: false; error: string }>;
  /** Every subscription as an OPML 2.0 document. */
  exportDocument(): Promise<string>;
}

/** A hub's answer as the ingest side decided it; sent back as is. */
export interface WebSubReply {
  status: 200 | 202 | 204 | 404 | 410;
  body: string;
}

/** The WebSub subscriber callbacks: intent verification and signed content delivery for one feed. */
export interface WebSubEndpoint {
  verify(feedId: number, params: Record<string, string | undefined>): Promise<WebSubReply>;
  receive(feedId: number, signature: string | null, contentType: string | null, body: Uint8Array): Promise<WebSubReply>;
}

/** The real outcome of a test message: what the channel's server answered, or why it failed. */
export interface ChannelTestOutcome {
  ok: boolean;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** Sends a test message through a channel, as the dispatcher would send an alert. */
export type ChannelTester = (channelId: number) => Promise<ChannelTestOutcome>;

/** Prometheus text exposition of the process's metrics. */
export type MetricsExposition = () => Promise<{ contentType: string; body: string }>;

/** True when the database answers. */
export type ReadinessProbe = () => Promise<boolean>;
