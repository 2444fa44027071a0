import { moveFeedUrl, releaseFeedLease, returnFeedLeases, type AlertComposer, type Database, type Feed, type FeedUpdate, type Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import { fetchFeed } from '../fetch/fetch-feed';
import type { FetchOptions, FetchResult } from '../fetch/fetch-result';
import { limiterHost, type HostLimiter } from '../fetch/host-limiter';
import type { OutageDetector } from '../schedule/outage-detector';
import { defaultPollPolicy, intervalAfterSuccess, publishingStats, type PollPolicy, type SuccessSignals } from '../schedule/poll-policy';
import type { WebSubSubscriber } from '../websub/websub-subscriber';
import { directFeedStore, type FeedStore } from './feed-store';
import { healthyPollFields } from './healthy-poll';
import { inThreadFeedReader, type FeedReader } from '../reader/feed-reader';
import type { FeedReading } from './read-feed';
import { recordFailuresAtOnce, type FailureRecorder, type FeedFailure } from './record-failure';
import type { WatchMatcher } from './watch-matcher';
import { reportItemsLeftOut } from './items-left-out';

export interface IngestContext {
  db: Kysely<Database>;
  /** This worker's lease identity. */
  owner: string;
  matcher: WatchMatcher;
  logger: Logger;
  /** Composes the alerts enqueued with stored stories and failed polls (see `AlertComposer`). */
  alerts: AlertComposer;
  fetchOptions: Omit<FetchOptions, 'etag' | 'lastModified'>;
  policy?: PollPolicy;
  /** Per-host concurrency and spacing: many feeds on one host are not fetched at once. */
  hostLimiter?: HostLimiter;
  /** Tells our own network outage from broken feeds (see `OutageDetector`). */
  outage?: OutageDetector;
  /** Subscribes to the WebSub hubs feeds advertise (only when PUBLIC_URL is set). */
  websub?: WebSubSubscriber;
  /** Where fetched documents are read; by default on the polling thread (a process polling many feeds passes a `FeedReaderPool`). */
  reader?: FeedReader;
}

export interface RefreshOutcome {
  feedId: number;
  /**
   * `deferred`: not fetched, its host asked us to wait (429/503 on another of its feeds), or
   * the worker stopped during the fetch (its lease given back, no failure counted).
   */
  status: 'ok' | 'not-modified' | 'error' | 'deferred';
  error: string | null;
  inserted: number;
  matched: number;
  deliveriesEnqueued: number;
  durationMs: number;
}

/** Where a poll's outcome is written; each defaults to writing it on its own, at once. */
export interface RefreshPorts {
  /** Items and 304 lease ends (a poll cycle batches them: `batchedFeedStore`). */
  store?: FeedStore;
  /** Failed polls (a poll cycle holds network failures for judgement: `HeldFailures`). */
  failures?: FailureRecorder;
  /** Aborts the fetch when the worker stops: the feed's lease is given back, due, with no failure counted. */
  stopping?: AbortSignal;
}

const after = (seconds: number) => new Date(Date.now() + seconds * 1000);

/**
 * Polls one leased feed — fetch → read (decode, parse, normalize) → store (cluster, match,
 * outbox) — and records the outcome and the next poll on the feed row, releasing the lease.
 * Never throws: a failing feed is recorded on its row and the other feeds go on.
 */
export async function refreshFeed(ctx: IngestContext, feed: Feed, ports: RefreshPorts = {}): Promise<RefreshOutcome> {
  const started = Date.now();
  const store = ports.store ?? directFeedStore(ctx);
  const failures = ports.failures ?? recordFailuresAtOnce(ctx);
  const outcome: RefreshOutcome = { feedId: feed.id, status: 'ok', error: null, inserted: 0, matched: 0, deliveriesEnqueued: 0, durationMs: 0 };
  const finish = (fields: Partial<RefreshOutcome>) => Object.assign(outcome, fields, { durationMs: Date.now() - started });
  const fail = async ({ message, status, retryAfterSeconds, network }: Omit<FeedFailure, 'feed'>) => {
    const deliveriesEnqueued = await failures.record({ feed, message, status, retryAfterSeconds, network });
    return finish({ status: 'error', error: message, deliveriesEnqueued });
  };

  try {
    const fetched = await fetchInTurn(ctx, feed, ports.stopping);
    if (fetched.kind === 'error' && ports.stopping?.aborted) {
      // Not the feed's failure: it stays due, for the next worker to poll at once.
      await returnFeedLeases(ctx.db, ctx.owner, [feed.id]);
      return finish({ status: 'deferred' });
    }
    if (fetched.kind === 'paused') {
      // The host asked for a pause on another feed: wait it out without counting a failure.
      await releaseFeedLease(ctx.db, feed.id, ctx.owner, { next_poll_at: new Date(fetched.until + Math.random() * 5_000) });
      return finish({ status: 'deferred' });
    }
    if (fetched.kind === 'error') return await fail(fetched);
    if (fetched.kind === 'not-modified') {
      await store.releaseNotModified(feed.id, after(nextInterval(ctx, feed, fetched.maxAgeSeconds, rememberedPace(feed))));
      await ctx.websub?.renewIfDue(feed);
      return finish({ status: 'not-modified' });
    }

    const read = await (ctx.reader ?? inThreadFeedReader).read(fetched);
    reportItemsLeftOut(ctx.logger, feed.id, read);
    const stored = await store.store({ feed, items: read.items, release: { owner: ctx.owner, update: successUpdate(ctx, feed, fetched, read) } });
    Object.assign(outcome, stored);

    if (fetched.movedPermanentlyTo && fetched.movedPermanentlyTo !== feed.url) {
      const moved = await moveFeedUrl(ctx.db, feed.id, fetched.movedPermanentlyTo);
      if (moved) ctx.logger.info({ feed_id: feed.id, from: feed.url, to: fetched.movedPermanentlyTo }, 'Feed moved permanently');
      else ctx.logger.warn({ feed_id: feed.id, moved_to: fetched.movedPermanentlyTo }, 'Feed moved to a URL already subscribed');
    }
    if (ctx.websub && read.hubUrl) {
      await ctx.websub.ensureSubscribed(feed, read.hubUrl, read.selfUrl ?? fetched.movedPermanentlyTo ?? feed.url);
    }
    finish({});
    ctx.logger.debug(
      { feed_id: feed.id, items: read.items.length, inserted: stored.inserted, matched: stored.matched, duration_ms: outcome.durationMs },
      'Feed polled',
    );
    return outcome;
  } catch (error) {
    return fail({ message: error instanceof Error ? error.message : String(error), status: null, retryAfterSeconds: null, network: false });
  }
}

/**
 * Fetches the feed when its host's turn comes, unless the host asked for a pause (checked
 * again once the turn comes: a 429 may have arrived while this feed waited in line). Reports
 * the fetch to the outage detector; a 429 (or 503 with Retry-After) pauses the whole host.
 */
async function fetchInTurn(ctx: IngestContext, feed: Feed, stopping?: AbortSignal): Promise<FetchResult | { kind: 'paused'; until: number }> {
  const host = limiterHost(feed.url);
  const fetchNow = async (): Promise<FetchResult | { kind: 'paused'; until: number }> => {
    const pausedUntil = ctx.hostLimiter?.pausedUntil(host) ?? null;
    if (pausedUntil !== null) return { kind: 'paused', until: pausedUntil };
    return fetchFeed(feed.url, { ...ctx.fetchOptions, etag: feed.etag, lastModified: feed.last_modified, signal: stopping });
  };
  const pausedNow = ctx.hostLimiter?.pausedUntil(host) ?? null;
  if (pausedNow !== null) return { kind: 'paused', until: pausedNow };
  const fetched = ctx.hostLimiter ? await ctx.hostLimiter.run(host, fetchNow) : await fetchNow();
  if (fetched.kind === 'paused' || stopping?.aborted) return fetched;
  ctx.outage?.record(host, fetched.kind === 'error' && fetched.network);
  if (fetched.kind === 'error' && (fetched.status === 429 || (fetched.status === 503 && fetched.retryAfterSeconds !== null))) {
    // Rate limiting speaks for the whole host: hold its other feeds back too.
    const policy = ctx.policy ?? defaultPollPolicy;
    const waitS = Math.min(fetched.retryAfterSeconds ?? policy.minIntervalS, policy.maxBackoffS);
    ctx.hostLimiter?.pause(host, Date.now() + waitS * 1000);
  }
  return fetched;
}

/** What a 200 writes on the feed row: healthy, its validators, what the feed said of itself, the next poll. */
function successUpdate(ctx: IngestContext, feed: Feed, fetched: Extract<FetchResult, { kind: 'ok' }>, read: FeedReading): FeedUpdate {
  const stats = publishingStats(read.itemDates);
  return {
    ...healthyPollFields(fetched.status),
    etag: fetched.etag,
    last_modified: fetched.lastModified,
    title: feed.title ?? read.title,
    site_url: feed.site_url ?? read.link,
    ttl_s: read.ttlSeconds,
    item_gap_s: stats.itemGapS,
    newest_item_at: stats.newestItemAt,
    next_poll_at: after(nextInterval(ctx, feed, fetched.maxAgeSeconds, { ...stats, ttlSeconds: read.ttlSeconds })),
  };
}

/** What the feed row remembers of the last 200's pace, for a 304's next poll. */
const rememberedPace = (feed: Feed): Pace => ({ itemGapS: feed.item_gap_s, newestItemAt: feed.newest_item_at, ttlSeconds: feed.ttl_s });

type Pace = Pick<SuccessSignals, 'itemGapS' | 'newestItemAt' | 'ttlSeconds'>;

/** Seconds until the next poll after an answer (see `intervalAfterSuccess`). */
function nextInterval(ctx: IngestContext, feed: Feed, maxAgeSeconds: number | null, pace: Pace): number {
  const signals = { fixedIntervalS: feed.poll_interval_s, ...pace, maxAgeSeconds, pushed: isPushed(feed) };
  return intervalAfterSuccess(signals, ctx.policy ?? defaultPollPolicy);
}

function isPushed(feed: Feed): boolean {
  return feed.websub_state === 'active' && feed.websub_lease_until !== null && feed.websub_lease_until.getTime() > Date.now();
}
