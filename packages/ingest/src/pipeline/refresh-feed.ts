import { moveFeedUrl, releaseFeedLease, type Database, type Feed, type FeedUpdate, type Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import { decodeFeedBody } from '../decode/decode-body';
import { fetchFeed } from '../fetch/fetch-feed';
import type { FetchOptions, FetchResult } from '../fetch/fetch-result';
import type { HostLimiter } from '../fetch/host-limiter';
import { normalizeItems } from '../normalize/normalize-item';
import { storableFeed, storableText } from '../normalize/storable-text';
import { parseFeed } from '../parse/parse-feed';
import type { OutageDetector, OutageVerdict } from '../schedule/outage-detector';
import { defaultPollPolicy, intervalAfterFailure, intervalAfterSuccess, intervalDuringOutage, publishingStats, type PollPolicy } from '../schedule/poll-policy';
import type { WebSubSubscriber } from '../websub/websub-subscriber';
import { enqueueFeedHealthAlerts } from './feed-health-alerts';
import { healthyPollFields } from './healthy-poll';
import type { NotModifiedBatch } from './not-modified-batch';
import type { StoreBatch } from './store-batch';
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
  /** Tells our own network outage from broken feeds (see `OutageDetector`). */
  outage?: OutageDetector;
  /** Subscribes to the WebSub hubs feeds advertise (only when PUBLIC_URL is set). */
  websub?: WebSubSubscriber;
}

export interface RefreshOutcome {
  feedId: number;
  /** `deferred`: not fetched, its host asked us to wait (429/503 on another of its feeds). */
  status: 'ok' | 'not-modified' | 'error' | 'deferred';
  error: string | null;
  inserted: number;
  matched: number;
  deliveriesEnqueued: number;
  durationMs: number;
  /** A network-level failure left for the caller to judge (see `refreshFeed`'s options). */
  pendingFailure?: FeedFailure;
}

/** A failed poll, before it is written to the feed row. */
export interface FeedFailure {
  feed: Feed;
  message: string;
  status: number | null;
  retryAfterSeconds: number | null;
  /** No HTTP answer at all: possibly our own outage rather than the feed's fault. */
  network: boolean;
}

export interface RefreshOptions {
  /**
   * Return network-level failures unwritten (`pendingFailure`, lease still held) so the worker
   * can judge them together with the fetches that follow: was it the feed, or our network?
   */
  deferNetworkFailures?: boolean;
  /** Ends 304 leases in batches (see `NotModifiedBatch`) instead of one statement each. */
  notModified?: NotModifiedBatch;
  /** Stores new items together with other feeds' that finish at the same time (see `StoreBatch`). */
  store?: StoreBatch;
}

const after = (seconds: number) => new Date(Date.now() + seconds * 1000);

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/**
 * Polls one leased feed: fetch → decode → parse → normalize → store (cluster, match, outbox)
 * → record the outcome and the next poll on the feed row, releasing the lease. Never throws:
 * a failing feed is recorded on its row and the other feeds go on.
 */
