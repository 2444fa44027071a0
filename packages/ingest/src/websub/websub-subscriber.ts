import { findFeedById, updateFeed, type Database, type Feed, type Kysely } from '@newswatch/db';
import { randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { postForm } from '../fetch/post-form';

export interface WebSubSubscriberOptions {
  db: Kysely<Database>;
  /** PUBLIC_URL: hubs call back at `<publicUrl>/websub/<feed id>`. */
  publicUrl: string;
  /** ALLOW_PRIVATE_FEEDS: hub URLs come from feed documents and get the same SSRF guard. */
  allowPrivate: boolean;
  logger: Logger;
  /** Lease we ask hubs for; they may grant another. */
  leaseSeconds?: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** A live subscription is renewed once less than this is left (polls come at least hourly). */
export const WEBSUB_RENEW_BEFORE_MS = DAY_MS;
/** How long a subscribe request waits for the hub's verification before it is asked again. */
const PENDING_MS = HOUR_MS;
/** After a refusal or a failed request, the hub is asked again this much later. */
const RETRY_MS = DAY_MS;

/** The callback URL a hub calls for this feed. */
export function webSubCallbackUrl(publicUrl: string, feedId: number): string {
  return `${publicUrl.replace(/\/+$/, '')}/websub/${feedId}`;
}

/**
 * Subscribes to the WebSub hubs feeds advertise (`<link rel="hub">`) and renews before the
 * lease runs out. Runs in the ingest worker after a poll; the feed row records the state:
 * `pending` (asked, waiting for the hub's verification), `active` (verified; lease in
 * `websub_lease_until`), `denied` or `failed` (asked again a day later). For every state but
 * `active`, `websub_lease_until` is when to ask again. Polling goes on as a safety net.
 */
export class WebSubSubscriber {
  readonly #options: WebSubSubscriberOptions;

  constructor(options: WebSubSubscriberOptions) {
    this.#options = options;
  }

  /** After a poll found `hubUrl`: subscribes unless a live (or pending) subscription exists. */
  async ensureSubscribed(feed: Feed, hubUrl: string, topicUrl: string): Promise<void> {
    const current = await findFeedById(this.#options.db, feed.id);
    if (!current?.enabled) return;
    const same = current.websub_hub === hubUrl && current.websub_topic === topicUrl;
    if (same && !isDue(current)) return;
    await this.subscribe(current, hubUrl, topicUrl);
  }

  /** After an unchanged poll: renews a subscription that is close to its end, or retries one. */
  async renewIfDue(feed: Feed): Promise<void> {
    if (!feed.websub_hub || !feed.websub_topic || !feed.enabled || !isDue(feed)) return;
    await this.subscribe(feed, feed.websub_hub, feed.websub_topic);
  }

  /** Asks `hubUrl` to push `topicUrl` to us. Never throws: a failure is recorded on the feed. */
  async subscribe(feed: Feed, hubUrl: string, topicUrl: string): Promise<void> {
    const { db, logger } = this.#options;
    const secret = feed.websub_hub === hubUrl && feed.websub_secret ? feed.websub_secret : randomBytes(24).toString('hex');
    // Recorded before asking: a hub may verify the intent before it even answers the request.
    await updateFeed(db, feed.id, {
      websub_hub: hubUrl,
      websub_topic: topicUrl,
      websub_secret: secret,
      websub_state: 'pending',
      websub_error: null,
      websub_lease_until: new Date(Date.now() + PENDING_MS),
    });
    const answer = await postForm(
      hubUrl,
      {
        'hub.mode': 'subscribe',
        'hub.topic': topicUrl,
        'hub.callback': webSubCallbackUrl(this.#options.publicUrl, feed.id),
        'hub.secret': secret,
        'hub.lease_seconds': String(this.#options.leaseSeconds ?? 7 * 86_400),
      },
      { allowPrivate: this.#options.allowPrivate },
    );
    if (answer.ok) {
      logger.info({ feed_id: feed.id, hub: hubUrl, status: answer.status }, 'WebSub subscription requested');
      return;
    }
    await updateFeed(db, feed.id, {
      websub_state: 'failed',
      websub_error: `hub refused the subscription: ${answer.message}`,
      websub_lease_until: new Date(Date.now() + RETRY_MS),
    });
    logger.warn({ feed_id: feed.id, hub: hubUrl, error: answer.message }, 'WebSub subscription failed');
  }
}

function isDue(feed: Feed, now = Date.now()): boolean {
  const until = feed.websub_lease_until?.getTime() ?? 0;
  if (feed.websub_state === 'active') return until - now < WEBSUB_RENEW_BEFORE_MS;
  if (feed.websub_state === null) return true;
  return now >= until;
}
