import { createAlertComposer } from '@newswatch/alerts';
import { createLogger } from '@newswatch/cli';
import type { Database, Kysely } from '@newswatch/db';
import { HostLimiter, OutageDetector, WatchMatcher, type IngestContext } from '@newswatch/ingest';

/**
 * An ingest worker's context as a test needs it: private (127.0.0.1) feeds allowed, silent
 * logs, alerts composed without a public URL, a fresh host limiter and outage history.
 */
export function testIngestContext(db: Kysely<Database>, options: { owner?: string; timeoutMs?: number } = {}): IngestContext {
  return {
    db,
    owner: options.owner ?? 'test-worker',
    matcher: new WatchMatcher(db),
    logger: createLogger('silent'),
    alerts: createAlertComposer(null),
    fetchOptions: { allowPrivate: true, timeoutMs: options.timeoutMs ?? 5_000 },
    hostLimiter: new HostLimiter(),
    outage: new OutageDetector(),
  };
}
