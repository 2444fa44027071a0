import type { Database, Kysely } from '@newswatch/db';
import type { Logger } from 'pino';

export type Principal =
  | { kind: 'session'; sessionId: string; email: string; csrfToken: string }
  | { kind: 'token' };

/** Hono context variables set by the auth middleware. */
export type AppEnv = { Variables: { principal: Principal } };

/** What the HTTP app needs from the process that hosts it. */
export interface AppDeps {
  db: Kysely<Database>;
  logger: Logger;
  publicUrl: string | null;
  /** Mark cookies Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** A feed became due now (added, refresh requested): wake an ingest worker. */
  onFeedDue?: (feedId: number) => void;
  /** A watch was created or its query changed: re-match recent stories in the background. */
  onWatchChanged?: (watchId: number) => void;
  /** Sends a test message through a channel and reports the real outcome. */
  testChannel?: (channelId: number) => Promise<{ ok: boolean; statusCode: number | null; error: string | null; durationMs: number }>;
  /** Prometheus text exposition. */
  metrics?: () => Promise<{ contentType: string; body: string }>;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
}
