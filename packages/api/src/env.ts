import type { Database, Kysely } from '@newswatch/db';
import type { SavedViewLink } from '@newswatch/web';
import type { Logger } from 'pino';
import type { ChannelTester, FeedPreviewer, FeedWaker, MetricsExposition, OpmlService, ReadinessProbe, WatchRematcher, WebSubEndpoint } from './ports';

export type Principal = { kind: 'session'; sessionId: string; userId: number; email: string; csrfToken: string } | { kind: 'token' };

/** Hono context variables: the principal (auth middleware) and, on full pages, the user's saved views. */
export type AppEnv = { Variables: { principal: Principal; savedViews?: SavedViewLink[] } };

/** What the HTTP app needs from the process that hosts it: settings, and an implementation of each port. */
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
  onFeedDue?: FeedWaker;
  onWatchChanged?: WatchRematcher;
  testChannel?: ChannelTester;
  previewFeed?: FeedPreviewer;
  opml?: OpmlService;
  /** Present when PUBLIC_URL is set. */
  websub?: WebSubEndpoint;
  metrics?: MetricsExposition;
  ready: ReadinessProbe;
}
