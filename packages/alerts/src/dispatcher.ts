import {
  claimDueDeliveries,
  findChannelById,
  findRuleById,
  finishDeliveryAttempt,
  postponeDelivery,
  type AlertPayload,
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
  tick?: string;
  onFinished?: (delivery: Delivery, outcome: DeliveryOutcome) => void;
}

/**
 * Sends what the outbox holds. Any number of dispatchers may run: each claims deliveries with
 * SKIP LOCKED and a lease, sends with the delivery's idempotency key (the webhook-id receivers
 * dedupe on), and records every attempt. A crash mid-send leaves a lease that expires, and the
 * delivery is sent again with the same key: at-least-once on the wire, once for the receiver.
 */
export class Dispatcher {
  readonly #o: Required<Omit<DispatcherOptions, 'onFinished'>> & Pick<DispatcherOptions, 'onFinished'>;
  #task: ScheduledTask | undefined;
  #running: Promise<number> | undefined;
  #wakeAgain = false;

  constructor(options: DispatcherOptions) {
    this.#o = { batchSize: 20, leaseSeconds: 60, tick: '* * * * * *', ...options };
  }

  /** Sends everything due now; returns how many deliveries were handled. */
  async runOnce(): Promise<number> {
    let handled = 0;
    for (;;) {
      const batch = await claimDueDeliveries(this.#o.db, this.#o.owner, this.#o.batchSize, this.#o.leaseSeconds);
      if (batch.length === 0) return handled;
      await Promise.all(batch.map((delivery) => this.#deliver(delivery)));
      handled += batch.length;
    }
  }

  async #deliver(delivery: Delivery): Promise<void> {
    const { db, owner, logger } = this.#o;
    const channel = await findChannelById(db, delivery.channel_id);
    const rule = delivery.rule_id === null ? undefined : await findRuleById(db, delivery.rule_id);
    if (rule?.muted_until && rule.muted_until > new Date()) {
      await postponeDelivery(db, delivery.id, owner, rule.muted_until);
      return;
    }
    const outcome: DeliveryOutcome = channel
      ? await this.#o.sendDelivery({
          channel: { id: channel.id, kind: channel.kind, name: channel.name, config: channel.config, secret: channel.secret },
          payload: delivery.payload as AlertPayload,
          idempotencyKey: delivery.idempotency_key,
        })
      : { ok: false, statusCode: null, error: 'channel deleted', permanent: true, durationMs: 0, retryAfterSeconds: null };
    const attempts = delivery.attempts + 1;
    const delayMs = outcome.ok ? null : retryDelayAfter(attempts, outcome);
    const status = outcome.ok ? 'sent' : delayMs === null ? 'dead' : 'failed';
    await finishDeliveryAttempt(
      db,
      delivery.id,
      owner,
      { statusCode: outcome.statusCode, error: outcome.error, durationMs: Math.round(outcome.durationMs) },
      { status, ...(delayMs !== null ? { nextAttemptAt: new Date(Date.now() + delayMs) } : {}) },
    );
    const fields = { delivery_id: delivery.id, channel_id: delivery.channel_id, attempts, status, status_code: outcome.statusCode, duration_ms: Math.round(outcome.durationMs) };
    if (outcome.ok) logger.info(fields, 'Delivery sent');
    else logger.warn({ ...fields, error: outcome.error }, 'Delivery attempt failed');
    this.#o.onFinished?.(delivery, outcome);
  }

  start(): void {
    this.#task = cron.schedule(this.#o.tick, () => this.wake(), { name: 'dispatch-tick', noOverlap: true });
    this.wake();
  }

  /** Runs now, or right after the run in progress (the ingester just enqueued something). */
  wake(): void {
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

  async stop(): Promise<void> {
    await this.#task?.stop();
    this.#task = undefined;
    this.#wakeAgain = false;
    await this.#running;
  }
}
