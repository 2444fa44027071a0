import { releaseFeedLease, sql, type Database, type Feed, type Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import { decodeFeedBody } from '../decode/decode-body';
import { fetchFeed } from '../fetch/fetch-feed';
import type { FetchOptions } from '../fetch/fetch-result';
import type { HostLimiter } from '../fetch/host-limiter';
import { normalizeItems } from '../normalize/normalize-item';
import { parseFeed } from '../parse/parse-feed';
import { defaultPollPolicy, intervalAfterFailure, intervalAfterSuccess, type PollPolicy } from '../schedule/poll-policy';
import { enqueueFeedHealthAlerts } from './feed-health-alerts';
import { storeItems } from './store-items';
import type { WatchMatcher } from './watch-matcher';

export interface IngestContext {
  db: Kysely<Database>;
  /** This worker's lease identity. */
  owner: string;
  matcher: WatchMatcher;
  logger: Logger;
  publicUrl: string | null;
  fetchOptions: Omit<FetchOptions, 'etag' | 'lastModified'>;
  policy?: PollPolicy;
  /** Per-host concurrency and spacing: many feeds on one host are not fetched at once. */
  hostLimiter?: HostLimiter;
}

export interface RefreshOutcome {
  feedId: number;
  status: 'ok' | 'not-modified' | 'error';
  error: string | null;
  inserted: number;
  matched: number;
  deliveriesEnqueued: number;
  durationMs: number;
}

const after = (seconds: number) => new Date(Date.now() + seconds * 1000);

/**
 * Polls one leased feed: fetch → decode → parse → normalize → store (cluster, match, outbox)
 * → record the outcome and the next poll on the feed row, releasing the lease. Never throws:
 * a failing feed is recorded on its row and the other feeds go on.
 */
export async function refreshFeed(ctx: IngestContext, feed: Feed): Promise<RefreshOutcome> {
  const started = Date.now();
  const policy = ctx.policy ?? defaultPollPolicy;
  const outcome: RefreshOutcome = { feedId: feed.id, status: 'ok', error: null, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
  const fail = async (message: string, status: number | null, retryAfterSeconds: number | null) => {
    const failures = feed.consecutive_failures + 1;
    const failingSince = feed.failing_since ?? new Date();
    await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
      last_error: message,
      last_status: status,
      last_fetched_at: new Date(),
      consecutive_failures: failures,
      failing_since: failingSince,
      next_poll_at: after(intervalAfterFailure(failures, retryAfterSeconds, policy)),
    });
    outcome.deliveriesEnqueued = await enqueueFeedHealthAlerts(ctx.db, feed, failingSince, message);
    Object.assign(outcome, { status: 'error', error: message, durationMs: Date.now() - started });
    ctx.logger.warn({ feed_id: feed.id, error: message, failures }, 'Feed poll failed');
    return outcome;
  };

  try {
    const fetchNow = () => fetchFeed(feed.url, { ...ctx.fetchOptions, etag: feed.etag, lastModified: feed.last_modified });
    const fetched = ctx.hostLimiter ? await ctx.hostLimiter.run(new URL(feed.url).host, fetchNow) : await fetchNow();
    if (fetched.kind === 'error') return await fail(fetched.message, fetched.status, fetched.retryAfterSeconds);
    if (fetched.kind === 'not-modified') {
      await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
        ...successFields(304),
        next_poll_at: after(intervalAfterSuccess({ fixedIntervalS: feed.poll_interval_s, recentPublishedAt: await recentPublishTimes(ctx.db, feed.id), maxAgeSeconds: fetched.maxAgeSeconds, ttlMinutes: null }, policy)),
      });
      return Object.assign(outcome, { status: 'not-modified' as const, durationMs: Date.now() - started });
    }

    const decoded = decodeFeedBody(fetched.body, fetched.contentType);
    const parsed = await parseFeed(decoded.text, fetched.url, { contentLanguage: fetched.contentLanguage ?? null });
    const items = normalizeItems(parsed, fetched.url, new Date());
    await ctx.matcher.refresh();
    const stored = await storeItems(ctx.db, feed, items, ctx.matcher, ctx.publicUrl);
    Object.assign(outcome, stored);

    const interval = intervalAfterSuccess(
      { fixedIntervalS: feed.poll_interval_s, recentPublishedAt: items.map((i) => i.publishedAt), maxAgeSeconds: fetched.maxAgeSeconds, ttlMinutes: parsed.ttlMinutes },
      policy,
    );
    await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
      ...successFields(fetched.status),
      etag: fetched.etag,
      last_modified: fetched.lastModified,
      title: feed.title ?? parsed.title,
      site_url: feed.site_url ?? parsed.link,
      ...(fetched.movedPermanentlyTo ? { url: fetched.movedPermanentlyTo } : {}),
      next_poll_at: after(interval),
    }).catch(async (error: unknown) => {
      // The new URL may already be subscribed: keep the old one rather than lose the outcome.
      if (!fetched.movedPermanentlyTo) throw error;
      ctx.logger.warn({ feed_id: feed.id, moved_to: fetched.movedPermanentlyTo }, 'Feed moved to a URL already subscribed');
      await releaseFeedLease(ctx.db, feed.id, ctx.owner, { ...successFields(fetched.status), next_poll_at: after(interval) });
    });
    outcome.durationMs = Date.now() - started;
    ctx.logger.info(
      { feed_id: feed.id, items: items.length, inserted: stored.inserted, matched: stored.matched, duration_ms: outcome.durationMs },
      'Feed polled',
    );
    return outcome;
  } catch (error) {
    return fail(error instanceof Error ? error.message : String(error), null, null);
  }
}

function successFields(status: number) {
  return {
    last_status: status,
    last_error: null,
    last_fetched_at: new Date(),
    last_success_at: new Date(),
    consecutive_failures: 0,
    failing_since: null,
  };
}

async function recentPublishTimes(db: Kysely<Database>, feedId: number): Promise<Date[]> {
  const rows = await db
    .selectFrom('stories')
    .select('published_at')
    .where('feed_id', '=', feedId)
    .where('published_at', '>', sql<Date>`now() - interval '30 days'`)
    .orderBy('published_at', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => r.published_at);
}
