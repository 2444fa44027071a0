import type { Database, Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import type { WebSubEndpoint } from './routes/websub';

export type Principal = { kind: 'session'; sessionId: string; email: string; csrfToken: string } | { kind: 'token' };

/** Hono context variables set by the auth middleware. */
export type AppEnv = { Variables: { principal: Principal } };

/** What the HTTP app needs from the process that hosts it. */
export interface AppDeps {
  db: Kysely<Database>;
  logger: Logger;
  publicUrl: string | null;
  /** Mark cookies Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /**
   * TRUST_PROXY: addresses or CIDR ranges of reverse proxies whose X-Forwarded-For is believed.
   * Empty or absent: the header is ignored and the socket peer is the client.
   */
  trustedProxies?: readonly string[];
  /** A feed became due now (added, refresh requested): wake an ingest worker. */
  onFeedDue?: (feedId: number) => void;
  /** A watch was created or its query changed: re-match recent stories in the background. */
  onWatchChanged?: (watchId: number) => void;
  /** Sends a test message through a channel and reports the real outcome. */
  testChannel?: (channelId: number) => Promise<{ ok: boolean; statusCode: number | null; error: string | null; durationMs: number }>;
  /**
   * Fetches and parses a feed without storing anything, for the "add feed" preview. The api
   * package may not import ingest (DESIGN §1), so the process that hosts the app provides it.
   */
  previewFeed?: (url: string) => Promise<FeedPreviewResult>;
  /** OPML import and export, provided by the host process for the same reason. */
  opml?: OpmlService;
  /** WebSub callbacks (hub verification and pushes); present when PUBLIC_URL is set. */
  websub?: WebSubEndpoint;
  /** Prometheus text exposition. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
}

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

/** Outcome of importing an OPML document: counts, and each outline that could not be subscribed. */
export interface OpmlImportResult {
  total: number;
  added: number;
  skipped: number;
  invalid: { url: string; reason: string }[];
  addedIds: number[];
}

export interface OpmlService {
  /** Parses and imports an OPML document; `ok: false` when it is not OPML (or hostile). */
  importDocument(body: Uint8Array, contentType: string | null): Promise<{ ok: true; result: OpmlImportResult } | { ok: false; error: string }>;
  /** Every subscription as an OPML 2.0 document. */
  exportDocument(): Promise<string>;
}
