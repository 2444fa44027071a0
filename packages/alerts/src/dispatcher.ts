import {
  claimDueDeliveries,
  combineDeliveries,
  dropHeldDeliveries,
  findChannelById,
  findRuleById,
  finishDeliveryAttempt,
  nextDeliveryDueAt,
  postponeDelivery,
  recentChannelSends,
  type AlertPayload,
  type AlertStory,
  type Channel,
  type Database,
  type Delivery,
  type Kysely,
} from '@newswatch/db';
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from 'pino';
import type { DeliveryOutcome, DeliveryRequest } from './channels/channel-sender';
import { retryDelayAfter } from './retry-policy';

export interface DispatcherOptions {
  db: Kysely<Database>;
  owner: string;
  logger: Logger;
  sendDelivery: (request: DeliveryRequest) => Promise<DeliveryOutcome>;
  batchSize?: number;
  /** A delivery claimed but not finished within this many seconds is claimed again. */
  leaseSeconds?: number;
  /** Multiplies retry waits (1 in production). */
  retryScale?: number;
  tick?: string;
  /** Runs before each dispatch pass (the digest scheduler enqueues due windows here). */
  beforeRun?: () => Promise<void>;
  onFinished?: (delivery: Delivery, outcome: DeliveryOutcome) => void;
}

/** A channel's rate-limit window: alerts past its limit within a minute are combined. */
const RATE_WINDOW_S = 60;
/** A retry due within this long gets its own timer instead of waiting for the next tick. */
const TIMER_HORIZON_MS = 60_000;

/**
 * Sends what the outbox holds. Any number of dispatchers may run: each claims deliveries with
 * SKIP LOCKED and a lease, sends with the delivery's idempotency key (the webhook-id receivers
 * dedupe on), and records every attempt. A crash mid-send leaves a lease that expires, and the
 * delivery is sent again with the same key: at-least-once on the wire, once for the receiver.
 *
 * Per delivery, before sending: a muted rule holds it until the mute ends (then its mute
 * policy sends or drops it); a channel over its per-minute rate limit gets the surplus of a
 * storm as one combined message instead of many.
 */
export class Dispatcher {
  readonly #o: Required<Omit<DispatcherOptions, 'onFinished' | 'beforeRun'>> & Pick<DispatcherOptions, 'onFinished' | 'beforeRun'>;
  #task: ScheduledTask | undefined;
  #running: Promise<number> | undefined;
  #wakeAgain = false;
  #timer: NodeJS.Timeout | undefined;
  #stopped = false;

  constructor(options: DispatcherOptions) {
    this.#o = { batchSize: 20, leaseSeconds: 60, retryScale: 1, tick: '* * * * * *', ...options };
  }