export async function refreshFeed(ctx: IngestContext, feed: Feed, options: RefreshOptions = {}): Promise<RefreshOutcome> {
  const started = Date.now();
  const policy = ctx.policy ?? defaultPollPolicy;
  const outcome: RefreshOutcome = { feedId: feed.id, status: 'ok', error: null, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
  const finish = (fields: Partial<RefreshOutcome>) => Object.assign(outcome, fields, { durationMs: Date.now() - started });
  const host = hostOf(feed.url);

  const fail = async (failure: Omit<FeedFailure, 'feed'>): Promise<RefreshOutcome> => {
    const full = { feed, ...failure };
    if (failure.network && options.deferNetworkFailures) return finish({ status: 'error', error: failure.message, pendingFailure: full });
    const verdict = failure.network ? (ctx.outage?.verdict() ?? null) : null;
    const deliveries = await recordFailure(ctx, full, verdict);
    return finish({ status: 'error', error: failure.message, deliveriesEnqueued: deliveries });
  };

  try {
    // Checked once the host's turn comes: a 429 may have arrived while this feed waited in line.
    const fetchNow = async (): Promise<FetchResult | { kind: 'paused'; until: number }> => {
      const pausedUntil = ctx.hostLimiter?.pausedUntil(host) ?? null;
      if (pausedUntil !== null) return { kind: 'paused', until: pausedUntil };
      return fetchFeed(feed.url, { ...ctx.fetchOptions, etag: feed.etag, lastModified: feed.last_modified });
    };
    const pausedNow = ctx.hostLimiter?.pausedUntil(host) ?? null;
    const fetched =
      pausedNow !== null ? { kind: 'paused' as const, until: pausedNow } : ctx.hostLimiter ? await ctx.hostLimiter.run(host, fetchNow) : await fetchNow();
    if (fetched.kind === 'paused') {
      // The host asked for a pause on another feed: wait it out without counting a failure.
      await releaseFeedLease(ctx.db, feed.id, ctx.owner, { next_poll_at: new Date(fetched.until + Math.random() * 5_000) });
      return finish({ status: 'deferred' });
    }
    ctx.outage?.record(host, fetched.kind === 'error' && fetched.network);

    if (fetched.kind === 'error') {
      if (fetched.status === 429 || (fetched.status === 503 && fetched.retryAfterSeconds !== null)) {
        // Rate limiting speaks for the whole host: hold its other feeds back too.
        const waitS = Math.min(fetched.retryAfterSeconds ?? policy.minIntervalS, policy.maxBackoffS);
        ctx.hostLimiter?.pause(host, Date.now() + waitS * 1000);
      }
      return await fail({ message: fetched.message, status: fetched.status, retryAfterSeconds: fetched.retryAfterSeconds, network: fetched.network });
    }

    if (fetched.kind === 'not-modified') {
      const interval = intervalAfterSuccess(
        {
          fixedIntervalS: feed.poll_interval_s,
          itemGapS: feed.item_gap_s,
          newestItemAt: feed.newest_item_at,
          maxAgeSeconds: fetched.maxAgeSeconds,
          ttlSeconds: feed.ttl_s,
          pushed: isPushed(feed),
        },
        policy,
      );
      if (options.notModified) await options.notModified.release(feed.id, after(interval));
      else await releaseFeedLease(ctx.db, feed.id, ctx.owner, { ...healthyPollFields(304), next_poll_at: after(interval) });
      await ctx.websub?.renewIfDue(feed);
      return finish({ status: 'not-modified' });
    }

    const decoded = decodeFeedBody(fetched.body, fetched.contentType);
    // Storable before anything is read from it: its title and links go on the feed row too.
    const parsed = storableFeed(await parseFeed(decoded.text, fetched.url, { contentLanguage: fetched.contentLanguage ?? null }));
    const items = normalizeItems(parsed, fetched.url, new Date());
    const stats = publishingStats(parsed.items.map((i) => i.published ?? i.updated));
    const ttlSeconds = parsed.ttlMinutes !== null ? parsed.ttlMinutes * 60 : null;
    const interval = intervalAfterSuccess(
      { fixedIntervalS: feed.poll_interval_s, ...stats, maxAgeSeconds: fetched.maxAgeSeconds, ttlSeconds, pushed: isPushed(feed) },
      policy,
    );
    const update: FeedUpdate = {
      ...healthyPollFields(fetched.status),
      etag: fetched.etag,
      last_modified: fetched.lastModified,
      title: feed.title ?? parsed.title,
      site_url: feed.site_url ?? parsed.link,
      ttl_s: ttlSeconds,
      item_gap_s: stats.itemGapS,
      newest_item_at: stats.newestItemAt,
      next_poll_at: after(interval),
    };
    const release = { owner: ctx.owner, update };
    const stored = options.store
      ? await options.store.store({ feed, items, release })
      : await storeItems(ctx.db, feed, items, ctx.matcher, ctx.publicUrl, { release });
    Object.assign(outcome, stored);

    if (fetched.movedPermanentlyTo && fetched.movedPermanentlyTo !== feed.url) {
      const moved = await moveFeedUrl(ctx.db, feed.id, fetched.movedPermanentlyTo);
      if (moved) ctx.logger.info({ feed_id: feed.id, from: feed.url, to: fetched.movedPermanentlyTo }, 'Feed moved permanently');
      else ctx.logger.warn({ feed_id: feed.id, moved_to: fetched.movedPermanentlyTo }, 'Feed moved to a URL already subscribed');
    }
    if (ctx.websub && parsed.hubUrl) {
      await ctx.websub.ensureSubscribed(feed, parsed.hubUrl, parsed.selfUrl ?? fetched.movedPermanentlyTo ?? feed.url);
    }
    finish({});
    ctx.logger.debug(
      { feed_id: feed.id, items: items.length, inserted: stored.inserted, matched: stored.matched, duration_ms: outcome.durationMs },
      'Feed polled',
    );
    return outcome;
  } catch (error) {
    return fail({ message: error instanceof Error ? error.message : String(error), status: null, retryAfterSeconds: null, network: false });
  }
}

/**
 * Writes a failed poll on the feed row and releases its lease. A failure blamed on our own
 * outage (`verdict.outage`) leaves the feed's counters and health alone and retries it soon;
 * any other failure counts: backoff, failing-since, and feed-health alerts once it has lasted.
 * Returns the outbox rows enqueued.
 */
export async function recordFailure(ctx: IngestContext, failure: FeedFailure, verdict: OutageVerdict | null): Promise<number> {
  const { feed } = failure;
  // Messages may quote the feed (JSON.parse does): a NUL in one would fail this very write.
  const message = storableText(failure.message);
  const policy = ctx.policy ?? defaultPollPolicy;
  if (verdict?.outage) {
    await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
      last_error: `${message} (not counted: ${verdict.failed} of the last ${verdict.total} fetches failed, on ${verdict.hosts} hosts — our own network looks down)`,
      last_status: failure.status,
      last_fetched_at: new Date(),
      next_poll_at: after(intervalDuringOutage(policy)),
    });
    ctx.logger.warn(
      { feed_id: feed.id, error: failure.message, failed: verdict.failed, total: verdict.total },
      'Feed poll failed during a suspected outage of our own',
    );
    return 0;
  }
  const failures = feed.consecutive_failures + 1;
  const failingSince = feed.failing_since ?? new Date();
  await releaseFeedLease(ctx.db, feed.id, ctx.owner, {
    last_error: message,
    last_status: failure.status,
    last_fetched_at: new Date(),
    consecutive_failures: failures,
    failing_since: failingSince,
    next_poll_at: after(intervalAfterFailure(failures, failure.retryAfterSeconds, policy, Math.random, feed.poll_interval_s)),
  });
  ctx.logger.warn({ feed_id: feed.id, error: failure.message, failures }, 'Feed poll failed');
  return enqueueFeedHealthAlerts(ctx.db, feed, failingSince, message);
}

function isPushed(feed: Feed): boolean {
  return feed.websub_state === 'active' && feed.websub_lease_until !== null && feed.websub_lease_until.getTime() > Date.now();
}
