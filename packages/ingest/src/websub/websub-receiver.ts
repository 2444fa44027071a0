import { findFeedById, updateFeed, type AlertComposer, type Database, type Kysely } from '@newswatch/db';
import type { Logger } from 'pino';
import { termStatsBufferOf } from '../cluster/term-stats-buffer';
import { reportItemsLeftOut } from '../pipeline/items-left-out';
import { storeItems, type StoreResult } from '../pipeline/store-items';
import type { WatchMatcher } from '../pipeline/watch-matcher';
import { inThreadFeedReader, type FeedReader } from '../reader/feed-reader';
import { verifyHubSignature } from './signature';

export interface WebSubReceiverOptions {
  db: Kysely<Database>;
  matcher: WatchMatcher;
  /** Composes the alerts enqueued with pushed stories. */
  alerts: AlertComposer;
  logger: Logger;
  /** Called after a push stored something (wake the alert dispatcher). */
  onStored?: (feedId: number, result: StoreResult) => void;
  /** Where pushed documents are read; by default on the calling thread (the runtime passes its `FeedReaderPool`). */
  reader?: FeedReader;
}

/** An HTTP answer for the callback route to send as is. */
export interface WebSubAnswer {
  status: 200 | 202 | 204 | 404 | 410;
  body: string;
}

const DEFAULT_LEASE_S = 7 * 86_400;

/**
 * The subscriber's side of a hub's calls to `/websub/<feed id>`:
 * - `verify`: the hub's GET checking that we asked for this subscription. We echo
 *   `hub.challenge` only for the topic we requested on that feed; anything else is a 404.
 * - `receive`: the hub's POST of new content. The body must carry our per-feed HMAC in
 *   `X-Hub-Signature`; a bad or missing signature is acknowledged (2xx, as WebSub requires)
 *   and ignored. A good one is ingested exactly like a poll (`readFeed`, then storeItems:
 *   cluster, match, outbox), so pushed and polled copies are one story.
 */
export class WebSubReceiver {
  readonly #options: WebSubReceiverOptions;

  constructor(options: WebSubReceiverOptions) {
    this.#options = options;
    termStatsBufferOf(options.db).reportFailuresTo(options.logger);
  }

  async verify(feedId: number, params: Record<string, string | undefined>): Promise<WebSubAnswer> {
    const { db, logger } = this.#options;
    const feed = await findFeedById(db, feedId);
    const mode = params['hub.mode'];
    const topic = params['hub.topic'];
    if (!feed?.websub_topic || topic !== feed.websub_topic) return { status: 404, body: 'unknown subscription' };
    if (mode === 'denied') {
      await updateFeed(db, feedId, {
        websub_state: 'denied',
        websub_error: `hub denied the subscription${params['hub.reason'] ? `: ${params['hub.reason']}` : ''}`,
        websub_lease_until: new Date(Date.now() + 86_400_000),
      });
      logger.warn({ feed_id: feedId, reason: params['hub.reason'] }, 'WebSub subscription denied');
      return { status: 200, body: '' };
    }
    const challenge = params['hub.challenge'];
    const wanted = feed.websub_state === 'pending' || feed.websub_state === 'active';
    if (mode !== 'subscribe' || !challenge || !wanted || !feed.enabled) return { status: 404, body: 'unknown subscription' };
    const leaseS = Number(params['hub.lease_seconds']);
    await updateFeed(db, feedId, {
      websub_state: 'active',
      websub_error: null,
      websub_lease_until: new Date(Date.now() + (Number.isFinite(leaseS) && leaseS > 0 ? leaseS : DEFAULT_LEASE_S) * 1000),
    });
    logger.info({ feed_id: feedId, lease_seconds: leaseS || null }, 'WebSub subscription verified');
    return { status: 200, body: challenge };
  }

  async receive(feedId: number, signature: string | null, contentType: string | null, body: Uint8Array): Promise<WebSubAnswer> {
    const { db, logger, matcher, alerts } = this.#options;
    const feed = await findFeedById(db, feedId);
    // 410 tells the hub to drop a subscription we no longer want.
    if (!feed?.websub_secret) return { status: 410, body: 'no subscription' };
    if (!verifyHubSignature(signature, feed.websub_secret, body)) {
      logger.warn({ feed_id: feedId, signed: signature !== null }, 'WebSub push ignored: bad signature');
      return { status: 202, body: '' };
    }
    if (!feed.enabled) return { status: 202, body: '' };
    try {
      const reading = await (this.#options.reader ?? inThreadFeedReader).read({ body: Buffer.from(body), contentType, url: feed.url });
      reportItemsLeftOut(logger, feedId, reading);
      const result = await storeItems(db, feed, reading.items, matcher, alerts);
      logger.info({ feed_id: feedId, items: reading.items.length, inserted: result.inserted, matched: result.matched }, 'WebSub push stored');
      if (result.inserted + result.updated > 0) this.#options.onStored?.(feedId, result);
    } catch (error) {
      // Acknowledged anyway: the hub cannot fix our parse failure by retrying; the next poll will.
      logger.warn({ feed_id: feedId, err: error }, 'WebSub push could not be read');
    }
    return { status: 204, body: '' };
  }
}