  /** Sends everything due now (after `stop`: no more than the batch under way); returns how many deliveries were handled. */
  async runOnce(): Promise<number> {
    await this.#o.beforeRun?.();
    let handled = 0;
    for (;;) {
      // A storm's outbox can take minutes to drain; a stopping process leaves the rest to the
      // next dispatcher (they are durable rows, unclaimed).
      if (this.#stopped) break;
      const batch = await claimDueDeliveries(this.#o.db, this.#o.owner, this.#o.batchSize, this.#o.leaseSeconds);
      if (batch.length === 0) break;
      const byChannel = new Map<number, Delivery[]>();
      for (const d of batch) byChannel.set(d.channel_id, [...(byChannel.get(d.channel_id) ?? []), d]);
      await Promise.all([...byChannel].map(([channelId, deliveries]) => this.#deliverForChannel(channelId, deliveries)));
      handled += batch.length;
    }
    await this.#armTimer();
    return handled;
  }

  async #deliverForChannel(channelId: number, deliveries: Delivery[]): Promise<void> {
    const channel = await findChannelById(this.#o.db, channelId);
    const sendable: Delivery[] = [];
    for (const delivery of deliveries) if (await this.#admit(delivery)) sendable.push(delivery);
    if (!channel) {
      for (const d of sendable)
        await this.#record([d], { ok: false, statusCode: null, error: 'channel deleted', permanent: true, durationMs: 0, retryAfterSeconds: null });
      return;
    }
    const limit = channel.rate_limit_per_minute;
    if (!limit) {
      await Promise.all(sendable.map((d) => this.#send(channel, d)));
      return;
    }
    const recent = await recentChannelSends(this.#o.db, channel.id, RATE_WINDOW_S);
    const allowance = limit - recent.count;
    if (allowance <= 0) {
      const until = new Date((recent.oldest?.getTime() ?? Date.now()) + RATE_WINDOW_S * 1000);
      for (const d of sendable) await postponeDelivery(this.#o.db, d.id, this.#o.owner, until);
      return;
    }
    if (sendable.length <= allowance) {
      for (const d of sendable) await this.#send(channel, d);
      return;
    }
    // A storm: the allowance minus one go out alone, every other story as one combined message.
    const stories = sendable.filter(isCombinable);
    const alone = [...sendable.filter((d) => !isCombinable(d)), ...stories.slice(0, Math.max(0, allowance - 1))];
    const members = stories.slice(Math.max(0, allowance - 1));
    for (const d of alone) await this.#send(channel, d);
    if (members.length === 1) await this.#send(channel, members[0]!);
    if (members.length > 1) {
      // The combined message is an outbox row of its own: a retry or a crash re-sends it under
      // the same key, so receivers can drop the duplicate; the members point at it.
      const message = await combineDeliveries(
        this.#o.db,
        this.#o.owner,
        channel.id,
        members.map((d) => d.id),
        combine(members),
        this.#o.leaseSeconds,
      );
      if (message) await this.#send(channel, message);
    }
  }

  /** Applies the rule's mute: false when the delivery was held or dropped instead of sent. */
  async #admit(delivery: Delivery): Promise<boolean> {
    if (delivery.rule_id === null) return true;
    const rule = await findRuleById(this.#o.db, delivery.rule_id);
    if (!rule?.muted_until) return true;
    if (rule.muted_until > new Date()) {
      await postponeDelivery(this.#o.db, delivery.id, this.#o.owner, rule.muted_until);
      return false;
    }
    if (rule.mute_policy === 'drop' && delivery.created_at < rule.muted_until) {
      await dropHeldDeliveries(this.#o.db, rule.id, rule.muted_until);
      return false;
    }
    return true;
  }

  /** Sends one delivery under its idempotency key and records the outcome. */
  async #send(channel: Channel, delivery: Delivery): Promise<void> {
    const outcome = await this.#o.sendDelivery({
      channel: { id: channel.id, kind: channel.kind, name: channel.name, config: channel.config, secret: channel.secret },
      payload: delivery.payload as AlertPayload,
      idempotencyKey: delivery.idempotency_key,
    });
    await this.#record([delivery], outcome);
  }

  async #record(deliveries: Delivery[], outcome: DeliveryOutcome): Promise<void> {
    const { db, owner, logger } = this.#o;
    for (const delivery of deliveries) {
      const attempts = delivery.attempts + 1;
      const delayMs = outcome.ok ? null : retryDelayAfter(attempts, outcome);
      const status = outcome.ok ? 'sent' : delayMs === null ? 'dead' : 'failed';
      const waitMs = delayMs === null ? null : Math.round(delayMs * this.#o.retryScale);
      await finishDeliveryAttempt(
        db,
        delivery.id,
        owner,
        { statusCode: outcome.statusCode, error: outcome.error, durationMs: Math.round(outcome.durationMs) },
        { status, ...(waitMs !== null ? { nextAttemptAt: new Date(Date.now() + waitMs) } : {}) },
      );
      const fields = {
        delivery_id: delivery.id,
        channel_id: delivery.channel_id,
        attempts,
        status,
        status_code: outcome.statusCode,
        duration_ms: Math.round(outcome.durationMs),
        combined: deliveries.length,
      };
      if (outcome.ok) logger.info(fields, 'Delivery sent');
      else logger.warn({ ...fields, error: outcome.error }, 'Delivery attempt failed');
      this.#o.onFinished?.(delivery, outcome);
    }
  }

  /** Wakes up for the next retry due soon, so short waits are not rounded up to the tick. */
  async #armTimer(): Promise<void> {
    if (this.#stopped) return;
    const due = await nextDeliveryDueAt(this.#o.db);
    clearTimeout(this.#timer);
    if (!due) return;
    const wait = due.getTime() - Date.now();
    if (wait > 0 && wait < TIMER_HORIZON_MS) this.#timer = setTimeout(() => this.wake(), wait + 5).unref();
  }

  start(): void {
    this.#task = cron.schedule(this.#o.tick, () => this.wake(), { name: 'dispatch-tick', noOverlap: true });
    this.wake();
  }

  /** Runs now, or right after the run in progress (the ingester just enqueued something). */
  wake(): void {
    if (this.#stopped && !this.#task) return;
    if (this.#running) {
      this.#wakeAgain = true;
      return;
    }
    this.#running = this.runOnce()
      .catch((error: unknown) => {
        this.#o.logger.error({ err: error }, 'Dispatch run crashed');
        return 0;
      })
      .finally(() => {
        this.#running = undefined;
        if (this.#wakeAgain) {
          this.#wakeAgain = false;
          this.wake();
        }
      });
  }

  /** Stops the tick, and the run in progress after its batch under way. */
  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#timer);
    await this.#task?.stop();
    this.#task = undefined;
    this.#wakeAgain = false;
    await this.#running;
  }
}

/** Story alerts and scheduled digests may be combined in a storm; a combined message is sent as it is. */
function isCombinable(delivery: Delivery): boolean {
  const payload = delivery.payload as AlertPayload;
  return payload.type === 'story.matched' || (payload.type === 'digest' && payload.reason !== 'rate-limit');
}

/** Several alerts for one channel as one digest-shaped message (the storm case). */
function combine(deliveries: Delivery[]): AlertPayload {
  const payloads = deliveries.map((d) => d.payload as AlertPayload);
  const stories: AlertStory[] = payloads.flatMap((p) => (p.type === 'story.matched' ? [p.story] : p.type === 'digest' ? p.stories : []));
  const times = deliveries.map((d) => new Date(d.created_at).getTime());
  return {
    type: 'digest',
    reason: 'rate-limit',
    ruleId: deliveries[0]!.rule_id ?? 0,
    windowStart: new Date(Math.min(...times)).toISOString(),
    windowEnd: new Date(Math.max(...times)).toISOString(),
    stories,
  };
}
